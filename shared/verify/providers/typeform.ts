/**
 * Typeform: `Typeform-Signature: sha256=<base64 HMAC-SHA256(webhook secret, raw body)>`
 * (typeform.com/developers "Secure your webhooks": HMAC-SHA256 of the entire payload, base64, prefixed
 * `sha256=`). No timestamp.
 */
import { hmac } from '../crypto.js';
import { toBase64, utf8 } from '../encoding.js';
import { compareDigest, defineScheme, utf8Key } from '../scheme.js';
import { unresolvedEnvComplaint } from './location.js';

function complain(secret: string): string | null {
  const env = unresolvedEnvComplaint(secret);
  if (env) return env;
  if (secret.trim().startsWith('tfp_')) {
    return 'This is a Typeform personal access token (tfp_…). Webhooks are signed with the secret set on the webhook itself.';
  }
  return null;
}

export const typeform = defineScheme({
  id: 'typeform',
  title: 'Typeform',
  signsUrl: false,
  secretShape: {
    describe: 'the secret you set on the webhook (any string you chose), not a personal access token',
    complain,
  },
  doc: {
    headers: ['Typeform-Signature'],
    signs: 'raw body (sha256= + base64 HMAC-SHA256)',
    tolerance: 'none',
    testedAgainst: 'hand-computed node:crypto HMAC-SHA256 (Typeform publishes no worked example)',
  },
  detectionHeaders: ['typeform-signature', 'user-agent'],
  detect: (req) => req.header('typeform-signature') !== undefined || /^typeform/i.test(req.header('user-agent') ?? ''),
  extract(req) {
    const signature = req.header('typeform-signature');
    return signature ? { signatures: [signature] } : null;
  },
  key: utf8Key,
  match: (variant, key, extracted) =>
    compareDigest(hmac('sha256', key, variant.body), extracted.signatures, (d) => `sha256=${toBase64(d)}`),
  sign(input, secret) {
    const digest = hmac('sha256', utf8(secret), input.body);
    return { url: input.url, headers: [['Typeform-Signature', `sha256=${toBase64(digest)}`]] };
  },
});

export const { detect, verify, sign } = typeform;
