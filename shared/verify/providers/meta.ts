/**
 * Meta webhooks (Facebook, Instagram, WhatsApp, Messenger): `X-Hub-Signature-256: sha256=<hex
 * HMAC-SHA256(app secret, payload)>`, sent beside the older `X-Hub-Signature: sha1=<hex HMAC-SHA1>`
 * (developers.facebook.com Graph API "Webhooks → Getting started", validating payloads). No timestamp.
 *
 * Meta signs "an escaped unicode version of the payload, with lowercase hex digits" (äöå → \u00e4\u00f6\u00e5).
 * Its deliveries are normally escaped that way already, so the raw body is tried first and, when the body
 * holds non-ASCII characters, the escaped form next.
 *
 * GitHub sends the same header: detection wants Meta evidence (its user agent or the `object` + `entry`
 * payload shape) and never claims a request with `X-GitHub-Event`. The registry lists meta before github.
 */
import type { Match } from '../types.js';
import type { HashAlgorithm } from '../crypto.js';
import { hmac } from '../crypto.js';
import { fromUtf8, toHex, utf8 } from '../encoding.js';
import { compareDigest, defineScheme, utf8Key } from '../scheme.js';
import { jsonBody } from './json-body.js';
import { unresolvedEnvComplaint } from './location.js';

/** The user agent of Meta's webhook deliveries. */
const USER_AGENT = 'facebookexternalua';

/** The payload with every non-ASCII UTF-16 code unit written as a lowercase \uXXXX escape. */
export function escapeUnicode(body: Uint8Array): Uint8Array {
  return utf8(fromUtf8(body).replace(/[^\x00-\x7f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

function complain(secret: string): string | null {
  const env = unresolvedEnvComplaint(secret);
  if (env) return env;
  const value = secret.trim();
  if (/^EAA[A-Za-z0-9]{20,}$/.test(value)) {
    return 'This is a Meta access token (EAA…). Webhooks are signed with the App Secret (App settings → Basic).';
  }
  if (/^\d+\|/.test(value)) {
    return 'This is an app access token (app-id|secret). Use only the App Secret (App settings → Basic).';
  }
  return null;
}

export const meta = defineScheme({
  id: 'meta',
  title: 'Meta (Facebook, Instagram, WhatsApp)',
  signsUrl: false,
  secretShape: {
    describe: 'the App Secret (32 hex characters, App settings → Basic), not an access token or the verify token',
    complain,
  },
  doc: {
    headers: ['X-Hub-Signature-256', 'X-Hub-Signature (sha1, fallback)'],
    signs: 'raw body (Meta signs the \\u-escaped form; both tried)',
    tolerance: 'none',
    testedAgainst: 'hand-computed node:crypto HMAC-SHA256/SHA1, incl. the docs\' äöå escaping example; GitHub docs vector still detected as github',
  },
  detectionHeaders: ['user-agent', 'x-hub-signature-256', 'x-hub-signature'],
  detect(req) {
    if (req.header('x-github-event') !== undefined) return false;
    // Meta's link-preview crawler shares the user agent; only webhook deliveries are POSTs.
    if (req.method === 'POST' && req.header('user-agent')?.toLowerCase().startsWith(USER_AGENT)) return true;
    if (req.header('x-hub-signature-256') === undefined && req.header('x-hub-signature') === undefined) return false;
    const body = jsonBody(req);
    return body !== null && typeof body.object === 'string' && Array.isArray(body.entry);
  },
  extract(req) {
    const sha256 = req.header('x-hub-signature-256');
    if (sha256) return { signatures: [sha256], fields: { algorithm: 'sha256' } };
    const sha1 = req.header('x-hub-signature');
    return sha1 ? { signatures: [sha1], fields: { algorithm: 'sha1' } } : null;
  },
  key: utf8Key,
  match(variant, key, extracted): Match {
    const algorithm: HashAlgorithm = extracted.fields?.algorithm === 'sha1' ? 'sha1' : 'sha256';
    const render = (d: Uint8Array) => `${algorithm}=${toHex(d)}`;
    const result = compareDigest(hmac(algorithm, key, variant.body), extracted.signatures, render);
    if (result === 'match' || !variant.body.some((b) => b >= 0x80)) return result;
    return compareDigest(hmac(algorithm, key, escapeUnicode(variant.body)), extracted.signatures, render) ?? result;
  },
  sign(input, secret) {
    const key = utf8(secret);
    return {
      url: input.url,
      headers: [
        ['X-Hub-Signature-256', `sha256=${toHex(hmac('sha256', key, input.body))}`],
        ['X-Hub-Signature', `sha1=${toHex(hmac('sha1', key, input.body))}`],
        ['User-Agent', USER_AGENT],
      ],
    };
  },
});

export const { detect, verify, sign } = meta;
