/**
 * Forward mode against real HTTP apps on loopback: the app receives the request byte-identical (body
 * sha256, header list, raw query), its answer is recorded and passed back, app down → 502, too slow →
 * 504, and an app that rejects a valid signature gets `app-rejected-valid`. Also canned responses.
 */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CannedResponsesView, RequestDetail, RequestSummary } from '../../shared/api.js';
import type { ServerEvent } from '../../shared/protocol.js';
import { stripe } from '../../shared/verify/providers/stripe.js';
import { ConfigError, resolveConfig } from '../../server/config.js';
import { apiGet, type TestHookscope } from '../helpers/hookscope.js';
import { sendRaw } from '../helpers/raw-http.js';
import { useServers } from '../helpers/servers.js';

const { hookscope, app, onCleanup } = useServers();

const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'upgrade', 'proxy-connection']);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const idOf = (body: Buffer) => (JSON.parse(body.toString()) as { id: string }).id;

function stripeHeaders(body: Buffer, secret: string, timestamp = Math.floor(Date.now() / 1000)): Array<[string, string]> {
  const out = stripe.sign({ method: 'POST', url: 'http://unused/', body, timestamp, id: 'x' }, secret, {});
  return [['Content-Type', 'application/json'], ...out.headers];
}

describe('forward mode', () => {
  it('delivers the request byte-identical (body sha256, header list, raw query) and passes the answer back unchanged', async () => {
    const target = await app((seen, res) => {
      res.writeHead(201, 'Made It', ['X-App', 'yes', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'Content-Type', 'text/plain']);
      res.end(`created ${seen.sha256}`);
    });
    const hs = await hookscope({ forward: target.url });
    const body = randomBytes(100 * 1024);
    const query = '/hooks/x?b=2&a=1&a=%20+&empty=&%E2%9C%93';
    const headers: Array<[string, string]> = [
      ['X-Dup', 'first'],
      ['content-type', 'application/octet-stream'],
      ['X-Dup', 'second'],
      ['x-MiXeD-cAsE', 'v a l u e'],
      ['Connection', 'keep-alive, X-Hop'],
      ['X-Hop', 'only for the first hop'],
      ['Keep-Alive', 'timeout=5'],
    ];
    const res = await sendRaw({ url: hs.urls.capture, method: 'PUT', target: query, headers, body });

    const seen = target.seen[0]!;
    expect(seen.method).toBe('PUT');
    expect(seen.url).toBe(query);
    expect(seen.sha256).toBe(sha256(body));
    // What the caller sent, minus hop-by-hop fields (and those its Connection header named), in order.
    const host = new URL(hs.urls.capture).host;
    const expected = [['Host', host], ...headers, ['Content-Length', String(body.length)]].filter(([n]) => !HOP.has(n!.toLowerCase()) && n !== 'X-Hop');
    expect(seen.headers.filter(([n]) => !HOP.has(n.toLowerCase()))).toEqual(expected);

    expect(res.status).toBe(201);
    expect(res.headers.filter(([n]) => n === 'X-App' || n === 'Set-Cookie')).toEqual([['X-App', 'yes'], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']]);
    expect(res.body.toString()).toBe(`created ${sha256(body)}`);

    const [summary] = (await apiGet<{ items: RequestSummary[] }>(hs, '/api/requests')).items;
    expect(summary!.responseStatus).toBe(201);
    const detail = await apiGet<RequestDetail>(hs, `/api/requests/${summary!.id}`);
    expect(detail.response).toMatchObject({ status: 201, size: `created ${sha256(body)}`.length });
    expect(detail.response!.error).toBeUndefined();
    expect(detail.response!.headers).toContainEqual(['X-App', 'yes']);
    expect(Buffer.from(detail.response!.body, 'base64').toString()).toBe(`created ${sha256(body)}`);
    expect(detail.response!.durationMs).toBeGreaterThanOrEqual(0);
    expect((await apiGet<{ features: string[] }>(hs, '/api/info')).features).toEqual(expect.arrayContaining(['forward', 'replay', 'send', 'responses', 'tunnel']));
  });

  it('reuses one keep-alive connection to the app for sequential requests', async () => {
    const target = await app();
    const hs = await hookscope({ forward: target.url });
    for (let i = 0; i < 5; i++) expect((await sendRaw({ url: hs.urls.capture, method: 'POST', target: `/k/${i}`, body: 'x' })).status).toBe(200);
    expect(target.seen).toHaveLength(5);
    expect(target.connections).toBe(1);
  });

  it('answers 502 with a clear body when the app is down, and records it as an error', async () => {
    // Port 1: nothing listens there, and unlike a port just closed, no server started meanwhile (this
    // hookscope included, or a parallel test's) can be handed it by the OS — it is outside the ephemeral range.
    const hs = await hookscope({ forward: 'http://127.0.0.1:1' });
    const res = await sendRaw({ url: hs.urls.capture, method: 'POST', target: '/down', body: '{}' });
    expect(res.status).toBe(502);
    const answer = JSON.parse(res.body.toString()) as { id: string; error: { code: string; message: string } };
    expect(answer.error.code).toBe('app-unreachable');
    expect(answer.error.message).toMatch(new RegExp(`recorded this request as ${answer.id}.*connection refused.*is your app running`));
    const detail = await apiGet<RequestDetail>(hs, `/api/requests/${answer.id}`);
    expect(detail.response).toMatchObject({ status: 502, error: expect.stringMatching(/connection refused/) });
    expect(detail.responseStatus).toBeNull();
  });

  it('answers 504 when the app takes longer than --forward-timeout, and records it', async () => {
    const slow = await app(() => {
      // never answers; the app's close() drops the connection
    });
    const hs = await hookscope({ forward: slow.url, forwardTimeoutMs: 300 });
    const started = Date.now();
    const res = await sendRaw({ url: hs.urls.capture, method: 'POST', target: '/slow', body: 'x' });
    expect(res.status).toBe(504);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const answer = JSON.parse(res.body.toString()) as { id: string; error: { code: string; message: string } };
    expect(answer.error).toMatchObject({ code: 'app-timeout', message: expect.stringMatching(/within 300 ms \(--forward-timeout\)/) });
    const detail = await apiGet<RequestDetail>(hs, `/api/requests/${answer.id}`);
    expect(detail.response).toMatchObject({ status: 504, error: expect.stringMatching(/no complete answer within 300 ms/) });
  });

  it('adds app-rejected-valid when the signature verifies but the app (holding the wrong secret) answers 401, and pushes it live', async () => {
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const target = await app((seen, res) => {
      const outcome = stripe.verify({ url: 'http://app/', headers: seen.headers, body: seen.body }, 'whsec_the_wrong_one_in_the_app');
      res.writeHead(outcome.ok ? 200 : 401, { 'Content-Type': 'text/plain' }).end(outcome.ok ? 'ok' : 'invalid signature');
    });
    const hs = await hookscope({ forward: target.url, secrets: [{ provider: 'stripe', value: secret, source: 'cli' }] });
    const ws = new WebSocket(`${hs.urls.ui.replace('http', 'ws')}/api/live?token=${hs.token}`);
    onCleanup(async () => ws.close());
    const updated = new Promise<RequestSummary>((resolve, reject) => {
      ws.on('message', (data) => {
        const event = JSON.parse(String(data)) as ServerEvent;
        if (event.type === 'updated') resolve(event.items[0]!);
      });
      ws.on('error', reject);
    });
    await new Promise((r) => ws.once('open', r));

    const body = Buffer.from(JSON.stringify({ id: 'evt_1', type: 'invoice.paid' }));
    const res = await sendRaw({ url: hs.urls.capture, method: 'POST', target: '/stripe', headers: stripeHeaders(body, secret), body });
    expect(res.status).toBe(401);
    expect(res.body.toString()).toBe('invalid signature');

    const live = await updated;
    expect(live).toMatchObject({ responseStatus: 401, verdict: 'verified', diagnosis: 'app-rejected-valid' });
    const detail = await apiGet<RequestDetail>(hs, `/api/requests/${live.id}`);
    expect(detail.verification!.verdict).toBe('verified');
    const diagnosis = detail.verification!.diagnoses[0]!;
    expect(diagnosis.code).toBe('app-rejected-valid');
    expect(diagnosis.message).toMatch(/verified this Stripe signature with stripe #1 \(current\), but your app answered 401/);
    expect(diagnosis.fix).toMatch(/constructEvent/);
    expect(diagnosis.fix).toMatch(/STRIPE_WEBHOOK_SECRET/);
    expect(diagnosis.actual).toEqual({ appStatus: 401 });
    expect(JSON.stringify(detail)).not.toContain(secret);

    // Re-verification after a secrets change keeps the cross-check: the app's answer did not change.
    const put = await fetch(`${hs.urls.ui}/api/secrets`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ provider: 'stripe', secrets: [secret, 'whsec_an_older_one'] }) });
    expect(put.status).toBe(200);
    const after = await apiGet<RequestDetail>(hs, `/api/requests/${live.id}`);
    expect(after.verification!.diagnoses.map((d) => d.code)[0]).toBe('app-rejected-valid');
  });

  it('does not blame the app when it accepts, nor when the signature itself is wrong', async () => {
    const secret = 'whsec_right_secret_for_both';
    const target = await app((seen, res) => {
      const outcome = stripe.verify({ url: 'http://app/', headers: seen.headers, body: seen.body }, secret);
      res.writeHead(outcome.ok ? 200 : 401).end();
    });
    const hs = await hookscope({ forward: target.url, secrets: [{ provider: 'stripe', value: secret, source: 'cli' }] });
    const body = Buffer.from('{"ok":true}');
    const good = await sendRaw({ url: hs.urls.capture, method: 'POST', target: '/s', headers: stripeHeaders(body, secret), body });
    const bad = await sendRaw({ url: hs.urls.capture, method: 'POST', target: '/s', headers: stripeHeaders(body, 'whsec_someone_else'), body });
    expect([good.status, bad.status]).toEqual([200, 401]);
    const items = (await apiGet<{ items: RequestSummary[] }>(hs, '/api/requests')).items;
    expect(items.map((i) => [i.verdict, i.diagnosis, i.responseStatus])).toEqual([
      ['failed', 'wrong-secret', 401],
      ['verified', null, 200],
    ]);
  });

  it('keeps the Host header by default, rewrites it like ngrok --host-header=rewrite, or sets a literal', async () => {
    const target = await app();
    const keep = await hookscope({ forward: target.url });
    await sendRaw({ url: keep.urls.capture, method: 'POST', target: '/h', headers: [['Host', 'abc.ngrok-free.app']] });
    const rewrite = await hookscope({ forward: target.url, forwardHostHeader: 'rewrite' });
    await sendRaw({ url: rewrite.urls.capture, method: 'POST', target: '/h', headers: [['Host', 'abc.ngrok-free.app']] });
    const literal = await hookscope({ forward: target.url, forwardHostHeader: 'myapp.test:8080' });
    await sendRaw({ url: literal.urls.capture, method: 'POST', target: '/h', headers: [['Host', 'abc.ngrok-free.app']] });
    expect(target.seen.map((s) => s.headers.find(([n]) => n.toLowerCase() === 'host')![1])).toEqual(['abc.ngrok-free.app', `127.0.0.1:${target.port}`, 'myapp.test:8080']);
  });

  it('forwards under the --forward path prefix and passes a 3xx back without following it', async () => {
    const other = await app();
    const target = await app((_s, res) => res.writeHead(302, { Location: `${other.url}/elsewhere` }).end());
    const hs = await hookscope({ forward: `${target.url}/base` });
    const res = await sendRaw({ url: hs.urls.capture, method: 'POST', target: '/hook?x=1', body: 'x' });
    expect(target.seen[0]!.url).toBe('/base/hook?x=1');
    expect(res.status).toBe(302);
    expect(res.headers).toContainEqual(['Location', `${other.url}/elsewhere`]);
    expect(other.seen).toHaveLength(0);
  });
});

