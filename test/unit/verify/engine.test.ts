import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyRequest } from '../../../shared/verify/engine.js';
import { DIAGNOSIS_CODES } from '../../../shared/verify/types.js';
import { vector } from '../../helpers/vectors.js';
import {
  FORM,
  NOW,
  codes,
  githubSignature,
  request,
  secrets,
  standardWebhooksHeaders,
  stripeHeader,
  twilioSignature,
} from './engine-helpers.js';

const GH_SECRET = 'gh-webhook-secret-0001';
const GH_BODY = '{"action":"opened","number":7}';

function githubRequest(body = GH_BODY, signature = githubSignature(GH_SECRET, body), extra: Record<string, string> = {}) {
  return request({ headers: { 'Content-Type': 'application/json', 'X-GitHub-Event': 'pull_request', 'X-Hub-Signature-256': signature, ...extra }, body });
}

describe('engine: provider and verdict', () => {
  it('reports a request no scheme recognises as unsigned, provider null', () => {
    const result = verifyRequest(request({ headers: { 'Content-Type': 'text/plain' }, body: 'hi' }), { secrets: [] });
    expect(result).toEqual({ provider: null, verdict: 'unsigned', checks: [], diagnoses: [] });
  });

  it('keeps a detected provider without signature and without secret unsigned', () => {
    const result = verifyRequest(request({ headers: { 'X-GitHub-Event': 'ping' }, body: '{}' }), { secrets: [] });
    expect(result).toMatchObject({ provider: 'github', verdict: 'unsigned', diagnoses: [] });
  });

  it('signature-missing: the detected provider has a secret configured but no signature came', () => {
    const result = verifyRequest(request({ headers: { 'X-GitHub-Event': 'ping' }, body: '{}' }), { secrets: secrets('github', GH_SECRET) });
    expect(result.verdict).toBe('failed');
    expect(codes(result)[0]).toBe('signature-missing');
    expect(result.diagnoses[0]!.message).toContain('X-Hub-Signature-256');
    expect(result.checks).toEqual([{ provider: 'github', secret: 'github #1 (current)', outcome: 'missing' }]);
  });

  it('signature-missing: an endpoint rule requires a token and none was sent', () => {
    const ctx = { secrets: [], endpoints: [{ path: '/textmaster', provider: 'token', secret: 'tm-token-0123456789', options: { from: 'query:token' } }] };
    const result = verifyRequest(request({ target: '/textmaster', body: '{}' }), ctx);
    expect(result).toMatchObject({ provider: 'token', verdict: 'failed' });
    expect(codes(result)[0]).toBe('signature-missing');
    expect(result.diagnoses[0]!.message).toContain('/textmaster');
  });

  it('an endpoint rule wins over header detection, with its secret tried first', () => {
    const ctx = {
      secrets: secrets('token', 'other-token-value'),
      endpoints: [{ path: '/hooks/**', provider: 'token', secret: 'rule-token-value', options: { from: 'query:token' } }],
    };
    const result = verifyRequest(githubRequest(GH_BODY, githubSignature(GH_SECRET, GH_BODY), {}), ctx);
    expect(result.provider).toBe('github'); // /hook is not under /hooks/**
    const ruled = verifyRequest(request({ target: '/hooks/a/b?token=rule-token-value', headers: { 'X-GitHub-Event': 'ping' } }), ctx);
    expect(ruled).toMatchObject({ provider: 'token', verdict: 'verified' });
    expect(ruled.checks.map((c) => c.secret)).toEqual(['token (endpoint /hooks/**)', 'token #1 (current)']);
    expect(ruled.checks[0]!.outcome).toBe('match');
  });

  it('no-secret: a signature for a provider without a configured secret', () => {
    const result = verifyRequest(githubRequest(), { secrets: [] });
    expect(result).toMatchObject({ provider: 'github', verdict: 'no-secret', diagnoses: [] });
    expect(result.checks).toEqual([{ provider: 'github', secret: null, outcome: 'no-secret' }]);
  });

  it("no-secret: still says when another provider's configured secret reproduces the signature", () => {
    const result = verifyRequest(githubRequest(), { secrets: secrets('stripe', GH_SECRET) });
    expect(result.verdict).toBe('no-secret');
    expect(codes(result)[0]).toBe('secret-rotated');
    expect(result.diagnoses[0]!.message).toContain('stripe');
    expect(result.diagnoses[0]!.actual).toMatchObject({ secret: 'stripe #1 (current)', provider: 'stripe' });
  });
});

