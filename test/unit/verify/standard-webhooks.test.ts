import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { standardWebhooks } from '../../../shared/verify/providers/standard-webhooks.js';
import { toHex, utf8 } from '../../../shared/verify/encoding.js';
import { viewFromUrl } from '../../../shared/verify/request-view.js';
import { vectorsFor } from '../../helpers/vectors.js';

const ENDPOINT = 'https://example.com/hooks';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const BODY = '{"type":"user.created","data":{"id":"u_1"}}';
const ID = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
const TS = 1_700_000_000;

function signed(options = {}, body = BODY, secret = SECRET) {
  return standardWebhooks.sign({ method: 'POST', url: ENDPOINT, body: utf8(body), timestamp: TS, id: ID }, secret, options);
}

/** The published vector's headers rebranded svix-*, as Svix itself sends them. */
function asSvix(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.replace(/^webhook-/, 'svix-'), v]));
}

describe('standard-webhooks scheme', () => {
  for (const v of vectorsFor('standard-webhooks')) {
    const ts = Number(v.headers['webhook-timestamp']);
    it(`accepts published vector ${v.id}, under webhook-* and svix-* headers`, () => {
      for (const headers of [v.headers, asSvix(v.headers)]) {
        expect(standardWebhooks.verify({ url: ENDPOINT, headers, body: v.body, now: ts + 10 }, v.secret)).toMatchObject({ ok: true, outcome: 'match' });
      }
    });
    it(`reproduces the signature of ${v.id}`, () => {
      const out = standardWebhooks.sign({ method: 'POST', url: ENDPOINT, body: utf8(v.body), timestamp: ts, id: v.headers['webhook-id']! }, v.secret, {});
      expect(out.headers).toContainEqual(['webhook-signature', v.expected_signature]);
    });
    it(`rejects ${v.id} with one body byte changed`, () => {
      const body = v.body.replace('2432232314', '2432232315');
      expect(standardWebhooks.verify({ url: ENDPOINT, headers: v.headers, body, now: ts }, v.secret)).toMatchObject({ ok: false, outcome: 'mismatch' });
    });
    it(`derives the key by base64-decoding after whsec_ (${v.id} notes)`, () => {
      expect(toHex(standardWebhooks.key(v.secret, {})!)).toBe('31f290f6bf06298aab4f08d43c3f082cf648a362da2da4b0');
      // The secret string as a UTF-8 key is the classic mistake: it must not verify.
      expect(standardWebhooks.verify({ url: ENDPOINT, headers: { ...v.headers, 'webhook-signature': 'v1,TcxlhK9b6UD6iVI1ZU2tTqp8PEVfYRseNNfa6b+LcUg=' }, body: v.body, now: ts }, v.secret)).toMatchObject({ ok: false });
    });
  }

  it('matches a hand computation with node:crypto', () => {
    const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${ID}.${TS}.${BODY}`).digest('base64');
    expect(signed().headers).toEqual([
      ['webhook-id', ID],
      ['webhook-timestamp', String(TS)],
      ['webhook-signature', `v1,${expected}`],
    ]);
  });

  it('round-trips sign -> verify, svix-branded too', () => {
    expect(standardWebhooks.verify({ url: ENDPOINT, headers: signed().headers, body: BODY, now: TS }, SECRET)).toMatchObject({ ok: true });
    const svix = signed({ brand: 'svix' });
    expect(svix.headers.map(([n]) => n)).toEqual(['svix-id', 'svix-timestamp', 'svix-signature']);
    expect(standardWebhooks.verify({ url: ENDPOINT, headers: svix.headers, body: BODY, now: TS }, SECRET)).toMatchObject({ ok: true });
  });

  it('accepts any of several space-separated signatures (rotation)', () => {
    const [id, ts, sig] = signed().headers;
    const headers = [id!, ts!, ['webhook-signature', `v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= ${sig![1]}`] as [string, string]];
    expect(standardWebhooks.verify({ url: ENDPOINT, headers, body: BODY, now: TS }, SECRET)).toMatchObject({ ok: true });
  });

  it('rejects a wrong secret', () => {
    expect(standardWebhooks.verify({ url: ENDPOINT, headers: signed().headers, body: BODY, now: TS }, 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).toMatchObject({ ok: false, outcome: 'mismatch' });
  });

  it('reports a timestamp more than 5 minutes away as stale', () => {
    const headers = signed().headers;
    expect(standardWebhooks.verify({ url: ENDPOINT, headers, body: BODY, now: TS + 300 }, SECRET)).toMatchObject({ ok: true });
    expect(standardWebhooks.verify({ url: ENDPOINT, headers, body: BODY, now: TS + 301 }, SECRET)).toMatchObject({ outcome: 'stale' });
    expect(standardWebhooks.verify({ url: ENDPOINT, headers, body: BODY, now: TS - 301 }, SECRET)).toMatchObject({ outcome: 'stale' });
  });

  it('reports an incomplete header set or a garbage timestamp as missing', () => {
    const [id, ts, sig] = signed().headers;
    expect(standardWebhooks.verify({ url: ENDPOINT, headers: [id!, sig!], body: BODY, now: TS }, SECRET)).toMatchObject({ outcome: 'missing' });
    expect(standardWebhooks.verify({ url: ENDPOINT, headers: [id!, ['webhook-timestamp', 'soon'], sig!], body: BODY, now: TS }, SECRET)).toMatchObject({ outcome: 'missing' });
    expect(standardWebhooks.verify({ url: ENDPOINT, headers: [id!, ts!, ['webhook-signature', 'v1,!!!']], body: BODY, now: TS }, SECRET)).toMatchObject({ outcome: 'mismatch' });
  });

  it('refuses secrets the SDKs cannot decode, and says why', () => {
    for (const bad of ['whsec_not*base64', 'whsec_', 'whsec_abc']) {
      expect(standardWebhooks.key(bad, {})).toBeNull();
      expect(standardWebhooks.secretShape!.complain!(bad)).toMatch(/base64|empty/);
    }
    expect(standardWebhooks.verify({ url: ENDPOINT, headers: signed().headers, body: BODY, now: TS }, 'whsec_not*base64')).toMatchObject({ outcome: 'bad-secret' });
    expect(standardWebhooks.secretShape!.complain!(SECRET)).toBeNull();
  });

  it('is detected by either header family', () => {
    expect(standardWebhooks.detect(viewFromUrl({ url: ENDPOINT, headers: { 'svix-id': 'x', 'svix-signature': 'v1,x' } }))).toBe(true);
    expect(standardWebhooks.detect(viewFromUrl({ url: ENDPOINT, headers: { 'webhook-signature': 'v1,x' } }))).toBe(true);
    expect(standardWebhooks.detect(viewFromUrl({ url: ENDPOINT, headers: { 'Stripe-Signature': 't=1' } }))).toBe(false);
  });
});
