import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signalwire } from '../../../shared/verify/providers/signalwire.js';
import { sdkUrlForms } from '../../../shared/verify/providers/twilio-compat.js';
import { loadVectors, vector, vectorsFor, type Vector } from '../../helpers/vectors.js';

const encoder = new TextEncoder();
const FORM: Array<[string, string]> = [['Content-Type', 'application/x-www-form-urlencoded']];
const JSON_TYPE: Array<[string, string]> = [['Content-Type', 'application/json']];

/** Sent as SignalWire sends it: the signature in X-SignalWire-Signature. */
function asSignalWire(v: Vector): Vector {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(v.headers)) headers[name === 'X-Twilio-Signature' ? 'X-SignalWire-Signature' : name] = value;
  return { ...v, headers };
}

/** RELAY vectors, the shared Twilio vectors SignalWire's compatibility SDK accepts, and vector C. */
function signalwireVectors(): Vector[] {
  const compat = loadVectors().filter((v) => v.signalwire_compat_validateRequest === true);
  return [...vectorsFor('signalwire-relay'), ...compat, vector('signalwire-vector-C-bodySHA256')].map(asSignalWire);
}

function changeOneByte(body: string): string {
  return body.slice(0, -1) + (body.at(-1) === '0' ? '1' : '0');
}

function sha1(key: string, data: string, encoding: 'hex' | 'base64'): string {
  return createHmac('sha1', key).update(data, 'utf8').digest(encoding);
}

function sign(url: string, body: string, secret: string, headers: Array<[string, string]>) {
  return signalwire.sign({ method: 'POST', url, body: encoder.encode(body), timestamp: 0, id: 'x', headers }, secret, {});
}