describe('engine: body-signing schemes (github, stripe, standard-webhooks)', () => {
  it('verifies the published GitHub vector through the engine', () => {
    const v = vector('github-docs');
    const result = verifyRequest(request({ headers: { ...v.headers, 'X-GitHub-Event': 'ping' }, body: v.body }), { secrets: secrets('github', v.secret) });
    expect(result).toMatchObject({ provider: 'github', verdict: 'verified', diagnoses: [] });
    expect(result.checks).toEqual([{ provider: 'github', secret: 'github #1 (current)', outcome: 'match' }]);
    expect(result.candidates).toBeUndefined();
  });

  it('verified + secret-rotated when only the previous secret matches', () => {
    const result = verifyRequest(githubRequest(), { secrets: secrets('github', 'the-new-secret-value', GH_SECRET) });
    expect(result.verdict).toBe('verified');
    expect(codes(result)[0]).toBe('secret-rotated');
    expect(result.diagnoses[0]!.message).toContain('github #2');
    expect(result.diagnoses[0]!.message).toContain('github #1 (current)');
    expect(result.checks.map((c) => c.outcome)).toEqual(['mismatch', 'match']);
  });

  it('wrong-secret when nothing reproduces the signature', () => {
    const result = verifyRequest(githubRequest(), { secrets: secrets('github', 'not-the-right-secret') });
    expect(result.verdict).toBe('failed');
    expect(codes(result)).toEqual(['wrong-secret']);
    expect(result.diagnoses[0]!.message).toContain('github #1 (current)');
  });

  it('encoding-mismatch: the right digest without the sha256= prefix', () => {
    const bare = githubSignature(GH_SECRET, GH_BODY).slice('sha256='.length);
    const result = verifyRequest(githubRequest(GH_BODY, bare), { secrets: secrets('github', GH_SECRET) });
    expect(result.verdict).toBe('failed');
    expect(codes(result)[0]).toBe('encoding-mismatch');
    expect(result.diagnoses[0]!.message).toContain('X-Hub-Signature-256');
  });

  it('encoding-mismatch: the right digest in base64 instead of hex', () => {
    const hex = githubSignature(GH_SECRET, GH_BODY).slice('sha256='.length);
    const b64 = 'sha256=' + Buffer.from(hex, 'hex').toString('base64');
    expect(codes(verifyRequest(githubRequest(GH_BODY, b64), { secrets: secrets('github', GH_SECRET) }))[0]).toBe('encoding-mismatch');
  });

  it('body-modified: the signature covers the compact JSON, a pretty-printed body arrived', () => {
    const signedBody = '{"a":1,"b":[1,2],"c":{"d":"é"}}';
    const received = JSON.stringify(JSON.parse(signedBody), null, 2);
    const result = verifyRequest(githubRequest(received, githubSignature(GH_SECRET, signedBody)), { secrets: secrets('github', GH_SECRET) });
    expect(result.verdict).toBe('failed');
    expect(codes(result)[0]).toBe('body-modified');
    expect(result.diagnoses[0]!.message).toContain('compact');
    expect(result.diagnoses[0]!.fix).toContain("express.raw({ type: 'application/json' })");
  });

  it.each([
    ['a trailing newline', '{"a":1}', '{"a":1}\n', 'trailing newline'],
    ['CRLF line endings', '{\n "a": 1\n}', '{\r\n "a": 1\r\n}', 'CRLF'],
    ['keys sorted', '{"a":1,"b":2}', '{"b":2,"a":1}', 'sorted'],
    ['Latin-1 re-encoding', 'caf\u00e9', Buffer.from('caf\u00e9', 'latin1'), 'Latin-1'],
  ] as const)('body-modified: %s', (_name, signed, received, words) => {
    const parts = request({
      headers: { 'X-GitHub-Event': 'ping', 'X-Hub-Signature-256': githubSignature(GH_SECRET, signed) },
      body: typeof received === 'string' ? received : new Uint8Array(received),
    });
    const result = verifyRequest(parts, { secrets: secrets('github', GH_SECRET) });
    expect(codes(result)[0]).toBe('body-modified');
    expect(result.diagnoses[0]!.message).toContain(words);
  });

  it("secret-rotated (failed): the signature matches a secret filed under another provider", () => {
    const ctx = { secrets: [...secrets('github', 'not-the-right-secret'), ...secrets('stripe', GH_SECRET)] };
    const result = verifyRequest(githubRequest(), ctx);
    expect(result.verdict).toBe('failed');
    expect(codes(result)[0]).toBe('secret-rotated');
    expect(result.diagnoses[0]!.message).toContain('stripe');
    expect(codes(result)).not.toContain('wrong-secret');
  });

  it('secret-format: the configured secret carries a trailing newline', () => {
    const result = verifyRequest(githubRequest(), { secrets: secrets('github', GH_SECRET + '\n') });
    expect(result.verdict).toBe('failed');
    expect(codes(result)[0]).toBe('secret-format');
    expect(result.diagnoses[0]!.message).toContain('whitespace');
  });

  it("secret-format: the scheme's complaint about an API key pasted as signing secret", () => {
    const body = '{"id":"evt_1"}';
    const result = verifyRequest(
      request({ headers: { 'Stripe-Signature': stripeHeader('whsec_real', NOW, body) }, body }),
      { secrets: secrets('stripe', 'sk_test_51Habcdefghijklmnop') },
    );
    expect(result.verdict).toBe('failed');
    expect(codes(result)[0]).toBe('secret-format');
    expect(result.diagnoses[0]!.message).toContain('API key');
    expect(result.diagnoses[0]!.message).not.toContain('sk_test_51Habcdefghijklmnop');
  });

  it('secret-format: a Stripe secret configured without its whsec_ prefix', () => {
    const body = '{"id":"evt_1"}';
    const result = verifyRequest(
      request({ headers: { 'Stripe-Signature': stripeHeader('whsec_abc123def456', NOW, body) }, body }),
      { secrets: secrets('stripe', 'abc123def456') },
    );
    expect(codes(result)[0]).toBe('secret-format');
    expect(result.diagnoses[0]!.message).toContain('whsec_');
  });

  it('verifies the published Stripe vector at t+60 and reports it stale much later', () => {
    const v = vector('stripe-sdk-generated');
    const ctx = { secrets: secrets('stripe', v.secret) };
    expect(verifyRequest(request({ headers: v.headers, body: v.body, receivedAt: 1_700_000_060 }), ctx)).toMatchObject({ verdict: 'verified', diagnoses: [] });
    const late = verifyRequest(request({ headers: v.headers, body: v.body, receivedAt: 1_700_001_000 }), ctx);
    expect(late.verdict).toBe('failed');
    expect(codes(late)[0]).toBe('timestamp-stale');
    expect(late.diagnoses[0]!.message).toContain('1000 seconds older');
    expect(late.diagnoses[0]!.message).toContain('300 seconds');
    expect(late.checks[0]).toMatchObject({ outcome: 'stale', secret: 'stripe #1 (current)' });
  });

  it('timestamp-stale: a timestamp in the future (Standard Webhooks rejects both directions)', () => {
    const body = '{"id":"evt_2"}';
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const result = verifyRequest(request({ headers: standardWebhooksHeaders(secret, 'msg_future', NOW + 900, body), body }), { secrets: secrets('standard-webhooks', secret) });
    expect(codes(result)[0]).toBe('timestamp-stale');
    expect(result.diagnoses[0]!.message).toContain('900 seconds ahead');
    expect(result.diagnoses[0]!.actual).toMatchObject({ skewSeconds: -900 });
  });

  it('a Stripe timestamp from the future verifies, as stripe-node accepts it (it only rejects old ones)', () => {
    const body = '{"id":"evt_2"}';
    const result = verifyRequest(request({ headers: { 'Stripe-Signature': stripeHeader('whsec_x1', NOW + 900, body) }, body }), { secrets: secrets('stripe', 'whsec_x1') });
    expect(result.verdict).toBe('verified');
  });

  it('verifies the published Standard Webhooks vector and a hand-signed one, stale outside 300 s', () => {
    const v = vector('standard-webhooks-sign');
    const ctx = { secrets: secrets('standard-webhooks', v.secret) };
    expect(verifyRequest(request({ headers: v.headers, body: v.body, receivedAt: 1614265330 + 10 }), ctx)).toMatchObject({ provider: 'standard-webhooks', verdict: 'verified' });
    const headers = standardWebhooksHeaders(v.secret, 'msg_1', NOW - 301, '{"x":1}');
    const stale = verifyRequest(request({ headers, body: '{"x":1}' }), ctx);
    expect(codes(stale)[0]).toBe('timestamp-stale');
  });

  it('secret-format: a Standard Webhooks secret used as plain text by the sender', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"x":1}';
    // A sender that keys HMAC with the secret string's bytes instead of its base64-decoded value.
    const sig = createHmac('sha256', secret).update(`msg_1.${NOW}.${body}`).digest('base64');
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(NOW), 'webhook-signature': `v1,${sig}` };
    const result = verifyRequest(request({ headers, body }), { secrets: secrets('standard-webhooks', secret) });
    expect(codes(result)[0]).toBe('secret-format');
    expect(result.diagnoses[0]!.message).toContain('not decoded');
  });
});

