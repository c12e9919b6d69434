import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pagerduty } from '../../../shared/verify/providers/pagerduty.js';

const URL = 'https://example.com/pagerduty';

/** Published vector: PagerDuty/go-pagerduty webhookv3/webhookv3_test.go ("valid"); re-verified with node:crypto. */
const SDK = {
  secret: 'lDQHScfUeXUKaQRNF+8XIiDKZ7XX3itBAYzwU0TARw8lJqRnkKl2iB1anSb0Z+IK',
  signature: 'v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd',
  /** The spec's "mismatch" signature, standing in for a second secret during rotation. */
  other: 'v1=7020c8a7ec668a9b7012bc3dd82e483394b038f4230acc6785efbf2a7d8bcaf5',
  body: `{"event":{"id":"01BWDWL3NYY7LUFPZCC28QUCMK","event_type":"incident.priority_updated","resource_type":"incident","occurred_at":"2021-04-26T17:36:27.458Z","agent":{"html_url":"https://acme.pagerduty.com/users/PLH1HKV","id":"PLH1HKV","self":"https://api.pagerduty.com/users/PLH1HKV","summary":"Tenex Engineer","type":"user_reference"},"client":null,"data":{"id":"PGR0VU2","type":"incident","self":"https://api.pagerduty.com/incidents/PGR0VU2","html_url":"https://acme.pagerduty.com/incidents/PGR0VU2","number":2,"status":"triggered","title":"A little bump in the road","service":{"html_url":"https://acme.pagerduty.com/services/PF9KMXH","id":"PF9KMXH","self":"https://api.pagerduty.com/services/PF9KMXH","summary":"API Service","type":"service_reference"},"assignees":[{"html_url":"https://acme.pagerduty.com/users/PTUXL6G","id":"PTUXL6G","self":"https://api.pagerduty.com/users/PTUXL6G","summary":"User 123","type":"user_reference"}],"escalation_policy":{"html_url":"https://acme.pagerduty.com/escalation_policies/PUS0KTE","id":"PUS0KTE","self":"https://api.pagerduty.com/escalation_policies/PUS0KTE","summary":"Default","type":"escalation_policy_reference"},"teams":[{"html_url":"https://acme.pagerduty.com/teams/PFCVPS0","id":"PFCVPS0","self":"https://api.pagerduty.com/teams/PFCVPS0","summary":"Engineering","type":"team_reference"}],"priority":{"html_url":"https://acme.pagerduty.com/account/incident_priorities","id":"PSO75BM","self":"https://api.pagerduty.com/priorities/PSO75BM","summary":"P1","type":"priority_reference"},"urgency":"high","conference_bridge":{"conference_number":1000,"conference_url":"https://example.com"},"resolve_reason":null}}}`,
};

function headers(signature: string): Record<string, string> {
  return { 'Content-Type': 'application/json', 'X-PagerDuty-Signature': signature };
}

describe('pagerduty scheme', () => {
  it('accepts the go-pagerduty vector, alone or next to another secret\'s signature', () => {
    expect(pagerduty.verify({ url: URL, headers: headers(SDK.signature), body: SDK.body }, SDK.secret)).toMatchObject({ ok: true, outcome: 'match' });
    expect(pagerduty.verify({ url: URL, headers: headers(`${SDK.other},${SDK.signature}`), body: SDK.body }, SDK.secret)).toMatchObject({ ok: true });
  });

  it('sign reproduces the go-pagerduty signature (the secret is used as text, not base64-decoded)', () => {
    const out = pagerduty.sign({ method: 'POST', url: URL, body: new TextEncoder().encode(SDK.body), timestamp: 0, id: 'x' }, SDK.secret, {});
    expect(out.headers).toEqual([['X-PagerDuty-Signature', SDK.signature]]);
  });

  it('rejects the go-pagerduty mismatch signature, a one-byte body change and a wrong secret', () => {
    expect(pagerduty.verify({ url: URL, headers: headers(SDK.other), body: SDK.body }, SDK.secret)).toMatchObject({ ok: false, outcome: 'mismatch' });
    expect(pagerduty.verify({ url: URL, headers: headers(SDK.signature), body: SDK.body.replace('P1', 'P2') }, SDK.secret)).toMatchObject({ ok: false, outcome: 'mismatch' });
    expect(pagerduty.verify({ url: URL, headers: headers(SDK.signature), body: SDK.body }, SDK.secret.slice(1))).toMatchObject({ ok: false, outcome: 'mismatch' });
  });

  it('round-trips sign -> verify and matches node:crypto', () => {
    const body = '{"event":{"event_type":"pagey.ping"}}';
    const out = pagerduty.sign({ method: 'POST', url: URL, body: new TextEncoder().encode(body), timestamp: 0, id: 'x' }, 's3cret', {});
    expect(out.headers[0]![1]).toBe(`v1=${createHmac('sha256', 's3cret').update(body).digest('hex')}`);
    expect(pagerduty.verify({ url: URL, headers: out.headers, body }, 's3cret')).toMatchObject({ ok: true });
  });

  it('reports missing without the header and encoding for a signature sent without v1=', () => {
    expect(pagerduty.verify({ url: URL, headers: {}, body: SDK.body }, SDK.secret)).toMatchObject({ outcome: 'missing' });
    expect(pagerduty.verify({ url: URL, headers: headers(SDK.signature.slice(3)), body: SDK.body }, SDK.secret)).toMatchObject({ outcome: 'encoding' });
    expect(pagerduty.verify({ url: URL, headers: headers('v1=zz,,v2'), body: SDK.body }, SDK.secret)).toMatchObject({ outcome: 'mismatch' });
  });

  it('complains about an Events API integration key', () => {
    expect(pagerduty.secretShape?.complain?.(SDK.secret)).toBeNull();
    expect(pagerduty.secretShape?.complain?.('0123456789abcdef0123456789abcdef')).toMatch(/integration/);
  });
});
