/**
 * Wires the pieces into a running hookscope: store → capture listener → live hub → API/UI listener.
 * `startHookscope` returns `{ urls, close }`; `close` flushes pending writes and is safe to call twice.
 */
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createApiServer } from './api/api-server.js';
import { registerRequestRoutes } from './api/requests-routes.js';
import { registerSecretRoutes } from './api/secrets-routes.js';
import { Router } from './api/router.js';
import { RequestPresenter } from './api/request-presenter.js';
import { registerBodyRoutes } from './api/body-routes.js';
import { registerExportRoutes } from './api/export-routes.js';
import { registerInfoRoutes } from './api/info-routes.js';
import { registerMetricsRoutes } from './api/metrics-routes.js';
import { SecretScrubber } from './verify/secret-scrubber.js';
import { CommitQueue } from './capture/commit-queue.js';
import { createCaptureServer } from './capture/capture-server.js';
import { DEFAULTS, isLoopbackAddress, type ConfiguredSecret, type EndpointConfig } from './config.js';
import { LiveHub } from './live/live-hub.js';
import { TerminalFeed } from './live/terminal-feed.js';
import { openDatabase } from './store/database.js';
import { CaptureWriter } from './store/capture-writer.js';
import { PACKAGE_ROOT } from './package-root.js';
import { HOOKSCOPE_VERSION } from './version.js';
import { RequestRepository, type NewRequest } from './store/repository.js';
import { SearchIndexer } from './store/search-indexer.js';
import { useNodeCrypto } from './verify/node-crypto.js';
import { SecretStore } from './verify/secret-store.js';
import { Verifier } from './verify/verifier.js';
import { Reverifier } from './verify/reverifier.js';
import type { CannedResponse } from '../shared/api.js';
import { Forwarder, forwardCaptured } from './forward/forwarder.js';
import { CannedResponses } from './forward/canned-responses.js';
import { ResponseRecorder } from './forward/response-recorder.js';
import { registerResponsesRoutes } from './forward/responses-routes.js';
import { Replayer } from './replay/replayer.js';
import { registerReplayRoutes, registerSendRoutes } from './replay/replay-routes.js';
import { TargetPolicy } from './replay/target-policy.js';
import { NgrokAgent } from './tunnel/ngrok-agent.js';
import { TunnelService } from './tunnel/tunnel-service.js';
import { registerTunnelRoutes } from './tunnel/tunnel-routes.js';
import { logToStderr } from './default-log.js';

export interface StartOptions {
  port?: number;
  host?: string;
  uiPort?: number;
  /** UI/API bind address (default 127.0.0.1). Anything else makes every call require the token. */
  uiHost?: string;
  db?: string;
  maxBody?: number;
  /** Cap on the database size in bytes; when reached the capture port answers 503. */
  maxDbSize?: number | null;
  keep?: number;
  publicUrl?: string | null;
  secrets?: ConfiguredSecret[];
  endpoints?: EndpointConfig[];
  allowHosts?: string[];
  /** Forward each captured request to this app URL and answer the caller with the app's answer. */
  forward?: string | null;
  forwardTimeoutMs?: number;
  /** Host header sent to the app: 'keep' (default), 'rewrite' (the --forward host) or a literal value. */
  forwardHostHeader?: string;
  /** Origins besides loopback that replay and send may target. */
  allowReplayTo?: string[];
  /** Base URL of an ngrok agent API to poll for the public URL (the CLI passes http://127.0.0.1:4040); omitted: no detection. */
  ngrokApi?: string | null;
  ngrokPollMs?: number;
  /** Canned answers of the capture port when not forwarding. */
  responses?: CannedResponse[];
  /** Where the built UI lives (default: ui/dist of this package). */
  uiDir?: string;
  log?(message: string): void;
  /** Where the terminal feed of captured requests goes (`hookscope start` without --json/--quiet); secrets masked. */
  feed?(text: string): void;
}

export interface Hookscope {
  urls: { capture: string; ui: string };
  /** The per-run token the page and the WebSocket must present. */
  token: string;
  repository: RequestRepository;
  close(): Promise<void>;
}

export { PACKAGE_ROOT };

