/**
 * Signatures computed the way each provider computes them, with node:crypto only — never through the
 * scheme modules' own `sign`, so integration tests check the engine against an independent signer.
 * One builder per provider signature; each returns exactly the header value(s) the provider sends.
 */
import { createHmac } from 'node:crypto';

type Bytes = string | Buffer;

/**
 * Twilio (`X-Twilio-Signature`): base64 HMAC-SHA1 keyed with the Auth Token over the full URL followed by
 * every form field as name + value, names sorted by UTF-16 code units (twilio-node `getExpectedTwilioSignature`).
 */
export function twilioSignature(authToken: string, url: string, formBody = ''): string {
  const pairs = [...new URLSearchParams(formBody)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHmac('sha1', authToken)
    .update(url + pairs.map(([name, value]) => name + value).join(''))
    .digest('base64');
}

/** SignalWire RELAY / SWML (`X-SignalWire-Signature`): lowercase hex HMAC-SHA1 over the exact URL followed by the raw body. */
export function signalwireRelaySignature(signingKey: string, url: string, body: Bytes): string {
  return createHmac('sha1', signingKey).update(Buffer.concat([Buffer.from(url), Buffer.from(body)])).digest('hex');
}

/** Square (`x-square-hmacsha256-signature`): base64 HMAC-SHA256 over the notification URL as registered + raw body. */
export function squareSignature(signatureKey: string, notificationUrl: string, body: Bytes): string {
  return createHmac('sha256', signatureKey).update(Buffer.concat([Buffer.from(notificationUrl), Buffer.from(body)])).digest('base64');
}

/** Stripe (`Stripe-Signature`): `t=<unix>,v1=<hex HMAC-SHA256(whole whsec_ string, t + "." + body)>`, one v1 per secret. */
export function stripeSignatureHeader(secrets: string | string[], t: number, body: Bytes): string {
  const v1 = (Array.isArray(secrets) ? secrets : [secrets]).map(
    (secret) => `v1=${createHmac('sha256', secret).update(Buffer.concat([Buffer.from(`${t}.`), Buffer.from(body)])).digest('hex')}`,
  );
  return [`t=${t}`, ...v1].join(',');
}

/** GitHub (`X-Hub-Signature-256`): `sha256=` + hex HMAC-SHA256 of the raw body. */
export function githubSignature256(secret: string, body: Bytes): string {
  return 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
}

/** Slack: `X-Slack-Request-Timestamp` and `X-Slack-Signature: v0=<hex HMAC-SHA256("v0:" + ts + ":" + body)>`. */
export function slackHeaders(signingSecret: string, ts: number, body: Bytes): Array<[string, string]> {
  const digest = createHmac('sha256', signingSecret)
    .update(Buffer.concat([Buffer.from(`v0:${ts}:`), Buffer.from(body)]))
    .digest('hex');
  return [
    ['X-Slack-Request-Timestamp', String(ts)],
    ['X-Slack-Signature', `v0=${digest}`],
  ];
}

/**
 * Standard Webhooks / Svix: `<brand>-id`, `<brand>-timestamp`, `<brand>-signature: v1,<base64>` where the
 * HMAC-SHA256 over `id.t.body` is keyed with the base64-decoded secret after `whsec_`.
 * `keyAsText` reproduces a broken sender that keys with the secret string's bytes instead.
 */
export function standardWebhooksHeaders(
  secret: string,
  id: string,
  t: number,
  body: Bytes,
  options: { brand?: 'svix' | 'webhook'; keyAsText?: boolean } = {},
): Array<[string, string]> {
  const brand = options.brand ?? 'webhook';
  const key = options.keyAsText ? Buffer.from(secret) : Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(`${id}.${t}.`), Buffer.from(body)]))
    .digest('base64');
  return [
    [`${brand}-id`, id],
    [`${brand}-timestamp`, String(t)],
    [`${brand}-signature`, `v1,${signature}`],
  ];
}

/** Shopify (`X-Shopify-Hmac-Sha256`): base64 HMAC-SHA256 of the raw body, keyed with the app's client secret. */
export function shopifySignature(clientSecret: string, body: Bytes, encoding: 'base64' | 'hex' = 'base64'): string {
  return createHmac('sha256', clientSecret).update(body).digest(encoding);
}

/**
 * Flash ad hoc callbacks (`callbackUri?signature=`): base64 HMAC-SHA256 of the id the client chose (the
 * `externalId` the callback's JSON body carries), as in Flash's docs. Returned raw: callers decide whether
 * it is put into the URL percent-encoded (correct) or as is (the `+` trap).
 */
export function flashCallbackSignature(secret: string, externalId: string): string {
  return createHmac('sha256', secret).update(externalId).digest('base64');
}
