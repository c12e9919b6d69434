/**
 * Issue 7 — faults and hostile clients against a real hookscope on loopback: oversize bodies, garbage
 * bytes, oversized headers, slowloris, a WebSocket client that stops reading, a locked database,
 * decompression bombs and hostile JSON. Each leaves the server serving.
 */
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RequestDetail, RequestPage } from '../../shared/api.js';
import { apiGet, startTestHookscope, type TestHookscope } from '../helpers/hookscope.js';
import { sendRaw } from '../helpers/raw-http.js';
import { exchange, requestHead, serves } from '../helpers/raw-socket.js';

let apps: TestHookscope[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(apps.map((a) => a.dispose()));
  apps = [];
});
async function start(options: Parameters<typeof startTestHookscope>[0] = {}): Promise<TestHookscope> {
  const app = await startTestHookscope(options);
  apps.push(app);
  return app;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The capture port and the API both still answer a normal request. */
async function expectServing(app: TestHookscope): Promise<void> {
  const res = await sendRaw({ url: app.urls.capture, method: 'POST', target: '/still-serving', body: 'ok' });
  expect(res.status).toBe(200);
  const { id } = JSON.parse(res.body.toString()) as { id: string };
  expect((await apiGet<RequestDetail>(app, `/api/requests/${id}`)).bodyText).toBe('ok');
}

async function count(app: TestHookscope): Promise<number> {
  return (await apiGet<RequestPage>(app, '/api/requests?limit=500')).items.length;
}

function connect(url: string): Promise<net.Socket> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(u.port), u.hostname);
    sockets.push(socket);
    socket.on('error', () => {});
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function closedWithin(socket: net.Socket, ms: number): Promise<boolean> {
  if (socket.destroyed) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('close', () => (clearTimeout(timer), resolve(true)));
  });
}

