import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { square } from '../../../shared/verify/providers/square.js';
import { vector, vectorsFor } from '../../helpers/vectors.js';

const encoder = new TextEncoder();
const HEADER = 'x-square-hmacsha256-signature';

function changeOneByte(body: string): string {
  return body.slice(0, -1) + (body.at(-1) === '0' ? '1' : '0');
}

function sign(url: string, body: string, secret: string) {
  return square.sign({ method: 'POST', url, body: encoder.encode(body), timestamp: 0, id: 'x' }, secret, {});
}

describe('square scheme', () => {
  for (const v of vectorsFor('square')) {
    const input = { url: v.url!, headers: v.headers, body: v.body };

    it(`accepts published vector ${v.id}`, () => {
      expect(square.verify(input, v.secret)).toMatchObject({ ok: true, outcome: 'match' });
    });

    it(`rejects ${v.id} with one body byte changed`, () => {
      expect(square.verify({ ...input, body: changeOneByte(v.body) }, v.secret)).toMatchObject({ ok: false, outcome: 'mismatch' });
    });

    it(`rejects ${v.id} with a wrong secret`, () => {
      expect(square.verify(input, v.secret + 'x')).toMatchObject({ ok: false, outcome: 'mismatch' });
    });

    it(`reports ${v.id} without its header as missing`, () => {
      expect(square.verify({ ...input, headers: { 'Content-Type': 'application/json' } }, v.secret)).toEqual({ ok: false, outcome: 'missing' });
    });

    it(`sign reproduces ${v.id}`, () => {
      expect(sign(v.url!, v.body, v.secret)).toEqual({ url: v.url, headers: [[HEADER, v.expected_signature]] });
    });
  }

  it('signs the notification URL exactly, with no normalisation (as the SDK)', () => {
    const v = vector('square-sdk-test-notification');
    for (const url of [v.url + '/', v.url!.replace('https://webhook.site/', 'https://webhook.site:443/'), v.url!.replace('https:', 'http:'), v.url!.toUpperCase()]) {
      expect({ url, result: square.verify({ url, headers: v.headers, body: v.body }, v.secret) }).toMatchObject({ url, result: { ok: false } });
    }
  });

  it('distinguishes a JSON-escaped body from the raw one (hand-computed, vector notes)', () => {
    const v = vector('square-sdk-escaped-chars');
    const escaped = v.body.replace('>id<', '\\u003eid\\u003c');
    const expected = createHmac('sha256', v.secret).update(v.url + escaped, 'utf8').digest('base64');
    expect(expected).toBe('HqT3W4imYxW8sXwZj4aXldM1FQXHd2v6fgoJRM3g3m0=');
    expect(sign(v.url!, escaped, v.secret).headers).toEqual([[HEADER, expected]]);
    expect(square.verify({ url: v.url!, headers: v.headers, body: escaped }, v.secret)).toMatchObject({ ok: false });
  });

  it('round-trips sign -> verify', () => {
    const url = 'https://abc.ngrok-free.app/square/webhooks?env=dev';
    const body = '{"type":"payment.updated","data":{"id":"é✓"}}';
    const out = sign(url, body, 'Ibxx_5AKakO-3qeNVR61Dw');
    expect(out.headers).toEqual([[HEADER, createHmac('sha256', 'Ibxx_5AKakO-3qeNVR61Dw').update(url + body).digest('base64')]]);
    expect(square.verify({ url: out.url, headers: out.headers, body }, 'Ibxx_5AKakO-3qeNVR61Dw')).toMatchObject({ ok: true });
  });

  it('reports the right digest sent as hex as an encoding mismatch', () => {
    const v = vector('square-sdk-unescaped');
    const hex = Buffer.from(v.expected_signature, 'base64').toString('hex');
    expect(square.verify({ url: v.url!, headers: { [HEADER]: hex }, body: v.body }, v.secret)).toMatchObject({ ok: false, outcome: 'encoding' });
  });

  it('complains about other Square credentials pasted as the Signature Key', () => {
    const complain = square.secretShape!.complain!;
    expect(complain('EAAAEOuLQObrVwJvCvoio3H13b8Ssqz1ighmTBKZvIENW9qxirHGHkqsGcPBC1uN')).toMatch(/access token/);
    expect(complain('sq0csp-zfcQyFr97czgKHK3Y59UtyD9o5rAjxM_xm-cAwn-5cI')).toMatch(/application secret/);
    expect(complain('sandbox-sq0idb-abcdefghijklmnopqrstuv')).toMatch(/application ID/);
    expect(complain('Ibxx_5AKakO-3qeNVR61Dw')).toBeNull();
    expect(complain('signature-key')).toBeNull();
  });

  it('never throws on malformed input', () => {
    expect(() => square.verify({ url: 'not a url', headers: { [HEADER]: '***' }, body: '' }, 'k')).not.toThrow();
    expect(square.verify({ url: 'https://x/', headers: { [HEADER]: 'x' }, body: '{}' }, '')).toEqual({ ok: false, outcome: 'bad-secret' });
  });
});
