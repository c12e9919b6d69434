/**
 * Replay against real apps on loopback: a plain replay is byte-exact (the original signature included);
 * a re-signed one passes the app's own check again — a Stripe event rejected as stale, a Twilio or
 * SignalWire request replayed to another URL. The apps verify with node:crypto, independently of
 * hookscope's scheme modules. Also edits, batches in arrival order, the SSRF policy, the CLI commands.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import type { ReplayAttempt, RequestDetail, RequestSummary } from '../../shared/api.js';
import { main, type CliIo } from '../../server/cli.js';
import { TargetPolicy, isLoopbackHost } from '../../server/replay/target-policy.js';
import { apiGet, type TestHookscope } from '../helpers/hookscope.js';
import { sendRaw } from '../helpers/raw-http.js';
import { type SeenRequest } from '../helpers/test-tunnel.js';
import { useServers } from '../helpers/servers.js';

const { hookscope, app, onCleanup } = useServers();

const header = (s: SeenRequest, name: string) => s.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
const idOf = (body: Buffer) => (JSON.parse(body.toString()) as { id: string }).id;
const latestId = async (hs: TestHookscope) => (await apiGet<{ items: RequestSummary[] }>(hs, '/api/requests?limit=1')).items[0]!.id;
const safeEqual = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

async function replay(hs: TestHookscope, id: string, body: unknown): Promise<{ status: number; json: ReplayAttempt & { error?: { code: string; message: string } } }> {
  const res = await fetch(`${hs.urls.ui}/api/requests/${id}/replay`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as ReplayAttempt & { error?: { code: string; message: string } } };
}

// --- app-side verifiers, written from the providers' docs with node:crypto ---

/** Stripe: t=..,v1=hex HMAC-SHA256(secret, `${t}.${body}`), 300 s tolerance (stripe-node). */
function stripeCheck(s: SeenRequest, secret: string, now = Math.floor(Date.now() / 1000)): 'ok' | 'bad-signature' | 'stale' {
  const parts = Object.fromEntries((header(s, 'stripe-signature') ?? '').split(',').map((p) => p.split('=') as [string, string]));
  const expected = createHmac('sha256', secret).update(`${parts.t}.`).update(s.body).digest('hex');
  if (!parts.v1 || !safeEqual(parts.v1, expected)) return 'bad-signature';
  return Math.abs(now - Number(parts.t)) > 300 ? 'stale' : 'ok';
}
function stripeSignature(secret: string, t: number, body: Buffer): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex')}`;
}

