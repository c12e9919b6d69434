/**
 * Stripe: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>...]`, each v1 the hex HMAC-SHA256 of
 * `t + "." + raw body` keyed with the endpoint secret's UTF-8 bytes, `whsec_` prefix included (stripe-node
 * passes the secret string straight to createHmac). While a rolled secret is still active Stripe sends one
 * v1 per secret, and any of them may match. Tolerance 300 s (stripe-node Webhook.DEFAULT_TOLERANCE).
 * Checked against stripe-node src/Webhooks.ts (parseHeader, makeHMACContent, validateComputedSignature).
 */
import { toHex } from '../encoding.js';
import { compareDigest, defineScheme, utf8Key } from '../scheme.js';
import { hmacSha256, leadingInteger, parseParamList, requireKey } from './signed-parts.js';

export const stripe = defineScheme({
  id: 'stripe',
  title: 'Stripe',
  kind: 'hmac',
  signsUrl: false,
  toleranceSeconds: 300,
  // stripe-node rejects only timestamps older than the tolerance, never ones from the future.
  futureToleranceSeconds: Infinity,
  secretShape: {
    describe: 'the endpoint signing secret, starting with whsec_ (Dashboard → Webhooks, or `stripe listen`)',
    complain(secret) {
      const kind = /^(sk|rk|pk)_/.exec(secret.trim())?.[1];
      if (!kind) return null;
      const name = { sk: 'a secret API key', rk: 'a restricted API key', pk: 'a publishable key' }[kind];
      return `This is ${name} (${kind}_…), not a webhook signing secret. Stripe signs webhooks with the endpoint's signing secret, which starts with whsec_.`;
    },
  },
  doc: {
    headers: ['Stripe-Signature'],
    signs: 't + "." + raw body; hex HMAC-SHA256 keyed with the whole whsec_ string; any v1 may match',
    tolerance: '300 s (stripe-node DEFAULT_TOLERANCE)',
    testedAgainst: 'stripe-sdk-generated, stripe-rotation-two-v1, stripe-primitive-* (stripe-node crypto tests)',
  },
  detectionHeaders: ['stripe-signature'],
  detect: (req) => req.header('stripe-signature') !== undefined,
  extract(req) {
    const header = req.header('stripe-signature');
    if (!header) return null;
    let timestamp: number | undefined;
    const signatures: string[] = [];
    for (const [name, value] of parseParamList(header, ',')) {
      // As in stripe-node: the last `t` wins, and only v1 entries are signatures (v0 is a test-mode legacy).
      if (name === 't') timestamp = leadingInteger(value);
      else if (name === 'v1') signatures.push(value);
    }
    if (timestamp === undefined || signatures.length === 0) return null;
    // stripe-node signs the parsed number, so `t=0017` is checked as "17.".
    return { signatures, timestamp, fields: { t: String(timestamp) } };
  },
  key: utf8Key,
  match(variant, key, extracted) {
    const t = extracted.fields?.t;
    if (t === undefined) return null;
    return compareDigest(hmacSha256(key, t, '.', variant.body), extracted.signatures, toHex);
  },
  sign(input, secret) {
    const key = requireKey(utf8Key(secret), 'stripe');
    const t = String(Math.floor(input.timestamp));
    return { url: input.url, headers: [['Stripe-Signature', `t=${t},v1=${toHex(hmacSha256(key, t, '.', input.body))}`]] };
  },
});

export const { detect, verify, sign } = stripe;
