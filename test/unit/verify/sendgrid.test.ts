import { createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sendgrid } from '../../../shared/verify/providers/sendgrid.js';

const URL = 'https://example.com/sendgrid/events';
const SIG = 'X-Twilio-Email-Event-Webhook-Signature';
const TS = 'X-Twilio-Email-Event-Webhook-Timestamp';

/**
 * Published vectors from sendgrid/sendgrid-nodejs packages/eventwebhook/src/eventwebhook.spec.js (the SDK's
 * own tests; each re-verified with node:crypto). Payloads are built exactly as the spec builds them.
 */
const SDK_VECTORS = [
  {
    id: 'sdk-single-event',
    publicKey: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==',
    signature: 'MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=',
    timestamp: '1600112502',
    payload:
      JSON.stringify([
        {
          email: 'hello@world.com',
          event: 'dropped',
          reason: 'Bounced Address',
          sg_event_id: 'ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA',
          sg_message_id: 'LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0',
          'smtp-id': '<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>',
          timestamp: 1600112492,
        },
      ]) + '\r\n',
  },
  {
    id: 'sdk-multiple-events',
    publicKey: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEQ4LIFtWztlsF7skFqOncjD1lun4H5w8XOhyOArHW9RcIx/FfEzx6cikC/yPfUvwaX/JScE7Fc9CJD2afQ9Ok3Q==',
    signature: 'MEYCIQC/I4o6vCgqRYrTljjoVWB/GRWNtxeePlLMHr3x9ETeRQIhAIpV+03nREPTTHWSW0wIOA0EoMPdcNgXa70yCaqDJlu5',
    timestamp: '1619651159',
    payload:
      JSON.stringify([
        {
          email: 'invalid@gmail.com',
          event: 'processed',
          send_at: 0,
          sg_event_id: 'cHJvY2Vzc2VkLTE5OTQyMTEyLXFOd0JMZ1BRUWpXNkRKdktRd1NBYnctMA',
          sg_message_id: 'qNwBLgPQQjW6DJvKQwSAbw.filterdrecv-canary-547b64655b-cw6zx-1-6089EA4A-56.0',
          'smtp-id': '<qNwBLgPQQjW6DJvKQwSAbw@ismtpd0178p1mdw1.sendgrid.net>',
          timestamp: 1619651146,
        },
        {
          email: 'invalid@gmail.com',
          event: 'bounce',
          ip: '167.89.101.76',
          reason:
            '552 5.2.2 The email account that you tried to reach is over quota and inactive. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm c17si1130468pgv.34 - gsmtp',
          sg_event_id: 'Ym91bmNlLTAtMTk5NDIxMTItcU53QkxnUFFRalc2REp2S1F3U0Fidy0w',
          sg_message_id: 'qNwBLgPQQjW6DJvKQwSAbw.filterdrecv-canary-547b64655b-cw6zx-1-6089EA4A-56.0',
          'smtp-id': '<qNwBLgPQQjW6DJvKQwSAbw@ismtpd0178p1mdw1.sendgrid.net>',
          status: '5.2.2',
          timestamp: 1619651147,
          tls: 1,
          type: 'blocked',
        },
      ])
        .split('},{')
        .join('},\r\n{') + '\r\n',
  },
  {
    id: 'sdk-legacy-example-payload',
    publicKey: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==',
    signature: 'MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=',
    timestamp: '1588788367',
    payload: JSON.stringify({ category: 'example_payload', event: 'test_event', message_id: 'message_id' }),
  },
];

/** The spec's "invalid key" (a valid P-256 key that did not sign anything here). */
const OTHER_KEY = 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqTxd43gyp8IOEto2LdIfjRQrIbsd4SXZkLW6jDutdhXSJCWHw8REntlo7aNDthvj+y7GjUuFDb/R1NGe1OPzpA==';

function headersOf(v: { signature: string; timestamp: string }): Record<string, string> {
  return { 'Content-Type': 'application/json', [SIG]: v.signature, [TS]: v.timestamp };
}

function testKeyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  const scalarHex = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url').toString('hex');
  return { publicKey, privateKey, spki, scalarHex };
}

