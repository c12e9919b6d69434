/**
 * Per-test servers that clean up after themselves: a hookscope and the developer's app it forwards to.
 * Call `useServers()` at the top of a test file; everything started through it stops after each test.
 */
import { afterEach } from 'vitest';
import { startTestHookscope, type TestHookscope } from './hookscope.js';
import { startTestApp, type AppHandler, type TestApp } from './test-tunnel.js';

export function useServers() {
  let cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(cleanups.map((c) => c()));
    cleanups = [];
  });
  return {
    /** Run `cleanup` after the current test (sockets, extra servers). */
    onCleanup(cleanup: () => Promise<void>): void {
      cleanups.push(cleanup);
    },
    async hookscope(options: Parameters<typeof startTestHookscope>[0] = {}): Promise<TestHookscope> {
      const app = await startTestHookscope(options);
      cleanups.push(() => app.dispose());
      return app;
    },
    async app(handler?: AppHandler): Promise<TestApp> {
      const a = await startTestApp(handler);
      cleanups.push(() => a.close());
      return a;
    },
  };
}