/** Twilio, as `twilio.webhook()` does by default: the URL rebuilt from http:// + Host + the request target. */
function twilioNaiveCheck(s: SeenRequest, token: string): boolean {
  const url = `http://${header(s, 'host')}${s.url}`;
  const params = [...new URLSearchParams(s.body.toString())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const expected = createHmac('sha1', token).update(url + params.map(([k, v]) => k + v).join('')).digest('base64');
  return safeEqual(header(s, 'x-twilio-signature') ?? '', expected);
}
function twilioSignature(token: string, url: string, form: string): string {
  const params = [...new URLSearchParams(form)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHmac('sha1', token).update(url + params.map(([k, v]) => k + v).join('')).digest('base64');
}

/** SignalWire RELAY: hex HMAC-SHA1(signing key, URL + raw body), the URL rebuilt from Host. */
function signalwireNaiveCheck(s: SeenRequest, key: string): boolean {
  const url = `http://${header(s, 'host')}${s.url}`;
  const expected = createHmac('sha1', key).update(url).update(s.body).digest('hex');
  return safeEqual(header(s, 'x-signalwire-signature') ?? '', expected);
}

describe('replay', () => {
  it('a Stripe event the app rejected as stale is accepted after a re-signed replay; a plain replay keeps the signature byte-for-byte', async () => {
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const target = await app((seen, res) => {
      const outcome = stripeCheck(seen, secret);
      res.writeHead(outcome === 'ok' ? 200 : 400, { 'Content-Type': 'text/plain' }).end(outcome);
    });
    const hs = await hookscope({ forward: target.url, secrets: [{ provider: 'stripe', value: secret, source: 'cli' }] });
    const body = Buffer.from(JSON.stringify({ id: 'evt_old', type: 'invoice.paid', data: { object: { amount: 42 } } }));
    const original = stripeSignature(secret, Math.floor(Date.now() / 1000) - 3600, body);
    const captured = await sendRaw({ url: hs.urls.capture, method: 'POST', target: '/webhooks/stripe', headers: [['Content-Type', 'application/json'], ['Stripe-Signature', original]], body });
    expect([captured.status, captured.body.toString()]).toEqual([400, 'stale']);
    const id = (await apiGet<{ items: RequestSummary[] }>(hs, '/api/requests')).items[0]!.id;
    expect((await apiGet<RequestDetail>(hs, `/api/requests/${id}`)).verification!.diagnoses[0]!.code).toBe('timestamp-stale');

    const plain = await replay(hs, id, {});
    expect(plain.status).toBe(200);
    expect(plain.json).toMatchObject({ requestId: id, resigned: false, to: `${target.url}/webhooks/stripe`, response: { status: 400 } });
    const plainSeen = target.seen[1]!;
    expect(header(plainSeen, 'stripe-signature')).toBe(original);
    expect(plainSeen.body.equals(body)).toBe(true);

    const resigned = await replay(hs, id, { resign: true });
    expect(resigned.json).toMatchObject({ resigned: true, response: { status: 200 } });
    expect(Buffer.from(resigned.json.response!.body, 'base64').toString()).toBe('ok');
    const resignedSeen = target.seen[2]!;
    expect(resignedSeen.body.equals(body)).toBe(true);
    const t = Number(/t=(\d+)/.exec(header(resignedSeen, 'stripe-signature')!)![1]);
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(10);
    expect(resignedSeen.headers.filter(([n]) => n.toLowerCase() === 'stripe-signature')).toHaveLength(1);

    const detail = await apiGet<RequestDetail>(hs, `/api/requests/${id}`);
    expect(detail.attempts.map((a) => [a.resigned, a.response?.status])).toEqual([
      [false, 400],
      [true, 200],
    ]);
    expect(detail.attempts[1]!.request.headers).toContainEqual(['Stripe-Signature', header(resignedSeen, 'stripe-signature')]);
    expect(JSON.stringify(detail)).not.toContain(secret);
  });

  const urlSigned = [
    {
      provider: 'twilio',
      contentType: 'application/x-www-form-urlencoded',
      body: 'AccountSid=AC123&Body=Hello+there&From=%2B15005550006',
      sign: (key: string, url: string, body: string) => ['X-Twilio-Signature', twilioSignature(key, url, body)] as [string, string],
      check: twilioNaiveCheck,
    },
    {
      provider: 'signalwire',
      contentType: 'application/json',
      body: '{"event_type":"calling.call.state","params":{"call_state":"ended"}}',
      sign: (key: string, url: string, body: string) => ['X-SignalWire-Signature', createHmac('sha1', key).update(url + body).digest('hex')] as [string, string],
      check: signalwireNaiveCheck,
    },
  ];

  for (const p of urlSigned) {
    it(`a ${p.provider} request captured on the public URL passes the app's check after a re-signed replay to another URL`, async () => {
      const key = randomBytes(16).toString('hex');
      const target = await app((seen, res) => {
        const ok = p.check(seen, key);
        res.writeHead(ok ? 200 : 403).end(ok ? 'accepted' : 'invalid signature');
      });
      const hs = await hookscope({ secrets: [{ provider: p.provider, value: key, source: 'cli' }] });
      const publicUrl = 'https://abc123.ngrok-free.app/twilio/sms?tenant=42';
      const res = await sendRaw({
        url: hs.urls.capture,
        method: 'POST',
        target: '/twilio/sms?tenant=42',
        headers: [['Host', 'abc123.ngrok-free.app'], ['Content-Type', p.contentType], p.sign(key, publicUrl, p.body), ['X-Forwarded-Proto', 'https'], ['X-Forwarded-Host', 'abc123.ngrok-free.app']],
        body: p.body,
      });
      const id = idOf(res.body);
      expect((await apiGet<RequestDetail>(hs, `/api/requests/${id}`)).verification).toMatchObject({ provider: p.provider, verdict: 'verified' });

      const plain = await replay(hs, id, { to: target.url });
      expect(plain.json.response!.status).toBe(403);
      expect(header(target.seen[0]!, p.sign(key, publicUrl, p.body)[0])).toBe(p.sign(key, publicUrl, p.body)[1]);

      const resigned = await replay(hs, id, { to: target.url, resign: true, edits: { path: '/voice/incoming?tenant=7' } });
      expect(resigned.status).toBe(200);
      expect(resigned.json.response).toMatchObject({ status: 200 });
      const seen = target.seen[1]!;
      expect(seen.url).toBe('/voice/incoming?tenant=7');
      expect(header(seen, 'host')).toBe(`127.0.0.1:${target.port}`);
      expect(header(seen, 'x-forwarded-proto')).toBeUndefined();
      expect(seen.body.toString()).toBe(p.body);
      expect(resigned.json).toMatchObject({ resigned: true, edited: true, to: `${target.url}/voice/incoming?tenant=7` });
    });
  }

  it('re-signs for a given URL (an app that verifies against its fixed public URL)', async () => {
    const token = randomBytes(16).toString('hex');
    const fixed = 'https://app.example.com/hooks/sms';
    const target = await app((seen, res) => {
      const params = [...new URLSearchParams(seen.body.toString())].sort(([a], [b]) => (a < b ? -1 : 1));
      const expected = createHmac('sha1', token).update(fixed + params.map(([k, v]) => k + v).join('')).digest('base64');
      res.writeHead(header(seen, 'x-twilio-signature') === expected ? 200 : 403).end();
    });
    const hs = await hookscope({ secrets: [{ provider: 'twilio', value: token, source: 'cli' }] });
    const body = 'Body=hi&From=%2B1555';
    const res = await sendRaw({ url: hs.urls.capture, method: 'POST', target: '/sms', headers: [['Content-Type', 'application/x-www-form-urlencoded'], ['X-Twilio-Signature', twilioSignature(token, `http://${new URL(hs.urls.capture).host}/sms`, body)]], body });
    const r = await replay(hs, idOf(res.body), { to: target.url, resign: true, resignUrl: fixed });
    expect(r.json.response!.status).toBe(200);
    expect(header(target.seen[0]!, 'x-forwarded-host')).toBe('app.example.com');
  });

  it('re-signs Mailgun in the body (its signature block), leaving the event data as it was', async () => {
    const key = `key-${randomBytes(16).toString('hex')}`;
    const target = await app((seen, res) => {
      const { signature } = JSON.parse(seen.body.toString()) as { signature: { timestamp: string; token: string; signature: string } };
      const expected = createHmac('sha256', key).update(signature.timestamp + signature.token).digest('hex');
      const fresh = Math.abs(Date.now() / 1000 - Number(signature.timestamp)) < 300;
      res.writeHead(signature.signature === expected && fresh ? 200 : 406).end();
    });
    const hs = await hookscope({ secrets: [{ provider: 'mailgun', value: key, source: 'cli' }] });
    const timestamp = String(Math.floor(Date.now() / 1000) - 86_400);
    const token = randomBytes(25).toString('hex');
    const event = { event: 'delivered', recipient: 'a@example.com', id: 'evt-1' };
    const body = JSON.stringify({ signature: { timestamp, token, signature: createHmac('sha256', key).update(timestamp + token).digest('hex') }, 'event-data': event });
    const id = idOf((await sendRaw({ url: hs.urls.capture, method: 'POST', target: '/mailgun', headers: [['Content-Type', 'application/json']], body })).body);
    expect((await replay(hs, id, { to: target.url })).json.response!.status).toBe(406);
    const r = await replay(hs, id, { to: target.url, resign: true });
    expect(r.json.response!.status).toBe(200);
    const sent = JSON.parse(target.seen[1]!.body.toString()) as { signature: { token: string }; 'event-data': unknown };
    expect(sent['event-data']).toEqual(event);
    expect(sent.signature.token).not.toBe(token);
    expect(header(target.seen[1]!, 'content-length')).toBe(String(target.seen[1]!.body.length));
  });

  it('sends edits (method, path, headers, body) exactly, and re-signs an edited body', async () => {
    const secret = 'whsec_edit_me_please_0123456789';
    const target = await app((seen, res) => res.end(stripeCheck(seen, secret)));
    const hs = await hookscope({ forward: target.url, secrets: [{ provider: 'stripe', value: secret, source: 'cli' }] });
    const body = Buffer.from('{"a":1}');
    await sendRaw({ url: hs.urls.capture, method: 'POST', target: '/s', headers: [['Stripe-Signature', stripeSignature(secret, Math.floor(Date.now() / 1000), body)]], body });
    const id = await latestId(hs);
    const edited = await replay(hs, id, { edits: { method: 'PATCH', path: '/edited?x=1', headers: [['X-Edited', 'yes'], ['Content-Type', 'text/plain'], ['Stripe-Signature', 't=1,v1=00']], body: 'new body ✓' } });
    expect(edited.json).toMatchObject({ edited: true, resigned: false });
    const seen = target.seen[1]!;
    expect([seen.method, seen.url, seen.body.toString()]).toEqual(['PATCH', '/edited?x=1', 'new body ✓']);
    expect(seen.headers.filter(([n]) => n === 'X-Edited' || n === 'Content-Type')).toEqual([['X-Edited', 'yes'], ['Content-Type', 'text/plain']]);
    expect(Buffer.from(edited.json.response!.body, 'base64').toString()).toBe('bad-signature');
    const resigned = await replay(hs, id, { resign: true, edits: { body: '{"a":2}' } });
    expect(Buffer.from(resigned.json.response!.body, 'base64').toString()).toBe('ok');
    expect(target.seen[2]!.body.toString()).toBe('{"a":2}');
  });

  it('replays a selection in arrival order, reporting unknown ids without stopping', async () => {
    const target = await app();
    const hs = await hookscope();
    const ids: string[] = [];
    for (const path of ['/a', '/b', '/c']) ids.push(idOf((await sendRaw({ url: hs.urls.capture, method: 'POST', target: path })).body));
    const res = await fetch(`${hs.urls.ui}/api/replay`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ids: [ids[2], '999999', ids[0], ids[1]], to: target.url }) });
    const out = (await res.json()) as { attempts: ReplayAttempt[]; errors: Array<{ id: string; error: { code: string } }> };
    expect(target.seen.map((s) => s.url)).toEqual(['/a', '/b', '/c']);
    expect(out.attempts.map((a) => a.requestId)).toEqual(ids);
    expect(out.errors).toEqual([{ id: '999999', error: { code: 'not-found', message: 'no request with id 999999' } }]);
  });

  it('says why it cannot re-sign: a public-key scheme, no scheme, no secret', async () => {
    const seed = randomBytes(32);
    const publicKey = Buffer.from(ed25519.getPublicKey(seed)).toString('hex');
    const target = await app();
    const hs = await hookscope({ forward: target.url, secrets: [{ provider: 'discord', value: publicKey, source: 'cli' }] });
    const body = '{"type":1}';
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = Buffer.from(ed25519.sign(Buffer.from(ts + body), seed)).toString('hex');
    await sendRaw({ url: hs.urls.capture, method: 'POST', target: '/interactions', headers: [['X-Signature-Ed25519', sig], ['X-Signature-Timestamp', ts]], body });
    const discord = await latestId(hs);
    await sendRaw({ url: hs.urls.capture, method: 'POST', target: '/plain', body: 'x' });
    const unsigned = await latestId(hs);
    await sendRaw({ url: hs.urls.capture, method: 'POST', target: '/s', headers: [['Stripe-Signature', 't=1,v1=ab']], body: 'x' });
    const stripeNoSecret = await latestId(hs);
    const seenBefore = target.seen.length;

    const a = await replay(hs, discord, { resign: true });
    expect(a.status).toBe(422);
    expect(a.json.error).toMatchObject({ code: 'cannot-resign', message: expect.stringMatching(/private key.*only holds the public key/) });
    expect((await replay(hs, unsigned, { resign: true })).json.error!.message).toMatch(/no signature scheme/);
    expect((await replay(hs, stripeNoSecret, { resign: true })).json.error!.message).toMatch(/no Stripe secret is configured: add one with --secret stripe=/);
    expect(target.seen.length).toBe(seenBefore);
    // As is, the Discord request still goes out.
    expect((await replay(hs, discord, {})).json.response!.status).toBe(200);
  });

  it('never echoes a secret: a re-signed token travels to the app but is masked in the attempt', async () => {
    const token = 'tok-super-secret-value-123';
    // The app echoes the URL back, as some do in error pages.
    const target = await app((seen, res) => res.writeHead(new URL(seen.url, 'http://x').searchParams.get('token') === token ? 200 : 401).end(`you called ${seen.url}`));
    const hs = await hookscope({ endpoints: [{ path: '/tok', provider: 'token', secret: token, options: { from: 'query:token' } }] });
    const id = idOf((await sendRaw({ url: hs.urls.capture, method: 'POST', target: '/tok?token=wrong', body: 'x' })).body);
    const r = await replay(hs, id, { to: target.url, resign: true });
    expect(r.json.response!.status).toBe(200);
    expect(target.seen[0]!.url).toBe(`/tok?token=${token}`);
    expect(JSON.stringify(r.json)).not.toContain(token);
    expect(r.json.to).toContain('[secret]');
    expect(Buffer.from(r.json.response!.body, 'base64').toString()).toBe('you called /tok?token=[secret]');
    expect(JSON.stringify(await apiGet(hs, `/api/requests/${id}`))).not.toContain(token);
  });
});

