import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { intercom } from '../../../shared/verify/providers/intercom.js';
import { viewFromUrl } from '../../../shared/verify/request-view.js';
import { loadVectors } from '../../helpers/vectors.js';

const URL = 'https://example.com/intercom';
const SECRET = 'a1b2c3d4-e5f6-7890-abcd-ef0123456789';
// The body of Intercom's "Example Signed Request" (it publishes the signature but not the secret).
const BODY =
  '{"type":"notification_event","id":"notif_78c122d0-23ba-11e4-9464-79b01267cc2e","topic":"user.created","app_id":"a86dr8yl",' +
  '"data":{"type":"notification_event_data","item":{"type":"user","id":"530370b477ad7120001d","user_id":"25","name":"Hoban Washburne"}}}';
const expected = (secret: string, body: string) => `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;
const request = (signature: string, body = BODY) => ({
  url: URL,
  headers: { 'Content-Type': 'application/json', 'X-Hub-Signature': signature },
  body,
});

describe('intercom scheme', () => {
  for (const v of loadVectors().filter((x) => x.scheme === 'intercom')) {
    it(`accepts published vector ${v.id}`, () => {
      expect(intercom.verify({ url: v.url ?? URL, headers: v.headers, body: v.body }, v.secret).ok).toBe(true);
    });
  }

  it('matches a hand-computed node:crypto HMAC-SHA1', () => {
    expect(intercom.verify(request(expected(SECRET, BODY)), SECRET)).toEqual({ ok: true, outcome: 'match', secretIndex: 0 });
  });

  it('round-trips sign -> verify and reproduces the node:crypto signature', () => {
    const out = intercom.sign({ method: 'POST', url: URL, body: new TextEncoder().encode(BODY), timestamp: 0, id: 'x' }, SECRET, {});
    expect(out.headers[0]).toEqual(['X-Hub-Signature', expected(SECRET, BODY)]);
    expect(intercom.verify({ url: out.url, headers: out.headers, body: BODY }, SECRET).ok).toBe(true);
    expect(intercom.detect(viewFromUrl({ url: URL, headers: out.headers, body: '{}' }))).toBe(true);
  });

  it('rejects one changed body byte and a wrong secret', () => {
    expect(intercom.verify(request(expected(SECRET, BODY), BODY.replace('Hoban', 'Hoban ')), SECRET)).toEqual({ ok: false, outcome: 'mismatch' });
    expect(intercom.verify(request(expected(SECRET, BODY)), 'another-secret')).toEqual({ ok: false, outcome: 'mismatch' });
  });

  it('reports the right digest without the sha1= prefix as an encoding problem', () => {
    expect(intercom.verify(request(expected(SECRET, BODY).slice(5)), SECRET)).toMatchObject({ ok: false, outcome: 'encoding' });
  });

  it('reports a missing header as missing and never throws on garbage', () => {
    expect(intercom.verify({ url: URL, body: BODY }, SECRET)).toEqual({ ok: false, outcome: 'missing' });
    expect(() => intercom.verify(request('sha1=zz%%'), SECRET)).not.toThrow();
  });

  it('detects Intercom, not GitHub or Meta requests carrying X-Hub-Signature', () => {
    expect(intercom.detect(viewFromUrl(request('sha1=00')))).toBe(true);
    const github = { 'X-GitHub-Event': 'push', 'X-Hub-Signature': 'sha1=00', 'X-Hub-Signature-256': 'sha256=00' };
    expect(intercom.detect(viewFromUrl({ url: URL, headers: github, body: BODY }))).toBe(false);
    const metaLike = { 'X-Hub-Signature': 'sha1=00', 'X-Hub-Signature-256': 'sha256=00' };
    expect(intercom.detect(viewFromUrl({ url: URL, headers: metaLike, body: BODY }))).toBe(false);
    expect(intercom.detect(viewFromUrl({ url: URL, headers: { 'X-Hub-Signature': 'sha1=00' }, body: '{"zen":"x"}' }))).toBe(false);
  });

  it('complains about an access token pasted as the client secret', () => {
    expect(intercom.secretShape?.complain?.('dG9rOjEyMzQ1Njc4OjEyMzQ=')).toMatch(/access token/);
    expect(intercom.secretShape?.complain?.(SECRET)).toBeNull();
  });
});
