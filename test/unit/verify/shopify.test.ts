import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { shopify } from '../../../shared/verify/providers/shopify.js';
import { utf8 } from '../../../shared/verify/encoding.js';
import { viewFromUrl } from '../../../shared/verify/request-view.js';
import { vectorsFor } from '../../helpers/vectors.js';

const ENDPOINT = 'https://example.com/webhooks/orders';
const SECRET = 'shpss_0123456789abcdef0123456789abcdef';
const BODY = '{"id":1,"email":"jon@example.com"}';

function signed(body = BODY, secret = SECRET) {
  return shopify.sign({ method: 'POST', url: ENDPOINT, body: utf8(body), timestamp: 0, id: 'x' }, secret, {});
}

describe('shopify scheme', () => {
  for (const v of vectorsFor('shopify-webhook')) {
    it(`accepts published vector ${v.id}`, () => {
      expect(shopify.verify({ url: ENDPOINT, headers: v.headers, body: v.body }, v.secret)).toMatchObject({ ok: true, outcome: 'match' });
    });
    it(`reproduces the signature of ${v.id}`, () => {
      expect(signed(v.body, v.secret).headers).toEqual([['X-Shopify-Hmac-Sha256', v.expected_signature]]);
    });
    it(`rejects ${v.id} with one body byte changed`, () => {
      const body = v.body.replace('jon@', 'jom@');
      expect(shopify.verify({ url: ENDPOINT, headers: v.headers, body }, v.secret)).toMatchObject({ ok: false, outcome: 'mismatch' });
    });
  }

  it('matches a hand computation with node:crypto (base64 of the raw body HMAC)', () => {
    const expected = createHmac('sha256', SECRET).update(BODY).digest('base64');
    expect(signed().headers).toEqual([['X-Shopify-Hmac-Sha256', expected]]);
  });

  it('round-trips sign -> verify, also under the Events-API header name', () => {
    const [[, value]] = signed().headers as [[string, string]];
    expect(shopify.verify({ url: ENDPOINT, headers: { 'X-Shopify-Hmac-Sha256': value }, body: BODY }, SECRET)).toMatchObject({ ok: true });
    expect(shopify.verify({ url: ENDPOINT, headers: { 'shopify-hmac-sha256': value }, body: BODY }, SECRET)).toMatchObject({ ok: true });
  });

  it('rejects a wrong secret', () => {
    expect(shopify.verify({ url: ENDPOINT, headers: signed().headers, body: BODY }, 'shpss_wrong')).toMatchObject({ ok: false, outcome: 'mismatch' });
  });

  it('reports a missing signature header as missing', () => {
    expect(shopify.verify({ url: ENDPOINT, headers: { 'X-Shopify-Topic': 'orders/create' }, body: BODY }, SECRET)).toMatchObject({ outcome: 'missing' });
  });

  it('spots the digest sent as hex as an encoding mistake, and survives garbage', () => {
    const hex = createHmac('sha256', SECRET).update(BODY).digest('hex');
    expect(shopify.verify({ url: ENDPOINT, headers: { 'X-Shopify-Hmac-Sha256': hex }, body: BODY }, SECRET)).toMatchObject({ outcome: 'encoding' });
    expect(shopify.verify({ url: ENDPOINT, headers: { 'X-Shopify-Hmac-Sha256': '%%not base64' }, body: BODY }, SECRET)).toMatchObject({ outcome: 'mismatch' });
  });

  it('complains about access tokens pasted as the client secret', () => {
    expect(shopify.secretShape!.complain!('shpat_abcdef')).toMatch(/client secret/);
    expect(shopify.secretShape!.complain!(SECRET)).toBeNull();
  });

  it('is detected by its headers', () => {
    expect(shopify.detect(viewFromUrl({ url: ENDPOINT, headers: { 'X-Shopify-Topic': 'orders/create' } }))).toBe(true);
    expect(shopify.detect(viewFromUrl({ url: ENDPOINT, headers: { 'Stripe-Signature': 't=1' } }))).toBe(false);
  });
});
