/**
 * Issue 3's acceptance test: every diagnosis code (but app-rejected-valid, which needs forward mode) from
 * a real hookscope — SQLite file, capture port, UI/API port — fed realistic broken deliveries signed here
 * with node:crypto exactly as each provider signs (test/helpers/signers.ts). Each test asserts the code
 * comes first in `verification.diagnoses`, the verdict, and that message and fix name the concrete URL,
 * header, seconds or secret label; every API response is checked for configured secret values.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestDetail, RequestPage } from '../../shared/api.js';
import { DIAGNOSIS_CODES, type Diagnosis, type VerificationResult } from '../../shared/verify/types.js';
import type { StartOptions } from '../../server/app.js';
import { startTestHookscope, type TestHookscope } from '../helpers/hookscope.js';
import { sendRaw } from '../helpers/raw-http.js';
import {
  flashCallbackSignature,
  githubSignature256,
  shopifySignature,
  signalwireRelaySignature,
  slackHeaders,
  squareSignature,
  standardWebhooksHeaders,
  stripeSignatureHeader,
  twilioSignature,
} from '../helpers/signers.js';

// ---------------------------------------------------------------------------------------------------
// Harness: start a hookscope with a developer's configuration, deliver, read back through the API
// ---------------------------------------------------------------------------------------------------

interface App {
  app: TestHookscope;
  /** Every configured secret value: none may appear in any API response. */
  secretValues: string[];
}

let running: TestHookscope[] = [];
afterEach(async () => {
  await Promise.all(running.map((a) => a.dispose()));
  running = [];
});

async function start(options: Pick<StartOptions, 'secrets' | 'endpoints' | 'publicUrl'>): Promise<App> {
  const app = await startTestHookscope(options);
  running.push(app);
  const secretValues = [...(options.secrets ?? []).map((s) => s.value), ...(options.endpoints ?? []).flatMap((e) => (e.secret ? [e.secret] : []))];
  return { app, secretValues };
}

/** `--secret provider=value` for each value, in rotation order (the first is current). */
function secrets(provider: string, ...values: string[]): NonNullable<StartOptions['secrets']> {
  return values.map((value) => ({ provider, value, source: 'cli' as const }));
}

/** Every code that came first in some response of this file (checked against the contract at the end). */
const seenFirst = new Set<string>();

interface Delivered {
  detail: RequestDetail;
  v: VerificationResult;
  codes: string[];
  first: Diagnosis;
}

function expectNoSecret(text: string, values: readonly string[], where: string): void {
  for (const value of values) {
    expect(text, `${where} leaks a configured secret`).not.toContain(value);
    expect(text, `${where} leaks a configured secret (URL-encoded)`).not.toContain(encodeURIComponent(value));
  }
}

/**
 * Send one request through the real capture port (exact header lines), then read it back from the UI
 * port as a script would: the detail and the list row. Both raw responses are checked for secrets.
 */
async function deliver(
  { app, secretValues }: App,
  req: { method?: string; target: string; headers: Array<[string, string]>; body?: string | Buffer },
): Promise<Delivered> {
  const res = await sendRaw({ url: app.urls.capture, method: req.method ?? 'POST', target: req.target, headers: req.headers, body: req.body ?? '' });
  expect(res.status).toBe(200);
  const { id } = JSON.parse(res.body.toString()) as { id: string };

  const detailRes = await fetch(`${app.urls.ui}/api/requests/${id}`);
  expect(detailRes.status).toBe(200);
  const detailText = await detailRes.text();
  expectNoSecret(detailText, secretValues, `GET /api/requests/${id}`);
  const detail = JSON.parse(detailText) as RequestDetail;

  const listText = await (await fetch(`${app.urls.ui}/api/requests?limit=5`)).text();
  expectNoSecret(listText, secretValues, 'GET /api/requests');
  const row = (JSON.parse(listText) as RequestPage).items.find((i) => i.id === id)!;

  const v = detail.verification;
  if (!v) throw new Error(`request ${id} carries no verification`);
  const codes = v.diagnoses.map((d) => d.code);
  if (codes[0]) seenFirst.add(codes[0]);
  // The list badge shows the same verdict and first diagnosis as the detail.
  expect(row).toMatchObject({ verdict: v.verdict, provider: v.provider, diagnosis: codes[0] ?? null });
  return { detail, v, codes, first: v.diagnoses[0]! };
}

/** Unix seconds now, as the providers stamp their signatures. */
const now = () => Math.floor(Date.now() / 1000);

// ---------------------------------------------------------------------------------------------------
// Realistic payloads and credentials
// ---------------------------------------------------------------------------------------------------

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/** An inbound SMS as Twilio posts it. */
const TWILIO_SMS =
  'ToCountry=US&ToState=CA&SmsMessageSid=SM1f0e2d3c4b5a69788796a5b4c3d2e1f0&NumMedia=0&ToCity=&FromZip=10001' +
  '&SmsSid=SM1f0e2d3c4b5a69788796a5b4c3d2e1f0&FromState=NY&SmsStatus=received&FromCity=NEW+YORK' +
  '&Body=Is+my+order+shipped%3F+%F0%9F%93%A6&FromCountry=US&To=%2B15005550006&ToZip=&NumSegments=1' +
  '&MessageSid=SM1f0e2d3c4b5a69788796a5b4c3d2e1f0&AccountSid=AC6a1b2c3d4e5f60718293a4b5c6d7e8f9&From=%2B12125550143&ApiVersion=2010-04-01';
const TWILIO_AUTH_TOKEN = '7c3f1e9a0b2d4c6e8f1a3b5c7d9e0f24';

function twilioHeaders(signature: string, extra: Array<[string, string]>): Array<[string, string]> {
  return [
    ...extra,
    ['User-Agent', 'TwilioProxy/1.1'],
    ['Content-Type', FORM],
    ['Accept', '*/*'],
    ['Cache-Control', 'max-age=259200'],
    ['I-Twilio-Idempotency-Token', '4c5e1b2a-3d6f-4e8a-9b0c-1d2e3f4a5b6c'],
    ['X-Twilio-Signature', signature],
    ['X-Forwarded-For', '54.172.60.14'],
  ];
}

const SQUARE_KEY = 'w8XqYt2Zk9LmNp4RsUv6Ab';
const SQUARE_BODY = JSON.stringify({
  merchant_id: '6SSW7HV8K2ST5',
  type: 'payment.updated',
  event_id: '6a8f5f28-54a1-4eb0-a98a-3111513fd4fc',
  created_at: '2024-05-02T09:41:12.345Z',
  data: { type: 'payment', id: 'hYy9pRFVxpDsO1FB05SunFWUe9JZY', object: { payment: { id: 'hYy9pRFVxpDsO1FB05SunFWUe9JZY', status: 'COMPLETED', amount_money: { amount: 1250, currency: 'USD' } } } },
});
function squareHeaders(signature: string, extra: Array<[string, string]>): Array<[string, string]> {
  return [...extra, ['Content-Type', JSON_TYPE], ['User-Agent', 'Square Connect v2'], ['square-version', '2024-04-17'], ['x-square-hmacsha256-signature', signature]];
}