describe('replay targets (SSRF)', () => {
  it('accepts loopback only, unless an origin is allowed; never hookscope itself; never follows redirects', async () => {
    const other = await app();
    const target = await app((_s, res) => res.writeHead(307, { Location: `${other.url}/next` }).end());
    const hs = await hookscope();
    const id = idOf((await sendRaw({ url: hs.urls.capture, method: 'POST', target: '/r', body: 'x' })).body);
    const refused = await replay(hs, id, { to: 'http://10.0.0.7:3000' });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: 'target-not-allowed', message: expect.stringMatching(/--allow-replay-to http:\/\/10\.0\.0\.7:3000/) });
    expect((await replay(hs, id, { to: hs.urls.ui })).json.error!.message).toMatch(/hookscope's own UI\/API port/);
    expect((await replay(hs, id, { to: hs.urls.ui.replace('127.0.0.1', 'localhost') })).status).toBe(403);
    expect((await replay(hs, id, { to: 'http://user:pw@127.0.0.1:1/' })).status).toBe(400);
    expect((await replay(hs, id, { to: 'file:///etc/passwd' })).status).toBe(400);
    expect((await replay(hs, id, {})).json.error).toMatchObject({ code: 'no-target' });

    const redirected = await replay(hs, id, { to: target.url.replace('127.0.0.1', '[::ffff:127.0.0.1]') });
    expect(redirected.json.response).toMatchObject({ status: 307 });
    expect(other.seen).toHaveLength(0);
  });

  it('policy: loopback forms, allowed origins', () => {
    expect(['localhost', '127.0.0.1', '127.8.9.10', '[::1]', '[::ffff:7f00:1]'].every(isLoopbackHost)).toBe(true);
    expect(['10.0.0.1', 'example.com', '[::2]', '0.0.0.0', 'localhost.evil.com'].some(isLoopbackHost)).toBe(false);
    const policy = new TargetPolicy(['https://staging.example.com']);
    expect(policy.check('https://staging.example.com/hooks').origin).toBe('https://staging.example.com');
    expect(policy.check('http://2130706433:3000/').hostname).toBe('127.0.0.1');
    expect(() => policy.check('https://staging.example.com:8443/')).toThrow(/not a loopback address/);
  });
});

