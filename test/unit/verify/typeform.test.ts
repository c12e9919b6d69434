import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { typeform } from '../../../shared/verify/providers/typeform.js';
import { viewFromUrl } from '../../../shared/verify/request-view.js';
import { loadVectors } from '../../helpers/vectors.js';

const URL = 'https://example.com/typeform';
const SECRET = 'f4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1';
const BODY = '{"event_id":"01HXYZ","event_type":"form_response","form_response":{"form_id":"lT4Z3j","answers":[{"type":"text","text":"Größe ✓"}]}}';
const expected = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('base64')}`;
const request = (signature: string, body = BODY) => ({ url: URL, headers: { 'Typeform-Signature': signature }, body });

describe('typeform scheme', () => {
  for (const v of loadVectors().filter((x) => x.scheme === 'typeform')) {
    it(`accepts published vector ${v.id}`, () => {
      expect(typeform.verify({ url: v.url ?? URL, headers: v.headers, body: v.body }, v.secret).ok).toBe(true);
    });
  }

  it('matches a hand-computed node:crypto HMAC-SHA256 (base64, sha256= prefix) over a UTF-8 body', () => {
    expect(typeform.verify(request(expected(SECRET, BODY)), SECRET)).toEqual({ ok: true, outcome: 'match', secretIndex: 0 });
  });

  it('round-trips sign -> verify and reproduces the node:crypto signature', () => {
    const out = typeform.sign({ method: 'POST', url: URL, body: new TextEncoder().encode(BODY), timestamp: 0, id: 'x' }, SECRET, {});
    expect(out.headers).toEqual([['Typeform-Signature', expected(SECRET, BODY)]]);
    expect(typeform.verify({ url: out.url, headers: out.headers, body: BODY }, SECRET).ok).toBe(true);
  });

  it('rejects one changed body byte and a wrong secret', () => {
    expect(typeform.verify(request(expected(SECRET, BODY), BODY.replace('lT4Z3j', 'lT4Z3k')), SECRET)).toEqual({ ok: false, outcome: 'mismatch' });
    expect(typeform.verify(request(expected(SECRET, BODY)), 'not-the-secret')).toEqual({ ok: false, outcome: 'mismatch' });
  });

  it('reports a hex digest where base64 belongs as an encoding problem', () => {
    const hex = `sha256=${createHmac('sha256', SECRET).update(BODY).digest('hex')}`;
    expect(typeform.verify(request(hex), SECRET)).toMatchObject({ ok: false, outcome: 'encoding' });
  });

  it('reports a missing header as missing and never throws on garbage', () => {
    expect(typeform.verify({ url: URL, body: BODY }, SECRET)).toEqual({ ok: false, outcome: 'missing' });
    expect(() => typeform.verify(request('sha256=!!!'), SECRET)).not.toThrow();
  });

  it('detects the header or the Typeform user agent, and complains about a personal access token', () => {
    expect(typeform.detect(viewFromUrl(request('x')))).toBe(true);
    expect(typeform.detect(viewFromUrl({ url: URL, headers: { 'User-Agent': 'Typeform Webhooks' } }))).toBe(true);
    expect(typeform.detect(viewFromUrl({ url: URL, headers: { 'X-Hub-Signature-256': 'sha256=x' } }))).toBe(false);
    expect(typeform.secretShape?.complain?.('tfp_AbCdEf123456')).toMatch(/personal access token/);
    expect(typeform.secretShape?.complain?.(SECRET)).toBeNull();
  });
});
