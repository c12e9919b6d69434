import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmac, hmacOptionErrors, hmacSignsUrl, hmacTolerance, parseTimestamp } from '../../../shared/verify/providers/hmac.js';
import { viewFromUrl } from '../../../shared/verify/request-view.js';
import { vector, vectorsFor } from '../../helpers/vectors.js';

const enc = new TextEncoder();
/** Flash ad hoc callbacks, configured exactly as in CONTRACT.md. */
const FLASH_ADHOC = { algorithm: 'sha256', encoding: 'base64', signatureFrom: 'query:signature', signedContent: 'json:externalId' };
const PLUS = vector('flash-adhoc-plus-trap');
const NOW = 1_700_000_000;

function signInput(url: string, body: string, headers: Array<[string, string]> = [], timestamp = NOW) {
  return { method: 'POST', url, body: enc.encode(body), timestamp, id: 'msg_1', headers };
}
function signatureParam(url: string): string {
  return decodeURIComponent(/[?&]signature=([^&#]*)/.exec(url)![1]!);
}

describe('hmac scheme: Flash ad hoc callback URLs (published vectors)', () => {
  for (const v of vectorsFor('flash-adhoc-callback-url')) {
    it(`accepts ${v.id} as sent (raw query)`, () => {
      const result = hmac.verify({ url: v.url!, headers: v.headers, body: v.body }, v.secret, FLASH_ADHOC);
      expect(result).toEqual({ ok: true, outcome: 'match', secretIndex: 0 });
    });
    it(`sign reproduces the signature of ${v.id}, URL-encoded`, () => {
      const out = hmac.sign(signInput('https://my-webhooks.example.com/flashfx', v.body), v.secret, FLASH_ADHOC);
      expect(out.headers).toEqual([]);
      expect(out.url).toBe(`https://my-webhooks.example.com/flashfx?signature=${encodeURIComponent(v.expected_signature)}`);
      expect(signatureParam(out.url)).toBe(v.expected_signature);
    });
    it(`rejects ${v.id} when one byte of the signed id changes`, () => {
      const body = v.body.replace(`"externalId":"${v.string_to_sign}"`, `"externalId":"${v.string_to_sign!.slice(0, -1)}x"`);
      expect(body).not.toBe(v.body);
      expect(hmac.verify({ url: v.url!, body }, v.secret, FLASH_ADHOC)).toEqual({ ok: false, outcome: 'mismatch' });
    });
    it(`rejects ${v.id} under a wrong secret`, () => {
      expect(hmac.verify({ url: v.url!, body: v.body }, 'abcdefh', FLASH_ADHOC)).toEqual({ ok: false, outcome: 'mismatch' });
    });
  }

  it('the "+" trap, read correctly: a raw "+" verifies and warns query-changed', () => {
    expect(PLUS.url).toContain('+');
    expect(hmac.verify({ url: PLUS.url!, body: PLUS.body }, PLUS.secret, FLASH_ADHOC).ok).toBe(true);
    const view = viewFromUrl({ url: PLUS.url!, body: PLUS.body });
    const warnings = hmac.warnings!(view, hmac.extract(view, FLASH_ADHOC)!, FLASH_ADHOC);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      code: 'query-changed',
      expected: { signature: PLUS.expected_signature },
      actual: { 'req.query': PLUS.query_param_as_parsed_by_URLSearchParams },
    });
    expect(warnings[0]!.fix).toMatch(/encodeURIComponent/);
    expect(warnings[0]!.fix).toMatch(/base64url/);
  });

  it('the "+" trap, read naively: URLSearchParams turns "+" into a space and the comparison fails', () => {
    const naive = new URL(PLUS.url!).searchParams.get('signature')!;
    expect(naive).toBe(PLUS.query_param_as_parsed_by_URLSearchParams);
    const digest = createHmac('sha256', PLUS.secret).update(PLUS.string_to_sign!).digest('base64');
    expect(digest).toBe(PLUS.expected_signature);
    expect(naive).not.toBe(digest);
    // A signature that really arrives with a space (a proxy decoded it) is a mismatch for the scheme: the URL
    // was mangled, which is not an encoding choice (the engine names it query-changed, see diagnoses tests).
    const spaced = PLUS.url!.replace('+', '%20');
    expect(hmac.verify({ url: spaced, body: PLUS.body }, PLUS.secret, FLASH_ADHOC).outcome).toBe('mismatch');
  });

  it('the "+" trap avoided: an encoded %2B verifies with no warning; so does a signature without "+"', () => {
    const encoded = PLUS.url!.replace('+', '%2B');
    expect(hmac.verify({ url: encoded, body: PLUS.body }, PLUS.secret, FLASH_ADHOC).ok).toBe(true);
    const view = viewFromUrl({ url: encoded, body: PLUS.body });
    expect(hmac.warnings!(view, hmac.extract(view, FLASH_ADHOC)!, FLASH_ADHOC)).toEqual([]);
    const plain = vector('flash-adhoc-self');
    const plainView = viewFromUrl({ url: plain.url!, body: plain.body });
    expect(hmac.warnings!(plainView, hmac.extract(plainView, FLASH_ADHOC)!, FLASH_ADHOC)).toEqual([]);
  });

  it("reports 'missing' without ?signature=, and never throws on a body that is not JSON", () => {
    expect(hmac.verify({ url: 'https://my-webhooks.example.com/flashfx', body: PLUS.body }, PLUS.secret, FLASH_ADHOC)).toEqual({ ok: false, outcome: 'missing' });
    for (const body of ['', 'not json', '[1,2]', '{"externalId":12344321}', 'null']) {
      expect(hmac.verify({ url: PLUS.url!, body }, PLUS.secret, FLASH_ADHOC).outcome, body).toBe('mismatch');
    }
  });

  it('refuses to sign a body without the id field', () => {
    expect(() => hmac.sign(signInput('https://x.example/cb', '{"id":"1"}'), 'abcdefg', FLASH_ADHOC)).toThrow(/externalId/);
  });
});

describe('hmac scheme: options, checked against node:crypto', () => {
  const SECRET = 'my-shared-secret';
  const BODY = '{"event":"ping","n":1}';
  const URL_ = 'https://hooks.example.com/in?tenant=42';

  for (const algorithm of ['sha1', 'sha256', 'sha512'] as const) {
    for (const encoding of ['hex', 'base64', 'base64url'] as const) {
      it(`signs the raw body with ${algorithm}/${encoding} as node:crypto does, and verifies it`, () => {
        const options = { algorithm, encoding };
        const out = hmac.sign(signInput(URL_, BODY), SECRET, options);
        const expected = createHmac(algorithm, SECRET).update(BODY).digest(encoding);
        expect(out.headers).toEqual([['X-Signature', expected]]);
        expect(hmac.verify({ url: URL_, headers: out.headers, body: BODY }, SECRET, options).ok).toBe(true);
        expect(hmac.verify({ url: URL_, headers: out.headers, body: BODY.replace('1', '2') }, SECRET, options).outcome).toBe('mismatch');
        expect(hmac.verify({ url: URL_, headers: out.headers, body: BODY }, 'wrong', options).outcome).toBe('mismatch');
      });
    }
  }

  it('defaults: sha256, hex, X-Signature, raw body', () => {
    const expected = createHmac('sha256', SECRET).update(BODY).digest('hex');
    expect(hmac.verify({ url: URL_, headers: { 'x-signature': expected }, body: BODY }, SECRET).ok).toBe(true);
    expect(hmac.verify({ url: URL_, body: BODY }, SECRET).outcome).toBe('missing');
  });

  it('adds and expects a prefix; a bare digest is an encoding mistake', () => {
    const options = { prefix: 'sha256=', signatureFrom: 'header:X-Hub-Signature-256' };
    const digest = createHmac('sha256', SECRET).update(BODY).digest('hex');
    const out = hmac.sign(signInput(URL_, BODY), SECRET, options);
    expect(out.headers).toEqual([['X-Hub-Signature-256', `sha256=${digest}`]]);
    expect(hmac.verify({ url: URL_, headers: out.headers, body: BODY }, SECRET, options).ok).toBe(true);
    expect(hmac.verify({ url: URL_, headers: { 'X-Hub-Signature-256': digest }, body: BODY }, SECRET, options).outcome).toBe('encoding');
  });

  it('signs url+body and url; a query signature is left out of the signed URL', () => {
    const both = { signedContent: 'url+body' };
    const out = hmac.sign(signInput(URL_, BODY), SECRET, both);
    expect(out.headers).toEqual([['X-Signature', createHmac('sha256', SECRET).update(URL_ + BODY).digest('hex')]]);
    expect(hmac.verify({ url: URL_, headers: out.headers, body: BODY }, SECRET, both).ok).toBe(true);
    // Another host (what a tunnel rewrite looks like) does not match.
    expect(hmac.verify({ url: URL_.replace('hooks.', 'other.'), headers: out.headers, body: BODY }, SECRET, both).outcome).toBe('mismatch');

    const urlOnly = { signedContent: 'url', signatureFrom: 'query:sig', encoding: 'base64' };
    const signed = hmac.sign(signInput(URL_, BODY), SECRET, urlOnly);
    const expected = createHmac('sha256', SECRET).update(URL_).digest('base64');
    expect(signed.url).toBe(`${URL_}&sig=${encodeURIComponent(expected)}`);
    expect(hmac.verify({ url: signed.url, body: 'anything' }, SECRET, urlOnly).ok).toBe(true);
    expect(hmac.verify({ url: signed.url.replace('tenant=42', 'tenant=43'), body: '' }, SECRET, urlOnly).outcome).toBe('mismatch');
  });

  it('signs a template of timestamp, header and body, and judges staleness', () => {
    const options = { signedContent: 'template:v1:{timestamp}:{header:X-Request-Id}:{body}', timestampFrom: 'header:X-Timestamp' };
    const headers: Array<[string, string]> = [['X-Request-Id', 'req_7']];
    const out = hmac.sign(signInput(URL_, BODY, headers), SECRET, options);
    const expected = createHmac('sha256', SECRET).update(`v1:${NOW}:req_7:${BODY}`).digest('hex');
    expect(out.headers).toEqual([['X-Timestamp', String(NOW)], ['X-Signature', expected]]);

    const sent = [...headers, ...out.headers];
    expect(hmac.verify({ url: URL_, headers: sent, body: BODY, now: NOW + 10 }, SECRET, options)).toMatchObject({ ok: true });
    expect(hmac.verify({ url: URL_, headers: sent, body: BODY, now: NOW + 301 }, SECRET, options)).toMatchObject({ ok: false, outcome: 'stale', skewSeconds: 301 });
    expect(hmac.verify({ url: URL_, headers: sent, body: BODY, now: NOW - 400 }, SECRET, options)).toMatchObject({ outcome: 'stale', skewSeconds: -400 });
    // The signed header is part of the content.
    const otherId = sent.map(([n, v]): [string, string] => [n, n === 'X-Request-Id' ? 'req_8' : v]);
    expect(hmac.verify({ url: URL_, headers: otherId, body: BODY, now: NOW }, SECRET, options).outcome).toBe('mismatch');
    // A re-dated request is not signed.
    const redated = sent.map(([n, v]): [string, string] => [n, n === 'X-Timestamp' ? String(NOW + 1) : v]);
    expect(hmac.verify({ url: URL_, headers: redated, body: BODY, now: NOW }, SECRET, options).outcome).toBe('mismatch');
  });

  it('honours the tolerance option', () => {
    const base = { signedContent: 'template:{timestamp}.{body}', timestampFrom: 'query:ts' };
    const out = hmac.sign(signInput('https://x.example/cb', BODY), SECRET, base);
    expect(out.url).toBe(`https://x.example/cb?ts=${NOW}`);
    expect(out.headers).toEqual([['X-Signature', createHmac('sha256', SECRET).update(`${NOW}.${BODY}`).digest('hex')]]);
    const request = { url: out.url, headers: out.headers, body: BODY };
    expect(hmac.verify({ ...request, now: NOW + 100 }, SECRET, { ...base, tolerance: 60 }).outcome).toBe('stale');
    expect(hmac.verify({ ...request, now: NOW + 30 }, SECRET, { ...base, tolerance: 60 }).ok).toBe(true);
    expect(hmac.verify({ ...request, now: NOW + 600 }, SECRET, { ...base, tolerance: 1000 }).ok).toBe(true);
    expect(hmacTolerance({ ...base, tolerance: 60 })).toBe(60);
    expect(hmacTolerance(base)).toBe(300);
  });

  it("a missing or unreadable timestamp is 'missing', never an exception", () => {
    const options = { signedContent: 'template:{timestamp}.{body}', timestampFrom: 'header:X-Timestamp' };
    const signature = createHmac('sha256', SECRET).update(`garbage.${BODY}`).digest('hex');
    for (const ts of [undefined, 'garbage', '', '12e9999', '2024-13-45T99:99:99Z']) {
      const headers: Record<string, string> = { 'X-Signature': signature };
      if (ts !== undefined) headers['X-Timestamp'] = ts;
      expect(hmac.verify({ url: URL_, headers, body: BODY, now: NOW }, SECRET, options).outcome, String(ts)).toBe('missing');
    }
  });

  it('reads timestamps in seconds, milliseconds and ISO 8601', () => {
    expect(parseTimestamp('1700000000')).toBe(NOW);
    expect(parseTimestamp(' 1700000000123 ')).toBe(NOW);
    expect(parseTimestamp('2023-11-14T22:13:20Z')).toBe(NOW);
    expect(parseTimestamp('soon')).toBeUndefined();
  });

  it('never throws on malformed signatures, percent-escapes or options', () => {
    const url = 'https://x.example/cb?signature=%ZZ%%';
    expect(hmac.verify({ url, body: '{"externalId":"1"}' }, 'abcdefg', FLASH_ADHOC).outcome).toBe('mismatch');
    expect(hmac.verify({ url: URL_, headers: { 'X-Signature': '!!!not base64!!!' }, body: BODY }, SECRET, { encoding: 'base64' }).outcome).toBe('mismatch');
    const signature = createHmac('sha256', SECRET).update(BODY).digest('hex');
    // Invalid options fall back to the defaults (the config loader reports them via hmacOptionErrors).
    expect(hmac.verify({ url: URL_, headers: { 'X-Signature': signature }, body: BODY }, SECRET, { algorithm: 'md5', signedContent: 42 }).ok).toBe(true);
    expect(hmac.verify({ url: URL_, headers: { 'X-Signature': signature }, body: BODY }, '').outcome).toBe('bad-secret');
  });

  it('validates options in plain words', () => {
    expect(hmacOptionErrors(FLASH_ADHOC)).toEqual([]);
    expect(hmacOptionErrors({})).toEqual([]);
    expect(hmacOptionErrors({ algorithm: 'SHA-512', encoding: 'base64url', prefix: 'v1=', signedContent: 'template:{timestamp}.{body}', timestampFrom: 'header:X-Ts', tolerance: 60 })).toEqual([]);
    const errors = hmacOptionErrors({ algorithm: 'md5', encoding: 'hexx', signatureFrom: 'quer y:sig', signedContent: 'everything', tolerance: -1 });
    expect(errors).toHaveLength(6);
    expect(errors.join('\n')).toMatch(/algorithm.*md5/);
    expect(hmacOptionErrors({ signedContent: 'template:{timestamp}{body}' })).toEqual([expect.stringMatching(/timestampFrom/)]);
    expect(hmacOptionErrors({ timestampFrom: 'header:X-Ts' })).toEqual([expect.stringMatching(/not signed/)]);
  });

  it('says which configurations sign the URL', () => {
    expect(hmacSignsUrl({})).toBe(false);
    expect(hmacSignsUrl(FLASH_ADHOC)).toBe(false);
    expect(hmacSignsUrl({ signedContent: 'url+body' })).toBe(true);
    expect(hmacSignsUrl({ signedContent: 'template:{url}|{body}' })).toBe(true);
  });

  it('is never detected from headers alone, and complains about an unresolved env: secret', () => {
    expect(hmac.detect(viewFromUrl({ url: URL_, headers: { 'X-Signature': 'abc' } }))).toBe(false);
    expect(hmac.secretShape?.complain?.('env:FLASH_SECRET')).toMatch(/FLASH_SECRET/);
  });
});
