/** Byte/string conversions the schemes share. Browser-safe (no Buffer). */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/**
 * Whether the bytes contain `ascii` (an ASCII string): what `fromUtf8(bytes).includes(ascii)` says (an
 * ASCII byte is never part of a multi-byte sequence), without decoding the body — detection asks this of
 * every captured body, however large.
 */
export function includesAscii(bytes: Uint8Array, ascii: string): boolean {
  if (ascii === '') return true;
  const first = ascii.charCodeAt(0);
  const lastStart = bytes.length - ascii.length;
  for (let at = bytes.indexOf(first); at !== -1 && at <= lastStart; at = bytes.indexOf(first, at + 1)) {
    let i = 1;
    while (i < ascii.length && bytes[at + i] === ascii.charCodeAt(i)) i++;
    if (i === ascii.length) return true;
  }
  return false;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** null when `text` is not hex of whole bytes. */
export function fromHex(text: string): Uint8Array | null {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return null;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!, b = bytes[i + 1], c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += b === undefined ? '=' : B64[(n >> 6) & 63]!;
    out += c === undefined ? '=' : B64[n & 63]!;
  }
  return out;
}

export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Accepts standard and URL-safe alphabets, with or without padding; null when not base64. */
export function fromBase64(text: string): Uint8Array | null {
  const clean = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0, value = 0, index = 0;
  for (const ch of clean) {
    value = (value << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (value >> bits) & 0xff;
    }
  }
  return out.subarray(0, index);
}

export type DigestEncoding = 'hex' | 'base64' | 'base64url';

export function encodeDigest(bytes: Uint8Array, encoding: DigestEncoding): string {
  if (encoding === 'hex') return toHex(bytes);
  if (encoding === 'base64') return toBase64(bytes);
  return toBase64Url(bytes);
}

/** Decode a signature in any of the common encodings (used to spot `encoding-mismatch`). */
export function decodeAny(text: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  const hex = fromHex(text);
  if (hex && hex.length > 0) out.push(hex);
  const b64 = fromBase64(text);
  if (b64 && b64.length > 0) out.push(b64);
  return out;
}

/** A percent-encoded component decoded; a stray `%` is not an encoding, so such text is taken as sent. */
export function decodeUriLenient(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A form-encoded name or value (`+` is a space) decoded; text that is not valid encoding is taken as sent. */
export function decodeFormLenient(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
