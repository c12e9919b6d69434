import type { Router } from './router.js';
import { sendJson } from './http-json.js';

export interface ServerInfo {
  version: string;
  captureUrl: string;
  publicUrl: string | null;
  /** Optional capabilities the UI shows only when present (e.g. 'replay', 'tunnel', 'forward'). */
  features: string[];
}

/** `GET /api/info` — what this server is and can do; the UI hides actions the server lacks. */
export function registerInfoRoutes(router: Router, info: () => ServerInfo): void {
  router.on('GET', '/api/info', ({ res }) => sendJson(res, 200, info()));
}
