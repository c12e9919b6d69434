/**
 * Pieces the timestamped HMAC schemes share (Stripe, Slack, Standard Webhooks, Paddle, Zoom, Shopify):
 * `k=v` parameter lists in signature headers, timestamps read the way each SDK reads them, and HMACs
 * over "prefix + raw body" that keep the body's bytes exactly as received (no UTF-8 round trip).
 */
import { hmac } from '../crypto.js';
import { concatBytes, toHex, utf8 } from '../encoding.js';
import { compareDigest } from '../scheme.js';
import type { Extracted, Match, SignInput, SignOutput } from '../types.js';

/**
 * `k=v` items split on `separator` (`t=1,v1=ab` for Stripe, `ts=1;h1=ab` for Paddle), each at its first
 * `=`, in order, duplicates kept. Items are not trimmed: the SDKs do not trim either, so `t=1, v1=ab`
 * yields a key " v1" that no SDK would accept.
 */
export function parseParamList(header: string, separator: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const item of header.split(separator)) {
    const eq = item.indexOf('=');
    if (eq > 0) out.push([item.slice(0, eq), item.slice(eq + 1)]);
  }
  return out;
}

/**
 * `parseInt(text, 10)` as the JavaScript SDKs (stripe-node, Svix, Paddle) read timestamps: leading
 * digits count (`12abc` is 12). undefined where parseInt gives NaN or an unsafe number.
 */
export function leadingInteger(text: string): number | undefined {
  const n = parseInt(text, 10);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A decimal integer and nothing else (blanks around it allowed, as Python's int() does); else undefined. */
export function strictInteger(text: string): number | undefined {
  return /^\s*[+-]?\d{1,15}\s*$/.test(text) ? Number(text) : undefined;
}

/** HMAC-SHA256 over the parts concatenated: strings as UTF-8, byte arrays (the raw body) as they are. */
export function hmacSha256(key: Uint8Array, ...parts: Array<string | Uint8Array>): Uint8Array {
  return hmac('sha256', key, concatBytes(...parts.map((p) => (typeof p === 'string' ? utf8(p) : p))));
}

/** Key bytes for a signer: signing with an unusable secret is a caller error, so it says so plainly. */
export function requireKey(key: Uint8Array | null, provider: string): Uint8Array {
  if (!key) throw new Error(`cannot sign for ${provider}: the secret is empty or not in the form ${provider} uses`);
  return key;
}

/**
 * The "v0" scheme Slack and Zoom share: hex HMAC-SHA256 over `v0:<timestamp>:<raw body>`, sent as
 * `v0=<hex>` beside the timestamp header. `extracted.fields.ts` is the timestamp header's text.
 */
export const v0Signature = {
  match(body: Uint8Array, key: Uint8Array, extracted: Extracted): Match {
    const ts = extracted.fields?.ts;
    if (ts === undefined) return null;
    return compareDigest(hmacSha256(key, `v0:${ts}:`, body), extracted.signatures, (d) => `v0=${toHex(d)}`);
  },
  sign(input: SignInput, key: Uint8Array, timestampHeader: string, signatureHeader: string): SignOutput {
    const ts = String(Math.floor(input.timestamp));
    return {
      url: input.url,
      headers: [
        [timestampHeader, ts],
        [signatureHeader, `v0=${toHex(hmacSha256(key, `v0:${ts}:`, input.body))}`],
      ],
    };
  },
};
