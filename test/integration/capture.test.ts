import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RequestDetail, RequestPage } from '../../shared/api.js';
import type { ServerEvent } from '../../shared/protocol.js';
import { apiGet, startTestHookscope, tempDir, type TestHookscope } from '../helpers/hookscope.js';
import { sendRaw } from '../helpers/raw-http.js';

let apps: TestHookscope[] = [];
afterEach(async () => {
  await Promise.all(apps.map((a) => a.dispose()));
  apps = [];
});
async function start(options: Parameters<typeof startTestHookscope>[0] = {}, dir?: string) {
  const app = await startTestHookscope(options, dir);
  apps.push(app);
  return app;
}

describe('capture port', () => {
  it('stores a binary body byte-exact with duplicate headers in arrival order, and answers with its id', async () => {
    const app = await start();
    const body = randomBytes(300 * 1024);
    const res = await sendRaw({
      url: app.urls.capture,
      method: 'PUT',
      target: '/bin/x?y=1&y=2',
      headers: [['X-Dup', 'first'], ['Content-Type', 'application/octet-stream'], ['X-Dup', 'second']],
      body,
    });
    expect(res.status).toBe(200);
    const { id } = JSON.parse(res.body.toString()) as { id: string };
    // Answered only after commit: the row is already readable.
    const detail = await apiGet<RequestDetail>(app, `/api/requests/${id}`);
    expect(detail.method).toBe('PUT');
    expect(detail.url).toBe('/bin/x?y=1&y=2');
    expect(Buffer.from(detail.body, 'base64').equals(body)).toBe(true);
    expect(detail.headers.filter(([n]) => n === 'X-Dup')).toEqual([['X-Dup', 'first'], ['X-Dup', 'second']]);
    expect(detail.size).toBe(body.length);
    expect(detail.truncated).toBe(false);
    expect(detail.bodyText).toBeNull();
    expect(detail.remoteAddress).toMatch(/127\.0\.0\.1/);
  });

  it('captures any method and path, including ones that look like the API', async () => {
    const app = await start();
    for (const [method, target] of [['PATCH', '/api/requests'], ['DELETE', '/'], ['GET', '/api/live?token=x'], ['OPTIONS', '/a/b/c?']] as const) {
      const res = await sendRaw({ url: app.urls.capture, method, target });
      expect(res.status, `${method} ${target}`).toBe(200);
    }
    const page = await apiGet<RequestPage>(app, '/api/requests');
    expect(page.items.map((i) => `${i.method} ${i.url}`)).toEqual(['OPTIONS /a/b/c?', 'GET /api/live?token=x', 'DELETE /', 'PATCH /api/requests']);
  });

  it('keeps everything after a restart on the same database', async () => {
    const dir = tempDir();
    const first = await startTestHookscope({}, dir);
    const body = randomBytes(4096);
    const res = await sendRaw({ url: first.urls.capture, method: 'POST', target: '/persist', headers: [['X-A', '1'], ['X-A', '2']], body });
    const { id } = JSON.parse(res.body.toString()) as { id: string };
    await first.close();
    const second = await start({}, dir);
    const detail = await apiGet<RequestDetail>(second, `/api/requests/${id}`);
    expect(Buffer.from(detail.body, 'base64').equals(body)).toBe(true);
    expect(detail.headers.filter(([n]) => n === 'X-A')).toEqual([['X-A', '1'], ['X-A', '2']]);
  });

  it('answers 413 past --max-body and still records the request, truncated, with its declared size', async () => {
    const app = await start({ maxBody: 1000 });
    const body = randomBytes(5000);
    const res = await sendRaw({ url: app.urls.capture, method: 'POST', target: '/big', headers: [['Content-Type', 'application/octet-stream']], body });
    expect(res.status).toBe(413);
    const answer = JSON.parse(res.body.toString()) as { id: string; error: { code: string; message: string } };
    expect(answer.error.code).toBe('body-too-large');
    expect(answer.error.message).toMatch(/1000-byte limit/);
    const detail = await apiGet<RequestDetail>(app, `/api/requests/${answer.id}`);
    expect(detail.truncated).toBe(true);
    expect(detail.size).toBe(1000);
    expect(detail.declaredSize).toBe(5000);
    expect(Buffer.from(detail.body, 'base64').equals(body.subarray(0, 1000))).toBe(true);
    // And the server keeps serving.
    expect((await sendRaw({ url: app.urls.capture, method: 'POST', target: '/small', body: 'ok' })).status).toBe(200);
  });

  it('records malformed JSON as received', async () => {
    const app = await start();
    const res = await sendRaw({ url: app.urls.capture, method: 'POST', target: '/json', headers: [['Content-Type', 'application/json']], body: '{"broken": ' });
    const { id } = JSON.parse(res.body.toString()) as { id: string };
    const detail = await apiGet<RequestDetail>(app, `/api/requests/${id}`);
    expect(detail.bodyText).toBe('{"broken": ');
  });
});

