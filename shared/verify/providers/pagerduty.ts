/**
 * PagerDuty v3 webhooks: `X-PagerDuty-Signature: v1=<hex>[,v1=<hex>...]`, one hex HMAC-SHA256 of the raw
 * body per active signing secret (several during rotation); any one matching is enough. No timestamp.
 * The secret string's own bytes are the key, although it looks like base64. Sources: PagerDuty
 * developer-docs "Verifying Signatures"; PagerDuty/go-pagerduty webhookv3 (VerifySignature and its test).
 */
import { defineScheme, utf8Key } from '../scheme.js';
import { unresolvedEnvComplaint } from './location.js';
import { hexHmac, matchHexHmac } from './provider-helpers.js';

const SIGNATURE_HEADER = 'X-PagerDuty-Signature';

function complain(secret: string): string | null {
  const env = unresolvedEnvComplaint(secret);
  if (env) return env;
  if (/^[0-9a-f]{32}$/.test(secret.trim())) {
    return 'This looks like an Events API integration (routing) key. Webhooks are signed with the secret returned when the v3 webhook subscription was created.';
  }
  return null;
}

export const pagerduty = defineScheme({
  id: 'pagerduty',
  title: 'PagerDuty (v3 webhooks)',
  kind: 'hmac',
  signsUrl: false,
  doc: {
    headers: [SIGNATURE_HEADER],
    signs: 'raw body; "v1=" + hex HMAC-SHA256, comma-separated, one per active secret',
    tolerance: 'none (no timestamp is signed)',
    testedAgainst: 'go-pagerduty webhookv3_test.go vector; node:crypto hand computation',
  },
  secretShape: {
    describe: 'the signing secret returned when the v3 webhook subscription was created (a 64-character random string)',
    complain,
  },
  detectionHeaders: [SIGNATURE_HEADER],
  detect: (req) => req.header(SIGNATURE_HEADER) !== undefined,
  extract(req) {
    const header = req.header(SIGNATURE_HEADER);
    // Entries are kept as sent: like the SDK, " v1=..." is not a v1 signature (compareDigest reports it as 'encoding').
    return header ? { signatures: header.split(',') } : null;
  },
  key: utf8Key,
  match: (variant, key, extracted) => matchHexHmac(key, variant.body, extracted.signatures, 'v1='),
  sign(input, secret) {
    return { url: input.url, headers: [[SIGNATURE_HEADER, `v1=${hexHmac(secret, input.body)}`]] };
  },
});

export const { detect, verify, sign } = pagerduty;
