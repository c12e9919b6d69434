/**
 * Issue 7 — secrets never leave hookscope: not in any API response (list, detail, search, secrets view,
 * body download, decoded view, HAR export), not on the live socket, not in a log line — even when a
 * captured request carries a configured secret in its URL, a header or its body.
 */
import { createHmac } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RequestDetail, RequestPage } from '../../shared/api.js';
import { apiGet, startTestHookscope, tempDir, type TestHookscope } from '../helpers/hookscope.js';
import { sendRaw } from '../helpers/raw-http.js';

const GITHUB = 'ghsec_7Hq2mZ9xW4vB8nK3pL6r';
/** Base64 alphabet with + / =: its URL-encoded form differs from the value. */
const STRIPE = 'whsec_MfKQ9r8GKYqrTwjU+PD8I/LPZIo2La==';
const TWILIO = 'f1e2d3c4b5a697887766554433221100';
const ENDPOINT_TOKEN = 'tm-endpoint-token-5d41402abc4b2a76';
const ENDPOINT_HMAC = 'flash-hmac-key-9b1deb4d3b7d4bad';
const API_SECRET = 'put-through-the-api-c0ffee1234';
const ALL = [GITHUB, STRIPE, TWILIO, ENDPOINT_TOKEN, ENDPOINT_HMAC];

let apps: TestHookscope[] = [];
afterEach(async () => {
  await Promise.all(apps.map((a) => a.dispose()));
  apps = [];
});

async function start(logs: string[]): Promise<TestHookscope> {
  const app = await startTestHookscope({
    secrets: [
      { provider: 'github', value: GITHUB, source: 'cli' },
      { provider: 'stripe', value: STRIPE, source: 'config' },
      { provider: 'twilio', value: TWILIO, source: 'config' },
    ],
    endpoints: [
      { path: '/textmaster', provider: 'token', secret: ENDPOINT_TOKEN, options: { from: 'query:token' } },
      { path: '/flash/*', provider: 'hmac', secret: ENDPOINT_HMAC, options: { algorithm: 'sha256', encoding: 'base64', signatureFrom: 'query:signature', signedContent: 'json:externalId' } },
    ],
    log: (line) => logs.push(line),
  });
  apps.push(app);
  return app;
}

/** Every form a secret could leave in: as is, URL-encoded, and inside any base64 string of the text. */
function findLeaks(text: string, secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const secret of secrets) {
    if (text.includes(secret)) found.push(`${secret} (plain)`);
    if (text.includes(encodeURIComponent(secret))) found.push(`${secret} (URL-encoded)`);
    if (text.toLowerCase().includes(encodeURIComponent(secret).toLowerCase())) found.push(`${secret} (URL-encoded, any case)`);
    for (const m of text.matchAll(/"([A-Za-z0-9+/]{8,}={0,2})"/g)) {
      const bytes = Buffer.from(m[1]!, 'base64');
      if (bytes.includes(Buffer.from(secret))) found.push(`${secret} (inside base64 ${m[1]!.slice(0, 24)}…)`);
    }
  }
  return [...new Set(found)];
}

function expectNoSecret(text: string, where: string, secrets: readonly string[] = ALL): void {
  expect(findLeaks(text, secrets), where).toEqual([]);
}

async function capture(app: TestHookscope, method: string, target: string, headers: Array<[string, string]>, body: string | Buffer = ''): Promise<string> {
  const res = await sendRaw({ url: app.urls.capture, method, target, headers, body });
  expect(res.status, `${method} ${target}`).toBe(200);
  return (JSON.parse(res.body.toString()) as { id: string }).id;
}

