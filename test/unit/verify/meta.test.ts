import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { escapeUnicode, meta } from '../../../shared/verify/providers/meta.js';
import { github } from '../../../shared/verify/providers/github.js';
import { SCHEMES } from '../../../shared/verify/registry.js';
import { viewFromUrl, type CapturedRequestView } from '../../../shared/verify/request-view.js';
import { loadVectors, vector } from '../../helpers/vectors.js';

const URL = 'https://example.com/meta';
const SECRET = '0123456789abcdef0123456789abcdef';
const BODY = '{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp"}}]}]}';
const hex = (algorithm: string, secret: string, body: string | Buffer) => createHmac(algorithm, secret).update(body).digest('hex');
const request = (body = BODY, secret = SECRET) => ({
  url: URL,
  headers: {
    'Content-Type': 'application/json',
    'User-Agent': 'facebookexternalua',
    'X-Hub-Signature': `sha1=${hex('sha1', secret, body)}`,
    'X-Hub-Signature-256': `sha256=${hex('sha256', secret, body)}`,
  },
  body,
});

/** The scheme the registry picks first for a request, as the engine's detection does. */
const detected = (view: CapturedRequestView) => SCHEMES.find((s) => s.detect(view))?.id;

describe('meta scheme', () => {
  for (const v of loadVectors().filter((x) => x.scheme === 'meta')) {
    it(`accepts published vector ${v.id}`, () => {
      expect(meta.verify({ url: v.url ?? URL, headers: v.headers, body: v.body }, v.secret).ok).toBe(true);
    });
  }

  it('matches a hand-computed node:crypto HMAC-SHA256 (sha256= hex)', () => {
    expect(meta.verify(request(), SECRET)).toEqual({ ok: true, outcome: 'match', secretIndex: 0 });
  });

  it('falls back to X-Hub-Signature (sha1) when the SHA-256 header is absent', () => {
    const { 'X-Hub-Signature-256': _drop, ...headers } = request().headers;
    expect(meta.verify({ url: URL, headers, body: BODY }, SECRET).ok).toBe(true);
  });

  it("accepts the signature over the escaped-unicode payload, as in Meta's äöå example", () => {
    const raw = '{"object":"page","entry":[{"messaging":[{"message":{"text":"äöå 😀"}}]}]}';
    const escaped = '{"object":"page","entry":[{"messaging":[{"message":{"text":"\\u00e4\\u00f6\\u00e5 \\ud83d\\ude00"}}]}]}';
    expect(new TextDecoder().decode(escapeUnicode(new TextEncoder().encode(raw)))).toBe(escaped);
    const signedEscaped = { ...request(raw), headers: { ...request(raw).headers, 'X-Hub-Signature-256': `sha256=${hex('sha256', SECRET, escaped)}` } };
    expect(meta.verify(signedEscaped, SECRET).ok).toBe(true);
    expect(meta.verify(request(raw), SECRET).ok).toBe(true);
  });

  it('round-trips sign -> verify and reproduces the node:crypto signatures', () => {
    const out = meta.sign({ method: 'POST', url: URL, body: new TextEncoder().encode(BODY), timestamp: 0, id: 'x' }, SECRET, {});
    expect(out.headers).toEqual([
      ['X-Hub-Signature-256', request().headers['X-Hub-Signature-256']],
      ['X-Hub-Signature', request().headers['X-Hub-Signature']],
      ['User-Agent', 'facebookexternalua'],
    ]);
    expect(meta.verify({ url: out.url, headers: out.headers, body: BODY }, SECRET).ok).toBe(true);
  });

  it('rejects one changed body byte and a wrong secret', () => {
    expect(meta.verify({ ...request(), body: BODY.replace('102290129340398', '102290129340399') }, SECRET)).toEqual({ ok: false, outcome: 'mismatch' });
    expect(meta.verify(request(), 'fedcba9876543210fedcba9876543210')).toEqual({ ok: false, outcome: 'mismatch' });
  });

  it('reports missing headers as missing and never throws on garbage', () => {
    expect(meta.verify({ url: URL, body: BODY }, SECRET)).toEqual({ ok: false, outcome: 'missing' });
    expect(() => meta.verify({ url: URL, headers: { 'X-Hub-Signature-256': 'sha256=' }, body: new Uint8Array([0xc3, 0x28, 0xff]) }, SECRET)).not.toThrow();
  });

  it('detects Meta deliveries by user agent or payload shape, never GitHub deliveries', () => {
    const { 'User-Agent': _ua, ...noAgent } = request().headers;
    expect(meta.detect(viewFromUrl(request()))).toBe(true);
    expect(meta.detect(viewFromUrl({ url: URL, headers: noAgent, body: BODY }))).toBe(true);
    expect(meta.detect(viewFromUrl({ url: URL, method: 'GET', headers: { 'User-Agent': 'facebookexternalua' } }))).toBe(false);

    const gh = vector('github-docs');
    expect(meta.detect(viewFromUrl({ url: URL, headers: gh.headers, body: gh.body }))).toBe(false);
    const ghFull = { ...gh.headers, 'X-GitHub-Event': 'ping', 'User-Agent': 'GitHub-Hookshot/abc123', 'X-Hub-Signature': 'sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59' };
    expect(meta.detect(viewFromUrl({ url: URL, headers: ghFull, body: BODY }))).toBe(false);
  });

  it('registry order: Meta deliveries are meta, GitHub deliveries stay github', () => {
    const at = (id: string) => SCHEMES.findIndex((s) => s.id === id);
    expect(at('meta')).toBeGreaterThanOrEqual(0);
    expect(at('meta')).toBeLessThan(at('github'));
    expect(detected(viewFromUrl(request()))).toBe('meta');
    const gh = vector('github-docs');
    expect(detected(viewFromUrl({ url: URL, headers: gh.headers, body: gh.body }))).toBe('github');
    const ghFull = { ...gh.headers, 'X-GitHub-Event': 'push', 'User-Agent': 'GitHub-Hookshot/abc123', 'X-Hub-Signature': 'sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59' };
    expect(detected(viewFromUrl({ url: URL, headers: ghFull, body: gh.body }))).toBe('github');
    expect(github.verify({ url: URL, headers: ghFull, body: gh.body }, gh.secret).ok).toBe(true);
  });

  it('complains about access tokens pasted as the App Secret', () => {
    expect(meta.secretShape?.complain?.('EAAGm0PX4ZCpsBAKZCZAzZBZBqZCZAbZBZCZAaZB')).toMatch(/access token/);
    expect(meta.secretShape?.complain?.('123456789|abcdef')).toMatch(/app access token/);
    expect(meta.secretShape?.complain?.(SECRET)).toBeNull();
  });
});
