/**
 * Small pieces several provider modules share (Discord, SendGrid, Twitch, Calendly, PagerDuty, Sentry,
 * Lemon Squeezy): the hex HMAC-SHA256 most of them send, strict timestamp parsing that never throws, and
 * recognisers for values commonly pasted where a signing secret belongs.
 */
import type { Match } from '../types.js';
import { hmac } from '../crypto.js';
import { toHex, utf8 } from '../encoding.js';
import { compareDigest } from '../scheme.js';

/** Compare lowercase hex HMAC-SHA256(key, signed), written after `prefix` ("sha256=", "v1="), with what was sent. */
export function matchHexHmac(key: Uint8Array, signed: Uint8Array, signatures: readonly string[], prefix = ''): Match {
  return compareDigest(hmac('sha256', key, signed), signatures, (digest) => prefix + toHex(digest));
}

/** Lowercase hex HMAC-SHA256 keyed with the secret string's UTF-8 bytes, as these providers sign. */
export function hexHmac(secret: string, signed: Uint8Array): string {
  return toHex(hmac('sha256', utf8(secret), signed));
}

/** Unix seconds from a decimal header value; undefined for anything else (garbage never throws). */
export function parseUnixSeconds(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Unix seconds (fraction dropped) from an RFC 3339 timestamp such as Twitch's nanosecond
 * `2019-11-16T10:11:12.634234626Z`. Parsed by hand because Date.parse's handling of more than three
 * fraction digits differs between JavaScript engines. undefined when the text is not RFC 3339.
 */
export function parseRfc3339(text: string | undefined): number | undefined {
  const m = text === undefined ? null : RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  let offsetMinutes = 0;
  if (!m[7]) {
    const offsetHours = Number(m[9]);
    const offsetMins = Number(m[10]);
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (m[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) / 1000 - offsetMinutes * 60;
}

/** RFC 3339 UTC text for unix seconds (`2023-11-14T22:13:20.000Z`). */
export function toRfc3339(seconds: number): string {
  return new Date(Math.floor(seconds) * 1000).toISOString();
}

/** A JSON Web Token: how Calendly personal access tokens and Lemon Squeezy API keys look. */
export function looksLikeJwt(secret: string): boolean {
  return /^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(secret.trim());
}
