/**
 * The tunnel companion against an ngrok-like test tunnel and a fake ngrok agent API (the JSON shapes
 * of ngrok's docs): the public URL is found and used for URL-signed verification, a tunnel that goes
 * straight to the app is called out with what to change, and the inspector's requests are imported.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestDetail, RequestSummary, TunnelView } from '../../shared/api.js';
import { apiGet, startTestHookscope, type TestHookscope } from '../helpers/hookscope.js';
import { sendRaw } from '../helpers/raw-http.js';
import { startFakeNgrok, type FakeNgrok } from '../helpers/fake-ngrok.js';
import { startTestApp, startTestTunnel, type TestTunnel, type TestTunnelOptions } from '../helpers/test-tunnel.js';

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  // Reverse order: tunnels before the servers they point at.
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});
async function hookscope(options: Parameters<typeof startTestHookscope>[0] = {}): Promise<TestHookscope> {
  const app = await startTestHookscope(options);
  cleanups.push(() => app.dispose());
  return app;
}
async function ngrok(): Promise<FakeNgrok> {
  const n = await startFakeNgrok();
  cleanups.push(() => n.close());
  return n;
}
async function tunnel(options: TestTunnelOptions): Promise<TestTunnel> {
  const t = await startTestTunnel(options);
  cleanups.push(() => t.close());
  return t;
}

const portOf = (url: string) => new URL(url).port;
const latest = async (hs: TestHookscope) => apiGet<RequestDetail>(hs, `/api/requests/${(await apiGet<{ items: RequestSummary[] }>(hs, '/api/requests?limit=1')).items[0]!.id}`);

function twilioSignature(token: string, url: string, form: string): string {
  const params = [...new URLSearchParams(form)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHmac('sha1', token).update(url + params.map(([k, v]) => k + v).join('')).digest('base64');
}

describe('tunnel companion', () => {
  it('finds the public URL of an ngrok tunnel pointing at hookscope, and a request through it verifies with the right diagnosis', async () => {
    const token = randomBytes(16).toString('hex');
    const agent = await ngrok();
    const hs = await hookscope({ ngrokApi: agent.api, secrets: [{ provider: 'twilio', value: token, source: 'cli' }] });
    const t = await tunnel({ target: hs.urls.capture, publicUrl: 'https://abc123.ngrok-free.app', hostHeader: 'rewrite', onExchange: (e) => agent.record(e) });
    agent.setTunnels([{ publicUrl: t.publicUrl, addr: `http://localhost:${portOf(hs.urls.capture)}` }]);

    const view = await apiGet<TunnelView>(hs, '/api/tunnel');
    expect(view).toMatchObject({
      publicUrl: 'https://abc123.ngrok-free.app',
      source: 'ngrok',
      agent: { api: agent.api, status: 'found' },
      tunnels: [{ name: 'command_line', publicUrl: 'https://abc123.ngrok-free.app', proto: 'https', pointsAt: 'hookscope' }],
    });
    expect(view.tunnels[0]!.advice).toBeUndefined();
    expect((await apiGet<{ publicUrl: string }>(hs, '/api/info')).publicUrl).toBe('https://abc123.ngrok-free.app');

    // Twilio signs the URL it calls: the public https one. The tunnel rewrites Host and terminates TLS.
    const form = 'AccountSid=AC1&Body=Hi+from+the+tunnel&From=%2B15005550006';
    const res = await sendRaw({
      url: t.url,
      method: 'POST',
      target: '/sms?tenant=42',
      headers: [['Content-Type', 'application/x-www-form-urlencoded'], ['X-Twilio-Signature', twilioSignature(token, 'https://abc123.ngrok-free.app/sms?tenant=42', form)]],
      body: form,
    });
    expect(res.status).toBe(200);
    const detail = await latest(hs);
    expect(detail.headers).toEqual(expect.arrayContaining([['Host', `127.0.0.1:${portOf(hs.urls.capture)}`], ['X-Forwarded-Proto', 'https'], ['X-Forwarded-Host', 'abc123.ngrok-free.app']]));
    expect(detail.verification).toMatchObject({ provider: 'twilio', verdict: 'verified', signedUrl: 'https://abc123.ngrok-free.app/sms?tenant=42' });
    // What an app behind this tunnel gets wrong when it rebuilds the URL from its socket and Host.
    const codes = detail.verification!.diagnoses.map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['proto-rewritten', 'host-rewritten']));
    expect(detail.verification!.diagnoses.find((d) => d.code === 'host-rewritten')!.message).toMatch(/ngrok rewrote the Host header/);

    // Requests that came through a tunnel pointing at hookscope are already captured: import skips them.
    const imported = (await (await fetch(`${hs.urls.ui}/api/tunnel/import`, { method: 'POST' })).json()) as { imported: unknown[]; skipped: Array<{ reason: string }> };
    expect(imported.imported).toHaveLength(0);
    expect(imported.skipped[0]!.reason).toMatch(/already captured/);
  });

  it('verifies through a proxy that passes no forwarding headers only thanks to the detected public URL', async () => {
    const token = randomBytes(16).toString('hex');
    const agent = await ngrok();
    const hs = await hookscope({ ngrokApi: agent.api, secrets: [{ provider: 'twilio', value: token, source: 'cli' }] });
    const t = await tunnel({ target: hs.urls.capture, publicUrl: 'https://quiet.ngrok-free.app', hostHeader: 'rewrite', forwardedHeaders: false });
    const form = 'Body=hello';
    const send = () =>
      sendRaw({ url: t.url, method: 'POST', target: '/voice', headers: [['Content-Type', 'application/x-www-form-urlencoded'], ['X-Twilio-Signature', twilioSignature(token, 'https://quiet.ngrok-free.app/voice', form)]], body: form });

    expect((await apiGet<TunnelView>(hs, '/api/tunnel')).publicUrl).toBeNull();
    await send();
    const before = await latest(hs);
    expect(before.verification!.verdict).toBe('failed');

    agent.setTunnels([{ publicUrl: 'https://quiet.ngrok-free.app', addr: `localhost:${portOf(hs.urls.capture)}` }]);
    expect((await apiGet<TunnelView>(hs, '/api/tunnel')).source).toBe('ngrok');
    await send();
    const after = await latest(hs);
    expect(after.verification).toMatchObject({ verdict: 'verified', signedUrl: 'https://quiet.ngrok-free.app/voice' });
    expect(after.verification!.candidates).toContainEqual({ url: 'https://quiet.ngrok-free.app/voice', source: 'public URL', matched: true });
  });

  it('says when the tunnel goes straight to the app, and imports what the ngrok inspector saw', async () => {
    const secret = 'whsec_tunnel_import_secret_0123456789';
    const app = await startTestApp((_s, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"received":true}'));
    cleanups.push(() => app.close());
    const agent = await ngrok();
    const logs: string[] = [];
    const hs = await hookscope({ forward: app.url, ngrokApi: agent.api, secrets: [{ provider: 'stripe', value: secret, source: 'cli' }], log: (m) => logs.push(m) });
    const t = await tunnel({ target: app.url, publicUrl: 'https://straight.ngrok-free.app', onExchange: (e) => agent.record(e) });
    agent.setTunnels([{ publicUrl: t.publicUrl, addr: `http://localhost:${app.port}` }]);

    const view = await apiGet<TunnelView>(hs, '/api/tunnel');
    expect(view.publicUrl).toBeNull();
    expect(view.tunnels[0]).toMatchObject({ pointsAt: 'app', advice: expect.stringMatching(new RegExp(`straight to your app.*\`ngrok http ${portOf(hs.urls.capture)}\``)) });
    // Said once in the log too, not on every poll.
    await apiGet(hs, '/api/tunnel');
    expect(logs.filter((l) => l.startsWith('ngrok tunnel https://straight.ngrok-free.app: This tunnel goes straight to your app'))).toHaveLength(1);

    const body = Buffer.from('{"id":"evt_direct","type":"charge.succeeded"}');
    const ts = Math.floor(Date.now() / 1000);
    const sig = `t=${ts},v1=${createHmac('sha256', secret).update(`${ts}.`).update(body).digest('hex')}`;
    expect((await sendRaw({ url: t.url, method: 'POST', target: '/webhooks/stripe', headers: [['Content-Type', 'application/json'], ['Stripe-Signature', sig]], body })).status).toBe(200);
    expect((await apiGet<{ items: unknown[] }>(hs, '/api/requests')).items).toHaveLength(0);

    const res = await fetch(`${hs.urls.ui}/api/tunnel/import`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const out = (await res.json()) as { imported: Array<{ ngrokId: string; id: string }>; skipped: unknown[] };
    expect(out.imported).toHaveLength(1);
    const detail = await apiGet<RequestDetail>(hs, `/api/requests/${out.imported[0]!.id}`);
    expect(detail).toMatchObject({ method: 'POST', url: '/webhooks/stripe', provider: 'stripe', verdict: 'verified', responseStatus: 200 });
    expect(Buffer.from(detail.body, 'base64').equals(body)).toBe(true);
    expect(detail.headers).toEqual(expect.arrayContaining([['Stripe-Signature', sig], ['X-Forwarded-Proto', 'https'], ['Host', 'straight.ngrok-free.app']]));
    expect(Buffer.from(detail.response!.body, 'base64').toString()).toBe('{"received":true}');

    const again = (await (await fetch(`${hs.urls.ui}/api/tunnel/import`, { method: 'POST' })).json()) as { imported: unknown[]; skipped: Array<{ reason: string }> };
    expect(again.imported).toHaveLength(0);
    expect(again.skipped).toEqual([{ ngrokId: out.imported[0]!.ngrokId, reason: 'already imported' }]);

    // And the imported request replays to the app like any capture.
    const replayed = await fetch(`${hs.urls.ui}/api/requests/${out.imported[0]!.id}/replay`, { method: 'POST' });
    expect(((await replayed.json()) as { response: { status: number } }).response.status).toBe(200);
    expect(app.seen.at(-1)!.body.equals(body)).toBe(true);
  });

  it('stays quiet with no agent running, lets --public-url win, and reports detection off', async () => {
    const closed = await startFakeNgrok();
    await closed.close();
    const logs: string[] = [];
    const hs = await hookscope({ ngrokApi: closed.api, ngrokPollMs: 10, log: (m) => logs.push(m) });
    for (let i = 0; i < 3; i++) {
      const view = await apiGet<TunnelView>(hs, '/api/tunnel');
      expect(view).toMatchObject({ publicUrl: null, source: null, agent: { status: 'not-found' }, tunnels: [] });
      expect(view.agent.error).toBeUndefined();
    }
    expect(logs.filter((l) => /ngrok/i.test(l))).toEqual([]);
    const notFound = await fetch(`${hs.urls.ui}/api/tunnel/import`, { method: 'POST' });
    expect([notFound.status, ((await notFound.json()) as { error: { code: string } }).error.code]).toEqual([502, 'ngrok-unreachable']);

    const agent = await ngrok();
    agent.setTunnels([{ publicUrl: 'https://detected.ngrok-free.app', addr: '4400' }]);
    const flagged = await hookscope({ ngrokApi: agent.api, publicUrl: 'https://mine.example.com' });
    expect(await apiGet<TunnelView>(flagged, '/api/tunnel')).toMatchObject({ publicUrl: 'https://mine.example.com', source: 'flag' });

    const off = await hookscope();
    expect((await apiGet<TunnelView>(off, '/api/tunnel')).agent).toEqual({ api: null, status: 'disabled', checkedAt: null });
    expect((await fetch(`${off.urls.ui}/api/tunnel/import`, { method: 'POST' })).status).toBe(409);
  });
});
