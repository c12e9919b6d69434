/**
 * Who may talk to the UI/API port. It holds secrets and can send requests, so beyond binding to
 * loopback it defends against DNS rebinding (Host must be a loopback name or one the user configured)
 * and cross-site requests (a browser's Origin must be our own; state changes also need the per-run
 * token). Scripts send no Origin and are accepted on loopback without a token, as the contract says.
 */
import { timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

export interface AccessPolicy {
  /** Extra host names the user allowed (besides localhost, 127.0.0.1, [::1]). */
  allowedHosts: readonly string[];
  /** The UI port: a browser Origin must name it. */
  port(): number;
  token: string;
  /**
   * Set when the UI/API is bound beyond loopback (--ui-host with --allow-remote-ui): then every call —
   * scripts too — must present the token (header X-Hookscope-Token, or ?token= to load the page).
   */
  requireToken?: boolean;
}

export type AccessDecision = { ok: true } | { ok: false; status: number; code: string; message: string };

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** Split a Host header value into name and port; null when malformed. */
export function parseHost(value: string | undefined): { name: string; port: number | null } | null {
  if (!value) return null;
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(value.trim());
  if (!m) return null;
  const port = m[2] === undefined ? null : Number(m[2]);
  if (port !== null && port > 65535) return null;
  return { name: m[1]!.toLowerCase(), port };
}

function hostAllowed(policy: AccessPolicy, name: string): boolean {
  return LOOPBACK_NAMES.includes(name) || policy.allowedHosts.some((h) => h.toLowerCase() === name);
}

export function checkHost(policy: AccessPolicy, req: http.IncomingMessage): AccessDecision {
  const host = parseHost(req.headers.host);
  if (!host || !hostAllowed(policy, host.name)) {
    return { ok: false, status: 421, code: 'host-not-allowed', message: 'this hookscope only answers to localhost, 127.0.0.1 or [::1] (DNS rebinding protection); add other names with --allow-host' };
  }
  return { ok: true };
}

/** A browser's Origin must be our own origin: allowed host name and our port, http. */
export function originAllowed(policy: AccessPolicy, origin: string): boolean {
  const m = /^http:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(origin);
  if (!m) return false; // includes "null" and other schemes
  const port = m[2] === undefined ? 80 : Number(m[2]);
  return hostAllowed(policy, m[1]!.toLowerCase()) && port === policy.port();
}

export function checkRequest(policy: AccessPolicy, req: http.IncomingMessage, stateChanging: boolean, queryToken: string | null = null, publicAsset = false): AccessDecision {
  const host = checkHost(policy, req);
  if (!host.ok) return host;
  if (policy.requireToken && !publicAsset && !tokenMatches(policy, req.headers['x-hookscope-token']) && !tokenMatches(policy, queryToken ?? undefined)) {
    return { ok: false, status: 401, code: 'token-required', message: 'this inspector is reachable beyond loopback: open the URL with ?token= printed at start-up, or send X-Hookscope-Token' };
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (!originAllowed(policy, origin)) {
      return { ok: false, status: 403, code: 'origin-not-allowed', message: 'cross-origin requests are refused' };
    }
    if (stateChanging && !tokenMatches(policy, req.headers['x-hookscope-token'])) {
      return { ok: false, status: 403, code: 'token-required', message: 'state-changing requests from a browser need the per-run token' };
    }
  }
  return { ok: true };
}

export function checkUpgrade(policy: AccessPolicy, req: http.IncomingMessage, token: string | null): AccessDecision {
  const host = checkHost(policy, req);
  if (!host.ok) return host;
  const origin = req.headers.origin;
  if (origin !== undefined && !originAllowed(policy, origin)) {
    return { ok: false, status: 403, code: 'origin-not-allowed', message: 'cross-origin WebSocket refused' };
  }
  if (!tokenMatches(policy, token ?? undefined)) {
    return { ok: false, status: 403, code: 'token-required', message: 'the live socket needs the per-run token' };
  }
  return { ok: true };
}

function tokenMatches(policy: AccessPolicy, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(policy.token);
  // Length leaks nothing useful (the token length is fixed and public); compare in constant time.
  return a.length === b.length && timingSafeEqual(a, b);
}
