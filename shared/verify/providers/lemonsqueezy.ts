/**
 * Lemon Squeezy: `X-Signature: <hex HMAC-SHA256 of the raw body>` keyed with the webhook's signing secret;
 * every delivery also carries `X-Event-Name` (order_created, subscription_updated, ...). No timestamp.
 * Sources: docs.lemonsqueezy.com "Signing requests"; lmsqueezy/laravel VerifyWebhookSignature
 * (`hash_hmac('sha256', $request->getContent(), signing_secret)`).
 *
 * `X-Signature` alone is a generic name many services use, so detection also requires `X-Event-Name`.
 */
import { fromUtf8 } from '../encoding.js';
import { defineScheme, utf8Key } from '../scheme.js';
import { unresolvedEnvComplaint } from './location.js';
import { hexHmac, looksLikeJwt, matchHexHmac } from './provider-helpers.js';

const SIGNATURE_HEADER = 'X-Signature';
const EVENT_HEADER = 'X-Event-Name';

/** `meta.event_name` from a Lemon Squeezy payload, so a signed test request is recognisable. */
function eventNameOf(body: Uint8Array): string | undefined {
  try {
    const name = (JSON.parse(fromUtf8(body)) as { meta?: { event_name?: unknown } } | null)?.meta?.event_name;
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}

function complain(secret: string): string | null {
  const env = unresolvedEnvComplaint(secret);
  if (env) return env;
  if (looksLikeJwt(secret)) {
    return 'This looks like a Lemon Squeezy API key (a JWT). Webhooks are signed with the signing secret you typed when creating the webhook (Settings > Webhooks).';
  }
  return null;
}

export const lemonsqueezy = defineScheme({
  id: 'lemonsqueezy',
  title: 'Lemon Squeezy',
  kind: 'hmac',
  signsUrl: false,
  doc: {
    headers: [SIGNATURE_HEADER, `${EVENT_HEADER} (detection)`],
    signs: 'raw body; hex HMAC-SHA256',
    tolerance: 'none (no timestamp is signed)',
    testedAgainst: 'no published vector: round trip + node:crypto hand computation (as lmsqueezy/laravel verifies)',
  },
  secretShape: {
    describe: 'the signing secret you chose when creating the webhook in Settings > Webhooks',
    complain,
  },
  detectionHeaders: [SIGNATURE_HEADER],
  detect: (req) => req.header(SIGNATURE_HEADER) !== undefined && req.header(EVENT_HEADER) !== undefined,
  extract(req) {
    const signature = req.header(SIGNATURE_HEADER);
    return signature ? { signatures: [signature] } : null;
  },
  key: utf8Key,
  match: (variant, key, extracted) => matchHexHmac(key, variant.body, extracted.signatures),
  sign(input, secret) {
    const headers: Array<[string, string]> = [[SIGNATURE_HEADER, hexHmac(secret, input.body)]];
    const hasEvent = input.headers?.some(([name]) => name.toLowerCase() === EVENT_HEADER.toLowerCase());
    const event = hasEvent ? undefined : eventNameOf(input.body);
    if (event) headers.push([EVENT_HEADER, event]);
    return { url: input.url, headers };
  },
});

export const { detect, verify, sign } = lemonsqueezy;
