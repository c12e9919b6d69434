/**
 * Zoom: `x-zm-signature: v0=<hex HMAC-SHA256(secret token, "v0:" + ts + ":" + body)>` with
 * `x-zm-request-timestamp: <unix>`. Zoom documents no freshness window and neither its Rivet SDK nor its
 * webhook-sample checks the timestamp, so no tolerance is applied. Both of those re-serialize the parsed
 * JSON before hashing; Zoom signs the compact JSON it sends, so the raw body is what we check (a
 * re-serialization mismatch is the engine's body-modified diagnosis). Checked against zoom/webhook-sample
 * index.js and zoom/rivet-javascript (CommonHttpRequest.isEventVerified, hashUrlValidationEvent).
 *
 * Zoom also validates an endpoint (at set-up and every 72 h) by posting `endpoint.url_validation`; the app
 * must answer with `urlValidationResponse` below.
 */
import { toHex, fromUtf8 } from '../encoding.js';
import { defineScheme, utf8Key } from '../scheme.js';
import { hmacSha256, requireKey, strictInteger, v0Signature } from './signed-parts.js';

export const zoom = defineScheme({
  id: 'zoom',
  title: 'Zoom',
  kind: 'hmac',
  signsUrl: false,
  secretShape: {
    describe: "the app's Secret Token (Features → Access → Event Subscriptions), not the OAuth client secret",
  },
  doc: {
    headers: ['x-zm-signature', 'x-zm-request-timestamp'],
    signs: '"v0:" + timestamp + ":" + raw body; "v0=" + hex HMAC-SHA256 keyed with the Secret Token',
    tolerance: 'none (Zoom documents none; Rivet and webhook-sample do not check it)',
    testedAgainst: 'zoom-self, zoom-crc-url-validation-self (algorithm from zoom/webhook-sample, zoom/rivet-javascript)',
  },
  detectionHeaders: ['x-zm-signature', 'x-zm-request-timestamp'],
  detect: (req) => req.header('x-zm-signature') !== undefined || req.header('x-zm-request-timestamp') !== undefined,
  extract(req) {
    const signature = req.header('x-zm-signature');
    const ts = req.header('x-zm-request-timestamp');
    if (!signature || ts === undefined) return null;
    // Signed as the header text; the number is only shown (no tolerance applies).
    return { signatures: [signature], timestamp: strictInteger(ts), fields: { ts } };
  },
  key: utf8Key,
  match: (variant, key, extracted) => v0Signature.match(variant.body, key, extracted),
  sign: (input, secret) => v0Signature.sign(input, requireKey(utf8Key(secret), 'zoom'), 'x-zm-request-timestamp', 'x-zm-signature'),

});

export const { detect, verify, sign } = zoom;

export interface UrlValidationResponse {
  plainToken: string;
  encryptedToken: string;
}

/**
 * The JSON body an app must answer Zoom's `endpoint.url_validation` event with:
 * `encryptedToken` = hex HMAC-SHA256(secret token, plainToken). null when `body` is not such an event.
 */
export function urlValidationResponse(body: Uint8Array | string, secret: string): UrlValidationResponse | null {
  let event: unknown;
  try {
    event = JSON.parse(typeof body === 'string' ? body : fromUtf8(body));
  } catch {
    return null;
  }
  if (typeof event !== 'object' || event === null) return null;
  const { event: name, payload } = event as { event?: unknown; payload?: { plainToken?: unknown } };
  const plainToken = payload?.plainToken;
  if (name !== 'endpoint.url_validation' || typeof plainToken !== 'string') return null;
  const key = requireKey(utf8Key(secret), 'zoom');
  return { plainToken, encryptedToken: toHex(hmacSha256(key, plainToken)) };
}
