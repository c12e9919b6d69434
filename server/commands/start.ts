import type { CliIo } from '../cli.js';
import { isLoopbackAddress, type HookscopeConfig } from '../config.js';
import { startHookscope } from '../app.js';

/** Run the inspector until SIGINT/SIGTERM; pending writes are committed before exit. */
export async function runStart(config: HookscopeConfig, io: CliIo): Promise<number> {
  let app;
  try {
    app = await startHookscope({
      port: config.port,
      host: config.host,
      uiPort: config.uiPort,
      uiHost: config.uiHost,
      db: config.db,
      maxBody: config.maxBody,
      maxDbSize: config.maxDbSize,
      keep: config.keep,
      publicUrl: config.publicUrl,
      secrets: config.secrets,
      endpoints: config.endpoints,
      allowHosts: config.allowHosts,
      forward: config.forward,
      forwardTimeoutMs: config.forwardTimeoutMs,
      forwardHostHeader: config.forwardHostHeader,
      allowReplayTo: config.allowReplayTo,
      ngrokApi: config.ngrokApi,
      responses: config.responses,
      // A line per captured request, like `stripe listen`; never mixed into --json's machine-read stdout.
      ...(config.json || config.quiet ? {} : { feed: (text: string) => (io.liveStdout ?? io.stdout)(text) }),
      // Warnings through the same guarded output (process-output.ts): a paused terminal must not stall capture.
      log: (message: string) => (io.liveStderr ?? io.stderr)(`hookscope: ${message}`),
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      io.stderr(`hookscope: port ${(e as { port?: number }).port ?? ''} is already in use; pick another with --port / --ui-port (0 = any free port)`);
      return 1;
    }
    throw error;
  }
  if (config.json) {
    io.stdout(JSON.stringify(app.urls));
  } else {
    io.stdout(`hookscope is capturing on ${app.urls.capture}  (point your tunnel here, e.g. ngrok http ${new URL(app.urls.capture).port})`);
    // Beyond loopback every call needs the token: print the one URL that opens the page with it.
    io.stdout(`inspector UI:            ${app.urls.ui}${config.uiHost !== '127.0.0.1' && !isLoopbackAddress(config.uiHost) ? `/?token=${app.token}` : ''}`);
    if (config.forward) io.stdout(`forwarding to:           ${config.forward}  (the caller gets your app's answer)`);
    io.stdout(`database:                ${config.db}`);
  }
  if (config.open) await openBrowser(app.urls.ui, io);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await app.close();
  return 0;
}

/** Opening a browser is a convenience: where none can be opened (CI, SSH, containers) say so and go on. */
async function openBrowser(url: string, io: CliIo): Promise<void> {
  try {
    const { default: open } = await import('open');
    const child = await open(url);
    child.on('error', () => io.stderr(`hookscope: could not open a browser; visit ${url}`));
  } catch {
    io.stderr(`hookscope: could not open a browser; visit ${url}`);
  }
}