describe('oversize bodies', () => {
  it('answers 413 past --max-body and records the request truncated, with or without Content-Length', async () => {
    const app = await start({ maxBody: 64 * 1024 });
    const body = randomBytes(1024 * 1024);

    const sized = await sendRaw({ url: app.urls.capture, method: 'POST', target: '/big-sized', headers: [['Content-Type', 'application/octet-stream']], body });
    expect(sized.status).toBe(413);
    const sizedAnswer = JSON.parse(sized.body.toString()) as { id: string; error: { code: string; message: string } };
    expect(sizedAnswer.error.code).toBe('body-too-large');
    const sizedDetail = await apiGet<RequestDetail>(app, `/api/requests/${sizedAnswer.id}`);
    expect(sizedDetail).toMatchObject({ truncated: true, size: 64 * 1024, declaredSize: body.length });
    expect(Buffer.from(sizedDetail.body, 'base64').equals(body.subarray(0, 64 * 1024))).toBe(true);

    // Chunked: no declared size, the cap still applies.
    const chunks: Buffer[] = [];
    for (let i = 0; i < body.length; i += 100_000) {
      const part = body.subarray(i, i + 100_000);
      chunks.push(Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n'));
    }
    chunks.push(Buffer.from('0\r\n\r\n'));
    const chunked = await sendRaw({ url: app.urls.capture, method: 'POST', target: '/big-chunked', headers: [['Transfer-Encoding', 'chunked']], body: Buffer.concat(chunks) });
    expect(chunked.status).toBe(413);
    const chunkedDetail = await apiGet<RequestDetail>(app, `/api/requests/${(JSON.parse(chunked.body.toString()) as { id: string }).id}`);
    expect(chunkedDetail).toMatchObject({ truncated: true, size: 64 * 1024, declaredSize: null });
    expect(Buffer.from(chunkedDetail.body, 'base64').equals(body.subarray(0, 64 * 1024))).toBe(true);
    await expectServing(app);
  });

  it('answers 413 as soon as the cap is reached and then drops a sender that never stops', async () => {
    const app = await start({ maxBody: 16 * 1024 });
    const socket = await connect(app.urls.capture);
    const received: Buffer[] = [];
    socket.on('data', (c: Buffer) => received.push(c));
    // Announces 10 GB, sends 64 kB and then keeps the connection open, trickling more.
    socket.write(requestHead('POST /endless HTTP/1.1', [['Host', 'x'], ['Content-Length', String(10 * 1024 ** 3)]]));
    socket.write(randomBytes(64 * 1024));
    const trickle = setInterval(() => socket.writable && socket.write(randomBytes(1024)), 100);
    try {
      const started = Date.now();
      while (!Buffer.concat(received).includes('\r\n\r\n') && Date.now() - started < 3_000) await sleep(20);
      expect(Buffer.concat(received).toString('latin1')).toMatch(/^HTTP\/1\.1 413 /);
      // The server lets it drain for a while (5 s), then closes the connection.
      expect(await closedWithin(socket, 8_000)).toBe(true);
    } finally {
      clearInterval(trickle);
    }
    await expectServing(app);
  }, 15_000);
});

describe('senders that vanish mid-body', () => {
  it('records nothing, answers nothing, and keeps serving (closed, reset, or chunked and cut off)', async () => {
    const app = await start();
    const before = await count(app);
    for (let i = 0; i < 12; i++) {
      const socket = await connect(app.urls.capture);
      const head = i % 3 === 2 ? 'Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n' : 'Content-Length: 1000\r\n\r\npartial body';
      socket.write(`POST /vanish/${i} HTTP/1.1\r\nHost: x\r\n${head}`);
      await sleep(20);
      if (i % 2) socket.resetAndDestroy();
      else socket.destroy();
    }
    await sleep(100);
    await expectServing(app);
    expect(await count(app)).toBe(before + 1); // only the request expectServing sent
    expect((await apiGet<RequestPage>(app, '/api/requests?path=/vanish')).items).toEqual([]);
  });
});

describe('garbage, malformed HTTP and oversized headers', () => {
  const garbage = (): Array<[string, Buffer]> => [
    ['random binary', randomBytes(4096)],
    ['random binary with newlines', Buffer.concat([randomBytes(512), Buffer.from('\r\n\r\n'), randomBytes(512), Buffer.from('\r\n\r\n')])],
    ['a TLS ClientHello (https pointed at an http port)', Buffer.from('16030100a5010000a10303' + '00'.repeat(32) + '000020c02bc02fc02cc030cca9cca8c013c014009c009d002f0035000a0100005800000014', 'hex')],
    ['the HTTP/2 preface', Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x12\x04\x00\x00\x00\x00\x00', 'latin1')],
    ['NUL in the method', Buffer.from('PO\x00ST / HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1')],
    ['HTTP/9.9', Buffer.from('GET / HTTP/9.9\r\nHost: x\r\n\r\n')],
    ['a header without a colon', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n')],
    ['NUL in a header value', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n', 'latin1')],
    ['a space before the colon', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\nX-A : b\r\n\r\n')],
    ['Content-Length and Transfer-Encoding (smuggling)', Buffer.from('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n')],
    ['two different Content-Lengths', Buffer.from('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde')],
    ['a negative Content-Length', Buffer.from('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n')],
    ['an invalid chunk size', Buffer.from('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n')],
    ['an obfuscated Transfer-Encoding', Buffer.from('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n')],
  ];

  it('refuses garbage on both ports without recording anything and keeps serving', async () => {
    const app = await start();
    const before = await count(app);
    for (const url of [app.urls.capture, app.urls.ui]) {
      for (const [what, bytes] of garbage()) {
        const res = await exchange(url, bytes, { timeoutMs: 2_000 });
        // A 4xx answer or a closed connection; never a 2xx, never a hang.
        expect(res.closed || (res.status !== null && res.status >= 400), `${what} → ${url}`).toBe(true);
        if (res.status !== null) expect(res.status, `${what} → ${url}`).toBeGreaterThanOrEqual(400);
      }
    }
    // Blank lines before a request line are allowed (RFC 9112 §2.2): the server just waits for one.
    for (const url of [app.urls.capture, app.urls.ui]) {
      const blank = await exchange(url, '\r\n\r\n\r\n\r\n', { timeoutMs: 500 });
      expect(blank.status === null || blank.status >= 400, `blank lines → ${url}`).toBe(true);
    }
    expect(await count(app)).toBe(before);
    await expectServing(app);
    expect(await serves(app.urls.ui)).toBe(200);
  });

  it('answers 431 to a 20 kB header (one header or many) on both ports, and stores a 12 kB one byte-exact', async () => {
    const app = await start();
    const big = 'v'.repeat(20 * 1024);
    const many: Array<[string, string]> = Array.from({ length: 40 }, (_, i) => [`X-Many-${i}`, 'm'.repeat(512)]);
    for (const url of [app.urls.capture, app.urls.ui]) {
      const host = new URL(url).host;
      for (const [what, headers] of [['one 20 kB header', [['X-Big', big]]], ['forty 512-byte headers', many]] as Array<[string, Array<[string, string]>]>) {
        const res = await exchange(url, requestHead('GET /api/requests HTTP/1.1', [['Host', host], ...headers, ['Connection', 'close']]));
        expect(res.status, `${what} → ${url}`).toBe(431);
      }
      const longTarget = await exchange(url, requestHead(`GET /${'p'.repeat(20 * 1024)} HTTP/1.1`, [['Host', host], ['Connection', 'close']]));
      expect(longTarget.status, `20 kB request target → ${url}`).toBeGreaterThanOrEqual(400);
    }
    const fine = 'f'.repeat(12 * 1024);
    const res = await sendRaw({ url: app.urls.capture, method: 'POST', target: '/twelve-k', headers: [['X-Fine', fine]] });
    expect(res.status).toBe(200);
    const detail = await apiGet<RequestDetail>(app, `/api/requests/${(JSON.parse(res.body.toString()) as { id: string }).id}`);
    expect(detail.headers.find(([n]) => n === 'X-Fine')?.[1]).toBe(fine);
    await expectServing(app);
  });
});

describe('slowloris', () => {
  it('keeps serving other clients promptly while many connections dribble headers or bodies', async () => {
    const app = await start();
    const dribblers: net.Socket[] = [];
    for (let i = 0; i < 40; i++) {
      const socket = await connect(app.urls.capture);
      socket.write(`POST /slow-${i} HTTP/1.1\r\nHost: x\r\n`);
      dribblers.push(socket);
    }
    for (let i = 0; i < 20; i++) {
      const socket = await connect(app.urls.capture);
      socket.write(`POST /slow-body-${i} HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n`);
      dribblers.push(socket);
    }
    for (let i = 0; i < 10; i++) {
      const socket = await connect(app.urls.ui);
      socket.write(`GET /api/requests HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
      dribblers.push(socket);
    }
    const drip = setInterval(() => {
      for (const [i, s] of dribblers.entries()) if (s.writable) s.write(i < 40 || i >= 60 ? `X-Drip: ${i}\r\n` : 'b');
    }, 100);
    try {
      const started = Date.now();
      let served = 0;
      let slowest = 0;
      while (Date.now() - started < 2_500) {
        const t = Date.now();
        const res = await sendRaw({ url: app.urls.capture, method: 'POST', target: `/normal-${served}`, body: 'x' });
        expect(res.status).toBe(200);
        expect((await fetch(`${app.urls.ui}/api/requests?limit=1`)).status).toBe(200);
        slowest = Math.max(slowest, Date.now() - t);
        served++;
      }
      expect(served).toBeGreaterThan(20);
      expect(slowest).toBeLessThan(1_000);
      // The dribblers are still being waited on (headersTimeout 20 s / requestTimeout 120 s), not served.
      expect(dribblers.filter((s) => !s.destroyed).length).toBeGreaterThan(0);
    } finally {
      clearInterval(drip);
      for (const s of dribblers) s.destroy();
    }
    // Cut off mid-request: nothing half-received was recorded.
    await sleep(100);
    const page = await apiGet<RequestPage>(app, '/api/requests?path=/slow&limit=500');
    expect(page.items).toHaveLength(0);
    await expectServing(app);
  });
});

describe('a WebSocket client that stops reading', () => {
  async function stuckClient(app: TestHookscope): Promise<net.Socket> {
    const socket = await connect(app.urls.ui);
    let head = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (c: Buffer) => {
        head += c.toString('latin1');
        if (head.includes('\r\n\r\n')) {
          socket.off('data', onData);
          if (!/^HTTP\/1\.1 101/.test(head)) return reject(new Error(head));
          // Stop reading: the kernel buffers fill and the server's queue grows.
          socket.pause();
          resolve();
        }
      };
      socket.on('data', onData);
      socket.write(requestHead(`GET /api/live?token=${app.token} HTTP/1.1`, [['Host', new URL(app.urls.ui).host], ['Upgrade', 'websocket'], ['Connection', 'Upgrade'], ['Sec-WebSocket-Key', randomBytes(16).toString('base64')], ['Sec-WebSocket-Version', '13']]));
    });
    return socket;
  }

  /** POST `n` requests with 12 kB URLs (big live summaries), 8 at a time; ms per request. */
  async function burst(app: TestHookscope, n: number, tag: string): Promise<number> {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const port = Number(new URL(app.urls.capture).port);
    const pad = 'p'.repeat(6 * 1024);
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < n) {
          const i = next++;
          await new Promise<void>((resolve, reject) => {
            const req = http.request({ agent, host: '127.0.0.1', port, method: 'POST', path: `/${tag}/${i}/${pad}?q=${pad}` }, (res) => {
              res.resume();
              res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
            });
            req.on('error', reject);
            req.end('x');
          });
        }
      }),
    );
    agent.destroy();
    return (Date.now() - started) / n;
  }

  it('drops the stuck client while a healthy one gets every summary and capture keeps its pace', async () => {
    const app = await start();
    const healthy = new WebSocket(`${app.urls.ui.replace('http', 'ws')}/api/live?token=${app.token}`);
    const seen = new Set<string>();
    healthy.on('message', (data) => {
      const event = JSON.parse(String(data)) as { type: string; items?: Array<{ id: string; path: string }> };
      for (const item of event.items ?? []) if (item.path.startsWith('/stuck/')) seen.add(item.id);
    });
    await new Promise((resolve, reject) => (healthy.once('open', resolve), healthy.once('error', reject)));
    try {
      const baseline = await burst(app, 200, 'baseline');
      const stuck = await stuckClient(app);
      const n = 1_000; // ~25 MB of summaries: past the kernel buffers and the hub's 8 MB limit
      const withStuck = await burst(app, n, 'stuck');
      expect(withStuck, `ms per request: ${withStuck} with a stuck client, ${baseline} without`).toBeLessThan(baseline * 3 + 2);
      // The hub hung up on the stuck client: once it reads again it finds the connection closed.
      stuck.resume();
      stuck.on('data', () => {});
      expect(await closedWithin(stuck, 5_000)).toBe(true);
      const deadline = Date.now() + 5_000;
      while (seen.size < n && Date.now() < deadline) await sleep(50);
      expect(seen.size).toBe(n);
      expect(healthy.readyState).toBe(WebSocket.OPEN);
    } finally {
      healthy.close();
    }
    await expectServing(app);
  }, 20_000);
});

describe('a locked database', () => {
  it('answers 503 with a clear message within seconds, logs it, keeps the API readable, and recovers', async () => {
    const logs: string[] = [];
    const app = await start({ log: (line) => logs.push(line) });
    await expectServing(app);
    await sleep(100); // let the background search indexer catch up first
    const before = await count(app);
    const locker = new Database(app.dbFile);
    try {
      locker.exec('BEGIN EXCLUSIVE');
      // Six providers call at once while the lock is held: each must get its answer after one lock wait
      // (2 s plus slack), not one wait per batch they happened to be grouped in.
      const started = Date.now();
      const during = Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          sendRaw({ url: app.urls.capture, method: 'POST', target: `/during-lock-${i}`, body: `n${i}` }).then((res) => ({ res, ms: Date.now() - started })),
        ),
      );
      // Reads go on while a writer holds the lock (WAL).
      const readStarted = Date.now();
      expect((await fetch(`${app.urls.ui}/api/requests?limit=5`)).status).toBe(200);
      expect(Date.now() - readStarted).toBeLessThan(1_000);
      const timed = await during;
      const answers = timed.map((t) => t.res);
      expect(timed.map((t) => t.ms).sort((a, b) => a - b).at(-1), `answer times (ms): ${timed.map((t) => t.ms).join(', ')}`).toBeLessThan(3_500);
      for (const res of answers) {
        expect(res.status).toBe(503);
        const error = (JSON.parse(res.body.toString()) as { error: { code: string; message: string } }).error;
        expect(error.code).toBe('store-unavailable');
        expect(error.message).toMatch(/could not store this request/);
        expect(error.message).toMatch(/locked|busy/i);
        expect(error.message).toMatch(/retry/);
      }
      expect(logs.some((l) => /could not store POST \/during-lock-\d/.test(l) && /locked|busy/i.test(l))).toBe(true);
    } finally {
      if (locker.inTransaction) locker.exec('COMMIT');
      locker.close();
    }
    expect(await count(app)).toBe(before);
    await expectServing(app);
    const after = await sendRaw({ url: app.urls.capture, method: 'POST', target: '/after-lock', body: 'back' });
    expect(after.status).toBe(200);
  }, 15_000);
});

describe('decompression bombs and hostile JSON', () => {
  it('caps decoded views of gzip, deflate, brotli and nested bombs, quickly', async () => {
    const app = await start();
    const zeros = Buffer.alloc(24 * 1024 * 1024); // more than the 10 MB cap of decoded views
    const inner = gzipSync(zeros);
    const bombs: Array<[string, string, Buffer]> = [
      ['gzip', 'gzip', inner],
      ['deflate', 'deflate', deflateSync(zeros)],
      ['br', 'br', brotliCompressSync(zeros)],
      // Declared twice, compressed twice: one layer is undone, the inner bomb is shown as bytes.
      ['gzip-of-gzip', 'gzip, gzip', gzipSync(inner)],
    ];
    for (const [what, encoding, bomb] of bombs) {
      expect(bomb.length).toBeLessThan(200_000);
      const res = await sendRaw({ url: app.urls.capture, method: 'POST', target: `/bomb-${what}`, headers: [['Content-Encoding', encoding]], body: bomb });
      expect(res.status).toBe(200);
      const id = (JSON.parse(res.body.toString()) as { id: string }).id;
      const started = Date.now();
      const decoded = await fetch(`${app.urls.ui}/api/requests/${id}/decoded`);
      const view = (await decoded.json()) as { size: number; truncated: boolean; limit: number };
      expect(Date.now() - started, what).toBeLessThan(3_000);
      expect(decoded.status, what).toBeLessThan(500);
      if (decoded.status !== 200) continue;
      expect(view.size, what).toBeLessThanOrEqual(view.limit);
      if (what === 'gzip-of-gzip') expect(view.size).toBe(inner.length);
      else expect(view, what).toMatchObject({ truncated: true, size: view.limit });
    }
    // Garbage that claims to be gzip is an error in the view, not in the server.
    const res = await sendRaw({ url: app.urls.capture, method: 'POST', target: '/fake-gzip', headers: [['Content-Encoding', 'gzip']], body: randomBytes(1000) });
    const fake = await fetch(`${app.urls.ui}/api/requests/${(JSON.parse(res.body.toString()) as { id: string }).id}/decoded`);
    expect(fake.status).toBeLessThan(500);
    await expectServing(app);
  });

  it('captures deeply nested and huge signed JSON promptly and byte-exact', async () => {
    const secret = 'whsec_hostile_json_secret_0123456789';
    const logs: string[] = [];
    const app = await start({ secrets: [{ provider: 'stripe', value: secret, source: 'cli' }], log: (l) => logs.push(l) });
    const t = Math.floor(Date.now() / 1000);
    const nested = '['.repeat(500_000) + ']'.repeat(500_000);
    const nestedObjects = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    const huge = JSON.stringify(Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`key_${i}`, { v: i, s: 'x'.repeat(20) }])));
    for (const [what, body] of [['nested arrays', nested], ['nested objects', nestedObjects], ['huge object', huge]] as const) {
      // A wrong signature makes the engine try its body normalizations on the hostile JSON.
      const wrong = createHmac('sha256', 'not-the-secret').update(`${t}.${body}`).digest('hex');
      const started = Date.now();
      const res = await sendRaw({ url: app.urls.capture, method: 'POST', target: `/stripe/${what.replace(' ', '-')}`, headers: [['Content-Type', 'application/json'], ['Stripe-Signature', `t=${t},v1=${wrong}`]], body });
      const elapsed = Date.now() - started;
      expect(res.status, what).toBe(200);
      expect(elapsed, `${what}: ${elapsed} ms`).toBeLessThan(3_000);
      const detail = await apiGet<RequestDetail>(app, `/api/requests/${(JSON.parse(res.body.toString()) as { id: string }).id}`);
      expect(detail.size).toBe(Buffer.byteLength(body));
      expect(Buffer.from(detail.body, 'base64').toString() === body, what).toBe(true);
      expect(detail.verification?.verdict ?? 'unverified', what).not.toBe('verified');
    }
    await expectServing(app);
  });
});

describe('a full database', () => {
  it('answers 503 with a clear message once --max-db-size is reached, keeps serving, and takes captures again after a delete', async () => {
    const app = await start({ maxDbSize: 2 * 1024 * 1024 });
    const body = randomBytes(256 * 1024);
    let full: { status: number; body: Buffer } | null = null;
    const stored: string[] = [];
    for (let i = 0; i < 40 && !full; i++) {
      const res = await sendRaw({ url: app.urls.capture, method: 'POST', target: `/big/${i}`, body });
      if (res.status === 200) stored.push((JSON.parse(res.body.toString()) as { id: string }).id);
      else full = res;
    }
    expect(full, 'the database never filled up').not.toBeNull();
    expect(full!.status).toBe(503);
    expect(JSON.parse(full!.body.toString())).toMatchObject({ error: { code: 'store-unavailable', message: expect.stringMatching(/full/) } });
    expect(stored.length).toBeGreaterThan(0);
    await expectServing(app);
    // Everything acknowledged is still there, byte-exact.
    const first = await apiGet<RequestDetail>(app, `/api/requests/${stored[0]}`);
    expect(Buffer.from(first.body, 'base64').equals(body)).toBe(true);
    // Freeing space lets capture resume.
    expect((await fetch(`${app.urls.ui}/api/requests`, { method: 'DELETE' })).status).toBe(200);
    expect((await sendRaw({ url: app.urls.capture, method: 'POST', target: '/after', body: 'small' })).status).toBe(200);
  });
});
