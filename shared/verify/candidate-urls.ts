/**
 * The URLs a provider may have signed, for URL-signed schemes (Twilio, Square, ...): the one a correct
 * verifier uses, the one a naive app rebuilds from its socket, and one-change-at-a-time variants of the
 * correct one that explain a mismatch (scheme, host, port, path, query).
 *
 * URLs are split and joined by hand, never through `new URL()`: WHATWG parsing re-encodes and drops default
 * ports, and those bytes are exactly what the signature is sensitive to.
 */
import type { DiagnosisCode, RequestView } from './types.js';

export interface UrlParts {
  proto: string;
  /** `user:pass@` including the `@`, or ''. */
  userinfo: string;
  /** Host name, brackets kept for IPv6. */
  hostname: string;
  /** Explicit port as written, '' when none. */
  port: string;
  path: string;
  /** Raw query without `?`; null when the URL has no `?` at all. */
  query: string | null;
}

export interface UrlCandidate {
  url: string;
  /** Where it comes from, in words shown to the user ("X-Forwarded-Host", "scheme flipped", ...). */
  source: string;
}

/** The public URL and the forwarding headers the verifier and the search need. */
export interface UrlContext {
  publicUrl?: string;
  receivedScheme?: 'http' | 'https';
}

/** How the request reached hookscope, and the URL(s) the provider most plausibly signed. */
export interface UrlViews {
  /** What an app that trusts nothing sees: receivedScheme + Host + target. */
  naive: UrlCandidate;
  /** The correct verifier's view (public URL and/or forwarding headers), most trusted first; never empty. */
  correct: UrlCandidate[];
  /** True when a forwarding header (Forwarded, X-Forwarded-Proto/Host/Port) was present and usable. */
  forwarded: boolean;
}

const DEFAULT_PORT: Record<string, string> = { http: '80', https: '443' };
// A host[:port] as it may appear in Host / X-Forwarded-Host: anything else is ignored as garbage.
const AUTHORITY = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9\-._~%!$&'()*+,;=]+)(?::(\d{1,5}))?$/;

export function parseUrl(url: string): UrlParts | null {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/.exec(url);
  if (!m) return null;
  const authority = m[2]!;
  const at = authority.lastIndexOf('@');
  const userinfo = at === -1 ? '' : authority.slice(0, at + 1);
  const hostport = splitHostPort(authority.slice(at + 1));
  if (!hostport) return null;
  return {
    proto: m[1]!.toLowerCase(),
    userinfo,
    hostname: hostport.hostname,
    port: hostport.port,
    path: m[3] || '/',
    query: m[4] ?? null,
  };
}

export function formatUrl(p: UrlParts): string {
  return `${p.proto}://${p.userinfo}${p.hostname}${p.port ? ':' + p.port : ''}${p.path}${p.query === null ? '' : '?' + p.query}`;
}

/** `host[:port]` split in two, or null when it is not a plausible authority. */
export function splitHostPort(value: string): { hostname: string; port: string } | null {
  const m = AUTHORITY.exec(value.trim());
  return m ? { hostname: m[1]!, port: m[2] ?? '' } : null;
}

function sanitizeProto(value: string | undefined): 'http' | 'https' | undefined {
  const proto = value?.split(',')[0]!.trim().toLowerCase();
  return proto === 'http' || proto === 'https' ? proto : undefined;
}

function firstListValue(value: string | undefined): string | undefined {
  const first = value?.split(',')[0]!.trim();
  return first ? first : undefined;
}

/**
 * RFC 7239 `Forwarded`: the first element is what the client (the provider) used. Parameter names are
 * case-insensitive and values may be quoted.
 */
export function parseForwarded(value: string | undefined): { proto?: 'http' | 'https'; host?: string } {
  if (!value) return {};
  const first = value.split(',')[0]!;
  const out: { proto?: 'http' | 'https'; host?: string } = {};
  for (const pair of first.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1) continue;
    const name = pair.slice(0, eq).trim().toLowerCase();
    let v = pair.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    if (name === 'proto') out.proto = sanitizeProto(v);
    if (name === 'host' && splitHostPort(v)) out.host = v;
  }
  return out;
}