describe('engine: per-endpoint tolerance (SchemeDefinition.toleranceFor)', () => {
  it("judges staleness with the scheme's toleranceFor(options) when it has one", async () => {
    const { hmac, hmacTolerance } = await import('../../../shared/verify/providers/hmac.js');
    const { SCHEMES } = await import('../../../shared/verify/registry.js');
    const options = { timestampFrom: 'header:X-Timestamp', signedContent: 'template:{timestamp}.{body}', tolerance: 600 };
    const body = '{"n":1}';
    const t = NOW - 500;
    const signature = createHmac('sha256', 'endpoint-secret-1').update(`${t}.${body}`).digest('hex');
    const parts = request({ target: '/signed', headers: { 'X-Timestamp': String(t), 'X-Signature': signature }, body });
    const ctx = { secrets: [], endpoints: [{ path: '/signed', provider: 'hmac', secret: 'endpoint-secret-1', options }] };
    const withOption = SCHEMES.map((s) => (s.id === 'hmac' ? { ...hmac, toleranceFor: hmacTolerance } : s));
    expect(verifyRequest(parts, ctx, withOption).verdict).toBe('verified');
    const tight = { ...ctx, endpoints: [{ ...ctx.endpoints[0]!, options: { ...options, tolerance: 60 } }] };
    const stale = verifyRequest(parts, tight, withOption);
    expect(codes(stale)[0]).toBe('timestamp-stale');
    expect(stale.diagnoses[0]!.message).toContain('allows 60 seconds');
  });
});