/** Requests carrying every configured secret in every place a sender may put one. */
async function captureCarriers(app: TestHookscope): Promise<{ ids: string[]; gzipId: string }> {
  const ids: string[] = [];
  // The endpoint token in the query (TextMaster style): verified, and masked.
  ids.push(await capture(app, 'POST', `/textmaster?token=${ENDPOINT_TOKEN}&x=1`, [['Content-Type', 'application/json']], '{"ok":true}'));
  // A base64 secret URL-encoded in the query, another in a header, all of them in a JSON body.
  ids.push(
    await capture(
      app,
      'POST',
      `/hook?key=${encodeURIComponent(STRIPE)}&gh=${GITHUB}`,
      [['X-Webhook-Token', GITHUB], ['Authorization', `Bearer ${STRIPE}`], ['X-Echo', `a ${TWILIO} b`], ['Content-Type', 'application/json']],
      JSON.stringify({ echo: ALL, nested: { token: ENDPOINT_TOKEN, key: ENDPOINT_HMAC } }),
    ),
  );
  // A secret in the path (Telegram puts the bot token there) and in a form body, URL-encoded.
  ids.push(await capture(app, 'POST', `/bot${GITHUB}/update`, [['Content-Type', 'application/x-www-form-urlencoded']], `secret=${encodeURIComponent(STRIPE)}&token=${ENDPOINT_TOKEN}`));
  // A URL-signed provider (Twilio): verification shows candidate URLs, built from a URL carrying a secret.
  const sms = `/sms?auth=${GITHUB}`;
  const form = 'Body=hi&From=%2B15550001111';
  const signature = createHmac('sha1', TWILIO).update(`http://127.0.0.1${sms}BodyhiFrom+15550001111`).digest('base64');
  ids.push(await capture(app, 'POST', sms, [['X-Twilio-Signature', signature], ['Content-Type', 'application/x-www-form-urlencoded']], form));
  // A wrong token for the token endpoint: the diagnosis must not echo the expected value.
  ids.push(await capture(app, 'GET', `/textmaster?token=${ENDPOINT_TOKEN.slice(0, -1)}Z`, []));
  // A flash endpoint with the hmac key echoed in the body.
  ids.push(await capture(app, 'POST', `/flash/order?signature=abc`, [['Content-Type', 'application/json']], JSON.stringify({ externalId: 'e1', leaked: ENDPOINT_HMAC })));
  // A gzip body whose decoded text carries a secret.
  const gzipId = await capture(app, 'POST', '/gz', [['Content-Encoding', 'gzip'], ['Content-Type', 'application/json']], gzipSync(JSON.stringify({ secret: TWILIO, token: ENDPOINT_TOKEN })));
  ids.push(gzipId);
  return { ids, gzipId };
}

/** A binary body (NUL bytes: not text) that carries two secrets. */
function captureBinaryCarrier(app: TestHookscope): Promise<string> {
  return capture(app, 'POST', '/binary', [['Content-Type', 'application/octet-stream']], Buffer.concat([Buffer.from([0, 1, 2, 0xff]), Buffer.from(GITHUB), Buffer.from([0]), Buffer.from(STRIPE), Buffer.from([0xfe])]));
}

/** A URL-encoded secret written with lowercase escapes (%2b, not %2B), as some clients do. */
function captureLowercaseEscapes(app: TestHookscope): Promise<string> {
  return capture(app, 'GET', `/lower?key=${encodeURIComponent(STRIPE).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())}`, []);
}

async function text(app: TestHookscope, pathname: string): Promise<string> {
  const res = await fetch(app.urls.ui + pathname);
  expect(res.status, pathname).toBeLessThan(500);
  return res.text();
}

