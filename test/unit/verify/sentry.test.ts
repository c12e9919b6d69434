import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sentry } from '../../../shared/verify/providers/sentry.js';

const URL = 'https://example.com/sentry';
const SECRET = 'b1d3a0f5c2e4d6b8a0c2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a2b4c6d8e0f2a4b6';
/**
 * Sentry publishes no vector. Sentry signs the exact JSON text it sends, produced by Python json.dumps
 * (", " and ": " separators), so the hand-computed signature uses such a body: it is also the case where
 * the docs' JSON.stringify(req.body) re-serialization would fail.
 */
const BODY = '{"action": "created", "installation": {"uuid": "7a485448-a9e2-4c85-8a3c-4f44175783c9"}, "data": {"issue": {"id": "1170820242"}}, "actor": {"type": "application", "id": "sentry", "name": "Sentry"}}';
const SIGNATURE = createHmac('sha256', SECRET).update(BODY).digest('hex');

function headers(signature = SIGNATURE): Record<string, string> {
  return { 'Content-Type': 'application/json', 'Sentry-Hook-Resource': 'issue', 'Sentry-Hook-Timestamp': '1700000000', 'Sentry-Hook-Signature': signature };
}

describe('sentry scheme', () => {
  it('accepts the hand-computed signature over the raw body, not a re-serialization', () => {
    expect(sentry.verify({ url: URL, headers: headers(), body: BODY }, SECRET)).toMatchObject({ ok: true, outcome: 'match' });
    const reserialized = JSON.stringify(JSON.parse(BODY));
    expect(sentry.verify({ url: URL, headers: headers(), body: reserialized }, SECRET)).toMatchObject({ ok: false });
  });

  it('sign reproduces the hand-computed signature and round-trips', () => {
    const out = sentry.sign({ method: 'POST', url: URL, body: new TextEncoder().encode(BODY), timestamp: 1700000000, id: 'x' }, SECRET, {});
    expect(out.headers).toEqual([
      ['Sentry-Hook-Signature', SIGNATURE],
      ['Sentry-Hook-Timestamp', '1700000000'],
    ]);
    expect(sentry.verify({ url: URL, headers: out.headers, body: BODY }, SECRET)).toMatchObject({ ok: true });
  });

  it('rejects a one-byte body change and a wrong secret; the unsigned timestamp is not judged', () => {
    expect(sentry.verify({ url: URL, headers: headers(), body: BODY.replace('1170820242', '1170820243') }, SECRET)).toMatchObject({ ok: false, outcome: 'mismatch' });
    expect(sentry.verify({ url: URL, headers: headers(), body: BODY }, SECRET.replace('b1', 'b2'))).toMatchObject({ ok: false, outcome: 'mismatch' });
    expect(sentry.verify({ url: URL, headers: headers(), body: BODY, now: 1800000000 }, SECRET)).toMatchObject({ ok: true });
  });

  it('reports missing without the signature header and encoding for uppercase hex', () => {
    const { 'Sentry-Hook-Signature': _omit, ...rest } = headers();
    expect(sentry.verify({ url: URL, headers: rest, body: BODY }, SECRET)).toMatchObject({ outcome: 'missing' });
    expect(sentry.verify({ url: URL, headers: headers(SIGNATURE.toUpperCase()), body: BODY }, SECRET)).toMatchObject({ outcome: 'encoding' });
  });

  it('complains about auth tokens and DSNs', () => {
    expect(sentry.secretShape?.complain?.(SECRET)).toBeNull();
    expect(sentry.secretShape?.complain?.('sntrys_eyJpYXQiOjE3MDAwMDAwMDB9_abc')).toMatch(/auth token/);
    expect(sentry.secretShape?.complain?.('https://abc123@o42.ingest.sentry.io/7')).toMatch(/DSN/);
  });
});
