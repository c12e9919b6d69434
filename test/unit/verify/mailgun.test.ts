import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mailgun, signedBody } from '../../../shared/verify/providers/mailgun.js';
import { viewFromUrl } from '../../../shared/verify/request-view.js';
import { loadVectors } from '../../helpers/vectors.js';

const URL = 'https://example.com/mailgun';
// mailgun/mailgun-php tests/Api/WebhookTest.php testVerifyWebhookGood / testVerifyWebhookBad.
const SDK = {
  key: 'key-3ax6xnjp29jd6fds4gc373sgvjxteol0',
  timestamp: '1403645220',
  token: '5egbgr1vjgqxtrnp65xfznchgdccwh5d6i09vijqi3whgowmn6',
  signature: '9cfc5c41582e51246e73c88d34db3af0a3a2692a76fbab81492842f000256d33',
  otherToken: 'owyldpe6nxhmrn78epljl6bj0orrki1u3d2v5e6cnlmmuox8jr',
};

function jsonRequest(signature: Record<string, unknown>, eventData: unknown = { event: 'delivered', recipient: 'alice@example.com' }) {
  return {
    url: URL,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ signature, 'event-data': eventData }),
  };
}

const sdkJson = () => jsonRequest({ timestamp: SDK.timestamp, token: SDK.token, signature: SDK.signature });

