/**
 * Issue 7 — durability: the real `hookscope` process under concurrent load is killed with SIGKILL
 * mid-stream, then started again on the same database. Every request that was answered 2xx must be
 * there byte-exact, no row may be torn, and `PRAGMA integrity_check` must say ok. Three cycles.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { RequestDetail } from '../../shared/api.js';
import { HOOKSCOPE_BIN, tempDir } from '../helpers/hookscope.js';

const bin = HOOKSCOPE_BIN; // compiled by the global setup

const children: ChildProcess[] = [];
let dir = '';
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  urls: { capture: string; ui: string };
  exited: Promise<void>;
}

function startProcess(db: string): Promise<Running> {
  const child = spawn(process.execPath, [bin, 'start', '--json', '--port', '0', '--ui-port', '0', '--no-open', '--no-tunnel-detect', '--keep', '1000000', '--db', db], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hookscope did not start in 15 s: ${stderr}`)), 15_000);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve({ child, urls: JSON.parse(line) as Running['urls'], exited });
    });
    child.once('exit', (code, signal) => (clearTimeout(timer), reject(new Error(`hookscope exited ${code ?? signal}: ${stderr}`))));
  });
}

interface Acked {
  id: string;
  target: string;
  body: Buffer;
}

/**
 * `senders` loops, each POSTing unique bodies over its own keep-alive connection until `stop()` or
 * until the server goes away. Returns every request the server answered 2xx.
 */
function load(captureUrl: string, cycle: number, senders: number): { acked: Acked[]; stop(): void; done: Promise<void> } {
  const acked: Acked[] = [];
  let stopped = false;
  const port = Number(new URL(captureUrl).port);
  const loops = Array.from({ length: senders }, async (_, s) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let n = 0; !stopped; n++) {
        const uid = `c${cycle}-s${s}-n${n}`;
        const target = `/dur/${uid}?q=${n}`;
        // Binary bodies of varied size (some past a page), prefixed with the id for torn-row checks.
        const body = Buffer.concat([Buffer.from(`${uid}\n`), randomBytes(n % 7 === 0 ? 20_000 + n : (n * 37) % 3000)]);
        const answer = await new Promise<{ status: number; text: string } | null>((resolve) => {
          const req = http.request({ agent, host: '127.0.0.1', port, method: 'POST', path: target, headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length } }, (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
            res.on('error', () => resolve(null));
          });
          req.on('error', () => resolve(null));
          req.end(body);
        });
        if (answer === null) return; // the server is gone
        if (answer.status >= 200 && answer.status < 300) {
          acked.push({ id: (JSON.parse(answer.text) as { id: string }).id, target, body });
        }
      }
    } finally {
      agent.destroy();
    }
  });
  return { acked, stop: () => (stopped = true), done: Promise.all(loops).then(() => undefined) };
}

/** Direct read of the database file: integrity, every acknowledged row byte-exact, no torn row. */
function checkDatabase(db: string, acked: Acked[]): { rows: number } {
  const conn = new Database(db);
  try {
    expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
    const get = conn.prepare('SELECT url, body FROM requests WHERE seq = ?');
    for (const a of acked) {
      const row = get.get(Number(a.id)) as { url: string; body: Buffer } | undefined;
      expect(row, `acknowledged request ${a.id} (${a.target}) is missing`).toBeDefined();
      expect(row!.url).toBe(a.target);
      expect(row!.body.equals(a.body), `request ${a.id} body differs`).toBe(true);
    }
    const rows = conn.prepare("SELECT url, body FROM requests WHERE path LIKE '/dur/%'").all() as Array<{ url: string; body: Buffer }>;
    for (const row of rows) {
      const uid = /^\/dur\/([^?]+)/.exec(row.url)![1]!;
      expect(row.body.subarray(0, uid.length + 1).toString(), `row ${row.url} is torn`).toBe(`${uid}\n`);
    }
    return { rows: rows.length };
  } finally {
    conn.close();
  }
}

async function checkThroughApi(ui: string, acked: Acked[]): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < acked.length) {
        const a = acked[next++]!;
        const res = await fetch(`${ui}/api/requests/${a.id}`);
        expect(res.status, `GET /api/requests/${a.id}`).toBe(200);
        const detail = (await res.json()) as RequestDetail;
        expect(detail.url).toBe(a.target);
        expect(Buffer.from(detail.body, 'base64').equals(a.body), `request ${a.id} body differs through the API`).toBe(true);
      }
    }),
  );
}

describe('kill -9 under load', () => {
  it('loses no acknowledged request and keeps the database intact, over three kill/restart cycles', async () => {
    dir = tempDir('hookscope-durability-');
    const db = path.join(dir, 'data', 'hookscope.db');
    const all: Acked[] = [];
    let running = await startProcess(db);
    for (let cycle = 0; cycle < 3; cycle++) {
      const traffic = load(running.urls.capture, cycle, 8);
      // Kill mid-stream: after 1,200 acknowledgements (the writer checkpoints every 2,000 rows: later cycles cross one) or 3 s, whichever comes first.
      const started = Date.now();
      while (traffic.acked.length < 1_200 && Date.now() - started < 3_000) await new Promise((r) => setTimeout(r, 10));
      running.child.kill('SIGKILL');
      await running.exited;
      traffic.stop();
      await traffic.done;
      expect(running.child.signalCode).toBe('SIGKILL');
      expect(traffic.acked.length, `cycle ${cycle}: requests acknowledged before the kill`).toBeGreaterThan(20);
      all.push(...traffic.acked);
      expect(new Set(all.map((a) => a.id)).size, 'ids are never reused').toBe(all.length);

      const { rows } = checkDatabase(db, all);
      expect(rows).toBeGreaterThanOrEqual(all.length);

      running = await startProcess(db);
      await checkThroughApi(running.urls.ui, traffic.acked);
    }
    // The last restart still captures.
    const res = await fetch(`${running.urls.capture}/after-the-kills`, { method: 'POST', body: 'alive' });
    expect(res.status).toBe(200);
    await checkThroughApi(running.urls.ui, all.slice(0, 200));
    running.child.kill('SIGTERM');
    await running.exited;
    checkDatabase(db, all);
  }, 60_000);
});