describe('secrets never leave in an API response', () => {
  it('masks configured and endpoint secrets in the list, search, detail, body download and decoded views', async () => {
    const logs: string[] = [];
    const app = await start(logs);
    const { ids, gzipId } = await captureCarriers(app);

    expectNoSecret(await text(app, '/api/requests'), 'list');
    expectNoSecret(await text(app, '/api/requests?limit=500&path=/textmaster'), 'list filtered');
    for (const q of ['textmaster', 'hook', 'bot', 'echo', 'sms']) expectNoSecret(await text(app, `/api/requests?q=${q}`), `search ${q}`);
    for (const id of ids) {
      expectNoSecret(await text(app, `/api/requests/${id}`), `detail ${id}`);
      expectNoSecret(await text(app, `/api/requests/${id}/body`), `body download ${id}`);
    }
    expectNoSecret(await text(app, `/api/requests/${gzipId}/decoded`), 'decoded gzip');
    expectNoSecret(await text(app, '/api/info'), 'info');
    expectNoSecret(await text(app, '/'), 'UI page');

    // Masking keeps the requests recognisable.
    const token = await apiGet<RequestDetail>(app, `/api/requests/${ids[0]}`);
    expect(token.url).toBe('/textmaster?token=[secret]&x=1');
    expect(token.verdict).toBe('verified');
    const wrong = await apiGet<RequestDetail>(app, `/api/requests/${ids[4]}`);
    expect(wrong.verdict).toBe('failed');
    expect(logs.filter((l) => /verification failed/.test(l))).toEqual([]);
  });

  it('masks them in the HAR export', async () => {
    const app = await start([]);
    await captureCarriers(app);
    const har = await text(app, '/api/export.har');
    expectNoSecret(har, 'HAR export (all)');
    // The export of a search says what was searched for (log.comment): a search for a secret says it masked.
    expectNoSecret(await text(app, `/api/export.har?q=${encodeURIComponent(GITHUB)}`), 'HAR export of a search for a secret');
    const entries = (JSON.parse(har) as { log: { entries: Array<{ request: { postData?: { text: string; encoding?: string } } }> } }).log.entries;
    expect(entries.length).toBeGreaterThanOrEqual(7);
    for (const entry of entries) {
      const post = entry.request.postData;
      if (!post) continue;
      const bytes = post.encoding === 'base64' ? Buffer.from(post.text, 'base64') : Buffer.from(post.text);
      for (const secret of ALL) expect(bytes.includes(Buffer.from(secret)), `HAR postData carries ${secret}`).toBe(false);
    }
  });

  it('masks a secret written with lowercase percent-escapes in a captured URL', async () => {
    const app = await start([]);
    const id = await captureLowercaseEscapes(app);
    expectNoSecret(await text(app, `/api/requests/${id}`), 'detail');
    expectNoSecret(await text(app, '/api/requests'), 'list');
    expectNoSecret(await text(app, `/api/export.har?ids=${id}`), 'HAR');
  });

  it('masks a secret carried in a binary (non-text) body: detail, download and HAR export', async () => {
    const app = await start([]);
    const binaryId = await captureBinaryCarrier(app);
    const leaks: string[] = [];
    const check = (where: string, bytes: Buffer) => {
      for (const secret of [GITHUB, STRIPE]) if (bytes.includes(Buffer.from(secret))) leaks.push(`${where} carries ${secret}`);
    };
    check('body download', Buffer.from(await (await fetch(`${app.urls.ui}/api/requests/${binaryId}/body`)).arrayBuffer()));
    check('detail body', Buffer.from((await apiGet<RequestDetail>(app, `/api/requests/${binaryId}`)).body, 'base64'));
    const har = JSON.parse(await text(app, `/api/export.har?ids=${binaryId}`)) as { log: { entries: Array<{ request: { postData: { text: string; encoding?: string } } }> } };
    const post = har.log.entries[0]!.request.postData;
    check('HAR postData', post.encoding === 'base64' ? Buffer.from(post.text, 'base64') : Buffer.from(post.text, 'latin1'));
    expect(leaks).toEqual([]);
  });

  it('shows only masked secrets in the secrets view and in the answer to PUT /api/secrets', async () => {
    const app = await start([]);
    const view = await text(app, '/api/secrets');
    expectNoSecret(view, 'GET /api/secrets');
    const parsed = JSON.parse(view) as { secrets: Array<{ provider: string; label: string; masked: string; source: string }> };
    expect(parsed.secrets.map((s) => s.label)).toEqual(['github #1 (current)', 'stripe #1 (current)', 'twilio #1 (current)', 'endpoint /textmaster', 'endpoint /flash/*']);
    for (const s of parsed.secrets) {
      // At most a recognisable prefix and the last two characters.
      const shown = s.masked.replace(/•/g, '');
      expect(shown.length, s.masked).toBeLessThanOrEqual(8);
    }
    const put = await fetch(`${app.urls.ui}/api/secrets`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ provider: 'gitlab', secrets: [API_SECRET, 'second-gitlab-secret-xyz'] }) });
    expect(put.status).toBe(200);
    expectNoSecret(await put.text(), 'PUT /api/secrets answer', [...ALL, API_SECRET, 'second-gitlab-secret-xyz']);
    expectNoSecret(await text(app, '/api/secrets'), 'GET /api/secrets after PUT', [...ALL, API_SECRET, 'second-gitlab-secret-xyz']);
  });

  it('masks a secret added through the API in requests captured before and after', async () => {
    const app = await start([]);
    const before = await capture(app, 'POST', `/gitlab?t=${API_SECRET}`, [['X-Gitlab-Token', API_SECRET]], `{"t":"${API_SECRET}"}`);
    const put = await fetch(`${app.urls.ui}/api/secrets`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ provider: 'gitlab', secrets: [API_SECRET] }) });
    expect(put.status).toBe(200);
    const after = await capture(app, 'POST', `/gitlab?t=${API_SECRET}`, [['X-Gitlab-Token', API_SECRET]], `{"t":"${API_SECRET}"}`);
    for (const id of [before, after]) expectNoSecret(await text(app, `/api/requests/${id}`), `detail ${id}`, [API_SECRET]);
    expectNoSecret(await text(app, '/api/requests'), 'list', [API_SECRET]);
    expectNoSecret(await text(app, '/api/export.har'), 'HAR', [API_SECRET]);
  });
});