describe('mailgun scheme', () => {
  for (const v of loadVectors().filter((x) => x.scheme === 'mailgun')) {
    it(`accepts published vector ${v.id}`, () => {
      expect(mailgun.verify({ url: v.url ?? URL, method: v.method, headers: v.headers, body: v.body }, v.secret).ok).toBe(true);
    });
  }

  it('accepts the mailgun-php SDK vector in a JSON webhook body', () => {
    expect(mailgun.verify(sdkJson(), SDK.key)).toEqual({ ok: true, outcome: 'match', secretIndex: 0 });
  });

  it('rejects the SDK "bad" case (another token with the same signature)', () => {
    const result = mailgun.verify(jsonRequest({ timestamp: SDK.timestamp, token: SDK.otherToken, signature: SDK.signature }), SDK.key);
    expect(result).toEqual({ ok: false, outcome: 'mismatch' });
  });

  it('accepts the SDK vector as legacy urlencoded and multipart form fields, timestamp as a JSON number too', () => {
    const form = new URLSearchParams({ event: 'delivered', timestamp: SDK.timestamp, token: SDK.token, signature: SDK.signature });
    const urlencoded = { url: URL, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() };
    expect(mailgun.verify(urlencoded, SDK.key).ok).toBe(true);

    const boundary = '----hookscope42';
    const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const multipartBody =
      part('recipient', 'bob@example.com') +
      `--${boundary}\r\nContent-Disposition: form-data; name="attachment-1"; filename="token"\r\nContent-Type: text/plain\r\n\r\nnot-the-token\r\n` +
      part('timestamp', SDK.timestamp) + part('token', SDK.token) + part('signature', SDK.signature) + `--${boundary}--\r\n`;
    const multipart = { url: URL, headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` }, body: multipartBody };
    expect(mailgun.detect(viewFromUrl(multipart))).toBe(true);
    expect(mailgun.verify(multipart, SDK.key).ok).toBe(true);

    const numeric = jsonRequest({ timestamp: Number(SDK.timestamp), token: SDK.token, signature: SDK.signature });
    expect(mailgun.verify(numeric, SDK.key).ok).toBe(true);
  });

  it('matches a hand-computed node:crypto signature and a subaccount parent-signature', () => {
    const key = 'key-0123456789abcdef0123456789abcdef';
    const parentKey = 'key-fedcba9876543210fedcba9876543210';
    const timestamp = '1770920772';
    const token = 'e0b5477167110d68991efc6b9f89f0a11066af27834600e123';
    const own = createHmac('sha256', key).update(timestamp + token).digest('hex');
    const parent = createHmac('sha256', parentKey).update(timestamp + token).digest('hex');
    const request = jsonRequest({ token, timestamp, signature: own, 'parent-signature': parent });
    expect(mailgun.verify(request, key).ok).toBe(true);
    expect(mailgun.verify(request, parentKey).ok).toBe(true);
  });

  it('round-trips sign -> verify, and sign reproduces the SDK vector', () => {
    const input = { method: 'POST', url: URL, timestamp: Number(SDK.timestamp), id: SDK.token, headers: [['Content-Type', 'application/json']] as Array<[string, string]> };
    const { body } = signedBody({ ...input, body: new TextEncoder().encode('{"event-data":{"event":"opened"}}') }, SDK.key);
    const sent = JSON.parse(new TextDecoder().decode(body));
    expect(sent.signature).toEqual({ token: SDK.token, timestamp: SDK.timestamp, signature: SDK.signature });
    expect(sent['event-data']).toEqual({ event: 'opened' });

    const out = mailgun.sign({ ...input, body: new TextEncoder().encode('{}') }, SDK.key, {}) as ReturnType<typeof mailgun.sign> & { body: Uint8Array };
    expect(mailgun.verify({ url: out.url, headers: out.headers, body: out.body }, SDK.key).ok).toBe(true);

    const formOut = signedBody({ ...input, headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: new TextEncoder().encode('event=opened') }, SDK.key);
    const formRequest = { url: URL, headers: { 'Content-Type': formOut.contentType }, body: formOut.body };
    expect(new URLSearchParams(new TextDecoder().decode(formOut.body)).get('event')).toBe('opened');
    expect(mailgun.verify(formRequest, SDK.key).ok).toBe(true);
  });

  it('rejects one changed byte in what is signed (timestamp or token)', () => {
    const badTs = jsonRequest({ timestamp: '1403645221', token: SDK.token, signature: SDK.signature });
    const badToken = jsonRequest({ timestamp: SDK.timestamp, token: SDK.token.replace(/^5/, '6'), signature: SDK.signature });
    expect(mailgun.verify(badTs, SDK.key).ok).toBe(false);
    expect(mailgun.verify(badToken, SDK.key).ok).toBe(false);
  });

  it('still verifies an edited event-data: Mailgun does not sign the payload', () => {
    const edited = jsonRequest({ timestamp: SDK.timestamp, token: SDK.token, signature: SDK.signature }, { event: 'failed' });
    expect(mailgun.verify(edited, SDK.key).ok).toBe(true);
  });

  it('rejects a wrong signing key', () => {
    expect(mailgun.verify(sdkJson(), 'key-00000000000000000000000000000000')).toEqual({ ok: false, outcome: 'mismatch' });
  });

  it('enforces no tolerance, like the SDK: an old timestamp still verifies', () => {
    expect(mailgun.toleranceSeconds).toBeUndefined();
    expect(mailgun.verify({ ...sdkJson(), now: 1_900_000_000 }, SDK.key).ok).toBe(true);
  });

  it('reports a missing signature block or field as missing, and never throws on garbage', () => {
    expect(mailgun.verify({ url: URL, body: '{"event-data":{}}' }, SDK.key)).toEqual({ ok: false, outcome: 'missing' });
    expect(mailgun.verify(jsonRequest({ timestamp: SDK.timestamp, signature: SDK.signature }), SDK.key)).toEqual({ ok: false, outcome: 'missing' });
    for (const body of ['{"signature":', '{"signature":"abc"}', '{"signature":{"timestamp":{},"token":[],"signature":null}}', '\u0000\uffff']) {
      expect(() => mailgun.verify({ url: URL, body }, SDK.key)).not.toThrow();
    }
    const broken = { url: URL, headers: { 'Content-Type': 'multipart/form-data; boundary=x' }, body: '--x\r\nno headers end' };
    expect(mailgun.verify(broken, SDK.key)).toEqual({ ok: false, outcome: 'missing' });
  });

  it('detects Mailgun bodies only', () => {
    expect(mailgun.detect(viewFromUrl(sdkJson()))).toBe(true);
    expect(mailgun.detect(viewFromUrl({ url: URL, body: '{"event-data":{"event":"delivered"}}' }))).toBe(true);
    expect(mailgun.detect(viewFromUrl({ url: URL, body: '{"signature":"x","other":1}' }))).toBe(false);
    expect(mailgun.detect(viewFromUrl({ url: URL, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'token=a&x=1' }))).toBe(false);
    expect(mailgun.detect(viewFromUrl({ url: URL, body: 'Hello, World!' }))).toBe(false);
  });

  it('complains about API keys and public keys pasted as the signing key', () => {
    expect(mailgun.secretShape?.complain?.('pubkey-0123456789abcdef0123456789abcdef')).toMatch(/public validation key/);
    expect(mailgun.secretShape?.complain?.('0123456789abcdef0123456789abcdef-1a2b3c4d-5e6f7a8b')).toMatch(/API key/);
    expect(mailgun.secretShape?.complain?.(SDK.key)).toBeNull();
  });
});
