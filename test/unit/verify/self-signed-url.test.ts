import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmac } from '../../../shared/verify/providers/hmac.js';
import { callbackUrlHmacOptions, signCallbackUrl, verifyCallbackUrl } from '../../../shared/verify/self-signed-url.js';
import { vector, vectorsFor } from '../../helpers/vectors.js';

const BASE = 'https://my-webhooks.example.com/flashfx';

describe('self-signed callback URLs', () => {
  for (const v of vectorsFor('flash-adhoc-callback-url')) {
    it(`signs the id of ${v.id} to its published signature, URL-encoded`, () => {
      const url = signCallbackUrl(BASE, v.string_to_sign!, v.secret);
      expect(url).toBe(`${BASE}?signature=${encodeURIComponent(v.expected_signature)}`);
      // Encoded, the signature survives a naive query parser.
      expect(new URL(url).searchParams.get('signature')).toBe(v.expected_signature);
    });

    it(`a URL it signs verifies through the hmac scheme with the ${v.id} body`, () => {
      const url = signCallbackUrl(BASE, v.string_to_sign!, v.secret);
      const options = callbackUrlHmacOptions('externalId');
      expect(options).toEqual({ algorithm: 'sha256', encoding: 'base64', signatureFrom: 'query:signature', signedContent: 'json:externalId' });
      expect(hmac.verify({ url, headers: v.headers, body: v.body }, v.secret, options)).toEqual({ ok: true, outcome: 'match', secretIndex: 0 });
    });

    it(`verifyCallbackUrl accepts ${v.id} as published (raw) and as signed here`, () => {
      expect(verifyCallbackUrl(v.url!, v.string_to_sign!, v.secret)).toMatchObject({ ok: true, outcome: 'match' });
      expect(verifyCallbackUrl(signCallbackUrl(BASE, v.string_to_sign!, v.secret), v.string_to_sign!, v.secret)).toEqual({
        ok: true,
        outcome: 'match',
        secretIndex: 0,
        warnings: [],
      });
    });
  }

  it('warns about the raw "+" in the published trap URL', () => {
    const v = vector('flash-adhoc-plus-trap');
    const check = verifyCallbackUrl(v.url!, v.string_to_sign!, v.secret);
    expect(check.ok).toBe(true);
    expect(check.warnings.map((w) => w.code)).toEqual(['query-changed']);
  });

  it('keeps the existing query, replaces an old signature and keeps a fragment', () => {
    const signature = encodeURIComponent(createHmac('sha256', 'k3y').update('order-9').digest('base64'));
    expect(signCallbackUrl('https://a.example/cb?tenant=42&x=a%20b', 'order-9', 'k3y')).toBe(`https://a.example/cb?tenant=42&x=a%20b&signature=${signature}`);
    expect(signCallbackUrl('https://a.example/cb?signature=old&tenant=42', 'order-9', 'k3y')).toBe(`https://a.example/cb?tenant=42&signature=${signature}`);
    expect(signCallbackUrl('https://a.example/cb#top', 'order-9', 'k3y')).toBe(`https://a.example/cb?signature=${signature}#top`);
  });

  it('supports another parameter, algorithm and base64url, matching node:crypto and the hmac scheme', () => {
    const options = { param: 'sig', algorithm: 'sha512', encoding: 'base64url' } as const;
    const url = signCallbackUrl('https://a.example/cb', 'order-9', 'k3y', options);
    expect(url).toBe(`https://a.example/cb?sig=${createHmac('sha512', 'k3y').update('order-9').digest('base64url')}`);
    expect(verifyCallbackUrl(url, 'order-9', 'k3y', options).ok).toBe(true);
    const body = JSON.stringify({ orderId: 'order-9' });
    expect(hmac.verify({ url, body }, 'k3y', callbackUrlHmacOptions('orderId', options)).ok).toBe(true);
  });

  it('rejects another id, a wrong secret and a missing signature; never throws', () => {
    const url = signCallbackUrl(BASE, '12344321', 'abcdefg');
    expect(verifyCallbackUrl(url, '12344322', 'abcdefg')).toMatchObject({ ok: false, outcome: 'mismatch' });
    expect(verifyCallbackUrl(url, '12344321', 'abcdefh')).toMatchObject({ ok: false, outcome: 'mismatch' });
    expect(verifyCallbackUrl(BASE, '12344321', 'abcdefg')).toMatchObject({ ok: false, outcome: 'missing', warnings: [] });
    expect(verifyCallbackUrl(`${BASE}?signature=%E0%A4%A`, '12344321', 'abcdefg')).toMatchObject({ ok: false, outcome: 'mismatch' });
    expect(verifyCallbackUrl('not a url', '1', 'abcdefg')).toMatchObject({ ok: false, outcome: 'missing' });
  });

  it('refuses to sign with an empty secret or id', () => {
    expect(() => signCallbackUrl(BASE, '1', '')).toThrow(/secret/);
    expect(() => signCallbackUrl(BASE, '', 'abcdefg')).toThrow(/id/);
  });
});
