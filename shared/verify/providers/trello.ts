/**
 * Trello: `X-Trello-Webhook: <base64 HMAC-SHA1(app secret, body + callbackURL)>`, where callbackURL is the
 * URL exactly as given when the webhook was created (developer.atlassian.com Trello "Webhooks" →
 * webhook signatures). The key is the app's OAuth 1.0 secret, not the API key or a token. No timestamp.
 *
 * Trello's docs warn that the signed text is treated as a "binary" string, not UTF-8: each UTF-16 code
 * unit contributes only its low 8 bits (en dash U+2013 → byte 0x13), Node's old default for string
 * input. The two agree on ASCII bodies; for other bodies both forms are tried, the documented one first.
 */
import type { Match } from '../types.js';
import { hmac } from '../crypto.js';
import { concatBytes, fromUtf8, toBase64, utf8 } from '../encoding.js';
import { compareDigest, defineScheme, utf8Key } from '../scheme.js';
import { unresolvedEnvComplaint } from './location.js';

/** A string as Node's "binary" (latin1) encoding writes it: the low byte of each UTF-16 code unit. */
function binaryBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** What Trello signs for this body and callback URL, as it documents it. */
function signedContent(body: Uint8Array, callbackUrl: string): Uint8Array {
  return binaryBytes(fromUtf8(body) + callbackUrl);
}

function complain(secret: string): string | null {
  const env = unresolvedEnvComplaint(secret);
  if (env) return env;
  const value = secret.trim();
  if (/^[0-9a-f]{32}$/i.test(value)) {
    return 'This looks like a Trello API key (32 hex characters). Webhooks are signed with the OAuth secret shown beside it (64 hex characters).';
  }
  if (value.startsWith('ATTA')) {
    return 'This is a Trello user token (ATTA…). Webhooks are signed with the app\'s OAuth secret (64 hex characters).';
  }
  return null;
}

export const trello = defineScheme({
  id: 'trello',
  title: 'Trello',
  signsUrl: true,
  secretShape: {
    describe: "the app's OAuth 1.0 secret (64 hex characters, beside the API key), not the API key or a token",
    complain,
  },
  doc: {
    headers: ['X-Trello-Webhook'],
    signs: 'raw body + callback URL exactly as registered (as a "binary" string: low byte of each UTF-16 unit)',
    tolerance: 'none',
    testedAgainst: 'hand-computed node:crypto HMAC-SHA1 over latin1(body + callbackURL), incl. a non-ASCII body',
  },
  detectionHeaders: ['x-trello-webhook'],
  detect: (req) => req.header('x-trello-webhook') !== undefined,
  extract(req) {
    const signature = req.header('x-trello-webhook');
    return signature ? { signatures: [signature] } : null;
  },
  key: utf8Key,
  match(variant, key, extracted): Match {
    const documented = signedContent(variant.body, variant.url);
    const result = compareDigest(hmac('sha1', key, documented), extracted.signatures, toBase64);
    if (result === 'match') return result;
    // The UTF-8 bytes (today's Node default for strings) differ from the documented form only off ASCII.
    if (!variant.body.some((b) => b >= 0x80) && !/[^\x00-\x7f]/.test(variant.url)) return result;
    const asUtf8 = concatBytes(variant.body, utf8(variant.url));
    return compareDigest(hmac('sha1', key, asUtf8), extracted.signatures, toBase64) ?? result;
  },
  sign(input, secret) {
    const digest = hmac('sha1', utf8(secret), signedContent(input.body, input.url));
    return { url: input.url, headers: [['X-Trello-Webhook', toBase64(digest)]] };
  },
});

export const { detect, verify, sign } = trello;
