import { Component, h, type FunctionComponent } from 'preact';

function shallowEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const k in a) if (a[k] !== b[k]) return false;
  for (const k in b) if (!(k in a)) return false;
  return true;
}

/**
 * Skips re-rendering `C` while its props are shallow-equal (preact/compat's memo without pulling in
 * compat). Used for the panes a live list update must not re-render at 1k requests/s.
 */
export function memo<P extends object>(C: FunctionComponent<P>): FunctionComponent<P> {
  class Memo extends Component<P> {
    override shouldComponentUpdate(next: P): boolean {
      return !shallowEqual(this.props as Record<string, unknown>, next as Record<string, unknown>);
    }
    override render(props: P) {
      return h(C, props);
    }
  }
  return Memo as unknown as FunctionComponent<P>;
}
