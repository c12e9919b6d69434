/**
 * The detection index (shared/verify/detection.ts) must pick exactly the scheme that asking every
 * scheme's `detect` in order would pick — a `detectionHeaders` list that misses a header its `detect`
 * accepts would silently stop that provider being recognised. Checked against the plain loop on random
 * requests built from every header name the schemes look at, and on each scheme's own signed requests.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectScheme } from '../../../shared/verify/detection.js';
import { SCHEMES } from '../../../shared/verify/registry.js';
import { CapturedRequestView } from '../../../shared/verify/request-view.js';
import { verifyRequest } from '../../../shared/verify/engine.js';
import { NO_SCHEME } from '../../../shared/verify/no-scheme.js';
import type { RequestParts } from '../../../shared/verify/types.js';
import type { Scheme } from '../../../shared/verify/scheme.js';
import { enc, NOW, request } from './engine-helpers.js';

/** What detection means, without the index: the first scheme whose detect says yes. */
function askEveryScheme(parts: RequestParts): Scheme | undefined {
  const view = new CapturedRequestView(parts);
  return SCHEMES.find((scheme) => {
    try {
      return scheme.detect(view);
    } catch {
      return false;
    }
  });
}

const detected = (parts: RequestParts) => detectScheme(SCHEMES, new CapturedRequestView(parts))?.id;

/**
 * Every header name some scheme's detect asks for — found by asking, not from the declarations under
 * test: each detect runs on a request where every header is absent, then one where every header is
 * present (so both sides of `a || b` and `a && b` are reached).
 */
function namesDetectionAsksFor(): string[] {
  const asked = new Set<string>();
  for (const present of [false, true]) {
    const view = new CapturedRequestView(request({ body: '{}' }));
    const recording = Object.assign(Object.create(view) as CapturedRequestView, {
      header: (name: string) => (asked.add(name.toLowerCase()), present ? 'x' : undefined),
      headerAll: (name: string) => (asked.add(name.toLowerCase()), present ? ['x'] : []),
    });
    for (const scheme of SCHEMES) {
      try {
        scheme.detect(recording);
      } catch {
        // only the names matter here
      }
    }
  }
  return [...asked];
}

const asked = namesDetectionAsksFor();
// webhook-timestamp is only asked once webhook-id is present and webhook-signature absent: named here.
const headerNames = [...asked, ...asked.map((n) => n.toUpperCase()), 'webhook-timestamp', 'Content-Type', 'Host'];
const headerValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('facebookexternalua/1.1', 'Typeform Webhooks', 'intercom-parrot-service-client/1.0', 'Intercom', 'GitHub-Hookshot/abc', 'sha256=00', 'v1,abc', 'application/json'),
);
const body = fc.constantFrom(
  '',
  '{"object":"page","entry":[]}',
  '{"type":"notification_event"}',
  '{"signature":{"token":"t","timestamp":"1","signature":"s"},"event-data":{}}',
  'signature=abc&token=t&timestamp=1',
  '{"id":"evt_1","type":"invoice.paid"}',
);
const target = fc.constantFrom('/hook', '/hook?shop=a.myshopify.com&hmac=00', '/proxy?shop=a&signature=00&path_prefix=/apps', '/hook?token=abc');
const parts = fc.record({
  method: fc.constantFrom('POST', 'GET'),
  target,
  headers: fc.array(fc.tuple(fc.constantFrom(...headerNames), headerValue), { maxLength: 6 }),
  body: body.map(enc),
  receivedAt: fc.constant(NOW),
});

describe('detection index', () => {
  it('picks what asking every scheme in order picks, for any mix of provider headers', () => {
    expect(asked).toEqual(expect.arrayContaining(['stripe-signature', 'x-github-event', 'x-event-name', 'user-agent']));
    fc.assert(
      fc.property(parts, (p) => {
        expect(detected(p)).toBe(askEveryScheme(p)?.id);
      }),
      { numRuns: 3000 },
    );
  });

  it("recognises each scheme's own signed request, and not once its declared headers are gone", () => {
    let checked = 0;
    for (const scheme of SCHEMES) {
      let signed;
      try {
        signed = scheme.sign({ method: 'POST', url: 'https://example.test/hook', body: enc('{"id":1}'), timestamp: NOW, id: 'msg_1' }, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', {});
      } catch {
        continue; // needs a key of its own kind (Ed25519, ECDSA) or configuration (hmac, token)
      }
      const p = request({ target: '/hook', headers: [['Host', 'example.test'], ...signed.headers], body: signed.body ?? enc('{"id":1}') });
      expect(detected(p), scheme.id).toBe(askEveryScheme(p)?.id);
      if (scheme.detectionHeaders) {
        const gone = new Set(scheme.detectionHeaders.map((n) => n.toLowerCase()));
        const stripped = { ...p, headers: p.headers.filter(([n]) => !gone.has(n.toLowerCase())) };
        expect(scheme.detect(new CapturedRequestView(stripped)), `${scheme.id} without ${[...gone].join(', ')}`).toBe(false);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('answers an ordinary unsigned request with the one shared result', () => {
    const p = request({ headers: { Host: 'localhost', 'Content-Type': 'application/json', 'User-Agent': 'curl/8' }, body: '{"id":"evt_1"}' });
    const result = verifyRequest(p, { secrets: [] });
    expect(result).toBe(NO_SCHEME);
    expect(Object.isFrozen(result) && Object.isFrozen(result.checks)).toBe(true);
  });

  it('still asks schemes that detect by body or query (Mailgun, Shopify query hmac)', () => {
    expect(detected(request({ body: '{"signature":{"token":"t","timestamp":"1","signature":"s"},"event-data":{}}' }))).toBe('mailgun');
    expect(detected(request({ target: '/hook?shop=a.myshopify.com&hmac=00' }))).toBe('shopify-query');
  });
});
