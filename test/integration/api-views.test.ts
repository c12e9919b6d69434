import path from 'node:path';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestDetail, RequestPage, SecretsView } from '../../shared/api.js';
import { apiGet, startTestHookscope, tempDir, type TestHookscope } from '../helpers/hookscope.js';
import { seedUnindexedBacklog } from '../helpers/backlog.js';
import { sendRaw } from '../helpers/raw-http.js';

let apps: TestHookscope[] = [];
afterEach(async () => {
  await Promise.all(apps.map((a) => a.dispose()));
  apps = [];
});
async function start(options: Parameters<typeof startTestHookscope>[0] = {}) {
  const app = await startTestHookscope(options);
  apps.push(app);
  return app;
}
async function capture(app: TestHookscope, target: string, body: string | Buffer = '', headers: Array<[string, string]> = []): Promise<string> {
  const res = await sendRaw({ url: app.urls.capture, method: 'POST', target, headers, body });
  return (JSON.parse(res.body.toString()) as { id: string }).id;
}

describe('search and filters', () => {
  it('finds requests by any substring of URL, headers or body (trigram full-text), newest first', async () => {
    const app = await start();
    await capture(app, '/a', '{"customer":"cus_needle42"}', [['Content-Type', 'application/json']]);
    await capture(app, '/b', 'nothing here');
    await capture(app, '/c', '', [['X-Trace', 'trace-needle42-x']]);
    await capture(app, '/needle42/path');
    const page = await apiGet<RequestPage>(app, '/api/requests?q=needle42');
    expect(page.items.map((i) => i.path)).toEqual(['/needle42/path', '/c', '/a']);
    expect((await apiGet<RequestPage>(app, '/api/requests?q=edle4')).items).toHaveLength(3);
    expect((await apiGet<RequestPage>(app, '/api/requests?q=absent-term')).items).toHaveLength(0);
  });

  it('treats search text literally (quotes, operators) and handles short terms', async () => {
    const app = await start();
    await capture(app, '/q?x=%22quoted%22%20AND%20*', 'body with "quoted" AND * inside');
    expect((await apiGet<RequestPage>(app, `/api/requests?q=${encodeURIComponent('"quoted" AND *')}`)).items).toHaveLength(1);
    expect((await apiGet<RequestPage>(app, '/api/requests?q=q%3F')).items).toHaveLength(1);
  });

  it('combines search with method and path filters and pages through results', async () => {
    const app = await start();
    for (let i = 0; i < 6; i++) await capture(app, `/hooks/${i}`, `event-${i % 2 ? 'odd' : 'even'}`);
    await sendRaw({ url: app.urls.capture, method: 'PUT', target: '/hooks/put', body: 'event-odd' });
    const odd = await apiGet<RequestPage>(app, '/api/requests?q=event-odd&method=POST&limit=2');
    expect(odd.items.map((i) => i.path)).toEqual(['/hooks/5', '/hooks/3']);
    const next = await apiGet<RequestPage>(app, `/api/requests?q=event-odd&method=POST&limit=2&cursor=${odd.nextCursor}`);
    expect(next.items.map((i) => i.path)).toEqual(['/hooks/1']);
  });

  it('answers a search during a large index backlog from what is indexed, says so, and completes later', async () => {
    const dir = tempDir();
    const dbFile = path.join(dir, 'hookscope.db');
    seedUnindexedBacklog(dbFile, 120_000);
    const app = await startTestHookscope({ db: dbFile, keep: 1_000_000 }, dir);
    apps.push(app);

    const first = await apiGet<RequestPage>(app, '/api/requests?q=backlog-marker-120000');
    expect(first.indexing?.behind).toBeGreaterThan(0);
    let page = first;
    for (let waited = 0; page.indexing && waited < 30_000; waited += 200) {
      await new Promise((r) => setTimeout(r, 200));
      page = await apiGet<RequestPage>(app, '/api/requests?q=backlog-marker-120000');
    }
    expect(page.indexing).toBeUndefined();
    expect(page.items.map((i) => i.path)).toEqual(['/seed/120000']);
  });

  it('drops deleted requests from search results', async () => {
    const app = await start();
    const id = await capture(app, '/gone', 'findme-token-xyz');
    expect((await apiGet<RequestPage>(app, '/api/requests?q=findme-token')).items).toHaveLength(1);
    await fetch(`${app.urls.ui}/api/requests/${id}`, { method: 'DELETE' });
    expect((await apiGet<RequestPage>(app, '/api/requests?q=findme-token')).items).toHaveLength(0);
  });
});