describe('sendgrid scheme', () => {
  for (const v of SDK_VECTORS) {
    it(`accepts SDK vector ${v.id}`, () => {
      const result = sendgrid.verify({ url: URL, headers: headersOf(v), body: v.payload }, v.publicKey);
      expect(result).toMatchObject({ ok: true, outcome: 'match' });
    });
    it(`rejects SDK vector ${v.id} with one body byte changed`, () => {
      const body = v.payload.replace('"event":"', '"event":"x');
      expect(sendgrid.verify({ url: URL, headers: headersOf(v), body }, v.publicKey)).toMatchObject({ ok: false, outcome: 'mismatch' });
    });
    it(`rejects SDK vector ${v.id} with another verification key`, () => {
      expect(sendgrid.verify({ url: URL, headers: headersOf(v), body: v.payload }, OTHER_KEY)).toMatchObject({ ok: false, outcome: 'mismatch' });
    });
  }

  it('rejects the SDK vector with the timestamp replaced (it is signed) and never throws on garbage', () => {
    const v = SDK_VECTORS[0]!;
    const stale = { ...headersOf(v), [TS]: 'timestamp' };
    expect(sendgrid.verify({ url: URL, headers: stale, body: v.payload }, v.publicKey)).toMatchObject({ ok: false });
    const garbage = { [SIG]: '%%%not base64%%%', [TS]: '1' };
    expect(sendgrid.verify({ url: URL, headers: garbage, body: v.payload }, v.publicKey)).toMatchObject({ ok: false, outcome: 'mismatch' });
  });

  it('accepts the verification key as PEM too, and flags keys that are not P-256 SPKI', () => {
    const v = SDK_VECTORS[0]!;
    const pem = `-----BEGIN PUBLIC KEY-----\n${v.publicKey.slice(0, 64)}\n${v.publicKey.slice(64)}\n-----END PUBLIC KEY-----\n`;
    expect(sendgrid.verify({ url: URL, headers: headersOf(v), body: v.payload }, pem)).toMatchObject({ ok: true });
    expect(sendgrid.verify({ url: URL, headers: headersOf(v), body: v.payload }, 'SG.abc.def')).toMatchObject({ outcome: 'bad-secret' });
    const ed25519Spki = 'MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=';
    expect(sendgrid.key(ed25519Spki, {})).toBeNull();
  });

  it('node:crypto signs -> sendgrid.verify accepts', () => {
    const { privateKey, spki } = testKeyPair();
    const body = '[{"email":"a@example.com","event":"delivered","timestamp":1700000000}]\r\n';
    const signer = createSign('sha256');
    signer.update('1700000000' + body);
    const signature = signer.sign(privateKey).toString('base64');
    const headers = { [SIG]: signature, [TS]: '1700000000' };
    expect(sendgrid.verify({ url: URL, headers, body }, spki)).toMatchObject({ ok: true, outcome: 'match' });
  });

  it('sendgrid.sign -> node:crypto verifies, and sign -> verify round-trips', () => {
    const { publicKey, spki, scalarHex } = testKeyPair();
    const body = '[{"email":"b@example.com","event":"open"}]\r\n';
    const out = sendgrid.sign({ method: 'POST', url: URL, body: new TextEncoder().encode(body), timestamp: 1700000123, id: 'x' }, scalarHex, {});
    const headers = Object.fromEntries(out.headers);
    expect(headers[TS]).toBe('1700000123');
    const verifier = createVerify('sha256');
    verifier.update('1700000123' + body);
    expect(verifier.verify(publicKey, Buffer.from(headers[SIG]!, 'base64'))).toBe(true);
    expect(sendgrid.verify({ url: URL, headers: out.headers, body }, spki)).toMatchObject({ ok: true });
    expect(sendgrid.verify({ url: URL, headers: out.headers, body: body + ' ' }, spki)).toMatchObject({ ok: false });
  });

  it('reports missing when either header is absent', () => {
    const v = SDK_VECTORS[0]!;
    expect(sendgrid.verify({ url: URL, headers: { [SIG]: v.signature }, body: v.payload }, v.publicKey)).toMatchObject({ outcome: 'missing' });
    expect(sendgrid.verify({ url: URL, headers: { [TS]: v.timestamp }, body: v.payload }, v.publicKey)).toMatchObject({ outcome: 'missing' });
  });

  it('complains about API keys and private keys in place of the verification key', () => {
    expect(sendgrid.secretShape?.complain?.(SDK_VECTORS[0]!.publicKey)).toBeNull();
    expect(sendgrid.secretShape?.complain?.('SG.aBcD_123.xYz-456')).toMatch(/API key/);
    expect(sendgrid.secretShape?.complain?.('-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----')).toMatch(/private key/);
  });
});
