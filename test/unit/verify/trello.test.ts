import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { trello } from '../../../shared/verify/providers/trello.js';
import { viewFromUrl } from '../../../shared/verify/request-view.js';
import { loadVectors } from '../../helpers/vectors.js';

const CALLBACK = 'https://mycallback.example.com/trelloCallbacks/?memberID=14&mainModel=true';
const SECRET = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
const BODY = '{"action":{"type":"updateCard","data":{"card":{"name":"Fix login"}}},"model":{"id":"4d5ea62fd76aa1136000000c"}}';
// Trello documents that it signs a "binary" string: Node's latin1 (low byte of each UTF-16 unit).
const documented = (secret: string, body: string, url: string) => createHmac('sha1', secret).update(Buffer.from(body + url, 'latin1')).digest('base64');
const request = (signature: string, body = BODY, url = CALLBACK) => ({ url, headers: { 'X-Trello-Webhook': signature }, body });

describe('trello scheme', () => {
  for (const v of loadVectors().filter((x) => x.scheme === 'trello')) {
    it(`accepts published vector ${v.id}`, () => {
      expect(trello.verify({ url: v.signed_url ?? v.url ?? CALLBACK, headers: v.headers, body: v.body }, v.secret).ok).toBe(true);
    });
  }

  it('matches a hand-computed node:crypto HMAC-SHA1 over body + callback URL', () => {
    const signature = createHmac('sha1', SECRET).update(BODY + CALLBACK).digest('base64');
    expect(trello.signsUrl).toBe(true);
    expect(trello.verify(request(signature), SECRET)).toEqual({ ok: true, outcome: 'match', secretIndex: 0 });
  });

  it('follows the documented binary-string quirk for a non-ASCII body (en dash → 0x13), and the UTF-8 form', () => {
    const body = '{"action":{"data":{"card":{"name":"Q3 – roadmap ✓"}}}}';
    const quirk = documented(SECRET, body, CALLBACK);
    const asUtf8 = createHmac('sha1', SECRET).update(Buffer.from(body + CALLBACK, 'utf8')).digest('base64');
    expect(quirk).not.toBe(asUtf8);
    expect(trello.verify(request(quirk, body), SECRET).ok).toBe(true);
    expect(trello.verify(request(asUtf8, body), SECRET).ok).toBe(true);
    const out = trello.sign({ method: 'POST', url: CALLBACK, body: new TextEncoder().encode(body), timestamp: 0, id: 'x' }, SECRET, {});
    expect(out.headers).toEqual([['X-Trello-Webhook', quirk]]);
  });

  it('round-trips sign -> verify', () => {
    const out = trello.sign({ method: 'POST', url: CALLBACK, body: new TextEncoder().encode(BODY), timestamp: 0, id: 'x' }, SECRET, {});
    expect(out.url).toBe(CALLBACK);
    expect(trello.verify({ url: out.url, headers: out.headers, body: BODY }, SECRET).ok).toBe(true);
  });

  it('rejects one changed body byte, another callback URL and a wrong secret', () => {
    const signature = documented(SECRET, BODY, CALLBACK);
    expect(trello.verify(request(signature, BODY.replace('Fix', 'Fiz')), SECRET)).toEqual({ ok: false, outcome: 'mismatch' });
    expect(trello.verify(request(signature, BODY, CALLBACK.replace('https:', 'http:')), SECRET)).toEqual({ ok: false, outcome: 'mismatch' });
    expect(trello.verify(request(signature, BODY, CALLBACK.replace('memberID=14&', '')), SECRET)).toEqual({ ok: false, outcome: 'mismatch' });
    expect(trello.verify(request(signature), SECRET.replace(/^0/, '1'))).toEqual({ ok: false, outcome: 'mismatch' });
  });

  it('reports a missing header as missing and never throws on garbage', () => {
    expect(trello.verify({ url: CALLBACK, body: BODY }, SECRET)).toEqual({ ok: false, outcome: 'missing' });
    expect(() => trello.verify(request('***'), SECRET)).not.toThrow();
    expect(() => trello.verify({ ...request('x'), body: new Uint8Array([0xff, 0xfe, 0x80]) }, SECRET)).not.toThrow();
  });

  it('detects the header and complains about API keys and tokens', () => {
    expect(trello.detect(viewFromUrl(request('x')))).toBe(true);
    expect(trello.detect(viewFromUrl({ url: CALLBACK, body: BODY }))).toBe(false);
    expect(trello.secretShape?.complain?.('0123456789abcdef0123456789abcdef')).toMatch(/API key/);
    expect(trello.secretShape?.complain?.('ATTA0123456789abcdef')).toMatch(/token/);
    expect(trello.secretShape?.complain?.(SECRET)).toBeNull();
  });
});