describe('canned responses (not forwarding)', () => {
  it('answers per path glob with status, headers, body and delay; the default stays 200 {id}', async () => {
    const hs = await hookscope({
      responses: [
        { path: '/fail/**', status: 500, headers: [['Retry-After', '1']], body: 'boom {{id}}' },
        { path: '/slow', status: 202, delayMs: 250 },
      ],
    });
    const fail = await sendRaw({ url: hs.urls.capture, method: 'POST', target: '/fail/a/b?x', body: '{}' });
    expect(fail.status).toBe(500);
    expect(fail.headers).toContainEqual(['Retry-After', '1']);
    const detail = (await apiGet<{ items: RequestSummary[] }>(hs, '/api/requests')).items[0]!;
    expect(fail.body.toString()).toBe(`boom ${detail.id}`);

    const started = Date.now();
    const slow = await sendRaw({ url: hs.urls.capture, method: 'POST', target: '/slow' });
    expect(slow.status).toBe(202);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(JSON.parse(slow.body.toString())).toHaveProperty('id');

    const plain = await sendRaw({ url: hs.urls.capture, method: 'POST', target: '/other' });
    expect(plain.status).toBe(200);
    expect(JSON.parse(plain.body.toString())).toEqual({ id: expect.any(String) });
  });

  it('are replaced from the API at run time, validated, and inactive in forward mode', async () => {
    const hs = await hookscope();
    const put = await fetch(`${hs.urls.ui}/api/responses`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ responses: [{ path: '/x', status: 503, headers: { 'X-Why': 'testing' } }] }) });
    expect(put.status).toBe(200);
    expect(((await put.json()) as CannedResponsesView).active).toBe(true);
    const res = await sendRaw({ url: hs.urls.capture, method: 'POST', target: '/x' });
    expect(res.status).toBe(503);
    expect(res.headers).toContainEqual(['X-Why', 'testing']);
    const bad = await fetch(`${hs.urls.ui}/api/responses`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ responses: [{ path: 'nope', status: 99 }] }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid-responses' } });

    const target = await app();
    const fwd = await hookscope({ forward: target.url, responses: [{ path: '/**', status: 500 }] });
    expect((await apiGet<CannedResponsesView>(fwd, '/api/responses')).active).toBe(false);
    expect((await sendRaw({ url: fwd.urls.capture, method: 'POST', target: '/y' })).status).toBe(200);
  });
});

