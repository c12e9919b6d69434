/**
 * Sentry integration platform: `Sentry-Hook-Signature: <hex HMAC-SHA256>` keyed with the integration's
 * Client Secret over the body. Sentry signs exactly the string it sends (getsentry/sentry:
 * `AppPlatformEvent.body` is both the signed text and the request data), so the raw body is verified.
 * Sentry's docs and example app re-serialize the parsed JSON instead, which breaks whenever the
 * serializers differ. `Sentry-Hook-Timestamp` is sent but not signed, so no time window applies.
 */
import { defineScheme, utf8Key } from '../scheme.js';
import { unresolvedEnvComplaint } from './location.js';
import { hexHmac, matchHexHmac } from './provider-helpers.js';

const SIGNATURE_HEADER = 'Sentry-Hook-Signature';

function complain(secret: string): string | null {
  const env = unresolvedEnvComplaint(secret);
  if (env) return env;
  const value = secret.trim();
  if (/^sntry[su]_/.test(value)) {
    return "This is a Sentry auth token. Webhooks are signed with the integration's Client Secret (Settings > Developer Settings > your integration).";
  }
  if (/^https?:\/\/[^@/]+@/.test(value)) {
    return "This is a DSN. Webhooks are signed with the integration's Client Secret (Settings > Developer Settings > your integration).";
  }
  return null;
}

export const sentry = defineScheme({
  id: 'sentry',
  title: 'Sentry (integration platform)',
  kind: 'hmac',
  signsUrl: false,
  doc: {
    headers: [SIGNATURE_HEADER],
    signs: 'raw body (the exact JSON string Sentry sends); hex HMAC-SHA256 with the Client Secret',
    tolerance: 'none (Sentry-Hook-Timestamp is not signed)',
    testedAgainst: 'no published vector: round trip + node:crypto hand computation (signing per getsentry/sentry SentryApp.build_signature)',
  },
  secretShape: {
    describe: "the integration's Client Secret (64 hex characters) from Settings > Developer Settings",
    complain,
  },
  detectionHeaders: [SIGNATURE_HEADER, 'sentry-hook-resource'],
  detect: (req) => req.header(SIGNATURE_HEADER) !== undefined || req.header('sentry-hook-resource') !== undefined,
  extract(req) {
    const signature = req.header(SIGNATURE_HEADER);
    return signature ? { signatures: [signature] } : null;
  },
  key: utf8Key,
  match: (variant, key, extracted) => matchHexHmac(key, variant.body, extracted.signatures),
  sign(input, secret) {
    return {
      url: input.url,
      headers: [
        [SIGNATURE_HEADER, hexHmac(secret, input.body)],
        ['Sentry-Hook-Timestamp', String(Math.floor(input.timestamp))],
      ],
    };
  },
});

export const { detect, verify, sign } = sentry;