describe('live WebSocket', () => {
  it('pushes a summary of each new request to a connected client', async () => {
    const app = await start();
    const ws = new WebSocket(`${app.urls.ui.replace('http', 'ws')}/api/live?token=${app.token}`);
    const events: ServerEvent[] = [];
    const gotRequest = new Promise<ServerEvent>((resolve, reject) => {
      ws.on('message', (data) => {
        const event = JSON.parse(String(data)) as ServerEvent;
        events.push(event);
        if (event.type === 'requests') resolve(event);
      });
      ws.on('error', reject);
    });
    await new Promise((r) => ws.once('open', r));
    await sendRaw({ url: app.urls.capture, method: 'POST', target: '/live?x=1', headers: [['Content-Type', 'application/json']], body: '{"hello":"world"}' });
    const event = await gotRequest;
    expect(events[0]!.type).toBe('hello');
    if (event.type !== 'requests') throw new Error('unreachable');
    expect(event.items).toHaveLength(1);
    expect(event.items[0]).toMatchObject({ method: 'POST', url: '/live?x=1', size: 17 });
    expect(event.items[0]).not.toHaveProperty('body');
    ws.close();
  });

  it('refuses an upgrade without the per-run token', async () => {
    const app = await start();
    const ws = new WebSocket(`${app.urls.ui.replace('http', 'ws')}/api/live`);
    const outcome = await new Promise<string>((resolve) => {
      ws.on('open', () => resolve('open'));
      ws.on('unexpected-response', (_req, res) => resolve(`status ${res.statusCode}`));
      ws.on('error', () => resolve('error'));
    });
    expect(outcome).not.toBe('open');
  });
});

describe('REST API', () => {
  it('deletes one request and all requests, with the contract error shape for unknown ids', async () => {
    const app = await start();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((JSON.parse((await sendRaw({ url: app.urls.capture, method: 'POST', target: `/d/${i}` })).body.toString()) as { id: string }).id);
    expect((await fetch(`${app.urls.ui}/api/requests/${ids[0]}`, { method: 'DELETE' })).status).toBe(200);
    const missing = await fetch(`${app.urls.ui}/api/requests/${ids[0]}`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not-found' } });
    expect((await apiGet<RequestPage>(app, '/api/requests')).items).toHaveLength(2);
    expect(await (await fetch(`${app.urls.ui}/api/requests`, { method: 'DELETE' })).json()).toEqual({ deleted: 2 });
    expect((await apiGet<RequestPage>(app, '/api/requests')).items).toHaveLength(0);
  });

  it('pages with nextCursor', async () => {
    const app = await start();
    for (let i = 0; i < 5; i++) await sendRaw({ url: app.urls.capture, method: 'POST', target: `/p/${i}` });
    const first = await apiGet<RequestPage>(app, '/api/requests?limit=3');
    expect(first.items.map((i) => i.path)).toEqual(['/p/4', '/p/3', '/p/2']);
    const second = await apiGet<RequestPage>(app, `/api/requests?limit=3&cursor=${first.nextCursor}`);
    expect(second.items.map((i) => i.path)).toEqual(['/p/1', '/p/0']);
    expect(second.nextCursor).toBeNull();
    const bad = await fetch(`${app.urls.ui}/api/requests?cursor=nonsense`);
    expect(bad.status).toBe(400);
  });
});
