import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { viewFromUrl } from '../../../shared/verify/request-view.js';
import { lemonsqueezy } from '../../../shared/verify/providers/lemonsqueezy.js';

const URL = 'https://example.com/lemonsqueezy';
const SECRET = 'my-lemon-signing-secret';
const BODY = '{"meta":{"event_name":"order_created","custom_data":{"user_id":42}},"data":{"type":"orders","id":"1","attributes":{"status":"paid"}}}';
/** Lemon Squeezy publishes no vector: hex HMAC-SHA256 of the raw body, computed with node:crypto. */
const SIGNATURE = createHmac('sha256', SECRET).update(BODY).digest('hex');

function headers(signature = SIGNATURE): Record<string, string> {
  return { 'Content-Type': 'application/vnd.api+json', 'X-Event-Name': 'order_created', 'X-Signature': signature };
}

describe('lemonsqueezy scheme', () => {
  it('accepts the hand-computed signature', () => {
    expect(lemonsqueezy.verify({ url: URL, headers: headers(), body: BODY }, SECRET)).toMatchObject({ ok: true, outcome: 'match' });
  });

  it('sign reproduces it, adds X-Event-Name from the payload, and round-trips', () => {
    const out = lemonsqueezy.sign({ method: 'POST', url: URL, body: new TextEncoder().encode(BODY), timestamp: 0, id: 'x' }, SECRET, {});
    expect(out.headers).toEqual([
      ['X-Signature', SIGNATURE],
      ['X-Event-Name', 'order_created'],
    ]);
    expect(lemonsqueezy.detect(viewFromUrl({ url: URL, headers: out.headers, body: BODY }))).toBe(true);
    expect(lemonsqueezy.verify({ url: URL, headers: out.headers, body: BODY }, SECRET)).toMatchObject({ ok: true });
    const kept = lemonsqueezy.sign({ method: 'POST', url: URL, body: new TextEncoder().encode(BODY), timestamp: 0, id: 'x', headers: [['x-event-name', 'order_refunded']] }, SECRET, {});
    expect(kept.headers).toEqual([['X-Signature', SIGNATURE]]);
  });

  it('rejects a one-byte body change and a wrong secret', () => {
    expect(lemonsqueezy.verify({ url: URL, headers: headers(), body: BODY.replace('"paid"', '"paie"') }, SECRET)).toMatchObject({ ok: false, outcome: 'mismatch' });
    expect(lemonsqueezy.verify({ url: URL, headers: headers(), body: BODY }, 'other')).toMatchObject({ ok: false, outcome: 'mismatch' });
  });

  it('reports missing without X-Signature', () => {
    expect(lemonsqueezy.verify({ url: URL, headers: { 'X-Event-Name': 'order_created' }, body: BODY }, SECRET)).toMatchObject({ outcome: 'missing' });
  });

  it('detects only X-Signature together with X-Event-Name', () => {
    expect(lemonsqueezy.detect(viewFromUrl({ url: URL, headers: headers(), body: BODY }))).toBe(true);
    expect(lemonsqueezy.detect(viewFromUrl({ url: URL, headers: { 'X-Signature': SIGNATURE }, body: BODY }))).toBe(false);
  });

  it('complains about API keys (JWTs)', () => {
    expect(lemonsqueezy.secretShape?.complain?.(SECRET)).toBeNull();
    expect(lemonsqueezy.secretShape?.complain?.('eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiIxIn0.c2lnbmF0dXJl')).toMatch(/API key/);
  });
});
