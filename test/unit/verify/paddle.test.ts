import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { paddle } from '../../../shared/verify/providers/paddle.js';
import { utf8 } from '../../../shared/verify/encoding.js';
import { vectorsFor } from '../../helpers/vectors.js';

const ENDPOINT = 'https://example.com/paddle';
const SECRET = 'pdl_ntfset_01gkpjp8bkm3tm53kdgkx6sms7_6h3qd3uFSi9YCD3OLYAShQI90XTI5vEI';
const BODY = '{"event_id":"evt_1","event_type":"transaction.completed","data":{"id":"txn_1"}}';
const TS = 1_671_552_777;

function signed(body = BODY, secret = SECRET, timestamp = TS) {
  return paddle.sign({ method: 'POST', url: ENDPOINT, body: utf8(body), timestamp, id: 'x' }, secret, {});
}

describe('paddle scheme', () => {
  for (const v of vectorsFor('paddle-billing')) {
    const ts = Number(/ts=(\d+)/.exec(v.headers['Paddle-Signature']!)![1]);
    it(`accepts published vector ${v.id}`, () => {
      expect(paddle.verify({ url: ENDPOINT, headers: v.headers, body: v.body, now: ts + 1 }, v.secret)).toMatchObject({ ok: true, outcome: 'match' });
    });
    it(`reproduces the header of ${v.id}`, () => {
      expect(signed(v.body, v.secret, ts).headers).toEqual([['Paddle-Signature', v.expected_signature]]);
    });
    it(`rejects ${v.id} with one body byte changed`, () => {
      const body = v.body.replace('completed', 'complete!');
      expect(paddle.verify({ url: ENDPOINT, headers: v.headers, body, now: ts }, v.secret)).toMatchObject({ ok: false, outcome: 'mismatch' });
    });
  }

  it('matches a hand computation with node:crypto', () => {
    const expected = createHmac('sha256', SECRET).update(`${TS}:${BODY}`).digest('hex');
    expect(signed().headers).toEqual([['Paddle-Signature', `ts=${TS};h1=${expected}`]]);
  });

  it('round-trips sign -> verify', () => {
    expect(paddle.verify({ url: ENDPOINT, headers: signed().headers, body: BODY, now: TS }, SECRET)).toMatchObject({ ok: true });
  });

  it('accepts any h1 while a secret key rotates', () => {
    const [[, header]] = signed().headers as [[string, string]];
    const rotated = header.replace(';h1=', `;h1=${'0'.repeat(64)};h1=`);
    expect(paddle.verify({ url: ENDPOINT, headers: { 'Paddle-Signature': rotated }, body: BODY, now: TS }, SECRET)).toMatchObject({ ok: true });
  });

  it('rejects a wrong secret', () => {
    expect(paddle.verify({ url: ENDPOINT, headers: signed().headers, body: BODY, now: TS }, 'pdl_ntfset_other')).toMatchObject({ ok: false, outcome: 'mismatch' });
  });

  it('reports a timestamp more than 5 seconds away as stale', () => {
    const headers = signed().headers;
    expect(paddle.verify({ url: ENDPOINT, headers, body: BODY, now: TS + 5 }, SECRET)).toMatchObject({ ok: true });
    expect(paddle.verify({ url: ENDPOINT, headers, body: BODY, now: TS + 6 }, SECRET)).toMatchObject({ outcome: 'stale', skewSeconds: 6 });
  });

  it('reports a missing or unusable header as missing, without throwing', () => {
    expect(paddle.verify({ url: ENDPOINT, headers: {}, body: BODY, now: TS }, SECRET)).toMatchObject({ outcome: 'missing' });
    for (const header of ['ts=;h1=', 'h1=abcd', 'ts=1671552777', 'ts=abc;h1=00', ';;;']) {
      expect(paddle.verify({ url: ENDPOINT, headers: { 'Paddle-Signature': header }, body: BODY, now: TS }, SECRET)).toMatchObject({ outcome: 'missing' });
    }
  });

  it('complains about API keys and client-side tokens pasted as the secret key', () => {
    expect(paddle.secretShape!.complain!('pdl_live_apikey_01gtgztp8f4kek3yd4g1wrksa3_q6TGTJyvoIz7LDtXT65bX7_AQO')).toMatch(/API key/);
    expect(paddle.secretShape!.complain!('live_7d279f61a3499fed520f7cd8c08')).toMatch(/client-side token/);
    expect(paddle.secretShape!.complain!(SECRET)).toBeNull();
  });
});
