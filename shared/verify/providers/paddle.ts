/**
 * Paddle Billing: `Paddle-Signature: ts=<unix>;h1=<hex>`, h1 the hex HMAC-SHA256 of `ts + ":" + raw body`
 * keyed with the notification destination's secret key string (pdl_ntfset_…). Paddle's docs say a header
 * holds at least one h1 (more while a key rotates), so any h1 may match. Tolerance 5 s (docs and every
 * Paddle SDK). Checked against PaddleHQ/paddle-node-sdk src/notifications/helpers/webhooks-validator.ts
 * and developer.paddle.com "Verify webhook signatures". (Paddle Classic's p_signature is a different,
 * RSA-based scheme and is not handled here.)
 */
import { toHex } from '../encoding.js';
import { compareDigest, defineScheme, utf8Key } from '../scheme.js';
import { hmacSha256, leadingInteger, parseParamList, requireKey } from './signed-parts.js';

export const paddle = defineScheme({
  id: 'paddle',
  title: 'Paddle Billing',
  kind: 'hmac',
  signsUrl: false,
  toleranceSeconds: 5,
  // paddle-node-sdk rejects only old timestamps.
  futureToleranceSeconds: Infinity,
  secretShape: {
    describe: "the notification destination's secret key, starting with pdl_ntfset_",
    complain(secret) {
      const trimmed = secret.trim();
      if (/^pdl_(live|sdbx)_apikey_/.test(trimmed)) {
        return "This is a Paddle API key, not a webhook secret. Paddle signs with the notification destination's secret key (pdl_ntfset_…), under Developer tools → Notifications.";
      }
      if (/^(live|test)_[0-9a-f]{20,}$/.test(trimmed)) {
        return "This is a Paddle.js client-side token, not a webhook secret. Paddle signs with the notification destination's secret key (pdl_ntfset_…).";
      }
      return null;
    },
  },
  doc: {
    headers: ['Paddle-Signature'],
    signs: 'ts + ":" + raw body; hex HMAC-SHA256 keyed with the pdl_ntfset_ string; any h1 may match',
    tolerance: '5 s (Paddle docs; paddle-node-sdk MAX_VALID_TIME_DIFFERENCE)',
    testedAgainst: 'paddle-billing-self (algorithm from paddle-node-sdk webhooks-validator.ts)',
  },
  detectionHeaders: ['paddle-signature'],
  detect: (req) => req.header('paddle-signature') !== undefined,
  extract(req) {
    const header = req.header('paddle-signature');
    if (!header) return null;
    let timestamp: number | undefined;
    const signatures: string[] = [];
    for (const [name, value] of parseParamList(header, ';')) {
      if (value === '') continue;
      if (name === 'ts') timestamp = leadingInteger(value);
      else if (name === 'h1') signatures.push(value);
    }
    if (timestamp === undefined || signatures.length === 0) return null;
    return { signatures, timestamp, fields: { ts: String(timestamp) } };
  },
  key: utf8Key,
  match(variant, key, extracted) {
    const ts = extracted.fields?.ts;
    if (ts === undefined) return null;
    return compareDigest(hmacSha256(key, `${ts}:`, variant.body), extracted.signatures, toHex);
  },
  sign(input, secret) {
    const key = requireKey(utf8Key(secret), 'paddle');
    const ts = String(Math.floor(input.timestamp));
    return { url: input.url, headers: [['Paddle-Signature', `ts=${ts};h1=${toHex(hmacSha256(key, `${ts}:`, input.body))}`]] };
  },
});

export const { detect, verify, sign } = paddle;
