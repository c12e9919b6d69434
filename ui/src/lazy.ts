import { h, type ComponentChildren, type FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export type LazyComponent<P> = FunctionComponent<P> & { preload(): Promise<FunctionComponent<P>> };

/**
 * A component whose code is loaded on first use (a separate chunk), so the first list paint only pays
 * for the list. `preload()` fetches it ahead of time (after the first rows are on screen).
 */
export function lazy<P extends object>(load: () => Promise<FunctionComponent<P>>, fallback: (props: P) => ComponentChildren = () => null): LazyComponent<P> {
  let loaded: FunctionComponent<P> | null = null;
  let pending: Promise<FunctionComponent<P>> | null = null;
  const preload = () =>
    (pending ??= load().then(
      (c) => (loaded = c),
      (error: unknown) => {
        pending = null; // a failed chunk load can be retried
        throw error;
      },
    ));
  function Lazy(props: P) {
    const [component, setComponent] = useState<FunctionComponent<P> | null>(() => loaded);
    useEffect(() => {
      if (component) return;
      let alive = true;
      preload().then(
        (c) => alive && setComponent(() => c),
        () => {},
      );
      return () => {
        alive = false;
      };
    }, []);
    return component ? h(component, props) : fallback(props);
  }
  return Object.assign(Lazy as FunctionComponent<P>, { preload });
}