describe('engine: shared tokens', () => {
  const rule = (secret: string) => ({ secrets: [], endpoints: [{ path: '/textmaster', provider: 'token', secret, options: { from: 'query:token' } }] });

  it('verifies the published TextMaster token vector', () => {
    const v = vector('textmaster-token-in-url');
    const result = verifyRequest(request({ target: '/textmaster?token=' + v.secret, headers: v.headers, body: v.body }), rule(v.secret));
    expect(result).toMatchObject({ provider: 'token', verdict: 'verified' });
  });

  it('with a token secret configured, a token in a default place is checked without an endpoint rule', () => {
    const ctx = { secrets: secrets('token', 'right-token-value') };
    expect(verifyRequest(request({ target: '/textmaster?token=right-token-value', body: '{}' }), ctx)).toMatchObject({ provider: 'token', verdict: 'verified' });
    expect(verifyRequest(request({ target: '/any', headers: { 'X-Webhook-Token': 'right-token-value' }, body: '{}' }), ctx)).toMatchObject({ provider: 'token', verdict: 'verified' });
    const wrong = verifyRequest(request({ target: '/textmaster?token=wrong-token-value', body: '{}' }), ctx);
    expect([wrong.provider, wrong.verdict, codes(wrong)[0]]).toEqual(['token', 'failed', 'token-mismatch']);
    // No token in the request, or no token secret: nothing claims it.
    expect(verifyRequest(request({ target: '/textmaster', body: '{}' }), ctx)).toMatchObject({ provider: null, verdict: 'unsigned' });
    expect(verifyRequest(request({ target: '/textmaster?token=right-token-value', body: '{}' }), { secrets: secrets('stripe', 'whsec_x') })).toMatchObject({ provider: null, verdict: 'unsigned' });
    // A scheme the headers name still wins (GitLab's X-Gitlab-Token is also a default token place).
    expect(verifyRequest(request({ target: '/gl', headers: { 'X-Gitlab-Token': 'right-token-value', 'X-Gitlab-Event': 'Push Hook' }, body: '{}' }), ctx).provider).toBe('gitlab');
  });

  it('token-mismatch: a token is present and wrong', () => {
    const result = verifyRequest(request({ target: '/textmaster?token=wrong-token-value', body: '{}' }), rule('right-token-value'));
    expect(result.verdict).toBe('failed');
    expect(codes(result)[0]).toBe('token-mismatch');
    expect(JSON.stringify(result)).not.toContain('right-token-value');
  });
});

