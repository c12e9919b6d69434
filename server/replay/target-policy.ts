/**
 * Where replay and send may go. The API can be driven by any local script, so it must not become an open
 * relay into the network (SSRF): targets are loopback (127.0.0.0/8, ::1, localhost) unless the user
 * allowed an origin with --allow-replay-to. hookscope's own UI/API port is never a target: a captured
 * request replayed there would act on hookscope itself. Redirects are never followed (http-exchange).
 */
import net from 'node:net';

export class TargetError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** True for 127.0.0.0/8, ::1 (and ::ffff:127.x), localhost. `hostname` as URL gives it (IPv6 in brackets). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === 'localhost') return true;
  if (net.isIPv4(host)) return host.startsWith('127.');
  if (net.isIPv6(host)) {
    if (host === '::1') return true;
    // IPv4-mapped loopback, as the URL parser normalizes it (::ffff:7f00:1).
    const mapped = /^::ffff:(?:7f[0-9a-f]{2}:[0-9a-f]{1,4}|127\.\d+\.\d+\.\d+)$/.exec(host);
    return mapped !== null;
  }
  return false;
}

export class TargetPolicy {
  constructor(
    /** Origins allowed besides loopback (--allow-replay-to), normalized by URL.origin. */
    private readonly allowed: readonly string[],
    /** Origins that are never targets (hookscope's own UI/API). */
    private readonly forbidden: () => readonly string[] = () => [],
  ) {}

  /** Parse and check a base URL; throws TargetError with a message that says how to allow it. */
  check(value: unknown, what = 'to'): URL {
    if (typeof value !== 'string' || value.length === 0 || value.length > 2048) throw new TargetError(400, 'invalid-target', `${what} must be an absolute http(s) URL`);
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new TargetError(400, 'invalid-target', `${what} must be an absolute http(s) URL, got ${JSON.stringify(value)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TargetError(400, 'invalid-target', `${what} must be an http or https URL`);
    if (url.username || url.password) throw new TargetError(400, 'invalid-target', `${what} must not carry credentials (user:password@)`);
    if (url.hash) url.hash = '';
    const selfOrigins = new Set(this.forbidden().flatMap((o) => sameHostForms(o)));
    if (selfOrigins.has(url.origin)) {
      throw new TargetError(403, 'target-not-allowed', `${url.origin} is hookscope's own UI/API port; replay to your app (or to the capture port) instead`);
    }
    if (isLoopbackHost(url.hostname) || this.allowed.includes(url.origin)) return url;
    throw new TargetError(
      403,
      'target-not-allowed',
      `${url.origin} is not a loopback address; hookscope only sends to 127.0.0.1, ::1 or localhost unless you start it with --allow-replay-to ${url.origin}`,
    );
  }
}

/** An origin on loopback under each name it can be reached by (127.0.0.1, localhost, [::1]). */
function sameHostForms(origin: string): string[] {
  try {
    const url = new URL(origin);
    if (!isLoopbackHost(url.hostname)) return [url.origin];
    const port = url.port ? `:${url.port}` : '';
    return ['127.0.0.1', 'localhost', '[::1]'].map((h) => `${url.protocol}//${h}${port}`);
  } catch {
    return [];
  }
}
