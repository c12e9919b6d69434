/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>`. No timestamp.
 * (Verified against docs.github.com "Validating webhook deliveries" test values.)
 */
import { hmac } from '../crypto.js';
import { toHex, utf8 } from '../encoding.js';
import { compareDigest, defineScheme, utf8Key } from '../scheme.js';

export const github = defineScheme({
  id: 'github',
  title: 'GitHub',
  signsUrl: false,
  doc: {
    headers: ['X-Hub-Signature-256'],
    signs: 'raw body',
    tolerance: 'none',
    testedAgainst: 'github-docs (docs.github.com test values)',
  },
  detectionHeaders: ['x-hub-signature-256', 'x-github-event'],
  detect: (req) => req.header('x-hub-signature-256') !== undefined || req.header('x-github-event') !== undefined,
  extract(req) {
    const signature = req.header('x-hub-signature-256');
    return signature ? { signatures: [signature] } : null;
  },
  key: utf8Key,
  match: (variant, key, extracted) =>
    compareDigest(hmac('sha256', key, variant.body), extracted.signatures, (d) => `sha256=${toHex(d)}`),
  sign(input, secret) {
    const digest = hmac('sha256', utf8(secret), input.body);
    return { url: input.url, headers: [['X-Hub-Signature-256', `sha256=${toHex(digest)}`]] };
  },
});

export const { detect, verify, sign } = github;
