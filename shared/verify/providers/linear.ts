/**
 * Linear: `Linear-Signature: <hex HMAC-SHA256(signing secret, raw body)>`. The freshness check uses the
 * body's own `webhookTimestamp` field (unix milliseconds), which the signature covers: the SDK rejects it
 * more than 60 s from the clock either way, and skips the check when the field is absent. Checked against
 * linear/linear packages/sdk/src/webhooks/client.ts (LinearWebhookClient.verify).
 */
import type { RequestView } from '../types.js';
import { toHex } from '../encoding.js';
import { compareDigest, defineScheme, utf8Key } from '../scheme.js';
import { jsonBody } from './json-body.js';
import { hmacSha256, requireKey } from './signed-parts.js';

/** `webhookTimestamp` (ms) from a JSON body, in unix seconds; undefined when the body has none. */
function bodyTimestamp(req: RequestView): number | undefined {
  const ms = jsonBody(req)?.webhookTimestamp;
  // The SDK only checks a truthy number; seconds keep the millisecond fraction so 60 s means 60 000 ms.
  return typeof ms === 'number' && Number.isFinite(ms) && ms !== 0 ? ms / 1000 : undefined;
}

export const linear = defineScheme({
  id: 'linear',
  title: 'Linear',
  kind: 'hmac',
  signsUrl: false,
  toleranceSeconds: 60,
  secretShape: {
    describe: "the webhook's signing secret, starting with lin_wh_",
    complain(secret) {
      const trimmed = secret.trim();
      if (trimmed.startsWith('lin_api_')) {
        return "This is a Linear API key (lin_api_…), not the webhook's signing secret (lin_wh_…, shown on the webhook's settings page).";
      }
      if (trimmed.startsWith('lin_oauth_')) {
        return "This is a Linear OAuth token (lin_oauth_…), not the webhook's signing secret (lin_wh_…).";
      }
      return null;
    },
  },
  doc: {
    headers: ['Linear-Signature'],
    signs: 'raw body; hex HMAC-SHA256; freshness from the body field webhookTimestamp (ms)',
    tolerance: '60 s either way on body webhookTimestamp (@linear/sdk LinearWebhookClient.verify)',
    testedAgainst: 'linear-self (algorithm from @linear/sdk webhooks/client.ts)',
  },
  detectionHeaders: ['linear-signature'],
  detect: (req) => req.header('linear-signature') !== undefined,
  extract(req) {
    const signature = req.header('linear-signature');
    if (!signature) return null;
    return { signatures: [signature], timestamp: bodyTimestamp(req) };
  },
  key: utf8Key,
  match: (variant, key, extracted) => compareDigest(hmacSha256(key, variant.body), extracted.signatures, toHex),
  sign(input, secret) {
    const key = requireKey(utf8Key(secret), 'linear');
    return { url: input.url, headers: [['Linear-Signature', toHex(hmacSha256(key, input.body))]] };
  },
});

export const { detect, verify, sign } = linear;