const STRIPE_SECRET = 'whsec_4mJ9xQ2vR7tY1uI5oP8aS3dF6gH0jK2l';
const STRIPE_EVENT = JSON.stringify({
  id: 'evt_1PDc3L2eZvKYlo2C8kQd1xyz',
  object: 'event',
  api_version: '2024-04-10',
  created: 1714642872,
  data: { object: { id: 'pi_3PDc3K2eZvKYlo2C0w1abcde', object: 'payment_intent', amount: 2000, currency: 'usd', status: 'succeeded' } },
  livemode: false,
  pending_webhooks: 1,
  type: 'payment_intent.succeeded',
});
function stripeHeaders(signature: string): Array<[string, string]> {
  return [['Host', 'abc123.ngrok-free.app'], ['User-Agent', 'Stripe/1.0 (+https://stripe.com/docs/webhooks)'], ['Content-Type', 'application/json; charset=utf-8'], ['Stripe-Signature', signature], ['X-Forwarded-Proto', 'https']];
}

const GITHUB_SECRET = 'gh-hook-secret-2024-Lq8zT3'; // the secret typed into the repository's webhook settings
const GITHUB_PUSH = JSON.stringify({ ref: 'refs/heads/main', before: '6113728f27ae82c7b1a177c8d03f9e96e0adf246', after: '76ae82c7b1a177c8d03f9e96e0adf2466113728f', repository: { id: 1296269, full_name: 'octocat/Hello-World' }, pusher: { name: 'octocat' } });
function githubHeaders(extra: Array<[string, string]>): Array<[string, string]> {
  return [
    ['Host', 'abc123.ngrok-free.app'],
    ['User-Agent', 'GitHub-Hookshot/4a3b2c1'],
    ['Content-Type', JSON_TYPE],
    ['X-GitHub-Delivery', '72d3162e-cc78-11e3-81ab-4c9367dc0958'],
    ['X-GitHub-Event', 'push'],
    ['X-GitHub-Hook-ID', '292430182'],
    ['X-GitHub-Hook-Installation-Target-ID', '79929171'],
    ['X-GitHub-Hook-Installation-Target-Type', 'repository'],
    ...extra,
    ['X-Forwarded-For', '140.82.115.54'],
    ['X-Forwarded-Proto', 'https'],
  ];
}

