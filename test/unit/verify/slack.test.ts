import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { slack } from '../../../shared/verify/providers/slack.js';
import { utf8 } from '../../../shared/verify/encoding.js';
import { vectorsFor } from '../../helpers/vectors.js';

const ENDPOINT = 'https://example.com/slack/commands';
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const BODY = 'token=abc&team_id=T1&text=hello';
const TS = 1_531_420_618;

function signed(body = BODY, secret = SECRET, timestamp = TS) {
  return slack.sign({ method: 'POST', url: ENDPOINT, body: utf8(body), timestamp, id: 'x' }, secret, {});
}

describe('slack scheme', () => {
  for (const v of vectorsFor('slack-v0')) {
    const ts = Number(v.headers['X-Slack-Request-Timestamp']);
    it(`accepts published vector ${v.id}`, () => {
      expect(slack.verify({ url: ENDPOINT, headers: v.headers, body: v.body, now: ts }, v.secret)).toMatchObject({ ok: true, outcome: 'match' });
    });
    it(`reproduces the signature of ${v.id}`, () => {
      const out = signed(v.body, v.secret, ts);
      expect(out.headers).toContainEqual(['X-Slack-Signature', v.expected_signature]);
      expect(out.headers).toContainEqual(['X-Slack-Request-Timestamp', String(ts)]);
    });
    it(`rejects ${v.id} with one body byte changed`, () => {
      const body = v.body.replace('roadrunner', 'roadrunneR');
      expect(slack.verify({ url: ENDPOINT, headers: v.headers, body, now: ts }, v.secret)).toMatchObject({ ok: false, outcome: 'mismatch' });
    });
  }

  it('matches a hand computation with node:crypto', () => {
    const expected = createHmac('sha256', SECRET).update(`v0:${TS}:${BODY}`).digest('hex');
    expect(signed().headers).toContainEqual(['X-Slack-Signature', `v0=${expected}`]);
  });

  it('round-trips sign -> verify', () => {
    expect(slack.verify({ url: ENDPOINT, headers: signed().headers, body: BODY, now: TS }, SECRET)).toMatchObject({ ok: true });
  });

  it('rejects a wrong secret', () => {
    expect(slack.verify({ url: ENDPOINT, headers: signed().headers, body: BODY, now: TS }, 'another-secret')).toMatchObject({ ok: false, outcome: 'mismatch' });
  });

  it('reports an old or future timestamp as stale (5 minutes either way)', () => {
    const headers = signed().headers;
    expect(slack.verify({ url: ENDPOINT, headers, body: BODY, now: TS + 300 }, SECRET)).toMatchObject({ ok: true });
    expect(slack.verify({ url: ENDPOINT, headers, body: BODY, now: TS + 301 }, SECRET)).toMatchObject({ outcome: 'stale', skewSeconds: 301 });
    expect(slack.verify({ url: ENDPOINT, headers, body: BODY, now: TS - 301 }, SECRET)).toMatchObject({ outcome: 'stale', skewSeconds: -301 });
  });

  it('reports missing headers or a garbage timestamp as missing, without throwing', () => {
    const sig = signed().headers.find(([n]) => n === 'X-Slack-Signature')!;
    expect(slack.verify({ url: ENDPOINT, headers: [sig], body: BODY, now: TS }, SECRET)).toMatchObject({ outcome: 'missing' });
    expect(slack.verify({ url: ENDPOINT, headers: { 'X-Slack-Request-Timestamp': String(TS) }, body: BODY, now: TS }, SECRET)).toMatchObject({ outcome: 'missing' });
    expect(slack.verify({ url: ENDPOINT, headers: [sig, ['X-Slack-Request-Timestamp', 'yesterday']], body: BODY, now: TS }, SECRET)).toMatchObject({ outcome: 'missing' });
  });

  it('spots the digest sent without its v0= prefix as an encoding mistake', () => {
    const bare = createHmac('sha256', SECRET).update(`v0:${TS}:${BODY}`).digest('hex');
    const headers = { 'X-Slack-Signature': bare, 'X-Slack-Request-Timestamp': String(TS) };
    expect(slack.verify({ url: ENDPOINT, headers, body: BODY, now: TS }, SECRET)).toMatchObject({ outcome: 'encoding' });
  });

  it('complains about OAuth and app-level tokens pasted as the signing secret', () => {
    expect(slack.secretShape!.complain!('xoxb-123-456-abc')).toMatch(/Signing Secret/);
    expect(slack.secretShape!.complain!('xapp-1-A0-123-abc')).toMatch(/Signing Secret/);
    expect(slack.secretShape!.complain!(SECRET)).toBeNull();
  });
});