/** Every host the request names, with the header it came from (the search tries each one). */
function hostSources(req: RequestView, ctx: UrlContext): UrlCandidate[] {
  const out: UrlCandidate[] = [];
  const add = (source: string, value: string | undefined) => {
    if (value && splitHostPort(value)) out.push({ source, url: value });
  };
  add('Host header', req.header('host'));
  add('X-Forwarded-Host', firstListValue(req.header('x-forwarded-host')));
  add('Forwarded host', parseForwarded(req.header('forwarded')).host);
  add('X-Original-Host', firstListValue(req.header('x-original-host')));
  const pub = ctx.publicUrl ? parseUrl(ctx.publicUrl) : null;
  if (pub) add('public URL', pub.hostname + (pub.port ? ':' + pub.port : ''));
  return out;
}

function withAuthority(base: UrlParts, hostport: string): UrlParts {
  const hp = splitHostPort(hostport)!;
  return { ...base, hostname: hp.hostname, port: hp.port };
}

function targetParts(target: string): { path: string; query: string | null } {
  const q = target.indexOf('?');
  return q === -1 ? { path: target || '/', query: null } : { path: target.slice(0, q) || '/', query: target.slice(q + 1) };
}

/** The naive and the correct URLs for a request. */
export function urlViews(req: RequestView, ctx: UrlContext): UrlViews {
  const received = ctx.receivedScheme ?? 'http';
  const { path, query } = targetParts(req.target);
  const hostHeader = req.header('host');
  const host = hostHeader && splitHostPort(hostHeader) ? hostHeader.trim() : 'localhost';
  const naiveParts: UrlParts = { proto: received, userinfo: '', ...splitHostPort(host)!, path, query };
  const naive = { url: formatUrl(naiveParts), source: 'the Host header as received' };

  const correct: UrlCandidate[] = [];
  const pub = ctx.publicUrl ? parseUrl(ctx.publicUrl) : null;
  if (pub) correct.push({ url: formatUrl({ ...pub, userinfo: '', path, query }), source: 'public URL' });

  const fwd = parseForwarded(req.header('forwarded'));
  const xfProto = sanitizeProto(req.header('x-forwarded-proto'));
  const xfHostRaw = firstListValue(req.header('x-forwarded-host'));
  const xfHost = xfHostRaw && splitHostPort(xfHostRaw) ? xfHostRaw : undefined;
  const xfPort = firstListValue(req.header('x-forwarded-port'));
  const port = xfPort && /^\d{1,5}$/.test(xfPort) ? xfPort : undefined;
  const forwarded = Boolean(fwd.proto || fwd.host || xfProto || xfHost || port);
  if (forwarded) {
    const used: string[] = [];
    const proto = fwd.proto ?? xfProto ?? received;
    if (fwd.proto) used.push('Forwarded proto');
    else if (xfProto) used.push('X-Forwarded-Proto');
    const hostValue = fwd.host ?? xfHost ?? host;
    if (fwd.host) used.push('Forwarded host');
    else if (xfHost) used.push('X-Forwarded-Host');
    let parts: UrlParts = { proto, userinfo: '', ...splitHostPort(hostValue)!, path, query };
    // X-Forwarded-Port only matters when the host carries no port and the port is not the default.
    if (port && !parts.port && port !== DEFAULT_PORT[proto]) {
      parts = { ...parts, port };
      used.push('X-Forwarded-Port');
    }
    correct.push({ url: formatUrl(parts), source: `forwarding headers (${used.join(', ')})` });
  } else {
    // Nothing says a proxy was involved: the request was sent to the URL it arrived at.
    correct.push(naive);
  }
  return { naive, correct: dedupe(correct), forwarded };
}

/**
 * One-change-at-a-time variants of `base`, in the order a mismatch is most likely explained: scheme,
 * host, port, path, query. Deduplicated; `base` itself and `exclude` are left out.
 */
