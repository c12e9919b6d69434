import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { linear } from '../../../shared/verify/providers/linear.js';
import { utf8 } from '../../../shared/verify/encoding.js';
import { vectorsFor } from '../../helpers/vectors.js';

const ENDPOINT = 'https://example.com/linear';
const SECRET = 'lin_wh_example_secret';
const TS_MS = 1_700_000_000_000;
const BODY = `{"action":"update","type":"Issue","data":{"id":"y"},"webhookTimestamp":${TS_MS}}`;
const NOW = TS_MS / 1000;

function signed(body = BODY, secret = SECRET) {
  return linear.sign({ method: 'POST', url: ENDPOINT, body: utf8(body), timestamp: NOW, id: 'x' }, secret, {});
}

describe('linear scheme', () => {
  for (const v of vectorsFor('linear')) {
    const now = (JSON.parse(v.body) as { webhookTimestamp: number }).webhookTimestamp / 1000;
    it(`accepts published vector ${v.id}`, () => {
      expect(linear.verify({ url: ENDPOINT, headers: v.headers, body: v.body, now }, v.secret)).toMatchObject({ ok: true, outcome: 'match' });
    });
    it(`reproduces the signature of ${v.id}`, () => {
      expect(signed(v.body, v.secret).headers).toEqual([['Linear-Signature', v.expected_signature]]);
    });
    it(`rejects ${v.id} with one body byte changed`, () => {
      const body = v.body.replace('create', 'creatE');
      expect(linear.verify({ url: ENDPOINT, headers: v.headers, body, now }, v.secret)).toMatchObject({ ok: false, outcome: 'mismatch' });
    });
  }

  it('matches a hand computation with node:crypto', () => {
    const expected = createHmac('sha256', SECRET).update(BODY).digest('hex');
    expect(signed().headers).toEqual([['Linear-Signature', expected]]);
  });

  it('round-trips sign -> verify', () => {
    expect(linear.verify({ url: ENDPOINT, headers: signed().headers, body: BODY, now: NOW }, SECRET)).toMatchObject({ ok: true });
  });

  it('rejects a wrong secret', () => {
    expect(linear.verify({ url: ENDPOINT, headers: signed().headers, body: BODY, now: NOW }, 'lin_wh_other')).toMatchObject({ ok: false, outcome: 'mismatch' });
  });

  it('judges freshness by the body webhookTimestamp, 60 s either way', () => {
    const headers = signed().headers;
    expect(linear.verify({ url: ENDPOINT, headers, body: BODY, now: NOW + 60 }, SECRET)).toMatchObject({ ok: true });
    expect(linear.verify({ url: ENDPOINT, headers, body: BODY, now: NOW + 61 }, SECRET)).toMatchObject({ outcome: 'stale', skewSeconds: 61 });
    expect(linear.verify({ url: ENDPOINT, headers, body: BODY, now: NOW - 61 }, SECRET)).toMatchObject({ outcome: 'stale' });
  });

  it('skips the freshness check when the body has no webhookTimestamp (as the SDK does)', () => {
    for (const body of ['{"action":"create"}', 'not json', '[]']) {
      expect(linear.verify({ url: ENDPOINT, headers: signed(body).headers, body, now: NOW + 86_400 }, SECRET)).toMatchObject({ ok: true });
    }
  });

  it('reports a missing signature header as missing', () => {
    expect(linear.verify({ url: ENDPOINT, headers: { 'Linear-Event': 'Issue' }, body: BODY, now: NOW }, SECRET)).toMatchObject({ outcome: 'missing' });
  });

  it('complains about API keys pasted as the signing secret', () => {
    expect(linear.secretShape!.complain!('lin_api_abc')).toMatch(/lin_wh_/);
    expect(linear.secretShape!.complain!('lin_oauth_abc')).toMatch(/lin_wh_/);
    expect(linear.secretShape!.complain!(SECRET)).toBeNull();
  });
});
