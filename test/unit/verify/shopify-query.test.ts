import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { shopifyQuery } from '../../../shared/verify/providers/shopify-query.js';
import { viewFromUrl } from '../../../shared/verify/request-view.js';
import { vectorsFor } from '../../helpers/vectors.js';

const SECRET = 'hush';
const hexHmac = (message: string, secret = SECRET) => createHmac('sha256', secret).update(message).digest('hex');

/** shopify.dev worked examples (OAuth "hush" example, app-proxy "authenticate app proxies" examples). */
const DOCS_OAUTH = 'https://example.com/auth/callback?code=0907a61c0c8d55e99db179b68161bc00&hmac=4712bf92ffc2917d15a2f5a273e39f0116667419aa4b6ac0b3baaf26fa3c4d20&shop=some-shop.myshopify.com&timestamp=1337178173';
const PROXY_QUERY = 'extra=1&extra=2&shop=shop-name.myshopify.com&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555';
const DOCS_PROXY = [
  `https://example.com/proxy?${PROXY_QUERY}&signature=a9718877bea71c2484f91608a7eaea1532bdf71f5c56825065fa4ccabe549ef3`,
  'https://example.com/proxy?extra=1&extra=2&shop=shop-name.myshopify.com&logged_in_customer_id=&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555&signature=e072b6d7e6622d85912a5214b860d3100dc1e73d9bc29f43796ac8c9ff8093cb',
  'https://example.com/proxy?extra=1&extra=2&shop=shop-name.myshopify.com&logged_in_customer_id=1&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555&signature=4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb',
];
const PROXY_TS = 1_317_327_555;

const verifyUrl = (url: string, now: number, secret = SECRET) => shopifyQuery.verify({ url, method: 'GET', now }, secret);

describe('shopify-query scheme', () => {
  for (const v of vectorsFor('shopify-oauth-query-hmac')) {
    const ts = Number(new URL(v.url!).searchParams.get('timestamp'));
    it(`accepts published vector ${v.id}`, () => {
      expect(verifyUrl(v.url!, ts, v.secret)).toMatchObject({ ok: true, outcome: 'match' });
    });
    it(`reproduces the hmac of ${v.id}`, () => {
      const unsigned = v.url!.replace(/&?hmac=[0-9a-f]+/, '');
      const out = shopifyQuery.sign({ method: 'GET', url: unsigned, body: new Uint8Array(), timestamp: 0, id: 'x' }, v.secret, {});
      expect(new URL(out.url).searchParams.get('hmac')).toBe(v.expected_signature);
    });
    it(`rejects ${v.id} with one query byte changed`, () => {
      expect(verifyUrl(v.url!.replace('some-shop', 'some-shoq'), ts, v.secret)).toMatchObject({ ok: false, outcome: 'mismatch' });
    });
  }

  it('accepts the shopify.dev OAuth example without state', () => {
    expect(verifyUrl(DOCS_OAUTH, 1_337_178_173)).toMatchObject({ ok: true });
  });

  it('accepts the shopify.dev app-proxy examples (repeated values joined by commas)', () => {
    for (const url of DOCS_PROXY) expect(verifyUrl(url, PROXY_TS)).toMatchObject({ ok: true, outcome: 'match' });
  });

  it('re-encodes values as the SDK does: spaces as %20, reserved characters escaped', () => {
    const ts = 1_700_000_000;
    const message = `custom=hello%20world&path=%2Fa%2Fb&shop=myshop.myshopify.com&timestamp=${ts}`;
    const url = `https://example.com/cb?shop=myshop.myshopify.com&custom=hello+world&path=/a/b&timestamp=${ts}&hmac=${hexHmac(message)}`;
    expect(verifyUrl(url, ts)).toMatchObject({ ok: true });
  });

  it('accepts ids[] lists in the SDK form and in the form shopify.dev documents', () => {
    const ts = 1_700_000_000;
    const query = `ids[]=2&ids[]=1&shop=s.myshopify.com&timestamp=${ts}`;
    const sdkForm = `ids%5B%5D=2&ids%5B%5D=1&shop=s.myshopify.com&timestamp=${ts}`;
    const docsForm = `ids=["2", "1"]&shop=s.myshopify.com&timestamp=${ts}`;
    for (const message of [sdkForm, docsForm]) {
      expect(verifyUrl(`https://example.com/a?${query}&hmac=${hexHmac(message)}`, ts)).toMatchObject({ ok: true });
    }
  });

  it('round-trips sign -> verify in both forms', () => {
    const ts = 1_700_000_000;
    const admin = shopifyQuery.sign({ method: 'GET', url: 'https://example.com/auth?shop=a.myshopify.com&state=x y', body: new Uint8Array(), timestamp: ts, id: 'x' }, SECRET, {});
    expect(new URL(admin.url).searchParams.has('hmac')).toBe(true);
    expect(verifyUrl(admin.url, ts)).toMatchObject({ ok: true });
    const proxy = shopifyQuery.sign({ method: 'GET', url: `https://example.com/proxy?${PROXY_QUERY}`, body: new Uint8Array(), timestamp: ts, id: 'x' }, SECRET, {});
    expect(proxy.url).toBe(DOCS_PROXY[0]);
  });

  it('rejects a wrong secret', () => {
    expect(verifyUrl(DOCS_PROXY[0]!, PROXY_TS, 'not-hush')).toMatchObject({ ok: false, outcome: 'mismatch' });
    expect(verifyUrl(DOCS_OAUTH, 1_337_178_173, 'not-hush')).toMatchObject({ ok: false, outcome: 'mismatch' });
  });

  it('reports a timestamp more than 90 s away as stale', () => {
    expect(verifyUrl(DOCS_OAUTH, 1_337_178_173 + 90)).toMatchObject({ ok: true });
    expect(verifyUrl(DOCS_OAUTH, 1_337_178_173 + 91)).toMatchObject({ outcome: 'stale', skewSeconds: 91 });
    expect(verifyUrl(DOCS_PROXY[1]!, PROXY_TS - 91)).toMatchObject({ outcome: 'stale' });
  });

  it('reports a query without hmac/signature as missing, and survives garbage', () => {
    expect(verifyUrl('https://example.com/auth?shop=a.myshopify.com&timestamp=1', 1)).toMatchObject({ outcome: 'missing' });
    expect(verifyUrl('https://example.com/x?signature=abc', 1)).toMatchObject({ outcome: 'missing' });
    expect(verifyUrl('https://example.com/x?shop=%E0%A4%A&hmac=%zz&timestamp=nope', 1)).toMatchObject({ ok: false, outcome: 'mismatch' });
  });

  it('is detected from the query only when it looks like Shopify', () => {
    expect(shopifyQuery.detect(viewFromUrl({ url: DOCS_OAUTH }))).toBe(true);
    expect(shopifyQuery.detect(viewFromUrl({ url: DOCS_PROXY[0]! }))).toBe(true);
    expect(shopifyQuery.detect(viewFromUrl({ url: 'https://example.com/flash?signature=abc&externalId=1' }))).toBe(false);
  });
});
