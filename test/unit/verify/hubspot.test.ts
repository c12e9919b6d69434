import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hubspot, v3Uri } from '../../../shared/verify/providers/hubspot.js';
import { viewFromUrl } from '../../../shared/verify/request-view.js';
import { loadVectors } from '../../helpers/vectors.js';

// HubSpot/hubspot-api-python tests/spec/utils/test_signature.py, TEST_DATA.
const SECRET = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const SDK_BODY = "{'example_field':'example_value'}";
const URL = 'https://www.example.com/webhook_uri';

function v3Request(signature: string, timestamp: string, body = SDK_BODY) {
  return { url: URL, method: 'POST', body, headers: { 'X-HubSpot-Signature-v3': signature, 'X-HubSpot-Request-Timestamp': timestamp } };
}

describe('hubspot scheme', () => {
  for (const v of loadVectors().filter((x) => x.scheme === 'hubspot')) {
    it(`accepts published vector ${v.id}`, () => {
      const ms = Number(v.headers['X-HubSpot-Request-Timestamp'] ?? 0);
      const result = hubspot.verify({ url: v.url ?? URL, method: v.method, headers: v.headers, body: v.body, now: Math.floor(ms / 1000) }, v.secret);
      expect(result).toMatchObject({ ok: true, outcome: 'match' });
    });
  }

  it('accepts the Python SDK v3 vector (timestamp 15000000 ms)', () => {
    const result = hubspot.verify({ ...v3Request('HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=', '15000000'), now: 15_000 }, SECRET);
    expect(result).toEqual({ ok: true, outcome: 'match', secretIndex: 0 });
  });

  it('sign reproduces the Python SDK v3 vector', () => {
    const out = hubspot.sign({ method: 'POST', url: URL, body: new TextEncoder().encode(SDK_BODY), timestamp: 15_000, id: 'x' }, SECRET, {});
    expect(out.headers).toEqual([
      ['X-HubSpot-Signature-v3', 'HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw='],
      ['X-HubSpot-Request-Timestamp', '15000000'],
    ]);
    expect(out.url).toBe(URL);
  });

  it('accepts the SDK v1 and v2 vectors and the docs v1 / v2 GET examples', () => {
    const legacy = (signature: string, version: string | null, body: string, method = 'POST') => {
      const headers: Record<string, string> = { 'X-HubSpot-Signature': signature };
      if (version) headers['X-HubSpot-Signature-Version'] = version;
      return hubspot.verify({ url: URL, method, headers, body }, SECRET);
    };
    expect(legacy('69fc6631a867edd4f9e9e627fc5c1148e3fbdd8b21837b6d2b8901c1fa57f750', 'v1', SDK_BODY).ok).toBe(true);
    expect(legacy('69fc6631a867edd4f9e9e627fc5c1148e3fbdd8b21837b6d2b8901c1fa57f750', null, SDK_BODY).ok).toBe(true);
    expect(legacy('4fe4e3a7d3cf09db53be39d0a58130e2aaba074ec123a9e355b876a689a1c383', 'v2', SDK_BODY).ok).toBe(true);
    expect(legacy('eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e', 'v2', '', 'GET').ok).toBe(true);
    const docsV1Body =
      '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';
    expect(legacy('232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de', 'v1', docsV1Body).ok).toBe(true);
    // v2 signs the URI: another path fails.
    expect(hubspot.verify({ url: URL + '/x', headers: { 'X-HubSpot-Signature': '4fe4e3a7d3cf09db53be39d0a58130e2aaba074ec123a9e355b876a689a1c383', 'X-HubSpot-Signature-Version': 'v2' }, body: SDK_BODY }, SECRET).ok).toBe(false);
  });

  it('round-trips sign -> verify', () => {
    const now = 1_700_000_000;
    const body = '[{"eventId":7,"subscriptionType":"deal.creation"}]';
    const out = hubspot.sign({ method: 'POST', url: URL, body: new TextEncoder().encode(body), timestamp: now, id: 'x' }, SECRET, {});
    expect(hubspot.verify({ url: out.url, method: 'POST', headers: out.headers, body, now: now + 10 }, SECRET)).toMatchObject({ ok: true });
  });

  it('matches a hand-computed node:crypto signature over the decoded URI', () => {
    const url = 'https://example.com/hooks/hubspot?src=hs%3Aapp%2Fv3&x=%28a%29&q=%20space';
    const decoded = "https://example.com/hooks/hubspot?src=hs:app/v3&x=(a)&q=%20space";
    expect(v3Uri(url)).toBe(decoded);
    const ts = '1700000000123';
    const body = '{"a":1}';
    const expected = createHmac('sha256', SECRET).update(`POST${decoded}${body}${ts}`).digest('base64');
    expect(hubspot.verify({ ...v3Request(expected, ts, body), url, now: 1_700_000_000 }, SECRET)).toMatchObject({ ok: true });
    // HubSpot signs the decoded form, so a signature over the raw URI is not what it sends.
    const overRaw = createHmac('sha256', SECRET).update(`POST${url}${body}${ts}`).digest('base64');
    expect(hubspot.verify({ ...v3Request(overRaw, ts, body), url, now: 1_700_000_000 }, SECRET).ok).toBe(false);
  });

  it('rejects a body with one byte changed', () => {
    const result = hubspot.verify({ ...v3Request('HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=', '15000000', SDK_BODY.replace('value', 'valuf')), now: 15_000 }, SECRET);
    expect(result).toEqual({ ok: false, outcome: 'mismatch' });
  });

  it('rejects a wrong secret', () => {
    const result = hubspot.verify({ ...v3Request('HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=', '15000000'), now: 15_000 }, 'zzzzzzzz-yyyy-yyyy-yyyy-yyyyyyyyyyyy');
    expect(result).toEqual({ ok: false, outcome: 'mismatch' });
  });

  it('reports a right signature outside 5 minutes as stale (the timestamp is in milliseconds)', () => {
    const request = v3Request('HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=', '15000000');
    expect(hubspot.verify({ ...request, now: 15_000 + 300 }, SECRET).ok).toBe(true);
    expect(hubspot.verify({ ...request, now: 15_000 + 301 }, SECRET)).toMatchObject({ ok: false, outcome: 'stale', skewSeconds: 301 });
  });

  it('reports missing headers as missing', () => {
    expect(hubspot.verify({ url: URL, body: SDK_BODY }, SECRET)).toEqual({ ok: false, outcome: 'missing' });
    const noTimestamp = { url: URL, body: SDK_BODY, headers: { 'X-HubSpot-Signature-v3': 'HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=' } };
    expect(hubspot.verify(noTimestamp, SECRET)).toEqual({ ok: false, outcome: 'missing' });
  });

  it('treats a garbage timestamp as stale, never throwing', () => {
    const ts = 'not-a-number';
    const sig = createHmac('sha256', SECRET).update(`POST${URL}${SDK_BODY}${ts}`).digest('base64');
    expect(hubspot.verify({ ...v3Request(sig, ts), now: 15_000 }, SECRET)).toMatchObject({ ok: false, outcome: 'stale' });
    expect(() => hubspot.verify({ ...v3Request('%%%', '1e99'), now: 15_000 }, SECRET)).not.toThrow();
  });

  it('detects HubSpot headers and complains about a private app token', () => {
    expect(hubspot.detect(viewFromUrl(v3Request('x', '1')))).toBe(true);
    expect(hubspot.detect(viewFromUrl({ url: URL, headers: { 'X-HubSpot-Signature': 'ab', 'X-HubSpot-Signature-Version': 'v1' } }))).toBe(true);
    expect(hubspot.detect(viewFromUrl({ url: URL, headers: { 'X-Hub-Signature-256': 'sha256=ab' } }))).toBe(false);
    expect(hubspot.secretShape?.complain?.('pat-na1-11111111-2222-3333-4444-555555555555')).toMatch(/private app access token/);
    expect(hubspot.secretShape?.complain?.(SECRET)).toBeNull();
  });
});
