/**
 * Standard Webhooks, and Svix which it grew out of (Clerk, Resend, Replicate, ... send it):
 * `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64> [v1,<base64> ...]` (Svix brands them
 * `svix-*`). Each v1 is base64 HMAC-SHA256 over `id + "." + timestamp + "." + raw body`, keyed with the
 * base64-decoded secret after its `whsec_` prefix, not the secret string itself. Several space-separated
 * signatures during rotation; any v1 may match. Tolerance 300 s either way. Checked against
 * standard-webhooks libraries/javascript/src/index.ts and svix javascript/src/webhook.ts (which reads the
 * svix-* headers first and falls back to webhook-*).
 *
 * Options: `brand: 'svix'` makes `sign` write svix-* headers instead of webhook-*.
 */
import { fromBase64, toBase64 } from '../encoding.js';
import { compareDigest, defineScheme } from '../scheme.js';
import { hmacSha256, leadingInteger, requireKey } from './signed-parts.js';

const PREFIX = 'whsec_';

/**
 * Both SDKs decode with @stablelib/base64, which takes only the standard alphabet with full padding and
 * throws otherwise; we refuse the same strings so a secret the app cannot load never "verifies" here.
 */
function strictBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  return fromBase64(text);
}

function keyOf(secret: string): Uint8Array | null {
  const bytes = strictBase64(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret);
  return bytes && bytes.length > 0 ? bytes : null;
}

/** The svix-* set when complete, else the webhook-* set, as the Svix SDK reads them. */
function headerSet(req: { header(name: string): string | undefined }): { id: string; timestamp: string; signature: string } | null {
  for (const brand of ['svix', 'webhook']) {
    const id = req.header(`${brand}-id`);
    const timestamp = req.header(`${brand}-timestamp`);
    const signature = req.header(`${brand}-signature`);
    if (id && timestamp && signature) return { id, timestamp, signature };
  }
  return null;
}

export const standardWebhooks = defineScheme({
  id: 'standard-webhooks',
  title: 'Standard Webhooks / Svix',
  kind: 'hmac',
  signsUrl: false,
  toleranceSeconds: 300,
  secretShape: {
    describe: 'whsec_ followed by base64 (the endpoint signing secret)',
    complain(secret) {
      const trimmed = secret.trim();
      if (keyOf(trimmed)) return null;
      const body = trimmed.startsWith(PREFIX) ? trimmed.slice(PREFIX.length) : trimmed;
      if (body.length === 0) return 'The secret is empty after whsec_: copy the whole signing secret from the dashboard.';
      return `The part after whsec_ is not base64, so the Standard Webhooks / Svix libraries cannot turn it into a key. Copy the endpoint's signing secret exactly as shown (whsec_ + base64).`;
    },
  },
  doc: {
    headers: ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'svix-id', 'svix-timestamp', 'svix-signature'],
    signs: 'id + "." + timestamp + "." + raw body; "v1," + base64 HMAC-SHA256 keyed with base64-decoded secret after whsec_; any v1 may match',
    tolerance: '300 s either way (standardwebhooks / svix WEBHOOK_TOLERANCE_IN_SECONDS)',
    testedAgainst: 'standard-webhooks-sign (standard-webhooks JS/Python SDK tests; also accepted by svix)',
  },
  detectionHeaders: ['webhook-signature', 'svix-signature', 'webhook-id', 'svix-id'],
  detect: (req) =>
    req.header('webhook-signature') !== undefined ||
    req.header('svix-signature') !== undefined ||
    (req.header('webhook-id') !== undefined && req.header('webhook-timestamp') !== undefined) ||
    req.header('svix-id') !== undefined,
  extract(req) {
    const set = headerSet(req);
    if (!set) return null;
    const timestamp = leadingInteger(set.timestamp);
    if (timestamp === undefined) return null;
    // The SDKs sign the parsed number and split the header on single spaces.
    return { signatures: set.signature.split(' '), timestamp, fields: { id: set.id, t: String(timestamp) } };
  },
  key: keyOf,
  match(variant, key, extracted) {
    const { id, t } = extracted.fields ?? {};
    if (id === undefined || t === undefined) return null;
    return compareDigest(hmacSha256(key, `${id}.${t}.`, variant.body), extracted.signatures, (d) => `v1,${toBase64(d)}`);
  },
  sign(input, secret, options) {
    const key = requireKey(keyOf(secret), 'standard-webhooks');
    const brand = options.brand === 'svix' ? 'svix' : 'webhook';
    const t = String(Math.floor(input.timestamp));
    return {
      url: input.url,
      headers: [
        [`${brand}-id`, input.id],
        [`${brand}-timestamp`, t],
        [`${brand}-signature`, `v1,${toBase64(hmacSha256(key, `${input.id}.${t}.`, input.body))}`],
      ],
    };
  },
});

export const { detect, verify, sign } = standardWebhooks;
