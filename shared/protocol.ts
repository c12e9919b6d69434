/**
 * The whole WebSocket contract (`/api/live`), imported by both sides. The server pushes summaries;
 * the page fetches bodies over REST when a request is opened.
 */
import type { RequestSummary } from './api.js';

export type ServerEvent =
  /** First message after connecting: who we are talking to, so the page can resync. */
  | { type: 'hello'; version: string; latestId: string | null }
  /** New requests, oldest first (several coalesced into one message under load). */
  | { type: 'requests'; items: RequestSummary[] }
  /** Requests whose verification or response changed (secrets edited, forward finished). */
  | { type: 'updated'; items: RequestSummary[] }
  | { type: 'deleted'; ids: string[] }
  | { type: 'cleared' };

export type ClientCommand = { type: 'ping' };

export function parseServerEvent(data: string): ServerEvent | null {
  try {
    const value = JSON.parse(data) as ServerEvent;
    return value && typeof value === 'object' && typeof value.type === 'string' ? value : null;
  } catch {
    return null;
  }
}
