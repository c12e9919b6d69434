import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseRfc3339 } from '../../../shared/verify/providers/provider-helpers.js';
import { twitch } from '../../../shared/verify/providers/twitch.js';

const URL = 'https://example.com/eventsub';

/**
 * Published vector: twitch-rs/twitch_api src/eventsub/mod.rs test `verify_request` (a twitch-cli
 * delivery; Content-Length 458 matches the body). Re-verified with node:crypto.
 */
const PUBLISHED = {
  secret: 'secretabcd',
  headers: {
    'Content-Type': 'application/json',
    'Twitch-Eventsub-Message-Id': 'ae2ff348-e102-16be-a3eb-6830c1bf38d2',
    'Twitch-Eventsub-Message-Retry': '0',
    'Twitch-Eventsub-Message-Signature': 'sha256=d10f5bd9474b7ac7bd7105eb79c2d52768b4d0cd2a135982c3bf5a1d59a78823',
    'Twitch-Eventsub-Message-Timestamp': '2021-02-19T23:47:00.8091512Z',
    'Twitch-Eventsub-Message-Type': 'notification',
    'Twitch-Eventsub-Subscription-Type': 'channel.follow',
    'Twitch-Eventsub-Subscription-Version': '1',
  } as Record<string, string>,
  body: '{"subscription":{"id":"ae2ff348-e102-16be-a3eb-6830c1bf38d2","status":"enabled","type":"channel.follow","version":"1","condition":{"broadcaster_user_id":"44429626"},"transport":{"method":"webhook","callback":"null"},"created_at":"2021-02-19T23:47:00.7621315Z"},"event":{"user_id":"28408015","user_login":"testFromUser","user_name":"testFromUser","broadcaster_user_id":"44429626","broadcaster_user_login":"44429626","broadcaster_user_name":"testBroadcaster"}}',
};
/** 2021-02-19T23:47:00Z in unix seconds. */
const SENT_AT = 1613778420;

describe('twitch scheme', () => {
  it('accepts the published twitch_api vector at delivery time', () => {
    const result = twitch.verify({ url: URL, headers: PUBLISHED.headers, body: PUBLISHED.body, now: SENT_AT + 5 }, PUBLISHED.secret);
    expect(result).toMatchObject({ ok: true, outcome: 'match' });
  });

  it('rejects the published vector with one body byte changed, or a wrong secret', () => {
    const changed = PUBLISHED.body.replace('testFromUser', 'testFromUsex');
    expect(twitch.verify({ url: URL, headers: PUBLISHED.headers, body: changed, now: SENT_AT }, PUBLISHED.secret)).toMatchObject({ ok: false, outcome: 'mismatch' });
    expect(twitch.verify({ url: URL, headers: PUBLISHED.headers, body: PUBLISHED.body, now: SENT_AT }, 'secretabce')).toMatchObject({ ok: false, outcome: 'mismatch' });
  });

  it('reports the published vector as stale more than 10 minutes later', () => {
    const result = twitch.verify({ url: URL, headers: PUBLISHED.headers, body: PUBLISHED.body, now: SENT_AT + 601 }, PUBLISHED.secret);
    expect(result).toMatchObject({ ok: false, outcome: 'stale' });
    const inWindow = twitch.verify({ url: URL, headers: PUBLISHED.headers, body: PUBLISHED.body, now: SENT_AT + 600 }, PUBLISHED.secret);
    expect(inWindow).toMatchObject({ ok: true });
  });

  it('round-trips sign -> verify and matches a node:crypto computation', () => {
    const body = '{"event":{"broadcaster_user_id":"1337"}}';
    const out = twitch.sign({ method: 'POST', url: URL, body: new TextEncoder().encode(body), timestamp: 1700000000, id: 'msg-1' }, 'my-eventsub-secret', {});
    const headers = Object.fromEntries(out.headers);
    expect(headers['Twitch-Eventsub-Message-Id']).toBe('msg-1');
    expect(headers['Twitch-Eventsub-Message-Timestamp']).toBe('2023-11-14T22:13:20.000Z');
    const expected = createHmac('sha256', 'my-eventsub-secret').update('msg-1' + '2023-11-14T22:13:20.000Z' + body).digest('hex');
    expect(headers['Twitch-Eventsub-Message-Signature']).toBe(`sha256=${expected}`);
    expect(twitch.verify({ url: URL, headers: out.headers, body, now: 1700000000 }, 'my-eventsub-secret')).toMatchObject({ ok: true });
  });

  it('reports missing when the signature, id or timestamp header is absent', () => {
    for (const drop of ['Twitch-Eventsub-Message-Signature', 'Twitch-Eventsub-Message-Id', 'Twitch-Eventsub-Message-Timestamp']) {
      const headers = { ...PUBLISHED.headers };
      delete headers[drop];
      expect(twitch.verify({ url: URL, headers, body: PUBLISHED.body }, PUBLISHED.secret)).toMatchObject({ outcome: 'missing' });
    }
  });

  it('reports a bare hex signature as an encoding mistake, and never throws on a garbage timestamp', () => {
    const bare = { ...PUBLISHED.headers, 'Twitch-Eventsub-Message-Signature': PUBLISHED.headers['Twitch-Eventsub-Message-Signature']!.slice(7) };
    expect(twitch.verify({ url: URL, headers: bare, body: PUBLISHED.body, now: SENT_AT }, PUBLISHED.secret)).toMatchObject({ outcome: 'encoding' });
    const garbage = { ...PUBLISHED.headers, 'Twitch-Eventsub-Message-Timestamp': 'yesterday' };
    expect(twitch.verify({ url: URL, headers: garbage, body: PUBLISHED.body }, PUBLISHED.secret)).toMatchObject({ ok: false, outcome: 'mismatch' });
  });

  it('parses RFC 3339 with nanoseconds and offsets', () => {
    expect(parseRfc3339('2019-11-16T10:11:12.634234626Z')).toBe(1573899072);
    expect(parseRfc3339('2021-02-19T23:47:00+01:00')).toBe(SENT_AT - 3600);
    expect(parseRfc3339('2021-13-19T23:47:00Z')).toBeUndefined();
    expect(parseRfc3339('1613778420')).toBeUndefined();
  });

  it('complains about OAuth tokens and secrets Twitch would not accept', () => {
    expect(twitch.secretShape?.complain?.(PUBLISHED.secret)).toBeNull();
    expect(twitch.secretShape?.complain?.('oauth:abcdefghijklmnopqrstuvwxyz0123')).toMatch(/OAuth token/);
    expect(twitch.secretShape?.complain?.('short')).toMatch(/10 to 100/);
  });
});