describe('body views', () => {
  it('downloads the raw body as an attachment that cannot render', async () => {
    const app = await start();
    const id = await capture(app, '/html', '<script>alert(1)</script>', [['Content-Type', 'text/html']]);
    const res = await fetch(`${app.urls.ui}/api/requests/${id}/body`);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('<script>alert(1)</script>');
  });

  it('decodes gzip and br bodies and caps a decompression bomb', async () => {
    const app = await start();
    const json = JSON.stringify({ hello: 'world', n: [1, 2, 3] });
    const gz = await capture(app, '/gz', gzipSync(json), [['Content-Encoding', 'gzip'], ['Content-Type', 'application/json']]);
    const br = await capture(app, '/br', brotliCompressSync(json), [['Content-Encoding', 'br']]);
    for (const id of [gz, br]) {
      const decoded = await apiGet<{ bodyText: string; truncated: boolean }>(app, `/api/requests/${id}/decoded`);
      expect(decoded).toMatchObject({ bodyText: json, truncated: false });
    }
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(200_000);
    const bombId = await capture(app, '/bomb', bomb, [['Content-Encoding', 'gzip']]);
    const decoded = await apiGet<{ size: number; truncated: boolean; limit: number }>(app, `/api/requests/${bombId}/decoded`);
    expect(decoded.truncated).toBe(true);
    expect(decoded.size).toBe(decoded.limit);
    const plain = await fetch(`${app.urls.ui}/api/requests/${await capture(app, '/plain', 'x')}/decoded`);
    expect(plain.status).toBe(422);
  });
});

describe('HAR export', () => {
  type Har = { log: { comment?: string; entries: Array<{ request: { url: string } }> } };
  const exportOf = async (app: TestHookscope, query: string) => {
    const res = await fetch(`${app.urls.ui}/api/export.har${query}`);
    expect(res.status).toBe(200);
    const har = (await res.json()) as Har;
    return { har, paths: har.log.entries.map((e) => new URL(e.request.url).pathname), count: res.headers.get('x-hookscope-export-count'), more: res.headers.get('x-hookscope-export-more') };
  };

  it('exports the selected requests in arrival order with headers and bodies', async () => {
    const app = await start();
    const a = await capture(app, '/one?x=1', '{"a":1}', [['Content-Type', 'application/json'], ['X-D', '1'], ['X-D', '2']]);
    await capture(app, '/two');
    const c = await capture(app, '/three', Buffer.from([0, 1, 2]));
    const res = await fetch(`${app.urls.ui}/api/export.har?ids=${c},${a}`);
    expect(res.headers.get('content-disposition')).toMatch(/hookscope\.har/);
    const har = (await res.json()) as { log: { version: string; entries: Array<{ request: { url: string; headers: Array<{ name: string; value: string }>; postData?: { text: string; encoding?: string } } }> } };
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries.map((e) => new URL(e.request.url).pathname)).toEqual(['/one', '/three']);
    expect(har.log.entries[0]!.request.headers.filter((h) => h.name === 'X-D').map((h) => h.value)).toEqual(['1', '2']);
    expect(har.log.entries[0]!.request.postData!.text).toBe('{"a":1}');
    expect(har.log.entries[1]!.request.postData).toMatchObject({ text: 'AAEC', encoding: 'base64' });

    // Spaces and a trailing comma are forgiven; anything but positive integers is refused, and says how.
    expect((await exportOf(app, `?ids=${a},%20${c},`)).paths).toEqual(['/one', '/three']);
    for (const bad of ['1,x', '0', '1.5', '-2']) {
      const refused = await fetch(`${app.urls.ui}/api/export.har?ids=${bad}`);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({ error: { code: 'invalid-ids', message: 'ids must be a comma-separated list of request ids' } });
    }
  });

  it('exports every request the list filters match, oldest first, and says when the limit left some out', async () => {
    const app = await start();
    for (const target of ['/orders/1', '/refunds/1', '/orders/2', '/orders/3']) await capture(app, target, `{"kind":"${target.split('/')[1]}"}`);
    const orders = await exportOf(app, '?path=/orders');
    expect(orders.paths).toEqual(['/orders/1', '/orders/2', '/orders/3']);
    expect([orders.count, orders.more]).toEqual(['3', '0']);
    expect(orders.har.log.comment).toBe('all 3 requests matching path=/orders');

    const newestTwo = await exportOf(app, '?path=/orders&limit=2');
    expect(newestTwo.paths).toEqual(['/orders/2', '/orders/3']);
    expect([newestTwo.count, newestTwo.more]).toEqual(['2', '1']);
    expect(newestTwo.har.log.comment).toMatch(/^the newest 2 requests matching path=\/orders; older ones matched too/);

    expect((await exportOf(app, '?q=refunds')).paths).toEqual(['/refunds/1']);
    expect((await fetch(`${app.urls.ui}/api/export.har?limit=5001`)).status).toBe(400);
  });

  it('exports more than one list page holds (the newest 5000, not the newest 500)', async () => {
    const app = await start();
    const total = 620;
    for (let i = 0; i < total; i += 40) await Promise.all(Array.from({ length: Math.min(40, total - i) }, (_, k) => capture(app, `/bulk/${i + k}`)));
    const all = await exportOf(app, '');
    expect(all.paths).toHaveLength(total);
    expect(new Set(all.paths).size).toBe(total);
    expect([all.count, all.more]).toEqual([String(total), '0']);
  });
});