describe('secrets never leave on the live socket', () => {
  it('pushes masked summaries for new requests and re-verified ones', async () => {
    const app = await start([]);
    const ws = new WebSocket(`${app.urls.ui.replace('http', 'ws')}/api/live?token=${app.token}`);
    const messages: string[] = [];
    ws.on('message', (data) => messages.push(String(data)));
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    try {
      const { ids } = await captureCarriers(app);
      // Re-verification after a secret change pushes "updated" summaries too.
      const put = await fetch(`${app.urls.ui}/api/secrets`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ provider: 'twilio', secrets: [TWILIO, 'another-twilio-token-0000000000'] }) });
      expect(put.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300)); // two coalescing windows
      const seen = new Set(messages.flatMap((m) => ((JSON.parse(m) as { items?: Array<{ id: string }> }).items ?? []).map((i) => i.id)));
      for (const id of ids) expect(seen.has(id), `live summary for ${id}`).toBe(true);
      for (const m of messages) expectNoSecret(m, `live message ${m.slice(0, 60)}`);
    } finally {
      ws.close();
    }
  });
});

describe('secrets never leave in a log line', () => {
  it('logs a failed capture (locked database) without the secret its URL carries', async () => {
    const logs: string[] = [];
    const app = await start(logs);
    const locker = new Database(app.dbFile);
    try {
      locker.pragma('busy_timeout = 0');
      locker.exec('BEGIN EXCLUSIVE');
      const res = await sendRaw({ url: app.urls.capture, method: 'POST', target: `/textmaster?token=${ENDPOINT_TOKEN}&gh=${GITHUB}`, headers: [['X-Webhook-Token', STRIPE]], body: `{"k":"${TWILIO}"}` });
      expect(res.status).toBe(503);
      expectNoSecret(res.body.toString(), '503 answer');
    } finally {
      if (locker.inTransaction) locker.exec('ROLLBACK');
      locker.close();
    }
    expect(logs.length, 'the failure is logged').toBeGreaterThan(0);
    for (const line of logs) expectNoSecret(line, `log line ${line.slice(0, 80)}`);
  });

  it('writes nothing secret to the log while capturing, verifying, exporting and re-verifying', async () => {
    const logs: string[] = [];
    const app = await start(logs);
    await captureCarriers(app);
    await text(app, '/api/export.har');
    await fetch(`${app.urls.ui}/api/secrets`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ provider: 'stripe', secrets: [STRIPE] }) });
    for (const line of logs) expectNoSecret(line, `log line ${line.slice(0, 80)}`);
  });
});

describe('the database is private to the user', () => {
  it('creates its folder 0700 and the database, WAL and shared-memory files 0600', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'private', 'nested', 'hookscope.db');
    const app = await startTestHookscope({ db }, dir);
    apps.push(app);
    await capture(app, 'POST', '/x', [], 'payload');
    expect(statSync(path.dirname(db)).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, 'private')).mode & 0o777).toBe(0o700);
    for (const file of [db, `${db}-wal`, `${db}-shm`]) expect(statSync(file).mode & 0o777, file).toBe(0o600);
  });
});

describe('constant-time token compares', () => {
  it('treats tokens of another length or encoding as a mismatch, never an error', async () => {
    const logs: string[] = [];
    const app = await start(logs);
    for (const token of ['', 'x', ENDPOINT_TOKEN + ENDPOINT_TOKEN, ENDPOINT_TOKEN.slice(0, -1), '%C3%A9%C3%A9', '%00', ENDPOINT_TOKEN.slice(0, -2) + '%E2%82%AC']) {
      const id = await capture(app, 'GET', `/textmaster?token=${token}`, []);
      const detail = await apiGet<RequestDetail>(app, `/api/requests/${id}`);
      expect(['failed', 'unsigned'], `token ${JSON.stringify(token)}`).toContain(detail.verdict);
    }
    expect(logs.filter((l) => /verification failed/.test(l))).toEqual([]);
    const list = await apiGet<RequestPage>(app, '/api/requests?path=/textmaster');
    expect(list.items).toHaveLength(7);
  });
});
