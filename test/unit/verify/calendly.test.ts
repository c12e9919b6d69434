import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { calendly } from '../../../shared/verify/providers/calendly.js';

const URL = 'https://example.com/calendly';
const KEY = 'my-calendly-signing-key';
const T = 1700000000;
const BODY = '{"event":"invitee.created","payload":{"email":"ada@example.com","name":"Ada"}}';

/**
 * Calendly publishes no test vector: this is the documented scheme (Webhook Signatures) computed
 * independently with node:crypto, HMAC-SHA256(signing key, t + "." + body) as hex in v1=.
 */
function handSigned(body = BODY, t = T, key = KEY): Record<string, string> {
  const v1 = createHmac('sha256', key).update(`${t}.${body}`).digest('hex');
  return { 'Content-Type': 'application/json', 'Calendly-Webhook-Signature': `t=${t},v1=${v1}` };
}

describe('calendly scheme', () => {
  it('accepts the hand-computed signature and sign reproduces it', () => {
    expect(calendly.verify({ url: URL, headers: handSigned(), body: BODY, now: T + 10 }, KEY)).toMatchObject({ ok: true, outcome: 'match' });
    const out = calendly.sign({ method: 'POST', url: URL, body: new TextEncoder().encode(BODY), timestamp: T, id: 'x' }, KEY, {});
    expect(out.headers).toEqual([['Calendly-Webhook-Signature', handSigned()['Calendly-Webhook-Signature']]]);
  });

  it('round-trips sign -> verify', () => {
    const out = calendly.sign({ method: 'POST', url: URL, body: new TextEncoder().encode('{}'), timestamp: T, id: 'x' }, 'k2', {});
    expect(calendly.verify({ url: URL, headers: out.headers, body: '{}', now: T }, 'k2')).toMatchObject({ ok: true });
  });

  it('rejects a one-byte body change and a wrong key', () => {
    expect(calendly.verify({ url: URL, headers: handSigned(), body: BODY.replace('Ada"', 'Adb"'), now: T }, KEY)).toMatchObject({ ok: false, outcome: 'mismatch' });
    expect(calendly.verify({ url: URL, headers: handSigned(), body: BODY, now: T }, 'other-key')).toMatchObject({ ok: false, outcome: 'mismatch' });
  });

  it('reports stale past three minutes, and a t that was changed after signing as a mismatch', () => {
    expect(calendly.verify({ url: URL, headers: handSigned(), body: BODY, now: T + 181 }, KEY)).toMatchObject({ ok: false, outcome: 'stale' });
    expect(calendly.verify({ url: URL, headers: handSigned(), body: BODY, now: T + 180 }, KEY)).toMatchObject({ ok: true });
    const header = handSigned()['Calendly-Webhook-Signature']!.replace(`t=${T}`, `t=${T + 1}`);
    expect(calendly.verify({ url: URL, headers: { 'Calendly-Webhook-Signature': header }, body: BODY, now: T }, KEY)).toMatchObject({ outcome: 'mismatch' });
  });

  it('reports missing without the header, or without t or v1 in it', () => {
    expect(calendly.verify({ url: URL, headers: {}, body: BODY }, KEY)).toMatchObject({ outcome: 'missing' });
    expect(calendly.verify({ url: URL, headers: { 'Calendly-Webhook-Signature': 'v1=abc' }, body: BODY }, KEY)).toMatchObject({ outcome: 'missing' });
    expect(calendly.verify({ url: URL, headers: { 'Calendly-Webhook-Signature': `t=${T}` }, body: BODY }, KEY)).toMatchObject({ outcome: 'missing' });
  });

  it('never throws on a garbage header and tolerates spaces after commas', () => {
    expect(calendly.verify({ url: URL, headers: { 'Calendly-Webhook-Signature': 't=soon,v1=%%' }, body: BODY }, KEY)).toMatchObject({ ok: false, outcome: 'mismatch' });
    const spaced = handSigned()['Calendly-Webhook-Signature']!.replace(',', ', ');
    expect(calendly.verify({ url: URL, headers: { 'Calendly-Webhook-Signature': spaced }, body: BODY, now: T }, KEY)).toMatchObject({ ok: true });
  });

  it('complains about access tokens (JWTs) pasted as the signing key', () => {
    expect(calendly.secretShape?.complain?.(KEY)).toBeNull();
    expect(calendly.secretShape?.complain?.('eyJraWQiOiIxIiwidHlwIjoiUEFUIiwiYWxnIjoiRVMyNTYifQ.eyJpc3MiOiJodHRwczovL2F1dGguY2FsZW5kbHkuY29tIn0.c2ln')).toMatch(/access token/);
  });
});