describe('secrets', () => {
  const TOKEN = 'tok_9f8e7d6c5b4a39281706';

  it('never returns a configured secret, even when a captured request carries it', async () => {
    const app = await start({ secrets: [{ provider: 'github', value: TOKEN, source: 'cli' }] });
    const id = await capture(app, `/textmaster?token=${TOKEN}`, `{"echo":"${TOKEN}"}`, [['X-Webhook-Token', TOKEN], ['Content-Type', 'application/json']]);
    const responses = await Promise.all([
      fetch(`${app.urls.ui}/api/requests/${id}`).then((r) => r.text()),
      fetch(`${app.urls.ui}/api/requests`).then((r) => r.text()),
      fetch(`${app.urls.ui}/api/requests?q=textmaster`).then((r) => r.text()),
      fetch(`${app.urls.ui}/api/export.har`).then((r) => r.text()),
      fetch(`${app.urls.ui}/api/secrets`).then((r) => r.text()),
      fetch(`${app.urls.ui}/api/requests/${id}/body`).then((r) => r.text()),
    ]);
    for (const text of responses) {
      expect(text).not.toContain(TOKEN);
      expect(Buffer.from(text).toString('base64')).not.toContain(Buffer.from(TOKEN).toString('base64'));
    }
    const detail = JSON.parse(responses[0]!) as RequestDetail;
    expect(detail.url).toBe('/textmaster?token=[secret]');
    expect(Buffer.from(detail.body, 'base64').toString()).not.toContain(TOKEN);
    const view = JSON.parse(responses[4]!) as SecretsView;
    expect(view.secrets).toEqual([expect.objectContaining({ provider: 'github', label: 'github #1 (current)', source: 'cli' })]);
  });

  it('PUT /api/secrets re-verifies stored requests and reports them masked', async () => {
    const app = await start();
    const { createHmac } = await import('node:crypto');
    const body = '{"action":"opened"}';
    const signature = 'sha256=' + createHmac('sha256', 'gh-secret-123').update(body).digest('hex');
    const id = await capture(app, '/gh', body, [['X-Hub-Signature-256', signature], ['X-GitHub-Event', 'issues'], ['Content-Type', 'application/json']]);
    expect((await apiGet<RequestDetail>(app, `/api/requests/${id}`)).verdict).toBe('no-secret');
    const res = await fetch(`${app.urls.ui}/api/secrets`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ provider: 'github', secrets: ['gh-secret-123'] }) });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('gh-secret-123');
    expect((await apiGet<RequestDetail>(app, `/api/requests/${id}`)).verdict).toBe('verified');
  });

  it('PUT /api/secrets keeps a configured secret by its label, so rotation never needs the old value', async () => {
    const app = await start({ secrets: [{ provider: 'github', value: 'gh-old-secret-123', source: 'cli' }] });
    const { createHmac } = await import('node:crypto');
    const body = '{"zen":"rotate"}';
    const signature = 'sha256=' + createHmac('sha256', 'gh-old-secret-123').update(body).digest('hex');
    const id = await capture(app, '/gh', body, [['X-Hub-Signature-256', signature], ['X-GitHub-Event', 'ping']]);
    const put = (secrets: unknown[]) => fetch(`${app.urls.ui}/api/secrets`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ provider: 'github', secrets }) });
    // Rotate: a new current secret, the old one kept by label (never sent back).
    expect((await put(['gh-new-secret-456', { keep: 'github #1 (current)' }])).status).toBe(200);
    const detail = await apiGet<RequestDetail>(app, `/api/requests/${id}`);
    expect(detail.verdict).toBe('verified');
    expect(detail.verification!.diagnoses[0]).toMatchObject({ code: 'secret-rotated' });
    const view = await apiGet<SecretsView>(app, '/api/secrets');
    expect(view.secrets.map((s) => [s.label, s.source])).toEqual([['github #1 (current)', 'api'], ['github #2', 'cli']]);
    const unknown = await put([{ keep: 'github #9' }]);
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown-secret-label' } });
    expect((await apiGet<SecretsView>(app, '/api/secrets')).secrets).toHaveLength(2); // unchanged
  });

  it('PUT /api/secrets sets, replaces and removes an endpoint rule’s secret, re-verifying what it covers', async () => {
    const token = 'tm-token-abcdef123456';
    const app = await start({ endpoints: [{ path: '/textmaster', provider: 'token', options: { from: 'query:token' } }] });
    const id = await capture(app, `/textmaster?token=${token}`, '{"job":1}', [['Content-Type', 'application/json']]);
    const verdict = async () => (await apiGet<RequestDetail>(app, `/api/requests/${id}`)).verdict;
    expect(await verdict()).toBe('no-secret');
    expect((await apiGet<SecretsView>(app, '/api/secrets')).endpoints).toEqual([{ path: '/textmaster', provider: 'token', masked: null }]);

    const put = (body: unknown) => fetch(`${app.urls.ui}/api/secrets`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const set = await put({ endpoint: '/textmaster', secret: token });
    expect(set.status).toBe(200);
    const setText = await set.text();
    expect(setText).not.toContain(token);
    const shown = (JSON.parse(setText) as SecretsView).endpoints![0]!;
    expect(shown).toMatchObject({ path: '/textmaster', provider: 'token' });
    expect(shown.masked).toMatch(/•/);
    expect(await verdict()).toBe('verified');

    expect((await put({ endpoint: '/textmaster', secret: 'some-other-token-999' })).status).toBe(200);
    expect(await verdict()).toBe('failed');
    expect((await put({ endpoint: '/textmaster', secret: null })).status).toBe(200);
    expect((await apiGet<SecretsView>(app, '/api/secrets')).endpoints).toEqual([{ path: '/textmaster', provider: 'token', masked: null }]);
    expect(await verdict()).toBe('no-secret');

    const unknown = await put({ endpoint: '/nope', secret: 'x-secret-value' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown-endpoint' } });
    const bad = await put({ endpoint: '/textmaster', secret: 42 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid-secrets' } });
  });

  it('PUT /api/secrets refuses non-JSON bodies and bad shapes', async () => {
    const app = await start();
    const form = await fetch(`${app.urls.ui}/api/secrets`, { method: 'PUT', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'provider=github' });
    expect(form.status).toBe(415);
    const bad = await fetch(`${app.urls.ui}/api/secrets`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ provider: 'github', secrets: 'x' }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid-secrets' } });
    // A provider hookscope has no scheme for would hold a secret nothing uses: refused, with the nearest name.
    const typo = await fetch(`${app.urls.ui}/api/secrets`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ provider: 'githbu', secrets: ['x'] }) });
    expect(typo.status).toBe(400);
    expect(await typo.json()).toMatchObject({ error: { code: 'unknown-provider', message: expect.stringMatching(/^unknown provider "githbu" \(did you mean "github"\?\)/) } });
    const svix = await fetch(`${app.urls.ui}/api/secrets`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ provider: 'svix', secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'] }) });
    expect(svix.status).toBe(200);
    expect(((await svix.json()) as { secrets: Array<{ provider: string }> }).secrets.map((s) => s.provider)).toEqual(['standard-webhooks']);
  });
});
