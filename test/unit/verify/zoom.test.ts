import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { urlValidationResponse, zoom } from '../../../shared/verify/providers/zoom.js';
import { utf8 } from '../../../shared/verify/encoding.js';
import { vectorsFor } from '../../helpers/vectors.js';

const ENDPOINT = 'https://example.com/zoom';
const SECRET = 'zoom_secret_token_example';
const BODY = '{"event":"meeting.ended","payload":{"account_id":"abc","object":{"id":"1"}},"event_ts":1700000000000}';
const TS = 1_700_000_000;

function signed(body = BODY, secret = SECRET, timestamp = TS) {
  return zoom.sign({ method: 'POST', url: ENDPOINT, body: utf8(body), timestamp, id: 'x' }, secret, {});
}

describe('zoom scheme', () => {
  for (const v of vectorsFor('zoom')) {
    const ts = Number(v.headers['x-zm-request-timestamp']);
    it(`accepts published vector ${v.id}`, () => {
      expect(zoom.verify({ url: ENDPOINT, headers: v.headers, body: v.body, now: ts }, v.secret)).toMatchObject({ ok: true, outcome: 'match' });
    });
    it(`reproduces the signature of ${v.id}`, () => {
      expect(signed(v.body, v.secret, ts).headers).toContainEqual(['x-zm-signature', v.expected_signature]);
    });
    it(`rejects ${v.id} with one body byte changed`, () => {
      const body = v.body.replace('started', 'startes');
      expect(zoom.verify({ url: ENDPOINT, headers: v.headers, body, now: ts }, v.secret)).toMatchObject({ ok: false, outcome: 'mismatch' });
    });
  }

  it('answers the endpoint.url_validation challenge (published vector)', () => {
    for (const v of vectorsFor('zoom-crc')) {
      const plainToken = (JSON.parse(v.body) as { payload: { plainToken: string } }).payload.plainToken;
      expect(urlValidationResponse(v.body, v.secret)).toEqual({ plainToken, encryptedToken: v.expected_signature });
      expect(urlValidationResponse(utf8(v.body), v.secret)).toEqual({ plainToken, encryptedToken: v.expected_signature });
      // It carries no signature headers of its own here, so verification finds nothing to check.
      expect(zoom.verify({ url: ENDPOINT, headers: v.headers, body: v.body }, v.secret)).toMatchObject({ outcome: 'missing' });
    }
    for (const notOne of [BODY, 'not json', 'null', '{"event":"endpoint.url_validation","payload":{}}']) {
      expect(urlValidationResponse(notOne, SECRET)).toBeNull();
    }
  });

  it('matches a hand computation with node:crypto', () => {
    const expected = createHmac('sha256', SECRET).update(`v0:${TS}:${BODY}`).digest('hex');
    expect(signed().headers).toEqual([
      ['x-zm-request-timestamp', String(TS)],
      ['x-zm-signature', `v0=${expected}`],
    ]);
  });

  it('round-trips sign -> verify', () => {
    expect(zoom.verify({ url: ENDPOINT, headers: signed().headers, body: BODY, now: TS }, SECRET)).toMatchObject({ ok: true });
  });

  it('rejects a wrong secret', () => {
    expect(zoom.verify({ url: ENDPOINT, headers: signed().headers, body: BODY, now: TS }, 'other')).toMatchObject({ ok: false, outcome: 'mismatch' });
  });

  it('applies no tolerance: Zoom documents none and its SDK checks none', () => {
    expect(zoom.toleranceSeconds).toBeUndefined();
    expect(zoom.verify({ url: ENDPOINT, headers: signed().headers, body: BODY, now: TS + 86_400 }, SECRET)).toMatchObject({ ok: true });
  });

  it('reports a missing header as missing, without throwing', () => {
    const [ts, sig] = signed().headers;
    expect(zoom.verify({ url: ENDPOINT, headers: [sig!], body: BODY, now: TS }, SECRET)).toMatchObject({ outcome: 'missing' });
    expect(zoom.verify({ url: ENDPOINT, headers: [ts!], body: BODY, now: TS }, SECRET)).toMatchObject({ outcome: 'missing' });
    expect(zoom.verify({ url: ENDPOINT, headers: [['x-zm-request-timestamp', 'garbage'], sig!], body: BODY, now: TS }, SECRET)).toMatchObject({ outcome: 'mismatch' });
  });
});