describe('CLI and API: replay and send', () => {
  function io(): CliIo & { out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, stdout: (l) => out.push(l), stderr: (l) => err.push(l) };
  }

  it('hookscope replay talks to the running hookscope and exits 0 on a 2xx answer', async () => {
    const secret = 'whsec_cli_replay_secret_0123456789';
    const target = await app((seen, res) => res.writeHead(stripeCheck(seen, secret) === 'ok' ? 200 : 400).end());
    const hs = await hookscope({ secrets: [{ provider: 'stripe', value: secret, source: 'cli' }] });
    const body = Buffer.from('{"x":1}');
    const ids = [
      idOf((await sendRaw({ url: hs.urls.capture, method: 'POST', target: '/one', headers: [['Stripe-Signature', stripeSignature(secret, 1_000_000, body)]], body })).body),
      idOf((await sendRaw({ url: hs.urls.capture, method: 'POST', target: '/two', headers: [['Stripe-Signature', stripeSignature(secret, 1_000_000, body)]], body })).body),
    ];
    const stale = io();
    expect(await main(['replay', ids[0]!, '--api', hs.urls.ui, '--to', target.url], {}, stale)).toBe(1);
    expect(stale.out[0]).toMatch(new RegExp(`^#${ids[0]} → POST ${target.url}/one \\(as is\\): 400`));
    const fresh = io();
    expect(await main(['replay', ids[1]!, ids[0]!, '--api', hs.urls.ui, '--to', target.url, '--resign'], {}, fresh)).toBe(0);
    expect(fresh.out).toEqual([expect.stringMatching(new RegExp(`^#${ids[0]} .*/one \\(re-signed\\): 200`)), expect.stringMatching(new RegExp(`^#${ids[1]} .*/two \\(re-signed\\): 200`))]);
    const down = io();
    expect(await main(['replay', '1', '--api', 'http://127.0.0.1:1'], {}, down)).toBe(1);
    expect(down.err[0]).toMatch(/no hookscope answers at http:\/\/127\.0\.0\.1:1/);
    expect(await main(['replay', 'abc'], {}, io())).toBe(2);
  });

  it('hookscope send signs a sample (or given) body that hookscope verifies', async () => {
    const secret = 'whsec_send_secret_abcdefghijklmnop';
    const gh = 'github-send-secret';
    const seed = randomBytes(32);
    const hs = await hookscope({
      secrets: [
        { provider: 'stripe', value: secret, source: 'cli' },
        { provider: 'github', value: gh, source: 'cli' },
        { provider: 'discord', value: Buffer.from(ed25519.getPublicKey(seed)).toString('hex'), source: 'cli' },
        { provider: 'twilio', value: 'twilio-token-for-send', source: 'cli' },
      ],
    });
    const out = io();
    expect(await main(['send', 'stripe', '--to', `${hs.urls.capture}/stripe`, '--secret', 'env:STRIPE_SECRET'], { STRIPE_SECRET: secret }, out)).toBe(0);
    expect(out.out[0]).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/stripe {2}\(Stripe, signed: Stripe-Signature\) → 200/);
    const body = Buffer.from('{"custom":true}');
    expect(await main(['send', 'github', '--to', `${hs.urls.capture}/gh`, '--secret', gh, '--body', '-'], {}, { ...io(), stdin: async () => body })).toBe(0);
    expect(await main(['send', 'discord', '--to', `${hs.urls.capture}/discord`, '--secret', seed.toString('hex')], {}, io())).toBe(0);
    expect(await main(['send', 'twilio', '--to', `${hs.urls.capture}/sms?x=1`, '--secret', 'twilio-token-for-send'], {}, io())).toBe(0);
    const items = (await apiGet<{ items: RequestSummary[] }>(hs, '/api/requests')).items;
    expect(items.map((i) => [i.path, i.provider, i.verdict])).toEqual([
      ['/sms', 'twilio', 'verified'],
      ['/discord', 'discord', 'verified'],
      ['/gh', 'github', 'verified'],
      ['/stripe', 'stripe', 'verified'],
    ]);
    const ghDetail = await apiGet<RequestDetail>(hs, `/api/requests/${items[2]!.id}`);
    expect(ghDetail.bodyText).toBe('{"custom":true}');
    const typo = io();
    expect(await main(['send', 'strpie', '--to', hs.urls.capture, '--secret', 'x'], {}, typo)).toBe(2);
    expect(typo.err.join('\n')).toMatch(/unknown provider "strpie" \(did you mean "stripe"\?\); known: /);
    // svix is the name most people know Standard Webhooks by (its headers are svix-* there)
    const svix = io();
    expect(await main(['send', 'svix', '--to', `${hs.urls.capture}/svix`, '--secret', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], {}, svix)).toBe(0);
    expect(svix.out[0]).toMatch(/\/svix {2}\(Standard Webhooks/);
    expect(await main(['send', 'stripe', '--to', hs.urls.capture], {}, io())).toBe(2);
  });

  it('POST /api/send signs with the configured secret, to the capture port by default, loopback only', async () => {
    const hs = await hookscope({ secrets: [{ provider: 'slack', value: 'slack-signing-secret-123', source: 'cli' }] });
    const res = await fetch(`${hs.urls.ui}/api/send`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ provider: 'slack' }) });
    const out = (await res.json()) as { response: { status: number; bodyText: string }; request: { url: string } };
    expect(res.status).toBe(200);
    expect(out.response.status).toBe(200);
    const captured = await apiGet<RequestDetail>(hs, `/api/requests/${(JSON.parse(out.response.bodyText) as { id: string }).id}`);
    expect(captured).toMatchObject({ path: '/hookscope-send/slack', provider: 'slack', verdict: 'verified' });
    const far = await fetch(`${hs.urls.ui}/api/send`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ provider: 'slack', to: 'https://hooks.example.com/x' }) });
    expect(far.status).toBe(403);
    const typo = await fetch(`${hs.urls.ui}/api/send`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ provider: 'slak' }) });
    expect([typo.status, ((await typo.json()) as { error: { message: string } }).error.message]).toEqual([400, expect.stringMatching(/^unknown provider "slak" \(did you mean "slack"\?\)/)]);
    const noSecret = await fetch(`${hs.urls.ui}/api/send`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ provider: 'stripe' }) });
    expect([noSecret.status, ((await noSecret.json()) as { error: { message: string } }).error.message]).toEqual([422, expect.stringMatching(/no Stripe secret is configured.*to send/)]);
  });
});
