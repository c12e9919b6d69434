/**
 * Wires the pieces into a running hookscope: store → capture listener → live hub → API/UI listener.
 * `startHookscope` returns `{ urls, close }`; `close` flushes pending writes and is safe to call twice.
 */
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiServer } from './api/api-server.js';
import { registerRequestRoutes } from './api/requests-routes.js';
import { registerSecretRoutes } from './api/secrets-routes.js';
import { Router } from './api/router.js';
import { RequestPresenter } from './api/request-presenter.js';
import { registerBodyRoutes } from './api/body-routes.js';
import { registerExportRoutes } from './api/export-routes.js';
import { registerInfoRoutes } from './api/info-routes.js';
import { SecretScrubber } from './verify/secret-scrubber.js';
import { CommitQueue } from './capture/commit-queue.js';
import { createCaptureServer } from './capture/capture-server.js';
import { DEFAULTS, type ConfiguredSecret, type EndpointConfig } from './config.js';
import { LiveHub } from './live/live-hub.js';
import { openDatabase } from './store/database.js';
import { RequestRepository } from './store/repository.js';
import { SearchIndexer } from './store/search-indexer.js';
import { useNodeCrypto } from './verify/node-crypto.js';
import { SecretStore } from './verify/secret-store.js';
import { Verifier } from './verify/verifier.js';
import { Reverifier } from './verify/reverifier.js';

export interface StartOptions {
  port?: number;
  host?: string;
  uiPort?: number;
  db?: string;
  maxBody?: number;
  keep?: number;
  publicUrl?: string | null;
  secrets?: ConfiguredSecret[];
  endpoints?: EndpointConfig[];
  allowHosts?: string[];
  /** Where the built UI lives (default: ui/dist of this package). */
  uiDir?: string;
  log?(message: string): void;
}

export interface Hookscope {
  urls: { capture: string; ui: string };
  /** The per-run token the page and the WebSocket must present. */
  token: string;
  repository: RequestRepository;
  close(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** The package root, whether running from server/ (tests, tsx) or from the compiled dist/server/. */
export const PACKAGE_ROOT = path.basename(path.dirname(here)) === 'dist' ? path.resolve(here, '../..') : path.resolve(here, '..');

export async function startHookscope(options: StartOptions = {}): Promise<Hookscope> {
  useNodeCrypto();
  const log = options.log ?? ((message: string) => console.error(`hookscope: ${message}`));
  const db = openDatabase(options.db ?? DEFAULTS.db);
  const repository = new RequestRepository(db, options.keep ?? DEFAULTS.keep);
  const indexer = new SearchIndexer(db);
  indexer.schedule(); // index whatever an earlier run left unindexed
  const token = randomBytes(24).toString('base64url');
  const secrets = new SecretStore(options.secrets ?? [], options.endpoints ?? []);
  const verifier = new Verifier({ secrets, publicUrl: () => options.publicUrl ?? null });
  const presenter = new RequestPresenter(new SecretScrubber(secrets));

  let uiPort = 0;
  let captureUrl = '';
  /** Capabilities announced to the UI through /api/info; modules that add routes add their name. */
  const features: string[] = [];
  const hub = new LiveHub(() => ({ type: 'hello', version: '1', latestId: repository.list({ limit: 1 }).items[0]?.id ?? null }), (item) => presenter.summary(item));
  const queue = new CommitQueue(repository, (rows) => {
    indexer.schedule();
    if (hub.clientCount > 0) hub.publishNew(rows.map(({ seq, row }) => RequestRepository.summaryOf(seq, row)));
  });
  const reverifier = new Reverifier(repository, verifier, hub);

  const router = new Router();
  registerRequestRoutes(router, repository, hub, indexer, presenter);
  registerBodyRoutes(router, repository, presenter);
  registerExportRoutes(router, repository, presenter);
  registerInfoRoutes(router, () => ({ version: '0.1.0', captureUrl, publicUrl: options.publicUrl ?? null, features }));
  registerSecretRoutes(router, secrets, reverifier);

  const capture = createCaptureServer({ maxBody: options.maxBody ?? DEFAULTS.maxBody, queue, verify: (row) => verifier.verify(row), log });
  const api = createApiServer({
    policy: { allowedHosts: options.allowHosts ?? [], port: () => uiPort, token },
    router,
    hub,
    uiDir: options.uiDir ?? path.join(PACKAGE_ROOT, 'ui', 'dist'),
    log,
  });

  const captureHost = options.host ?? DEFAULTS.host;
  try {
    await listen(capture, options.port ?? DEFAULTS.port, captureHost);
    // The UI/API port holds secrets and can send requests: loopback only, whatever --host says.
    await listen(api, options.uiPort ?? DEFAULTS.uiPort, '127.0.0.1');
  } catch (error) {
    capture.close();
    api.close();
    hub.close();
    db.close();
    throw error;
  }
  uiPort = (api.address() as AddressInfo).port;
  const capturePort = (capture.address() as AddressInfo).port;
  captureUrl = `http://${urlHost(captureHost)}:${capturePort}`;

  let closing: Promise<void> | null = null;
  return {
    urls: { capture: captureUrl, ui: `http://127.0.0.1:${uiPort}` },
    token,
    repository,
    close() {
      closing ??= (async () => {
        await Promise.all([stop(capture), stop(api), Promise.resolve(hub.close())]);
        queue.close(); // commit whatever is still queued before the database closes
        indexer.close();
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
