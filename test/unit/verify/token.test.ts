import { describe, expect, it } from 'vitest';
import { token, tokenOptionErrors } from '../../../shared/verify/providers/token.js';
import { viewFromUrl } from '../../../shared/verify/request-view.js';
import { vector, vectorsFor } from '../../helpers/vectors.js';

const enc = new TextEncoder();
const TM = vector('textmaster-token-in-url');
const SECRET = TM.secret;

function signInput(url: string, body = '{}') {
  return { method: 'POST', url, body: enc.encode(body), timestamp: 1_700_000_000, id: 'msg_1' };
}

describe('token scheme', () => {
  for (const v of vectorsFor('url-token')) {
    it(`accepts published vector ${v.id} with default options`, () => {
      const result = token.verify({ url: v.url!, headers: v.headers, body: v.body }, v.secret);
      expect(result).toEqual({ ok: true, outcome: 'match', secretIndex: 0 });
    });
    it(`accepts ${v.id} with from: query:token`, () => {
      const result = token.verify({ url: v.url!, headers: v.headers, body: v.body }, v.secret, { from: 'query:token' });
      expect(result.ok).toBe(true);
    });
    it(`extracts the documented token from ${v.id}`, () => {
      const extracted = token.extract(viewFromUrl({ url: v.url!, headers: v.headers }), {});
      expect(extracted?.signatures).toEqual([v.expected_signature]);
    });
  }

  it('sign reproduces the documented callback URL', () => {
    const out = token.sign(signInput('https://example.com/payload'), SECRET, {});
    expect(out).toEqual({ url: TM.url, headers: [] });
  });

  it('round-trips sign -> verify for a query token and a header token', () => {
    for (const options of [{}, { from: 'query:key' }, { from: 'header:X-Webhook-Token' }, { from: 'header:Authorization' }]) {
      const out = token.sign(signInput('https://example.com/hook?tenant=42'), SECRET, options);
      const result = token.verify({ url: out.url, headers: out.headers, body: '{}' }, SECRET, options);
      expect(result, JSON.stringify(options)).toMatchObject({ ok: true, outcome: 'match' });
    }
  });

  it('puts a Bearer prefix on Authorization and strips it when reading', () => {
    const out = token.sign(signInput('https://example.com/hook'), SECRET, { from: 'header:Authorization' });
    expect(out.headers).toEqual([['Authorization', `Bearer ${SECRET}`]]);
  });

  it('finds the token in the common headers by default', () => {
    for (const header of ['X-Webhook-Token', 'X-Gitlab-Token', 'X-Telegram-Bot-Api-Secret-Token']) {
      const result = token.verify({ url: 'https://example.com/hook', headers: { [header]: SECRET } }, SECRET);
      expect(result.ok, header).toBe(true);
    }
  });

  it('rejects a token one character off, and a wrong secret', () => {
    const changed = TM.url!.slice(0, -1) + (TM.url!.endsWith('d') ? 'e' : 'd');
    expect(token.verify({ url: changed, body: '{}' }, SECRET)).toEqual({ ok: false, outcome: 'mismatch' });
    expect(token.verify({ url: TM.url!, body: '{}' }, 'another-token')).toEqual({ ok: false, outcome: 'mismatch' });
  });

  it('accepts any body: a token does not sign the body (its known weakness)', () => {
    const result = token.verify({ url: TM.url!, body: TM.body + ' ' }, SECRET);
    expect(result.ok).toBe(true);
  });

  it('uses the later secret during rotation', () => {
    expect(token.verify({ url: TM.url!, body: '{}' }, ['old-token', SECRET])).toMatchObject({ ok: true, secretIndex: 1 });
  });

  it("reports 'missing' when the configured place carries no token", () => {
    expect(token.verify({ url: 'https://example.com/payload', body: '{}' }, SECRET)).toEqual({ ok: false, outcome: 'missing' });
    // Configured for a header: a token in the query does not count.
    expect(token.verify({ url: TM.url!, body: '{}' }, SECRET, { from: 'header:X-Webhook-Token' }).outcome).toBe('missing');
    expect(token.verify({ url: 'https://example.com/payload?token=', body: '{}' }, SECRET).outcome).toBe('missing');
  });

  it('is never detected from headers alone', () => {
    expect(token.detect(viewFromUrl({ url: TM.url!, headers: { 'X-Webhook-Token': SECRET } }))).toBe(false);
  });

  it('reads a percent-encoded token, keeps a raw "+" as "+", and warns about the "+"', () => {
    const secret = 'ab+cd/ef==';
    const encoded = token.verify({ url: `https://example.com/p?token=${encodeURIComponent(secret)}` }, secret);
    expect(encoded.ok).toBe(true);

    const rawUrl = 'https://example.com/p?token=ab+cd/ef==';
    expect(token.verify({ url: rawUrl }, secret).ok).toBe(true);
    const view = viewFromUrl({ url: rawUrl });
    const warnings = token.warnings!(view, token.extract(view, {})!, {});
    expect(warnings.map((w) => w.code)).toEqual(['query-changed']);
    // The token is the secret: the warning must not echo it.
    expect(JSON.stringify(warnings)).not.toContain('ab+cd');
    expect(token.warnings!(viewFromUrl({ url: TM.url! }), token.extract(viewFromUrl({ url: TM.url! }), {})!, {})).toEqual([]);
  });

  it('never throws on malformed input', () => {
    expect(token.verify({ url: 'https://example.com/p?token=%E0%A4%A' }, SECRET).outcome).toBe('mismatch');
    expect(token.verify({ url: TM.url! }, '').outcome).toBe('bad-secret');
    expect(token.verify({ url: TM.url! }, SECRET, { from: 42 as unknown as string }).outcome).toBe('missing');
  });

  it('validates options and complains about an unresolved env: secret', () => {
    expect(tokenOptionErrors({ from: 'query:token' })).toEqual([]);
    expect(tokenOptionErrors({})).toEqual([]);
    expect(tokenOptionErrors({ from: 'quer y:token' })).toHaveLength(1);
    expect(token.secretShape?.complain?.('env:TEXTMASTER_TOKEN')).toMatch(/TEXTMASTER_TOKEN/);
    expect(token.secretShape?.complain?.(SECRET)).toBeNull();
  });
});