export function urlVariants(base: string, req: RequestView, ctx: UrlContext, exclude: readonly string[] = []): UrlCandidate[] {
  const b = parseUrl(base);
  if (!b) return [];
  const out: UrlCandidate[] = [];
  const add = (parts: UrlParts, source: string) => out.push({ url: formatUrl(parts), source });

  add({ ...b, proto: b.proto === 'https' ? 'http' : 'https' }, 'scheme flipped');

  for (const h of hostSources(req, ctx)) add(withAuthority(b, h.url), h.source);

  if (b.port) add({ ...b, port: '' }, `port :${b.port} removed`);
  else if (DEFAULT_PORT[b.proto]) add({ ...b, port: DEFAULT_PORT[b.proto]! }, `default port :${DEFAULT_PORT[b.proto]} added`);
  const xfPort = firstListValue(req.header('x-forwarded-port'));
  if (xfPort && /^\d{1,5}$/.test(xfPort)) add({ ...b, port: xfPort }, 'X-Forwarded-Port');

  if (b.path.endsWith('/')) {
    if (b.path.length > 1) add({ ...b, path: b.path.replace(/\/+$/, '') || '/' }, 'trailing slash removed');
  } else {
    add({ ...b, path: b.path + '/' }, 'trailing slash added');
  }
  const second = b.path.indexOf('/', 1);
  if (second > 0 && second < b.path.length - 1) add({ ...b, path: b.path.slice(second) }, `first path segment ${b.path.slice(0, second)} stripped`);
  for (const [source, prefix] of pathPrefixes(req, ctx)) add({ ...b, path: prefix + b.path }, source);

  for (const [source, query] of queryVariants(b.query)) add({ ...b, query }, source);

  const skip = new Set([base, ...exclude]);
  return dedupe(out).filter((c) => !skip.has(c.url));
}

function pathPrefixes(req: RequestView, ctx: UrlContext): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const pub = ctx.publicUrl ? parseUrl(ctx.publicUrl) : null;
  const pubPrefix = pub?.path.replace(/\/+$/, '');
  if (pubPrefix) out.push([`public URL path prefix ${pubPrefix} added`, pubPrefix]);
  // Set by Traefik, Spring and others when they strip a prefix before proxying.
  const xfPrefix = firstListValue(req.header('x-forwarded-prefix'))?.replace(/\/+$/, '');
  if (xfPrefix && xfPrefix.startsWith('/') && !/[?#\s]/.test(xfPrefix)) out.push([`X-Forwarded-Prefix ${xfPrefix} added`, xfPrefix]);
  return out;
}

// Enough to catch a dropped token or tracking parameter without letting a huge query blow up the search.
const MAX_PARAM_REMOVALS = 16;

function queryVariants(query: string | null): Array<[string, string | null]> {
  if (query === null || query === '') return query === '' ? [['empty ? removed', null]] : [];
  const out: Array<[string, string | null]> = [['query string dropped', null]];
  const pairs = query.split('&');
  const sorted = [...pairs].sort().join('&');
  if (sorted !== query) out.push(['query parameters sorted', sorted]);
  out.push(['query re-encoded (parsed and serialized again)', new URLSearchParams(query).toString()]);
  if (query.includes('%20')) out.push(['%20 re-encoded as +', query.replace(/%20/g, '+')]);
  if (query.includes('+')) {
    out.push(['+ re-encoded as %20', query.replace(/\+/g, '%20')]);
    out.push(['+ read back as a space', query.replace(/\+/g, ' ')]);
  }
  if (pairs.length > 1) {
    for (let i = 0; i < pairs.length && i < MAX_PARAM_REMOVALS; i++) {
      const name = pairs[i]!.split('=')[0]!;
      out.push([`parameter ${name} removed`, pairs.filter((_, j) => j !== i).join('&')]);
    }
  }
  return out;
}

function dedupe(list: UrlCandidate[]): UrlCandidate[] {
  const seen = new Set<string>();
  return list.filter((c) => (seen.has(c.url) ? false : (seen.add(c.url), true)));
}

export type UrlDifference = Extract<DiagnosisCode, 'proto-rewritten' | 'host-rewritten' | 'port-mismatch' | 'path-rewritten' | 'query-changed'>;

/**
 * What differs between the URL the provider signed and the one a verifier used, as diagnosis codes.
 * A port difference is only reported when the host is the same (otherwise the host explains it).
 */
export function urlDifferences(signed: string, seen: string): UrlDifference[] {
  const a = parseUrl(signed);
  const b = parseUrl(seen);
  if (!a || !b) return signed === seen ? [] : ['host-rewritten'];
  const out: UrlDifference[] = [];
  if (a.proto !== b.proto) out.push('proto-rewritten');
  const sameHost = a.hostname.toLowerCase() === b.hostname.toLowerCase() && a.userinfo === b.userinfo;
  if (!sameHost) out.push('host-rewritten');
  else if (a.port !== b.port) out.push('port-mismatch');
  if (a.path !== b.path) out.push('path-rewritten');
  if (a.query !== b.query) out.push('query-changed');
  return out;
}