export async function startHookscope(options: StartOptions = {}): Promise<Hookscope> {
  useNodeCrypto();
  const secrets = new SecretStore(options.secrets ?? [], options.endpoints ?? []);
  const logScrubber = new SecretScrubber(secrets);
  const writeLog = options.log ?? logToStderr;
  // Log lines quote URLs and errors from captured requests, which may carry a configured secret.
  const log = (message: string) => writeLog(logScrubber.text(message));
  const dbFile = options.db ?? DEFAULTS.db;
  const keep = options.keep ?? DEFAULTS.keep;
  // Every connection on the event loop leaves checkpoints to the capture writer's checkpoint thread.
  const db = openDatabase(dbFile, { autoCheckpoint: false });
  const repository = new RequestRepository(db, keep);
  // Captured rows are committed on a connection of their own (capture-writer.ts); this one reads and makes the API's changes.
  const writer = new CaptureWriter({ dbFile, keep, maxDbSize: options.maxDbSize ?? null }, log);
  // The search index has a connection of its own that never waits for a lock: another process holding
  // the database must not freeze the event loop for a busy timeout (indexing simply resumes later).
  const indexDb = openDatabase(dbFile, { lockWaitMs: 0, autoCheckpoint: false });
  const indexer = new SearchIndexer(indexDb, log);
  indexer.schedule(); // index whatever an earlier run left unindexed
  const token = randomBytes(24).toString('base64url');
  const agent = options.ngrokApi ? new NgrokAgent({ api: options.ngrokApi, intervalMs: options.ngrokPollMs, log }) : null;
  let tunnel: TunnelService | undefined;
  const verifier = new Verifier({ secrets, publicUrl: () => options.publicUrl ?? tunnel?.publicUrl() ?? null });
  const presenter = new RequestPresenter(new SecretScrubber(secrets));

  let uiPort = 0;
  let captureUrl = '';
  let uiUrl = '';
  const feed = options.feed ? new TerminalFeed((text) => options.feed!(logScrubber.text(text)), () => uiUrl) : null;
  /** Capabilities announced to the UI through /api/info; modules that add routes add their name. */
  const features: string[] = [];
  const hub = new LiveHub(() => ({ type: 'hello', version: '1', latestId: repository.list({ limit: 1 }).items[0]?.id ?? null }), (item) => presenter.summary(item));
  const queue = new CommitQueue(writer, (rows) => {
    indexer.schedule();
    if (hub.clientCount > 0) hub.publishNew(rows.map(({ seq, row }) => RequestRepository.summaryOf(seq, row)));
    feed?.captured(rows);
  }, log);
  const reverifier = new Reverifier(repository, verifier, hub);
  const forwardTimeoutMs = options.forwardTimeoutMs ?? DEFAULTS.forwardTimeoutMs;
  const forwarder = options.forward ? new Forwarder({ target: options.forward, timeoutMs: forwardTimeoutMs, hostHeader: options.forwardHostHeader ?? 'keep' }) : null;
  const canned = new CannedResponses(options.responses ?? []);
  const recorder = new ResponseRecorder((updates) => writer.respond(updates));
  const forwardDeps = forwarder ? { forwarder, recorder, hub, log, feed } : null;
  // Replay and send never target hookscope's own UI/API port.
  const targets = new TargetPolicy(options.allowReplayTo ?? [], () => (uiPort ? [`http://127.0.0.1:${uiPort}`] : []));
  const replayer = new Replayer({ repository, secrets, scrubber: new SecretScrubber(secrets), hub, forwarder, policy: targets, timeoutMs: forwardTimeoutMs });
  tunnel = new TunnelService({ agent, publicUrlFlag: options.publicUrl ?? null, captureUrl: () => captureUrl, forward: options.forward ?? null, queue, verifier, repository, hub, log });

  const router = new Router();
  registerRequestRoutes(router, repository, hub, indexer, presenter);
  registerBodyRoutes(router, repository, presenter);
  registerExportRoutes(router, repository, presenter, indexer);
  const stopMetrics = registerMetricsRoutes(router, repository, hub);
  registerInfoRoutes(router, () => ({ version: HOOKSCOPE_VERSION, captureUrl, publicUrl: tunnel?.publicUrl() ?? null, features }));
  registerSecretRoutes(router, secrets, reverifier);
  registerReplayRoutes(router, replayer);
  registerSendRoutes(router, { secrets, policy: targets, scrubber: new SecretScrubber(secrets), captureUrl: () => captureUrl, timeoutMs: forwardTimeoutMs });
  registerResponsesRoutes(router, canned, forwarder !== null);
  registerTunnelRoutes(router, tunnel);
  features.push('secrets-keep', 'secrets-endpoints', 'replay', 'send', 'responses', 'tunnel', ...(forwarder ? ['forward'] : []));

  const capture = createCaptureServer({
    maxBody: options.maxBody ?? DEFAULTS.maxBody,
    queue,
    verify: (row) => verifier.verify(row),
    log,
    canned,
    ...(forwardDeps ? { forward: (seq: number, row: NewRequest, res: http.ServerResponse) => forwardCaptured(forwardDeps, seq, row, res) } : {}),
  });
  // The UI/API port holds secrets and can send requests: loopback unless --ui-host/--allow-remote-ui said otherwise.
  const uiHost = options.uiHost ?? '127.0.0.1';
  const remoteUi = !isLoopbackAddress(uiHost);
  const api = createApiServer({
    policy: {
      // A specific address the UI is bound to is a name it may be reached by.
      allowedHosts: [...(options.allowHosts ?? []), ...(remoteUi && uiHost !== '0.0.0.0' && uiHost !== '::' ? [uiHost.includes(':') ? `[${uiHost}]` : uiHost] : [])],
      port: () => uiPort,
      token,
      requireToken: remoteUi,
    },
    router,
    hub,
    uiDir: options.uiDir ?? path.join(PACKAGE_ROOT, 'ui', 'dist'),
    log,
  });

  const captureHost = options.host ?? DEFAULTS.host;
  try {
    await listen(capture, options.port ?? DEFAULTS.port, captureHost);
    await listen(api, options.uiPort ?? DEFAULTS.uiPort, uiHost);
  } catch (error) {
    capture.close();
    api.close();
    hub.close();
    await writer.close();
    db.close();
    throw error;
  }
  uiPort = (api.address() as AddressInfo).port;
  const capturePort = (capture.address() as AddressInfo).port;
  captureUrl = `http://${urlHost(captureHost)}:${capturePort}`;
  agent?.start();

  let closing: Promise<void> | null = null;
  uiUrl = `http://${remoteUi ? urlHost(uiHost) : '127.0.0.1'}:${uiPort}`;
  return {
    urls: { capture: captureUrl, ui: uiUrl },
    token,
    repository,
    close() {
      closing ??= (async () => {
        await Promise.all([stop(capture), stop(api), Promise.resolve(hub.close())]);
        agent?.stop();
        forwarder?.close();
        replayer.close();
        await queue.close(); // commit whatever is still queued before the database closes
        await recorder.close(); // and the app's answers recorded meanwhile
        feed?.close();
        await writer.close();
        indexer.close();
        indexDb.close();
        stopMetrics();
        db.close();
      })();
      return closing;
    },
  };
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function stop(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Idle keep-alive sockets would hold close() open; in-flight requests still finish.
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 2_000).unref();
  });
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
