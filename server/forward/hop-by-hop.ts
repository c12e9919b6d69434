/**
 * Which header fields a proxy must not pass on (RFC 9110 §7.6.1): Connection, every field Connection
 * names, and the fields that only ever describe one connection (Proxy-Connection, Keep-Alive, TE,
 * Transfer-Encoding, Upgrade). Everything else goes through as received — names, case, order and
 * duplicates — so the app sees what the provider sent.
 */
import type { HeaderPair } from '../../shared/api.js';

const ALWAYS = new Set(['connection', 'proxy-connection', 'keep-alive', 'te', 'transfer-encoding', 'upgrade']);

/** The hop-by-hop names of one message: the fixed set plus what its Connection headers list. */
export function hopByHopNames(headers: readonly HeaderPair[]): Set<string> {
  let names: Set<string> | null = null;
  for (const [name, value] of headers) {
    if (name.length !== 10 || name.toLowerCase() !== 'connection') continue;
    names ??= new Set(ALWAYS);
    for (const token of value.split(',')) {
      const t = token.trim().toLowerCase();
      if (t) names.add(t);
    }
  }
  return names ?? ALWAYS;
}

export interface OutgoingHeaderOptions {
  /** 'keep': Host as received; 'rewrite': the target's host[:port]; anything else: that literal value. */
  hostHeader: string;
  /** host[:port] of the target, for 'rewrite' and for a request that arrived without Host. */
  targetHost: string;
  bodyLength: number;
}

/**
 * The header list to send upstream, flat (`[name, value, name, value, ...]`, the shape node:http takes
 * to keep order and case): hop-by-hop fields removed, Host per `hostHeader`, and Content-Length for the
 * exact body (kept in place when the sender gave one; added when the body came chunked).
 */
export function outgoingHeaders(headers: readonly HeaderPair[], options: OutgoingHeaderOptions): string[] {
  const drop = hopByHopNames(headers);
  const out: string[] = [];
  let sawHost = false;
  let sawLength = false;
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (drop.has(lower)) continue;
    if (lower === 'host') {
      if (sawHost) continue; // a second Host is a request smuggling attempt, never pass it on
      sawHost = true;
      out.push(name, options.hostHeader === 'keep' ? value : options.hostHeader === 'rewrite' ? options.targetHost : options.hostHeader);
      continue;
    }
    if (lower === 'content-length') {
      if (sawLength) continue;
      sawLength = true;
      out.push(name, String(options.bodyLength));
      continue;
    }
    out.push(name, value);
  }
  if (!sawHost) out.unshift('Host', options.hostHeader === 'keep' || options.hostHeader === 'rewrite' ? options.targetHost : options.hostHeader);
  if (!sawLength && options.bodyLength > 0) out.push('Content-Length', String(options.bodyLength));
  return out;
}

export interface PassBack {
  /** What the caller gets: hop-by-hop fields removed, flat for writeHead. */
  flat: string[];
  /** Every header as the app sent it, for the record. */
  pairs: HeaderPair[];
  hasLength: boolean;
}

/** The app's response headers to pass back to the caller: hop-by-hop fields removed, pairs kept. */
export function passBackHeaders(rawHeaders: readonly string[]): PassBack {
  const pairs: HeaderPair[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) pairs.push([rawHeaders[i]!, rawHeaders[i + 1]!]);
  const drop = hopByHopNames(pairs);
  const flat: string[] = [];
  let hasLength = false;
  for (const [name, value] of pairs) {
    const lower = name.toLowerCase();
    if (drop.has(lower)) continue;
    if (lower === 'content-length') hasLength = true;
    flat.push(name, value);
  }
  return { flat, pairs, hasLength };
}