describe('engine: URL-signed schemes (twilio)', () => {
  const TOKEN = 'twilio-auth-token-0042';
  const FORM_BODY = 'AccountSid=AC1&Body=hello+world&From=%2B15005550006';
  const tw = (target: string, headers: Record<string, string>, signedUrl: string, body = FORM_BODY) =>
    request({ target, headers: { 'Content-Type': FORM, 'X-Twilio-Signature': twilioSignature(TOKEN, signedUrl, body), ...headers }, body });
  const ctx = { secrets: secrets('twilio', TOKEN) };

  it('drives the diag-twilio-ngrok-url-variants vector with its headers: verified + proto-rewritten', () => {
    const v = vector('diag-twilio-ngrok-url-variants');
    const result = verifyRequest(request({ target: '/sms?tenant=42', headers: v.headers, body: v.body }), { secrets: secrets('twilio', v.secret) });
    expect(result).toMatchObject({ provider: 'twilio', verdict: 'verified', signedUrl: v.url });
    expect(codes(result)[0]).toBe('proto-rewritten');
    expect(result.diagnoses[0]!.message).toBe(
      `Twilio signed ${v.url} but the request reached hookscope as http:// — ngrok terminates TLS. An app that rebuilds the URL from its socket computes the wrong signature.`,
    );
    expect(result.diagnoses[0]!.fix).toContain("app.set('trust proxy', true)");
    expect(result.diagnoses[0]!.fix).toContain('validateRequest');
    // The candidate table agrees with what the Twilio SDK accepts for the URLs the vector lists.
    for (const c of v.candidate_urls!) {
      const row = result.candidates!.find((r) => r.url === c.url);
      if (row) expect(row.matched).toBe(c.twilio_sdk_accepts);
    }
    expect(result.candidates!.find((r) => r.url === v.url)!.matched).toBe(true);
    expect(result.candidates!.find((r) => r.url === 'http://abc123.ngrok-free.app/sms?tenant=42')!.matched).toBe(false);
  });

  it('the vector behind ngrok --host-header=rewrite: verified + proto-rewritten and host-rewritten warnings', () => {
    const v = vector('diag-twilio-ngrok-url-variants');
    const headers = { ...v.headers, Host: 'localhost:3000' };
    const result = verifyRequest(request({ target: '/sms?tenant=42', headers, body: v.body }), { secrets: secrets('twilio', v.secret) });
    expect(result.verdict).toBe('verified');
    expect(codes(result)).toEqual(['proto-rewritten', 'host-rewritten']);
    expect(result.diagnoses[1]!.message).toContain('localhost:3000');
    expect(result.candidates!.find((r) => r.url === 'http://localhost:3000/sms?tenant=42')).toMatchObject({ matched: false });
  });

  it('the vector through a proxy that drops the forwarding headers: failed + proto-rewritten; the public URL fixes it', () => {
    const v = vector('diag-twilio-ngrok-url-variants');
    const headers = { 'Content-Type': FORM, 'X-Twilio-Signature': v.expected_signature, Host: 'abc123.ngrok-free.app' };
    const parts = request({ target: '/sms?tenant=42', headers, body: v.body });
    const result = verifyRequest(parts, { secrets: secrets('twilio', v.secret) });
    expect(result.verdict).toBe('failed');
    expect(codes(result)[0]).toBe('proto-rewritten');
    expect(result.candidates!.find((r) => r.url === v.url)).toMatchObject({ source: 'scheme flipped', matched: true });
    const withPublic = verifyRequest(parts, { secrets: secrets('twilio', v.secret), publicUrl: 'https://abc123.ngrok-free.app' });
    expect(withPublic).toMatchObject({ verdict: 'verified', signedUrl: v.url });
    expect(codes(withPublic)[0]).toBe('proto-rewritten');
  });

  it('host-rewritten: the signature matches X-Original-Host, not the Host received', () => {
    const signed = 'https://hooks.example.com/sms';
    const result = verifyRequest(tw('/sms', { Host: 'app.internal:8080', 'X-Forwarded-Proto': 'https', 'X-Original-Host': 'hooks.example.com' }, signed), ctx);
    expect(result.verdict).toBe('failed');
    expect(codes(result)[0]).toBe('host-rewritten');
    expect(result.diagnoses[0]!.expected).toMatchObject({ url: signed, source: 'X-Original-Host' });
  });

  it('port-mismatch: the local port leaks into the rebuilt URL (SignalWire only toggles the default port)', () => {
    const key = 'PSK_signalwire_signing_key_01';
    const body = '{"event_type":"calling.call.state"}';
    const signed = 'https://hooks.example.com/relay';
    const signature = createHmac('sha1', key).update(signed + body).digest('hex');
    const parts = request({ target: '/relay', headers: { Host: 'hooks.example.com:8443', 'X-Forwarded-Proto': 'https', 'Content-Type': 'application/json', 'X-SignalWire-Signature': signature }, body });
    const result = verifyRequest(parts, { secrets: secrets('signalwire', key) });
    expect(result).toMatchObject({ provider: 'signalwire', verdict: 'failed' });
    expect(codes(result)[0]).toBe('port-mismatch');
    expect(result.diagnoses[0]!.message).toContain(':8443');
    expect(result.candidates!.find((c) => c.url === signed)).toMatchObject({ matched: true, source: 'port :8443 removed' });
  });

  it("a non-default port Twilio's SDK strips itself still verifies", () => {
    const signed = 'https://hooks.example.com/sms';
    const result = verifyRequest(tw('/sms', { Host: 'hooks.example.com:8443', 'X-Forwarded-Proto': 'https' }, signed), ctx);
    expect(result.verdict).toBe('verified');
  });

  it('path-rewritten: the proxy stripped the public URL path prefix', () => {
    const signed = 'https://hooks.example.com/api/sms';
    const result = verifyRequest(tw('/sms', { Host: 'localhost:4400' }, signed), { ...ctx, publicUrl: 'https://hooks.example.com/api' });
    expect(result.verdict).toBe('failed');
    expect(codes(result)[0]).toBe('path-rewritten');
    expect(result.diagnoses[0]!.message).toContain('/api/sms');
  });

  it('path-rewritten: a trailing slash added on the way', () => {
    const signed = 'https://hooks.example.com/sms';
    const result = verifyRequest(tw('/sms/', { Host: 'hooks.example.com', 'X-Forwarded-Proto': 'https' }, signed), ctx);
    expect(codes(result)[0]).toBe('path-rewritten');
  });

  it('query-changed: a + in the signed query arrived as %20', () => {
    const signed = 'https://hooks.example.com/sms?name=a+b';
    const result = verifyRequest(tw('/sms?name=a%20b', { Host: 'hooks.example.com', 'X-Forwarded-Proto': 'https' }, signed), ctx);
    expect(result.verdict).toBe('failed');
    expect(codes(result)[0]).toBe('query-changed');
    expect(result.diagnoses[0]!.message).toContain('?name=a+b');
  });

  it("a %20 that Twilio's SDK re-encodes itself still verifies", () => {
    const signed = 'https://hooks.example.com/sms?name=a%20b';
    const result = verifyRequest(tw('/sms?name=a+b', { Host: 'hooks.example.com', 'X-Forwarded-Proto': 'https' }, signed), ctx);
    expect(result.verdict).toBe('verified');
  });

  it('query-changed: a proxy appended a parameter', () => {
    const signed = 'https://hooks.example.com/sms?tenant=42';
    const result = verifyRequest(tw('/sms?tenant=42&utm=x', { Host: 'hooks.example.com', 'X-Forwarded-Proto': 'https' }, signed), ctx);
    expect(codes(result)[0]).toBe('query-changed');
    expect(result.candidates!.find((c) => c.matched)!.source).toContain('utm');
  });

  it('reads RFC 7239 Forwarded proto and host', () => {
    const signed = 'https://public.example.org/sms';
    const result = verifyRequest(tw('/sms', { Host: '10.0.0.5:3000', Forwarded: 'for=192.0.2.60;proto=https;host="public.example.org", for=10.0.0.1' }, signed), ctx);
    expect(result).toMatchObject({ verdict: 'verified', signedUrl: signed });
    expect(codes(result)).toEqual(['proto-rewritten', 'host-rewritten']);
  });

  it('a Twilio Account SID pasted as the auth token: secret-format first', () => {
    const result = verifyRequest(tw('/sms', { Host: 'h.example.com', 'X-Forwarded-Proto': 'https' }, 'https://h.example.com/sms'), { secrets: secrets('twilio', 'AC' + 'a'.repeat(32)) });
    expect(codes(result)[0]).toBe('secret-format');
    expect(result.diagnoses[0]!.message).toContain('Account SID');
  });

  it('no URL warnings when the naive URL verifies too (a body-only generic HMAC behind ngrok)', () => {
    const body = '{"id":1}';
    const signature = createHmac('sha256', 'hmac-endpoint-secret').update(body).digest('hex');
    const parts = request({ target: '/in/orders', headers: { Host: 'localhost:3000', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'abc.ngrok-free.app', 'X-Signature': signature }, body });
    const result = verifyRequest(parts, { secrets: [], endpoints: [{ path: '/in/*', provider: 'hmac', secret: 'hmac-endpoint-secret' }] });
    expect(result).toMatchObject({ provider: 'hmac', verdict: 'verified', diagnoses: [] });
  });

  it('lists every URL tried with its source, and keeps the search small', () => {
    const target = '/a/sms/?' + Array.from({ length: 40 }, (_, i) => `p${i}=${i}`).join('&');
    const result = verifyRequest(tw(target, { Host: 'h.example.com', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'x.example.com' }, 'https://nowhere.example/'), { ...ctx, publicUrl: 'https://p.example.com/base' });
    expect(codes(result)[0]).toBe('wrong-secret');
    expect(result.candidates!.every((c) => c.source.length > 0 && c.matched === false)).toBe(true);
    expect(new Set(result.candidates!.map((c) => c.url)).size).toBe(result.candidates!.length);
    expect(result.candidates!.length).toBeLessThan(40);
  });
});