describe('forward options in the config', () => {
  const resolve = (flags: Record<string, unknown>, file: Record<string, unknown> | null = null, env: Record<string, string> = {}) => resolveConfig({ flags, env, file });

  it('resolves durations, Host policy, replay origins and the ngrok API', () => {
    const c = resolve({ forward: 'http://localhost:3000/', forwardTimeout: '500ms', forwardHostHeader: 'rewrite', allowReplayTo: ['https://staging.example.com/'], ngrokApi: 'http://127.0.0.1:4041/api/tunnels' });
    expect(c).toMatchObject({ forward: 'http://localhost:3000', forwardTimeoutMs: 500, forwardHostHeader: 'rewrite', allowReplayTo: ['https://staging.example.com'], ngrokApi: 'http://127.0.0.1:4041' });
    expect(resolve({})).toMatchObject({ forwardTimeoutMs: 30_000, forwardHostHeader: 'keep', ngrokApi: 'http://127.0.0.1:4040', responses: [] });
    expect(resolve({ noTunnelDetect: true }).ngrokApi).toBeNull();
    expect(resolve({}, { tunnelDetect: false }).ngrokApi).toBeNull();
    expect(resolve({}, { forwardTimeout: 2 }).forwardTimeoutMs).toBe(2000);
    expect(resolve({}, { responses: [{ path: '/a', status: 500, headers: { 'X-A': '1' } }] }).responses).toEqual([{ path: '/a', status: 500, headers: [['X-A', '1']] }]);
  });

  it('refuses bad values with the flag named', () => {
    expect(() => resolve({ forwardTimeout: 'soon' })).toThrow(ConfigError);
    expect(() => resolve({ forwardHostHeader: 'a b' })).toThrow(/--forward-host-header/);
    expect(() => resolve({ allowReplayTo: ['https://x.example.com/path'] })).toThrow(/--allow-replay-to must be an origin/);
    expect(() => resolve({}, { responses: [{ path: '/a', status: 200, headers: { 'Content-Length': '3' } }] })).toThrow(/Content-Length cannot be set/);
  });
});