describe('signalwire scheme', () => {
  it('has the published vectors it must pass', () => {
    expect(signalwireVectors().map((v) => v.id)).toEqual(
      expect.arrayContaining(['signalwire-relay-swml-json', 'signalwire-vector-A', 'twilio-sdk-canonical', 'twilio-signalwire-apostrophe-raw', 'signalwire-vector-C-bodySHA256']),
    );
  });

  for (const v of signalwireVectors()) {
    const input = { url: v.url!, headers: v.headers, body: v.body };

    it(`accepts published vector ${v.id}`, () => {
      expect(signalwire.verify(input, v.secret)).toMatchObject({ ok: true, outcome: 'match' });
    });

    it(`rejects ${v.id} with one body byte changed`, () => {
      expect(signalwire.verify({ ...input, body: changeOneByte(v.body) }, v.secret)).toMatchObject({ ok: false, outcome: 'mismatch' });
    });

    it(`rejects ${v.id} with a wrong secret`, () => {
      expect(signalwire.verify(input, v.secret.slice(0, -1))).toMatchObject({ ok: false, outcome: 'mismatch' });
    });

    it(`reports ${v.id} without its header as missing`, () => {
      const headers = Object.fromEntries(Object.entries(v.headers).filter(([n]) => n !== 'X-SignalWire-Signature'));
      expect(signalwire.verify({ ...input, headers }, v.secret)).toEqual({ ok: false, outcome: 'missing' });
    });

    it(`sign reproduces ${v.id} for the URL SignalWire signed`, () => {
      const signedUrl = v.signed_url ?? v.url!;
      const out = sign(signedUrl, v.body, v.secret, Object.entries(v.headers));
      expect(out).toEqual({ url: signedUrl, headers: [['X-SignalWire-Signature', v.expected_signature]] });
    });
  }

  it('rejects what only twilio-node accepts (non-standard port stripped, normalised URL, de-duplicated values)', () => {
    for (const id of ['twilio-sdk-https-1234-stripped', 'twilio-sdk-apostrophe-escaped', 'twilio-sdk-duplicate-values']) {
      const v = asSignalWire(vector(id));
      expect({ id, result: signalwire.verify({ url: v.url!, headers: v.headers, body: v.body }, v.secret) }).toMatchObject({
        id,
        result: { ok: false, outcome: 'mismatch' },
      });
    }
  });

  it('signs RELAY requests over the exact URL: the http:// form of the ngrok URL does not verify', () => {
    const v = vector('signalwire-relay-swml-json');
    const httpUrl = v.url!.replace('https://', 'http://');
    expect(signalwire.verify({ url: httpUrl, headers: v.headers, body: v.body }, v.secret)).toMatchObject({ ok: false });
    // The vector's note gives the http:// signature; hand-check it and that it verifies for that URL.
    expect(sha1(v.secret, httpUrl + v.body, 'hex')).toBe('03cf6b2eb9999be71ee7f0592846df45493b4dda');
    expect(sign(httpUrl, v.body, v.secret, JSON_TYPE).headers).toEqual([['X-SignalWire-Signature', '03cf6b2eb9999be71ee7f0592846df45493b4dda']]);
  });

  it('rejects vector C when the body does not hash to bodySHA256', () => {
    const v = asSignalWire(vector('signalwire-vector-C-bodySHA256'));
    expect(signalwire.verify({ url: v.url!, headers: v.headers, body: '{"event":"DIFFERENT"}' }, v.secret)).toMatchObject({ ok: false });
  });

  it('adds or removes only the standard port (signalwire-typescript candidateUrls)', () => {
    const key = 'test-key';
    const signedWith443 = sha1(key, 'https://example.com:443/webhook', 'base64');
    expect(signalwire.verify({ url: 'https://example.com/webhook', headers: { 'X-SignalWire-Signature': signedWith443 }, body: '' }, key)).toMatchObject({ ok: true });
    const signedWithout = sha1(key, 'http://example.com/path', 'base64');
    expect(signalwire.verify({ url: 'http://example.com:80/path', headers: { 'X-SignalWire-Signature': signedWithout }, body: '' }, key)).toMatchObject({ ok: true });
    const signed8080 = sha1(key, 'https://example.com:8080/path', 'base64');
    expect(signalwire.verify({ url: 'https://example.com:8080/path', headers: { 'X-SignalWire-Signature': signed8080 }, body: '' }, key)).toMatchObject({ ok: true });
    expect(signalwire.verify({ url: 'https://example.com:443/path', headers: { 'X-SignalWire-Signature': signed8080 }, body: '' }, key)).toMatchObject({ ok: false });
    expect(sdkUrlForms('https://example.com:8080/path', 'signalwire')).toEqual([{ url: 'https://example.com:8080/path', source: 'as received' }]);
    expect(sdkUrlForms('https://example.com/path', 'signalwire').map((f) => f.source)).toEqual(['as received', 'default port added']);
    // Rebuilt from parts, the port variant loses a bare trailing '?'.
    expect(sdkUrlForms('https://example.com/p?', 'signalwire').map((f) => f.url)).toEqual(['https://example.com/p?', 'https://example.com:443/p']);
  });

  it('keeps repeated form keys in submission order (hand-computed)', () => {
    const key = 'test-key';
    const url = 'https://example.com/hook';
    const signature = sha1(key, url + 'ToaTob', 'base64');
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded', 'X-SignalWire-Signature': signature };
    expect(signalwire.verify({ url, headers, body: 'To=a&To=b' }, key)).toMatchObject({ ok: true });
    expect(signalwire.verify({ url, headers, body: 'To=b&To=a' }, key)).toMatchObject({ ok: false });
    expect(sign(url, 'To=a&To=b', key, FORM).headers).toEqual([['X-SignalWire-Signature', signature]]);
  });

  it('round-trips sign -> verify for RELAY JSON, cXML form and JSON with bodySHA256', () => {
    const key = 'PSK_roundtrip';
    const cases: Array<[string, string, Array<[string, string]>]> = [
      ['https://abc.ngrok-free.app/swml', '{"call":{"call_id":"x"}}', JSON_TYPE],
      ['https://abc.ngrok-free.app/laml?x=1', 'CallSid=CA1&From=%2B1555&Body=hi+there', FORM],
      ['https://abc.ngrok-free.app/laml?bodySHA256=0', '{"event":"call.state"}', JSON_TYPE],
    ];
    for (const [url, body, headers] of cases) {
      const out = sign(url, body, key, headers);
      expect(signalwire.verify({ url: out.url, headers: [...headers, ...out.headers], body }, key)).toMatchObject({ ok: true });
      expect(signalwire.verify({ url: out.url, headers: [...headers, ...out.headers], body: changeOneByte(body) }, key)).toMatchObject({ ok: false });
    }
  });

  it('accepts X-Twilio-Signature as an alias, as SignalWire SDKs do', () => {
    const v = vector('signalwire-vector-A');
    const headers = { 'Content-Type': 'application/json', 'X-Twilio-Signature': v.expected_signature };
    expect(signalwire.verify({ url: v.url!, headers, body: v.body }, v.secret)).toMatchObject({ ok: true });
  });

  it('complains about a Project ID or API token pasted as the Signing Key', () => {
    expect(signalwire.secretShape!.complain!('7b981d06-fa9e-4b2c-9d1e-0123456789ab')).toMatch(/Project ID/);
    expect(signalwire.secretShape!.complain!('PTda745eb0123456789abcdef0123456789abcdef012345')).toMatch(/API token/);
    expect(signalwire.secretShape!.complain!('PSK_7TruNcSNTxp4zNrykMj4EPzF')).toBeNull();
  });

  it('never throws on malformed input', () => {
    for (const url of ['garbage', 'https://[::1', '']) {
      expect(() => signalwire.verify({ url, headers: { 'X-SignalWire-Signature': '%%' }, body: '{' }, 'k')).not.toThrow();
    }
  });
});
