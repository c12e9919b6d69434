import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { stripe } from '../../../shared/verify/providers/stripe.js';
import { hmac } from '../../../shared/verify/crypto.js';
import { toHex, utf8 } from '../../../shared/verify/encoding.js';
import { viewFromUrl } from '../../../shared/verify/request-view.js';
import { vectorsFor } from '../../helpers/vectors.js';

const ENDPOINT = 'https://example.com/stripe';
const SECRET = 'whsec_test_secret';
const BODY = '{\n  "id": "evt_test_webhook",\n  "object": "event"\n}';
const T = 1_700_000_000;

function signed(body = BODY, secret = SECRET, timestamp = T) {
  return stripe.sign({ method: 'POST', url: ENDPOINT, body: utf8(body), timestamp, id: 'evt' }, secret, {});
}

describe('stripe scheme', () => {
  for (const v of vectorsFor('stripe')) {
    const t = Number(/t=(\d+)/.exec(v.headers['Stripe-Signature']!)![1]);
    it(`accepts published vector ${v.id}`, () => {
      const result = stripe.verify({ url: ENDPOINT, headers: v.headers, body: v.body, now: t + 60 }, v.secret);
      expect(result).toMatchObject({ ok: true, outcome: 'match' });
    });
    it(`rejects ${v.id} with one body byte changed`, () => {
      const body = v.body.replace('evt_test_webhook', 'evt_test_webhooK');
      expect(stripe.verify({ url: ENDPOINT, headers: v.headers, body, now: t + 60 }, v.secret)).toMatchObject({ ok: false, outcome: 'mismatch' });
    });
  }

  it('reproduces the published header from the vector timestamp', () => {
    const [v] = vectorsFor('stripe').filter((x) => x.id === 'stripe-sdk-generated');
    expect(signed(v!.body, v!.secret).headers).toEqual([['Stripe-Signature', v!.expected_signature]]);
  });

  it('keys the HMAC with the secret string itself (stripe-node CryptoProvider primitive vectors)', () => {
    for (const v of vectorsFor('stripe-hmac-primitive')) {
      expect(toHex(hmac('sha256', stripe.key(v.secret, {})!, utf8(v.body)))).toBe(v.expected_signature);
    }
  });

  it('matches a hand computation with node:crypto, whsec_ prefix included in the key', () => {
    const expected = createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex');
    expect(signed().headers[0]![1]).toBe(`t=${T},v1=${expected}`);
  });

  it('accepts any v1 entry (secret rolling) and names the secret that matched', () => {
    const [v] = vectorsFor('stripe').filter((x) => x.id === 'stripe-rotation-two-v1');
    const result = stripe.verify({ url: ENDPOINT, headers: v!.headers, body: v!.body, now: T }, ['whsec_other', v!.secret]);
    expect(result).toMatchObject({ ok: true, secretIndex: 1 });
  });

  it('round-trips sign -> verify', () => {
    const out = signed();
    expect(stripe.verify({ url: ENDPOINT, headers: out.headers, body: BODY, now: T + 1 }, SECRET)).toMatchObject({ ok: true });
  });

  it('rejects a wrong secret', () => {
    expect(stripe.verify({ url: ENDPOINT, headers: signed().headers, body: BODY, now: T }, 'whsec_wrong')).toMatchObject({ ok: false, outcome: 'mismatch' });
  });

  it('reports a right signature with an old timestamp as stale', () => {
    const result = stripe.verify({ url: ENDPOINT, headers: signed().headers, body: BODY, now: T + 301 }, SECRET);
    expect(result).toMatchObject({ ok: false, outcome: 'stale', skewSeconds: 301 });
  });

  it('reports a missing or unusable header as missing, without throwing', () => {
    expect(stripe.verify({ url: ENDPOINT, headers: {}, body: BODY, now: T }, SECRET)).toMatchObject({ outcome: 'missing' });
    for (const header of ['garbage', 't=abc,v1=00', 't=1700000000', 'v1=abcd', '']) {
      expect(stripe.verify({ url: ENDPOINT, headers: { 'Stripe-Signature': header }, body: BODY, now: T }, SECRET)).toMatchObject({ ok: false });
    }
  });

  it('spots the right digest sent in base64 as an encoding mistake', () => {
    const digest = createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('base64');
    const result = stripe.verify({ url: ENDPOINT, headers: { 'Stripe-Signature': `t=${T},v1=${digest}` }, body: BODY, now: T }, SECRET);
    expect(result).toMatchObject({ ok: false, outcome: 'encoding' });
  });

  it('complains about API keys pasted as the signing secret', () => {
    for (const key of ['sk_test_51H', 'rk_live_abc', 'pk_test_abc']) expect(stripe.secretShape!.complain!(key)).toMatch(/whsec_/);
    expect(stripe.secretShape!.complain!(SECRET)).toBeNull();
  });

  it('is detected by its header only', () => {
    expect(stripe.detect(viewFromUrl({ url: ENDPOINT, headers: { 'Stripe-Signature': 't=1,v1=ab' } }))).toBe(true);
    expect(stripe.detect(viewFromUrl({ url: ENDPOINT, headers: { 'X-Hub-Signature-256': 'sha256=ab' } }))).toBe(false);
  });
});