describe('engine: every diagnosis code but app-rejected-valid is covered above', () => {
  it('lists the codes this file asserts first', () => {
    const covered = ['proto-rewritten', 'host-rewritten', 'port-mismatch', 'path-rewritten', 'query-changed', 'body-modified', 'timestamp-stale', 'secret-rotated', 'secret-format', 'encoding-mismatch', 'signature-missing', 'token-mismatch', 'wrong-secret'];
    expect(DIAGNOSIS_CODES.filter((c) => !covered.includes(c))).toEqual(['app-rejected-valid']);
  });
});

describe('engine: secrets never leave it', () => {
  it('no configured secret value appears anywhere in any result', () => {
    const values = {
      github: 'gh-distinctive-secret-ZQ81',
      stripe: 'whsec_distinctiveStripeSecretQQ',
      twilio: 'distinctive-twilio-token-77',
      sw: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      token: 'distinctive-url-token-5150',
    };
    const ctx = {
      secrets: [...secrets('github', values.github, values.github + '-old'), ...secrets('stripe', values.stripe), ...secrets('twilio', values.twilio, ' ' + values.twilio + '\n'), ...secrets('standard-webhooks', values.sw)],
      endpoints: [{ path: '/tok', provider: 'token', secret: values.token, options: { from: 'query:token' } }],
    };
    const body = '{"a":1}';
    const results = [
      verifyRequest(githubRequest(body, githubSignature(values.github, body)), ctx),
      verifyRequest(githubRequest(body, githubSignature(values.github + '-old', body)), ctx),
      verifyRequest(githubRequest(body, githubSignature(values.stripe, body)), ctx),
      verifyRequest(githubRequest(body, githubSignature(values.github, body).slice(7)), ctx),
      verifyRequest(request({ headers: { 'Stripe-Signature': stripeHeader(values.stripe, NOW - 5000, body) }, body }), ctx),
      verifyRequest(request({ headers: { 'Stripe-Signature': stripeHeader(values.github, NOW, body) }, body }), ctx),
      verifyRequest(request({ headers: standardWebhooksHeaders(values.sw, 'msg_1', NOW, body), body: body + ' ' }), ctx),
      verifyRequest(request({ target: '/tok?token=' + values.token }), ctx),
      verifyRequest(request({ target: '/tok?token=nope' }), ctx),
      // A URL that itself carries the secret: candidates and messages must still not show it.
      verifyRequest(request({ target: `/sms?leak=${values.twilio}`, headers: { Host: 'h.example.com', 'Content-Type': FORM, 'X-Twilio-Signature': twilioSignature(values.twilio, `http://h.example.com/sms?leak=${values.twilio}`) } }), ctx),
      verifyRequest(request({ target: '/sms', headers: { Host: 'h.example.com', 'Content-Type': FORM, 'X-Twilio-Signature': 'bm9wZQ==' } }), ctx),
    ];
    const serialized = JSON.stringify(results);
    expect(results.map((r) => r.verdict)).toContain('verified');
    expect(results.map((r) => r.verdict)).toContain('failed');
    for (const value of [...Object.values(values), values.github + '-old']) expect(serialized).not.toContain(value);
  });
});
