import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { flash } from '../../../shared/verify/providers/flash.js';
import { viewFromUrl } from '../../../shared/verify/request-view.js';
import { vectorsFor } from '../../helpers/vectors.js';

const URL_ = 'https://my-webhooks.example.com/flashfx';
const enc = new TextEncoder();

describe('flash scheme (regular webhooks)', () => {
  for (const v of vectorsFor('flash-regular')) {
    it(`accepts published vector ${v.id}`, () => {
      expect(flash.verify({ url: URL_, headers: v.headers, body: v.body }, v.secret)).toEqual({ ok: true, outcome: 'match', secretIndex: 0 });
    });
    it(`sign reproduces the signature of ${v.id}`, () => {
      const out = flash.sign({ method: 'POST', url: URL_, body: enc.encode(v.body), timestamp: 0, id: 'x' }, v.secret, {});
      expect(out).toEqual({ url: URL_, headers: [['flashfx-signature', v.expected_signature]] });
      expect(createHmac('sha256', v.secret).update(v.string_to_sign!).digest('base64')).toBe(v.expected_signature);
    });
    it(`rejects ${v.id} with one body byte changed, or re-serialized`, () => {
      const changed = v.body.replace('2000', '2001');
      expect(flash.verify({ url: URL_, headers: v.headers, body: changed }, v.secret)).toEqual({ ok: false, outcome: 'mismatch' });
      // What an app gets when it signs JSON.stringify(req.body, null, 2) instead of the raw body.
      const pretty = JSON.stringify(JSON.parse(v.body), null, 2);
      expect(flash.verify({ url: URL_, headers: v.headers, body: pretty }, v.secret).outcome).toBe('mismatch');
    });
    it(`rejects ${v.id} under a wrong secret`, () => {
      expect(flash.verify({ url: URL_, headers: v.headers, body: v.body }, 'my-webhook-secreT')).toEqual({ ok: false, outcome: 'mismatch' });
    });
    it(`detects ${v.id} by its headers; 'missing' when only the request id came`, () => {
      expect(flash.detect(viewFromUrl({ url: URL_, headers: v.headers }))).toBe(true);
      const headers = { 'flashfx-request-id': v.headers['flashfx-request-id']! };
      expect(flash.detect(viewFromUrl({ url: URL_, headers }))).toBe(true);
      expect(flash.verify({ url: URL_, headers, body: v.body }, v.secret)).toEqual({ ok: false, outcome: 'missing' });
    });
  }

  it('round-trips sign -> verify, whatever the URL', () => {
    const body = '{"event":"deposit_cleared","id":"603f0198770d6595e3c83e0d","amount":100}';
    const out = flash.sign({ method: 'POST', url: URL_, body: enc.encode(body), timestamp: 0, id: 'x' }, 's3cret', {});
    expect(flash.verify({ url: 'http://localhost:4400/other', headers: out.headers, body }, 's3cret').ok).toBe(true);
  });

  it('is not detected without its headers, and a hex digest is an encoding mistake', () => {
    expect(flash.detect(viewFromUrl({ url: URL_, headers: { 'X-Signature': 'abc' } }))).toBe(false);
    const [v] = vectorsFor('flash-regular');
    const hex = createHmac('sha256', v!.secret).update(v!.body).digest('hex');
    expect(flash.verify({ url: URL_, headers: { 'flashfx-signature': hex }, body: v!.body }, v!.secret).outcome).toBe('encoding');
  });
});