const SLACK_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const SLACK_EVENT = JSON.stringify({ token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', team_id: 'T061EG9RZ', api_app_id: 'A0FFV41KK', event: { type: 'app_mention', user: 'U061F7AUR', text: '<@U0LAN0Z89> is it everything a river should be?', ts: '1515449522.000016', channel: 'C0LAN2Q65' }, type: 'event_callback', event_id: 'Ev0LAN670R', event_time: 1515449522 });
function slackRequestHeaders(signed: Array<[string, string]>): Array<[string, string]> {
  return [['Host', 'abc123.ngrok-free.app'], ['User-Agent', 'Slackbot 1.0 (+https://api.slack.com/robots)'], ['Content-Type', JSON_TYPE], ...signed, ['X-Forwarded-Proto', 'https']];
}

const SHOPIFY_SECRET = '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';
const SHOPIFY_ORDER = JSON.stringify({ id: 820982911946154500, email: 'jon@example.com', created_at: '2024-05-02T12:31:44-04:00', total_price: '199.65', currency: 'USD', financial_status: 'paid', line_items: [{ id: 466157049, title: 'IPod Nano - 8gb', quantity: 1, price: '199.00', sku: 'IPOD2008GREEN' }], customer: { first_name: 'Zoë', last_name: 'Noël' }, test: false });
function shopifyHeaders(signature: string): Array<[string, string]> {
  return [
    ['Host', 'abc123.ngrok-free.app'],
    ['User-Agent', 'Shopify-Captain-Hook'],
    ['Content-Type', JSON_TYPE],
    ['X-Shopify-Topic', 'orders/create'],
    ['X-Shopify-Hmac-Sha256', signature],
    ['X-Shopify-Shop-Domain', 'johns-apparel.myshopify.com'],
    ['X-Shopify-API-Version', '2024-04'],
    ['X-Shopify-Webhook-Id', 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043'],
    ['X-Forwarded-Proto', 'https'],
  ];
}

const SVIX_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const CLERK_EVENT = JSON.stringify({ data: { id: 'user_29w83sxmDNGwOuEthce5gg56FcC', email_addresses: [{ email_address: 'example@example.org' }], first_name: 'Example' }, object: 'event', type: 'user.created' });

/** Flash ad hoc callbacks, configured as the contract shows: the generic hmac scheme on /flash/*. */
const FLASH_SECRET = 'flash-callback-secret-Vn3xK8pQ';
const FLASH_ENDPOINT = {
  path: '/flash/*',
  provider: 'hmac',
  secret: FLASH_SECRET,
  options: { algorithm: 'sha256', encoding: 'base64', signatureFrom: 'query:signature', signedContent: 'json:externalId' },
};
/** The first payout id (deterministic) whose base64 signature holds a "+": the value the trap is about. */
function flashIdWithPlus(): { externalId: string; signature: string } {
  for (let n = 1000; ; n++) {
    const externalId = `PO-${n}`;
    const signature = flashCallbackSignature(FLASH_SECRET, externalId);
    if (signature.includes('+')) return { externalId, signature };
  }
}
function flashBody(externalId: string): string {
  return JSON.stringify({ externalId, status: 'COMPLETED', payoutId: 'b1f6c7a2-41c3-4a0e-9d2b-5a9e7f1c3d10', amount: { value: '1500.00', currency: 'AUD' } });
}

const TEXTMASTER_TOKEN = 'tm-callback-token-9f2Kq7Lx0Z';
const TEXTMASTER_ENDPOINT = { path: '/textmaster', provider: 'token', secret: TEXTMASTER_TOKEN, options: { from: 'query:token' } };

// ---------------------------------------------------------------------------------------------------
// URL-signed schemes: scheme, host, port, path, query
// ---------------------------------------------------------------------------------------------------

describe('proto-rewritten', () => {
  const signedUrl = 'https://abc123.ngrok-free.app/sms?tenant=42';
  const signature = twilioSignature(TWILIO_AUTH_TOKEN, signedUrl, TWILIO_SMS);

  it('failed: Twilio signed the https ngrok URL, the request reached us as http with X-Forwarded-For but no X-Forwarded-Proto', async () => {
    const hs = await start({ secrets: secrets('twilio', TWILIO_AUTH_TOKEN) });
    const { v, codes, first } = await deliver(hs, {
      target: '/sms?tenant=42',
      headers: twilioHeaders(signature, [['Host', 'abc123.ngrok-free.app']]),
      body: TWILIO_SMS,
    });
    expect(v).toMatchObject({ provider: 'twilio', verdict: 'failed' });
    expect(codes[0]).toBe('proto-rewritten');
    expect(codes).not.toContain('wrong-secret');
    expect(first.message).toContain(signedUrl);
    expect(first.message).toContain('http://abc123.ngrok-free.app/sms?tenant=42');
    expect(first.message).toContain('X-Forwarded-Proto');
    expect(first.fix).toContain('X-Forwarded-Proto: https');
    expect(first.fix).toContain('--public-url https://abc123.ngrok-free.app');
    expect(first.fix).toContain('validateRequest');
    expect(first.expected).toMatchObject({ url: signedUrl, source: 'scheme flipped' });
    expect(first.actual).toMatchObject({ url: 'http://abc123.ngrok-free.app/sms?tenant=42' });
    // The candidate table marks exactly the URL the signature matched.
    expect(v.candidates!.filter((c) => c.matched)).toEqual([{ url: signedUrl, source: 'scheme flipped', matched: true }]);
    expect(v.candidates!.find((c) => c.url === 'http://abc123.ngrok-free.app/sms?tenant=42')).toMatchObject({ matched: false });
    expect(v.checks).toEqual([{ provider: 'twilio', secret: 'twilio #1 (current)', outcome: 'mismatch' }]);
  });

  it('verified + proto-rewritten warning: the same delivery once --public-url names the tunnel', async () => {
    const hs = await start({ secrets: secrets('twilio', TWILIO_AUTH_TOKEN), publicUrl: 'https://abc123.ngrok-free.app' });
    const { v, codes, first } = await deliver(hs, {
      target: '/sms?tenant=42',
      headers: twilioHeaders(signature, [['Host', 'abc123.ngrok-free.app']]),
      body: TWILIO_SMS,
    });
    expect(v).toMatchObject({ provider: 'twilio', verdict: 'verified', signedUrl });
    expect(codes).toEqual(['proto-rewritten']);
    expect(first.message).toContain(signedUrl);
    expect(first.message).toContain('ngrok terminates TLS');
    expect(v.candidates!.find((c) => c.url === signedUrl)).toMatchObject({ source: 'public URL', matched: true });
  });

  it('verified + proto-rewritten warning: ngrok with X-Forwarded-Proto: https and X-Forwarded-Host; the candidate table marks the matching URL', async () => {
    const hs = await start({ secrets: secrets('twilio', TWILIO_AUTH_TOKEN) });
    const { v, codes, first, detail } = await deliver(hs, {
      target: '/sms?tenant=42',
      headers: twilioHeaders(signature, [
        ['Host', 'abc123.ngrok-free.app'],
        ['X-Forwarded-Host', 'abc123.ngrok-free.app'],
        ['X-Forwarded-Proto', 'https'],
      ]),
      body: TWILIO_SMS,
    });
    expect(detail.bodyText).toBe(TWILIO_SMS);
    expect(v).toMatchObject({ provider: 'twilio', verdict: 'verified', signedUrl });
    expect(codes[0]).toBe('proto-rewritten');
    expect(first.message).toBe(
      `Twilio signed ${signedUrl} but the request reached hookscope as http:// — ngrok terminates TLS. An app that rebuilds the URL from its socket computes the wrong signature.`,
    );
    expect(first.fix).toContain("app.set('trust proxy', true)");
    expect(first.fix).toContain(`twilio.validateRequest(authToken, signature, '${signedUrl}', params)`);
    expect(first.expected).toMatchObject({ url: signedUrl });
    expect(first.actual).toMatchObject({ url: 'http://abc123.ngrok-free.app/sms?tenant=42', source: 'the Host header as received' });
    expect(v.checks).toEqual([{ provider: 'twilio', secret: 'twilio #1 (current)', outcome: 'match', detail: `signed URL ${signedUrl}` }]);
    expect(v.candidates).toEqual([
      { url: signedUrl, source: 'forwarding headers (X-Forwarded-Proto, X-Forwarded-Host)', matched: true },
      { url: 'http://abc123.ngrok-free.app/sms?tenant=42', source: 'the Host header as received', matched: false },
    ]);
  });
});

describe('host-rewritten', () => {
  it('failed: a proxy rewrote Host to localhost:3000 and kept the public host only in X-Original-Host (Square)', async () => {
    const notificationUrl = 'https://hooks.example.com/square/webhook';
    const hs = await start({ secrets: secrets('square', SQUARE_KEY) });
    const { v, codes, first } = await deliver(hs, {
      target: '/square/webhook',
      headers: squareHeaders(squareSignature(SQUARE_KEY, notificationUrl, SQUARE_BODY), [
        ['Host', 'localhost:3000'],
        ['X-Forwarded-Proto', 'https'],
        ['X-Original-Host', 'hooks.example.com'],
        ['X-Forwarded-For', '54.245.1.154'],
      ]),
      body: SQUARE_BODY,
    });
    expect(v).toMatchObject({ provider: 'square', verdict: 'failed' });
    expect(codes[0]).toBe('host-rewritten');
    expect(first.message).toContain(notificationUrl);
    expect(first.message).toContain('hooks.example.com');
    expect(first.message).toContain('X-Original-Host');
    expect(first.message).toContain('localhost:3000');
    expect(first.fix).toContain(notificationUrl);
    expect(first.fix).toContain('--public-url https://hooks.example.com');
    expect(first.expected).toMatchObject({ url: notificationUrl, source: 'X-Original-Host' });
    expect(first.actual).toMatchObject({ url: 'https://localhost:3000/square/webhook' });
    expect(v.candidates!.filter((c) => c.matched).map((c) => c.url)).toEqual([notificationUrl]);
  });

  it('verified + host-rewritten warning: ngrok --host-header=rewrite, public host in X-Forwarded-Host', async () => {
    const signedUrl = 'https://abc123.ngrok-free.app/sms';
    const hs = await start({ secrets: secrets('twilio', TWILIO_AUTH_TOKEN) });
    const { v, codes } = await deliver(hs, {
      target: '/sms',
      headers: twilioHeaders(twilioSignature(TWILIO_AUTH_TOKEN, signedUrl, TWILIO_SMS), [
        ['Host', 'localhost:3000'],
        ['X-Forwarded-Host', 'abc123.ngrok-free.app'],
        ['X-Forwarded-Proto', 'https'],
      ]),
      body: TWILIO_SMS,
    });
    expect(v).toMatchObject({ verdict: 'verified', signedUrl });
    expect(codes).toEqual(['proto-rewritten', 'host-rewritten']);
    const host = v.diagnoses[1]!;
    expect(host.message).toContain('localhost:3000');
    expect(host.message).toContain('--host-header=rewrite');
    expect(host.fix).toContain('X-Forwarded-Host');
  });
});

describe('port-mismatch', () => {
  it('failed: nginx passed Host with its listen port (hooks.example.com:8443); SignalWire signed the URL without it', async () => {
    const signingKey = 'PSK_f3Kq9ZrT7wVb2XyN5mLc8HdJ';
    const signedUrl = 'https://hooks.example.com/voice/relay';
    const body = JSON.stringify({ event_type: 'calling.call.state', event_channel: 'signalwire_4f2a', params: { call_id: 'd1c3a2b4-0e5f-4a6b-8c7d-9e0f1a2b3c4d', call_state: 'answered', direction: 'inbound' } });
    const hs = await start({ secrets: secrets('signalwire', signingKey) });
    const { v, codes, first } = await deliver(hs, {
      target: '/voice/relay',
      headers: [
        ['Host', 'hooks.example.com:8443'],
        ['X-Forwarded-Proto', 'https'],
        ['X-Forwarded-For', '44.226.23.9'],
        ['Content-Type', JSON_TYPE],
        ['X-SignalWire-Signature', signalwireRelaySignature(signingKey, signedUrl, body)],
      ],
      body,
    });
    expect(v).toMatchObject({ provider: 'signalwire', verdict: 'failed' });
    expect(codes[0]).toBe('port-mismatch');
    expect(first.message).toContain(signedUrl);
    expect(first.message).toContain('https://hooks.example.com:8443/voice/relay');
    expect(first.message).toContain('with port :8443');
    expect(first.message).toContain('without a port');
    expect(first.fix).toContain('port');
    expect(first.fix).toContain(signedUrl);
    expect(v.candidates!.find((c) => c.url === signedUrl)).toMatchObject({ matched: true, source: 'port :8443 removed' });
  });
});

describe('path-rewritten', () => {
  it('failed: Traefik stripped the /webhooks prefix (X-Forwarded-Prefix) before the Twilio callback reached us', async () => {
    const signedUrl = 'https://hooks.example.com/webhooks/twilio/sms';
    const hs = await start({ secrets: secrets('twilio', TWILIO_AUTH_TOKEN) });
    const { v, codes, first } = await deliver(hs, {
      target: '/twilio/sms',
      headers: twilioHeaders(twilioSignature(TWILIO_AUTH_TOKEN, signedUrl, TWILIO_SMS), [
        ['Host', 'hooks.example.com'],
        ['X-Forwarded-Host', 'hooks.example.com'],
        ['X-Forwarded-Proto', 'https'],
        ['X-Forwarded-Prefix', '/webhooks'],
      ]),
      body: TWILIO_SMS,
    });
    expect(v).toMatchObject({ provider: 'twilio', verdict: 'failed' });
    expect(codes[0]).toBe('path-rewritten');
    expect(first.message).toContain('/webhooks/twilio/sms');
    expect(first.message).toContain('arrived at /twilio/sms');
    expect(first.message).toContain('X-Forwarded-Prefix /webhooks added');
    expect(first.fix).toContain(signedUrl);
    expect(first.fix).toContain('req.originalUrl');
    expect(v.candidates!.find((c) => c.url === signedUrl)).toMatchObject({ matched: true });
  });

  it('failed: the public URL carries /webhooks, a local proxy stripped it (--public-url https://abc123.ngrok-free.app/webhooks)', async () => {
    const signedUrl = 'https://abc123.ngrok-free.app/webhooks/sms';
    const hs = await start({ secrets: secrets('twilio', TWILIO_AUTH_TOKEN), publicUrl: 'https://abc123.ngrok-free.app/webhooks' });
    const { v, codes, first } = await deliver(hs, {
      target: '/sms',
      headers: twilioHeaders(twilioSignature(TWILIO_AUTH_TOKEN, signedUrl, TWILIO_SMS), [['Host', 'localhost:4400']]),
      body: TWILIO_SMS,
    });
    expect(v.verdict).toBe('failed');
    expect(codes[0]).toBe('path-rewritten');
    expect(first.message).toContain('/webhooks/sms');
    expect(first.message).toContain('public URL path prefix /webhooks added');
    expect(first.fix).toContain(signedUrl);
  });

  it('failed: a proxy added a trailing slash to the Square notification URL', async () => {
    const notificationUrl = 'https://hooks.example.com/square/webhook';
    const hs = await start({ secrets: secrets('square', SQUARE_KEY) });
    const { v, codes, first } = await deliver(hs, {
      target: '/square/webhook/',
      headers: squareHeaders(squareSignature(SQUARE_KEY, notificationUrl, SQUARE_BODY), [
        ['Host', 'hooks.example.com'],
        ['X-Forwarded-Proto', 'https'],
      ]),
      body: SQUARE_BODY,
    });
    expect(v).toMatchObject({ provider: 'square', verdict: 'failed' });
    expect(codes[0]).toBe('path-rewritten');
    expect(first.message).toContain('signed the path /square/webhook ');
    expect(first.message).toContain('arrived at /square/webhook/');
    expect(first.message).toContain('trailing slash removed');
    expect(first.fix).toContain(`exactly as registered at Square: ${notificationUrl}`);
    expect(v.candidates!.find((c) => c.url === notificationUrl)).toMatchObject({ matched: true, source: 'trailing slash removed' });
  });
});

describe('query-changed', () => {
  const ngrok: Array<[string, string]> = [
    ['Host', 'abc123.ngrok-free.app'],
    ['X-Forwarded-Host', 'abc123.ngrok-free.app'],
    ['X-Forwarded-Proto', 'https'],
  ];

  it('failed: a router re-ordered the query of the Twilio status callback', async () => {
    const signedUrl = 'https://abc123.ngrok-free.app/status?channel=sms&tenant=42';
    const hs = await start({ secrets: secrets('twilio', TWILIO_AUTH_TOKEN) });
    const { v, codes, first } = await deliver(hs, {
      target: '/status?tenant=42&channel=sms',
      headers: twilioHeaders(twilioSignature(TWILIO_AUTH_TOKEN, signedUrl, TWILIO_SMS), ngrok),
      body: TWILIO_SMS,
    });
    expect(v.verdict).toBe('failed');
    expect(codes[0]).toBe('query-changed');
    expect(first.message).toContain('?channel=sms&tenant=42');
    expect(first.message).toContain('?tenant=42&channel=sms');
    expect(first.message).toContain('query parameters sorted');
    expect(first.fix).toContain('raw query string');
    expect(v.candidates!.find((c) => c.url === signedUrl)).toMatchObject({ matched: true, source: 'query parameters sorted' });
  });

  it('failed: a load balancer appended ?_lb=blue to the URL Twilio signed', async () => {
    const signedUrl = 'https://abc123.ngrok-free.app/sms?tenant=42';
    const hs = await start({ secrets: secrets('twilio', TWILIO_AUTH_TOKEN) });
    const { v, codes, first } = await deliver(hs, {
      target: '/sms?tenant=42&_lb=blue',
      headers: twilioHeaders(twilioSignature(TWILIO_AUTH_TOKEN, signedUrl, TWILIO_SMS), ngrok),
      body: TWILIO_SMS,
    });
    expect(v.verdict).toBe('failed');
    expect(codes[0]).toBe('query-changed');
    expect(first.message).toContain('signed the query ?tenant=42 ');
    expect(first.message).toContain('?tenant=42&_lb=blue');
    expect(first.message).toContain('parameter _lb removed');
    expect(v.candidates!.find((c) => c.matched)).toMatchObject({ url: signedUrl, source: 'parameter _lb removed' });
  });

  it('verified + query-changed warning: a Flash callback whose raw base64 "+" in ?signature= a naive parser reads as a space', async () => {
    const { externalId, signature } = flashIdWithPlus();
    const hs = await start({ endpoints: [FLASH_ENDPOINT] });
    // The client built callbackUri without encodeURIComponent: the "+" travels raw.
    const { v, codes, first } = await deliver(hs, {
      target: `/flash/payouts?signature=${signature}`,
      headers: [['Host', 'abc123.ngrok-free.app'], ['Content-Type', JSON_TYPE], ['X-Forwarded-Proto', 'https']],
      body: flashBody(externalId),
    });
    expect(v).toMatchObject({ provider: 'hmac', verdict: 'verified' });
    expect(codes[0]).toBe('query-changed');
    expect(first.message).toContain('?signature=');
    expect(first.message).toContain('"+"');
    expect(first.message).toContain('space');
    expect(first.fix).toContain('encodeURIComponent');
    expect(first.expected).toEqual({ signature });
    expect(first.actual).toEqual({ 'req.query': signature.replace(/\+/g, ' ') });
  });

  it('control: the same Flash callback with the signature percent-encoded verifies without warnings', async () => {
    const { externalId, signature } = flashIdWithPlus();
    const hs = await start({ endpoints: [FLASH_ENDPOINT] });
    const { v } = await deliver(hs, {
      target: `/flash/payouts?signature=${encodeURIComponent(signature)}`,
      headers: [['Host', 'abc123.ngrok-free.app'], ['Content-Type', JSON_TYPE], ['X-Forwarded-Proto', 'https']],
      body: flashBody(externalId),
    });
    expect(v).toMatchObject({ provider: 'hmac', verdict: 'verified', diagnoses: [] });
  });

  // Engine bug: holdsDigest() (shared/verify/scheme.ts) counts "space read back as +" as another *encoding*
  // of the digest, so this comes out as encoding-mismatch ("hex vs base64 ... set the endpoint's `encoding`
  // option"), which is wrong advice: the digest is base64 as configured; the query string was changed.
  it('regression: a "+" decoded to a space (%20) in the Flash ?signature= is query-changed, not encoding-mismatch', async () => {
    const { externalId, signature } = flashIdWithPlus();
    const hs = await start({ endpoints: [FLASH_ENDPOINT] });
    const mangled = encodeURIComponent(signature.replace(/\+/g, ' ')); // "+" → " " → "%20"
    const { v, codes, first } = await deliver(hs, {
      target: `/flash/payouts?signature=${mangled}`,
      headers: [['Host', 'abc123.ngrok-free.app'], ['Content-Type', JSON_TYPE], ['X-Forwarded-Proto', 'https']],
      body: flashBody(externalId),
    });
    expect(v).toMatchObject({ provider: 'hmac', verdict: 'failed' });
    expect(codes[0]).toBe('query-changed');
    expect(first.message).toContain('?signature=');
  });
});

// ---------------------------------------------------------------------------------------------------
// Body, clock and secrets
// ---------------------------------------------------------------------------------------------------

describe('body-modified', () => {
  it('failed: a proxy pretty-printed the Shopify orders/create body Shopify signed compact', async () => {
    const hs = await start({ secrets: secrets('shopify', SHOPIFY_SECRET) });
    const pretty = JSON.stringify(JSON.parse(SHOPIFY_ORDER), null, 2);
    const { v, codes, first, detail } = await deliver(hs, {
      target: '/webhooks/shopify/orders',
      headers: shopifyHeaders(shopifySignature(SHOPIFY_SECRET, SHOPIFY_ORDER)),
      body: pretty,
    });
    expect(detail.bodyText).toBe(pretty);
    expect(v).toMatchObject({ provider: 'shopify', verdict: 'failed' });
    expect(codes[0]).toBe('body-modified');
    expect(codes).not.toContain('wrong-secret');
    expect(first.message).toContain('re-serialized compactly (JSON.stringify)');
    expect(first.message).toContain('not the bytes hookscope received');
    expect(first.fix).toContain("express.raw({ type: 'application/json' })");
    expect(first.fix).toContain('JSON.stringify(req.body)');
    expect(first.expected).toEqual({ body: 're-serialized compactly (JSON.stringify)' });
  });

  it('failed: a webhook relay signed its pretty-printed (2-space) copy of the GitHub push but delivered it compact', async () => {
    const pretty = JSON.stringify(JSON.parse(GITHUB_PUSH), null, 2);
    const hs = await start({ secrets: secrets('github', GITHUB_SECRET) });
    const { v, codes, first } = await deliver(hs, {
      target: '/github',
      headers: githubHeaders([['X-Hub-Signature-256', githubSignature256(GITHUB_SECRET, pretty)]]),
      body: GITHUB_PUSH,
    });
    expect(v).toMatchObject({ provider: 'github', verdict: 'failed' });
    expect(codes[0]).toBe('body-modified');
    expect(first.message).toContain('pretty-printed with 2 spaces');
  });
});

describe('timestamp-stale', () => {
  it('failed: a Stripe event replayed 10 minutes after it was signed', async () => {
    const t = now() - 600;
    const hs = await start({ secrets: secrets('stripe', STRIPE_SECRET) });
    const { v, codes, first, detail } = await deliver(hs, {
      target: '/stripe/webhook',
      headers: stripeHeaders(stripeSignatureHeader(STRIPE_SECRET, t, STRIPE_EVENT)),
      body: STRIPE_EVENT,
    });
    const receivedAt = Math.floor(Date.parse(detail.receivedAt) / 1000);
    const skew = receivedAt - t;
    expect(skew).toBeGreaterThanOrEqual(600);
    expect(skew).toBeLessThan(605);
    expect(v).toMatchObject({ provider: 'stripe', verdict: 'failed' });
    expect(codes[0]).toBe('timestamp-stale');
    expect(codes).not.toContain('wrong-secret');
    expect(first.message).toContain(`timestamp ${t} (${new Date(t * 1000).toISOString()})`);
    expect(first.message).toContain(`${skew} seconds older than`);
    expect(first.message).toContain('Stripe allows 300 seconds');
    expect(first.fix).toContain('hookscope replay <id> --resign');
    expect(first.expected).toEqual({ toleranceSeconds: 300 });
    expect(first.actual).toEqual({ timestamp: t, receivedAt, skewSeconds: skew });
    expect(v.checks).toEqual([{ provider: 'stripe', secret: 'stripe #1 (current)', outcome: 'stale', detail: `timestamp ${skew} s outside the 300 s tolerance` }]);
  });

  it('failed: a Slack request whose timestamp is 15 minutes ahead (Slack rejects both directions)', async () => {
    const t = now() + 900;
    const hs = await start({ secrets: secrets('slack', SLACK_SECRET) });
    const { v, codes, first } = await deliver(hs, {
      target: '/slack/events',
      headers: slackRequestHeaders(slackHeaders(SLACK_SECRET, t, SLACK_EVENT)),
      body: SLACK_EVENT,
    });
    expect(v).toMatchObject({ provider: 'slack', verdict: 'failed' });
    expect(codes[0]).toBe('timestamp-stale');
    expect(first.message).toMatch(/ (89[5-9]|900) seconds ahead of /);
    expect(first.fix).toContain('timedatectl set-ntp true');
  });
});

describe('secret-rotated', () => {
  it('verified + secret-rotated: GitHub still signs with the previous secret, the new one is listed first', async () => {
    const previous = GITHUB_SECRET;
    const hs = await start({ secrets: secrets('github', 'gh-hook-secret-2025-Nw4pX9', previous) });
    const { v, codes, first } = await deliver(hs, {
      target: '/github',
      headers: githubHeaders([['X-Hub-Signature-256', githubSignature256(previous, GITHUB_PUSH)]]),
      body: GITHUB_PUSH,
    });
    expect(v).toMatchObject({ provider: 'github', verdict: 'verified' });
    expect(codes[0]).toBe('secret-rotated');
    expect(first.message).toContain('GitHub signed with github #2');
    expect(first.message).toContain('not the current secret github #1 (current)');
    expect(first.fix).toContain('remove github #2');
    expect(first.expected).toEqual({ secret: 'github #1 (current)' });
    expect(first.actual).toEqual({ secret: 'github #2' });
    expect(v.checks.map((c) => [c.secret, c.outcome])).toEqual([['github #1 (current)', 'mismatch'], ['github #2', 'match']]);
  });

  it("failed + secret-rotated: the Slack signing secret was filed under github, another app's secret under slack", async () => {
    const t = now();
    const hs = await start({ secrets: [...secrets('slack', '0d9b7e4c1a2f3e5d6c7b8a9f0e1d2c3b'), ...secrets('github', SLACK_SECRET)] });
    const { v, codes, first } = await deliver(hs, {
      target: '/slack/events',
      headers: slackRequestHeaders(slackHeaders(SLACK_SECRET, t, SLACK_EVENT)),
      body: SLACK_EVENT,
    });
    expect(v).toMatchObject({ provider: 'slack', verdict: 'failed' });
    expect(codes[0]).toBe('secret-rotated');
    expect(codes).not.toContain('wrong-secret');
    expect(first.message).toContain('the secret configured for github (github #1 (current))');
    expect(first.message).toContain('not the Slack secret slack #1 (current)');
    expect(first.fix).toContain('--secret slack=');
    expect(first.actual).toEqual({ secret: 'github #1 (current)', provider: 'github' });
  });

  it('no-secret + secret-rotated: no Slack secret at all, but the one filed under github signs it', async () => {
    const hs = await start({ secrets: secrets('github', SLACK_SECRET) });
    const { v, codes, first } = await deliver(hs, {
      target: '/slack/events',
      headers: slackRequestHeaders(slackHeaders(SLACK_SECRET, now(), SLACK_EVENT)),
      body: SLACK_EVENT,
    });
    expect(v).toMatchObject({ provider: 'slack', verdict: 'no-secret' });
    expect(codes[0]).toBe('secret-rotated');
    expect(first.message).toContain('none is configured');
    expect(first.message).toContain('github #1 (current)');
  });
});

describe('secret-format', () => {
  it("failed: a Stripe sk_test_ API key configured as the signing secret", async () => {
    const apiKey = 'sk_test_51PDc3K2eZvKYlo2CqR8tY1uI5oP8aS3dF6gH0jK2lZxC';
    const hs = await start({ secrets: secrets('stripe', apiKey) });
    const { v, codes, first } = await deliver(hs, {
      target: '/stripe/webhook',
      headers: stripeHeaders(stripeSignatureHeader(STRIPE_SECRET, now(), STRIPE_EVENT)),
      body: STRIPE_EVENT,
    });
    expect(v).toMatchObject({ provider: 'stripe', verdict: 'failed' });
    expect(codes[0]).toBe('secret-format');
    expect(first.message).toContain('stripe #1 (current)');
    expect(first.message).toContain('secret API key (sk_…)');
    expect(first.message).toContain('whsec_');
    expect(first.fix).toContain("Stripe's dashboard");
    expect(first.expected).toMatchObject({ shape: expect.stringContaining('whsec_') });
    expect(first.actual).toMatchObject({ secret: 'stripe #1 (current)' });
  });

  it('failed: the Stripe signing secret configured without its whsec_ prefix', async () => {
    const bare = STRIPE_SECRET.slice('whsec_'.length);
    const hs = await start({ secrets: secrets('stripe', bare) });
    const { v, codes, first } = await deliver(hs, {
      target: '/stripe/webhook',
      headers: stripeHeaders(stripeSignatureHeader(STRIPE_SECRET, now(), STRIPE_EVENT)),
      body: STRIPE_EVENT,
    });
    expect(v.verdict).toBe('failed');
    expect(codes[0]).toBe('secret-format');
    expect(first.message).toContain('stripe #1 (current) only with a whsec_ prefix added');
    expect(first.fix).toContain('including its whsec_ prefix');
    expect(first.actual).toEqual({ secret: 'stripe #1 (current)', change: 'with a whsec_ prefix added' });
  });

  it('failed: an in-house Svix-style sender keys its HMAC with the whsec_ string instead of the decoded key', async () => {
    const t = now();
    const hs = await start({ secrets: secrets('standard-webhooks', SVIX_SECRET) });
    const { v, codes, first } = await deliver(hs, {
      target: '/clerk',
      headers: [['Host', 'abc123.ngrok-free.app'], ['Content-Type', JSON_TYPE], ...standardWebhooksHeaders(SVIX_SECRET, 'msg_2fJ8xQ', t, CLERK_EVENT, { brand: 'svix', keyAsText: true })],
      body: CLERK_EVENT,
    });
    expect(v).toMatchObject({ provider: 'standard-webhooks', verdict: 'failed' });
    expect(codes[0]).toBe('secret-format');
    expect(first.message).toContain('standard-webhooks #1 (current)');
    expect(first.message).toContain('not decoded');
    expect(first.fix).toContain('derive the key');
  });

  it('failed: a Svix secret configured as something that is not whsec_ + base64 (a Clerk API key)', async () => {
    const t = now();
    const apiKey = 'sk_test_Qm9vZ3VzQ2xlcmtLZXk-not_base64!';
    const hs = await start({ secrets: secrets('standard-webhooks', apiKey) });
    const { v, codes, first } = await deliver(hs, {
      target: '/clerk',
      headers: [['Host', 'abc123.ngrok-free.app'], ['Content-Type', JSON_TYPE], ...standardWebhooksHeaders(SVIX_SECRET, 'msg_2fJ8xR', t, CLERK_EVENT, { brand: 'svix' })],
      body: CLERK_EVENT,
    });
    expect(v).toMatchObject({ provider: 'standard-webhooks', verdict: 'failed' });
    expect(codes[0]).toBe('secret-format');
    expect(first.message).toContain('not base64');
    expect(v.checks[0]).toMatchObject({ secret: 'standard-webhooks #1 (current)', outcome: 'mismatch' });
  });

  it('a Svix secret configured without whsec_ is not a mistake: the SDKs strip the prefix, so it verifies', async () => {
    const t = now();
    const hs = await start({ secrets: secrets('standard-webhooks', SVIX_SECRET.slice('whsec_'.length)) });
    const { v } = await deliver(hs, {
      target: '/clerk',
      headers: [['Host', 'abc123.ngrok-free.app'], ['Content-Type', JSON_TYPE], ...standardWebhooksHeaders(SVIX_SECRET, 'msg_2fJ8xS', t, CLERK_EVENT, { brand: 'svix' })],
      body: CLERK_EVENT,
    });
    expect(v).toMatchObject({ provider: 'standard-webhooks', verdict: 'verified', diagnoses: [] });
  });
});

describe('encoding-mismatch', () => {
  it('failed: a Shopify-compatible sender puts hex in X-Shopify-Hmac-Sha256 where Shopify sends base64', async () => {
    const hs = await start({ secrets: secrets('shopify', SHOPIFY_SECRET) });
    const { v, codes, first } = await deliver(hs, {
      target: '/webhooks/shopify/orders',
      headers: shopifyHeaders(shopifySignature(SHOPIFY_SECRET, SHOPIFY_ORDER, 'hex')),
      body: SHOPIFY_ORDER,
    });
    expect(v).toMatchObject({ provider: 'shopify', verdict: 'failed' });
    expect(codes[0]).toBe('encoding-mismatch');
    expect(codes).not.toContain('wrong-secret');
    expect(first.message).toContain('X-Shopify-Hmac-Sha256');
    expect(first.message).toContain('hex vs base64');
    expect(first.fix).toContain('encode the signature as Shopify does');
    expect(v.checks).toEqual([{ provider: 'shopify', secret: 'shopify #1 (current)', outcome: 'mismatch', detail: 'right digest, other encoding or prefix' }]);
  });

  it('failed: hex in the Flash ?signature= where the /flash/* rule expects base64', async () => {
    const { externalId, signature } = flashIdWithPlus();
    const hex = Buffer.from(signature, 'base64').toString('hex');
    const hs = await start({ endpoints: [FLASH_ENDPOINT] });
    const { v, codes, first } = await deliver(hs, {
      target: `/flash/payouts?signature=${hex}`,
      headers: [['Host', 'abc123.ngrok-free.app'], ['Content-Type', JSON_TYPE], ['X-Forwarded-Proto', 'https']],
      body: flashBody(externalId),
    });
    expect(v).toMatchObject({ provider: 'hmac', verdict: 'failed' });
    expect(codes[0]).toBe('encoding-mismatch');
    expect(first.message).toContain('hex vs base64');
    expect(first.fix).toContain('`encoding` option');
  });

  it('failed: a GitHub-style X-Hub-Signature-256 without its sha256= prefix', async () => {
    const hs = await start({ secrets: secrets('github', GITHUB_SECRET) });
    const bare = githubSignature256(GITHUB_SECRET, GITHUB_PUSH).slice('sha256='.length);
    const { v, codes, first } = await deliver(hs, {
      target: '/github',
      headers: githubHeaders([['X-Hub-Signature-256', bare]]),
      body: GITHUB_PUSH,
    });
    expect(v).toMatchObject({ provider: 'github', verdict: 'failed' });
    expect(codes[0]).toBe('encoding-mismatch');
    expect(first.message).toContain('X-Hub-Signature-256');
    expect(first.message).toContain('without the prefix GitHub expects');
  });
});

describe('signature-missing', () => {
  it('failed: a GitHub delivery without X-Hub-Signature-256 while a github secret is configured', async () => {
    const hs = await start({ secrets: secrets('github', GITHUB_SECRET) });
    const { v, codes, first } = await deliver(hs, { target: '/github', headers: githubHeaders([]), body: GITHUB_PUSH });
    expect(v).toMatchObject({ provider: 'github', verdict: 'failed' });
    expect(codes[0]).toBe('signature-missing');
    expect(first.message).toBe('No X-Hub-Signature-256 on this request, but a GitHub secret is configured, so a signature is expected.');
    expect(first.fix).toContain('strips X-Hub-Signature-256');
    expect(first.expected).toEqual({ headers: ['X-Hub-Signature-256'] });
    expect(v.checks).toEqual([{ provider: 'github', secret: 'github #1 (current)', outcome: 'missing' }]);
  });

  it('failed: the /flash/* endpoint rule requires a signature and the callback came without ?signature=', async () => {
    const hs = await start({ endpoints: [FLASH_ENDPOINT] });
    const { v, codes, first } = await deliver(hs, {
      target: '/flash/payouts',
      headers: [['Host', 'abc123.ngrok-free.app'], ['Content-Type', JSON_TYPE], ['X-Forwarded-Proto', 'https']],
      body: flashBody('PO-1001'),
    });
    expect(v).toMatchObject({ provider: 'hmac', verdict: 'failed' });
    expect(codes[0]).toBe('signature-missing');
    expect(first.message).toContain('the endpoint rule /flash/* requires');
    expect(first.fix).toContain('signatureFrom');
    expect(v.checks).toEqual([{ provider: 'hmac', secret: 'hmac (endpoint /flash/*)', outcome: 'missing' }]);
  });

  // Engine bug: diagnose() words every code from the scheme's doc.headers (fixes.ts: signatureMissing,
  // encodingMismatch), so on a configured endpoint it names the generic scheme's default location instead
  // of the one the rule's `signatureFrom` / `from` option says.
  it("regression: on a configured endpoint, signature-missing and encoding-mismatch name the rule's ?signature= / ?token=, not the scheme's default headers", async () => {
    const hs = await start({ endpoints: [FLASH_ENDPOINT, TEXTMASTER_ENDPOINT] });
    const headers: Array<[string, string]> = [['Host', 'abc123.ngrok-free.app'], ['Content-Type', JSON_TYPE], ['X-Forwarded-Proto', 'https']];
    const { externalId, signature } = flashIdWithPlus();
    const missing = await deliver(hs, { target: '/flash/payouts', headers, body: flashBody('PO-1001') });
    const hex = await deliver(hs, { target: `/flash/payouts?signature=${Buffer.from(signature, 'base64').toString('hex')}`, headers, body: flashBody(externalId) });
    const noToken = await deliver(hs, { target: '/textmaster', headers, body: '{"id":"5f2b6c1e9a7d4c0012ab34cd","status":"completed"}' });
    expect([missing.codes[0], hex.codes[0], noToken.codes[0]]).toEqual(['signature-missing', 'encoding-mismatch', 'signature-missing']);
    for (const d of [missing.first, hex.first]) {
      expect(d.message).toContain('?signature=');
      expect(d.message).not.toContain('X-Signature');
    }
    expect(noToken.first.message).toContain('?token=');
    expect(noToken.first.message).not.toContain('X-Webhook-Token');
  });

  it('failed: the TextMaster endpoint rule requires ?token= and the callback came without one', async () => {
    const hs = await start({ endpoints: [TEXTMASTER_ENDPOINT] });
    const { v, codes, first } = await deliver(hs, {
      target: '/textmaster',
      headers: [['Host', 'abc123.ngrok-free.app'], ['Content-Type', JSON_TYPE], ['X-Forwarded-Proto', 'https']],
      body: JSON.stringify({ id: '5f2b6c1e9a7d4c0012ab34cd', status: 'completed' }),
    });
    expect(v).toMatchObject({ provider: 'token', verdict: 'failed' });
    expect(codes[0]).toBe('signature-missing');
    expect(first.message).toContain('/textmaster');
  });
});

describe('token-mismatch', () => {
  it('failed: TextMaster calls back with the staging ?token= while the production token is configured', async () => {
    const hs = await start({ endpoints: [TEXTMASTER_ENDPOINT] });
    const { v, codes, first } = await deliver(hs, {
      target: '/textmaster?token=tm-staging-token-4Hd8Wq',
      headers: [['Host', 'abc123.ngrok-free.app'], ['Content-Type', JSON_TYPE], ['X-Forwarded-Proto', 'https'], ['User-Agent', 'TextMaster-Webhooks/1.0']],
      body: JSON.stringify({ id: '5f2b6c1e9a7d4c0012ab34cd', project_id: '5f2b6c1e9a7d4c0012ab3400', status: 'in_review', word_count: 245 }),
    });
    expect(v).toMatchObject({ provider: 'token', verdict: 'failed' });
    expect(codes[0]).toBe('token-mismatch');
    expect(first.message).toBe('A token is present in ?token= but it does not match the configured token (token (endpoint /textmaster)).');
    expect(first.fix).toContain('webhook URL');
    expect(first.expected).toEqual({ secrets: ['token (endpoint /textmaster)'] });
  });

  it('control: the right TextMaster token verifies, and the token is masked in every response', async () => {
    const hs = await start({ endpoints: [TEXTMASTER_ENDPOINT] });
    const { v, detail } = await deliver(hs, {
      target: `/textmaster?token=${TEXTMASTER_TOKEN}`,
      headers: [['Host', 'abc123.ngrok-free.app'], ['Content-Type', JSON_TYPE], ['X-Forwarded-Proto', 'https']],
      body: JSON.stringify({ id: '5f2b6c1e9a7d4c0012ab34cd', status: 'completed' }),
    });
    expect(v).toMatchObject({ provider: 'token', verdict: 'verified', diagnoses: [] });
    expect(detail.url).toBe('/textmaster?token=[secret]');
  });
});

describe('wrong-secret', () => {
  it('failed: the Square subscription is signed with a different signature key than the one configured', async () => {
    const notificationUrl = 'https://hooks.example.com/square/webhook';
    const sandboxKey = 'Qz1vK7mT3xR9pL5nB2wY8c';
    const hs = await start({ secrets: secrets('square', SQUARE_KEY) });
    const { v, codes, first } = await deliver(hs, {
      target: '/square/webhook',
      headers: squareHeaders(squareSignature(sandboxKey, notificationUrl, SQUARE_BODY), [
        ['Host', 'hooks.example.com'],
        ['X-Forwarded-Proto', 'https'],
      ]),
      body: SQUARE_BODY,
    });
    expect(v).toMatchObject({ provider: 'square', verdict: 'failed', signedUrl: notificationUrl });
    expect(codes).toEqual(['wrong-secret']);
    expect(first.message).toContain('None of the configured Square secrets (square #1 (current))');
    expect(first.message).toContain('URL forms');
    expect(first.fix).toContain(`the URL configured at Square is exactly ${notificationUrl}`);
    expect(first.actual).toEqual({ secretsTried: ['square #1 (current)'] });
    expect(v.candidates!.length).toBeGreaterThan(1);
    expect(v.candidates!.every((c) => !c.matched)).toBe(true);
  });

  it('failed: a Slack request signed with another app’s signing secret', async () => {
    const hs = await start({ secrets: secrets('slack', SLACK_SECRET) });
    const { v, codes, first } = await deliver(hs, {
      target: '/slack/events',
      headers: slackRequestHeaders(slackHeaders('5e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b', now(), SLACK_EVENT)),
      body: SLACK_EVENT,
    });
    expect(v).toMatchObject({ provider: 'slack', verdict: 'failed' });
    expect(codes).toEqual(['wrong-secret']);
    expect(first.message).toContain('slack #1 (current)');
    expect(first.fix).toContain('signing secret of this very endpoint');
  });
});

describe('coverage', () => {
  it('every contract code but app-rejected-valid came first in some API response above', () => {
    expect(DIAGNOSIS_CODES.filter((code) => !seenFirst.has(code))).toEqual(['app-rejected-valid']);
  });
});
