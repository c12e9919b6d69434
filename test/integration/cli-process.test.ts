/**
 * The acceptance scenario through the real `hookscope` process: start, capture, SIGTERM,
 * start again on the same database, read back.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import type { RequestDetail } from '../../shared/api.js';
import { readFileSync } from 'node:fs';
import { HOOKSCOPE_BIN, startTestHookscope, tempDir } from '../helpers/hookscope.js';
import { sendRaw } from '../helpers/raw-http.js';
import { seedUnindexedBacklog } from '../helpers/backlog.js';

const bin = HOOKSCOPE_BIN; // compiled by the global setup

const children: ChildProcess[] = [];
afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

function startProcess(args: string[], cwd: string): Promise<{ child: ChildProcess; urls: { capture: string; ui: string } }> {
  const child = spawn(process.execPath, [bin, 'start', '--json', '--port', '0', '--ui-port', '0', '--no-open', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve({ child, urls: JSON.parse(line) as { capture: string; ui: string } }));
    child.once('exit', (code) => reject(new Error(`hookscope exited ${code}: ${stderr}`)));
  });
}

/**
 * A scratch folder holding a database of `count` captures the search index never reached (POST
 * /seed/<n>, see seedUnindexedBacklog), and a way to run a `hookscope` command on it; removed afterwards.
 */
function withBacklog(count: number, test: (run: (...args: string[]) => string, dir: string) => void): void {
  const dir = tempDir();
  try {
    const db = path.join(dir, 'backlog.db');
    seedUnindexedBacklog(db, count);
    test((...args) => execFileSync(process.execPath, [bin, ...args, '--db', db], { cwd: dir, encoding: 'utf8' }), dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function stopProcess(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('hookscope process', () => {
  it('prints its URLs as the first stdout line with --json, and keeps a 300 kB binary PUT across a restart', async () => {
    const dir = tempDir();
    try {
      const db = path.join(dir, 'data', 'hookscope.db');
      const first = await startProcess(['--db', db], dir);
      expect(first.urls.capture).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(first.urls.ui).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const body = randomBytes(300 * 1000);
      const res = await sendRaw({ url: first.urls.capture, method: 'PUT', target: '/bin/x?y=1&y=2', headers: [['X-Dup', 'a'], ['X-Dup', 'b']], body });
      expect(res.status).toBe(200);
      const { id } = JSON.parse(res.body.toString()) as { id: string };
      expect(await stopProcess(first.child)).toBe(0);

      const second = await startProcess(['--db', db], dir);
      const detail = (await (await fetch(`${second.urls.ui}/api/requests/${id}`)).json()) as RequestDetail;
      expect(Buffer.from(detail.body, 'base64').equals(body)).toBe(true);
      expect(detail.url).toBe('/bin/x?y=1&y=2');
      expect(detail.headers.filter(([n]) => n === 'X-Dup')).toEqual([['X-Dup', 'a'], ['X-Dup', 'b']]);
      expect(await stopProcess(second.child)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('list and export read the database directly and mask the configured secrets', async () => {
    const dir = tempDir();
    const token = 'tm_token_5f1d2c3b4a59687';
    try {
      const app = await startTestHookscope({}, dir);
      await sendRaw({ url: app.urls.capture, method: 'POST', target: `/textmaster?token=${token}`, headers: [['Content-Type', 'application/json']], body: '{"a":1}' });
      await sendRaw({ url: app.urls.capture, method: 'PUT', target: '/second', body: 'x' });
      await app.close();
      const listed = JSON.parse(execFileSync(process.execPath, [bin, 'list', '--json', '--db', app.dbFile, '--secret', `token=${token}`], { cwd: dir, encoding: 'utf8' })) as { items: Array<{ url: string }> };
      expect(listed.items.map((i) => i.url)).toEqual(['/second', '/textmaster?token=[secret]']);
      const har = path.join(dir, 'out.har');
      const said = execFileSync(process.execPath, [bin, 'export', '--har', har, '--db', app.dbFile, '--secret', `token=${token}`], { cwd: dir, encoding: 'utf8' });
      expect(said).toMatch(/wrote 2 requests/);
      const text = readFileSync(har, 'utf8');
      expect(text).not.toContain(token);
      const parsed = JSON.parse(text) as { log: { entries: Array<{ request: { method: string } }> } };
      expect(parsed.log.entries.map((e) => e.request.method)).toEqual(['POST', 'PUT']);
      // --limit keeps the newest and says the rest were left out.
      const newest = execFileSync(process.execPath, [bin, 'export', '--har', har, '--limit', '1', '--db', app.dbFile], { cwd: dir, encoding: 'utf8' });
      expect(newest).toMatch(/wrote 1 request to .*\(the newest 1; older ones are stored too/);
      expect((JSON.parse(readFileSync(har, 'utf8')) as { log: { entries: Array<{ request: { method: string } }> } }).log.entries.map((e) => e.request.method)).toEqual(['PUT']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('list and export take the list filters and a --limit past one page (500)', () => {
    withBacklog(700, (run, dir) => { // POST /seed/1 … /seed/700
      expect(run('list', '--limit', '650').trim().split('\n')).toHaveLength(650);
      const ones = run('list', '--path', '/seed/1', '--limit', '1000').trim().split('\n');
      expect(ones).toHaveLength(111); // /seed/1, /seed/10–19, /seed/100–199
      expect(ones.every((l) => / POST /.test(l) && / {2}\/seed\/1\d*$/.test(l))).toBe(true); // the URL last
      expect(run('list', '--method', 'PUT').trim()).toBe('no stored request matches');
      expect(() => run('list', '--limit', '0')).toThrow(/--limit must be a positive integer/);

      const har = path.join(dir, 'ones.har');
      expect(run('export', '--har', har, '--path', '/seed/1', '--limit', '100')).toMatch(/wrote 100 requests .*the newest 100/);
      const file = JSON.parse(readFileSync(har, 'utf8')) as { log: { comment: string; entries: Array<{ request: { url: string } }> } };
      expect(file.log.comment).toBe('the newest 100 requests matching path=/seed/1; older ones matched too and were left out');
      expect(file.log.entries.every((e) => new URL(e.request.url).pathname.startsWith('/seed/1'))).toBe(true);
    });
  });

  it('list and export --search find text in bodies the search index had not reached (indexing them first); export --ids as the API takes ids', () => {
    withBacklog(300, (run, dir) => { // bodies `backlog-marker-<n> text`, none of them indexed yet
      const found = run('list', '--search', 'backlog-marker-25 text').trim().split('\n');
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/ {2}\/seed\/25$/);
      // the substring without " text" also ends /seed/250 … /seed/259: newest first
      const urls = JSON.parse(run('list', '--json', '-s', 'backlog-marker-25')).items.map((i: { url: string }) => i.url);
      expect(urls).toEqual([259, 258, 257, 256, 255, 254, 253, 252, 251, 250, 25].map((n) => `/seed/${n}`));
      expect(run('list', '--search', 'no such text anywhere').trim()).toBe('no stored request matches');

      const har = path.join(dir, 'found.har');
      expect(run('export', '--har', har, '--search', 'backlog-marker-7 text', '--path', '/seed/7')).toMatch(/wrote 1 request to/);
      const file = JSON.parse(readFileSync(har, 'utf8')) as { log: { entries: Array<{ request: { url: string } }> } };
      expect(file.log.entries.map((e) => new URL(e.request.url).pathname)).toEqual(['/seed/7']);

      // --ids: the same id list as the API's ?ids=, and the same complaint
      expect(run('export', '--har', har, '--ids', '12, 3,')).toMatch(/wrote 2 requests to/);
      expect((JSON.parse(readFileSync(har, 'utf8')) as typeof file).log.entries.map((e) => new URL(e.request.url).pathname)).toEqual(['/seed/3', '/seed/12']);
      expect(() => run('export', '--har', har, '--ids', '3,x')).toThrow(/--ids must be a comma-separated list of request ids/);
    });
  });

  it('list writes everything to a reader that is slow to take it (only the running inspector may drop lines)', async () => {
    const dir = tempDir();
    try {
      const db = path.join(dir, 'big.db');
      seedUnindexedBacklog(db, 20_000); // ~1.5 MB of list lines: more than the inspector's 1 MiB live-output cap
      const child = spawn(process.execPath, [bin, 'list', '--limit', '20000', '--db', db], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      child.stdout!.pause();
      await new Promise((r) => setTimeout(r, 500)); // the pipe fills; list has written everything it will
      let lines = 0;
      createInterface({ input: child.stdout! }).on('line', () => lines++);
      child.stdout!.resume();
      expect(await new Promise((resolve) => child.once('close', resolve))).toBe(0);
      expect(lines).toBe(20_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints a line per captured request with its secrets masked, and none with --quiet', async () => {
    const dir = tempDir();
    const token = 'tm_token_feed_7c1e9a4b';
    const start = (extra: string[]) => {
      const child = spawn(process.execPath, [bin, 'start', '--port', '0', '--ui-port', '0', '--no-open', '--db', path.join(dir, 'feed.db'), '--secret', `token=${token}`, ...extra], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      const lines: string[] = [];
      createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
      return { child, lines };
    };
    const captureUrl = async (lines: string[]) => {
      await expect.poll(() => lines.find((l) => l.startsWith('hookscope is capturing on')), { timeout: 10_000 }).toBeDefined();
      return /capturing on (http:\/\/\S+)/.exec(lines[0]!)![1]!;
    };
    try {
      const loud = start([]);
      const res = await sendRaw({ url: await captureUrl(loud.lines), method: 'POST', target: `/textmaster/hook?token=${token}`, body: '{}' });
      const { id } = JSON.parse(res.body.toString()) as { id: string };
      await expect.poll(() => loud.lines.find((l) => l.includes(`#${id}  POST`)), { timeout: 5_000 }).toMatch(/#\d+ {2}POST \/textmaster\/hook\?token=\[secret\]/);
      expect(loud.lines.join('\n')).not.toContain(token);
      expect(await stopProcess(loud.child)).toBe(0);

      const quiet = start(['--quiet']);
      await sendRaw({ url: await captureUrl(quiet.lines), method: 'POST', target: '/quiet', body: 'x' });
      await new Promise((r) => setTimeout(r, 600)); // three flush intervals
      expect(await stopProcess(quiet.child)).toBe(0);
      expect(quiet.lines.filter((l) => l.includes('POST /quiet'))).toEqual([]);
      expect(quiet.lines[0]).toMatch(/^hookscope is capturing on/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps capturing when whoever read its output goes away (hookscope | head)', async () => {
    const dir = tempDir();
    try {
      const child = spawn(process.execPath, [bin, 'start', '--port', '0', '--ui-port', '0', '--no-open', '--db', path.join(dir, 'pipe.db')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let stderr = '';
      child.stderr!.on('data', (c) => (stderr += c));
      const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
      const capture = /capturing on (http:\/\/\S+)/.exec(first)![1]!;
      child.stdout!.destroy(); // the reader is gone: every feed line from now on meets EPIPE
      for (let i = 0; i < 30; i++) expect((await sendRaw({ url: capture, method: 'POST', target: `/after-reader/${i}`, body: 'x' })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 700)); // several feed flushes
      expect((await sendRaw({ url: capture, method: 'POST', target: '/still-here', body: 'x' })).status).toBe(200);
      expect(child.exitCode).toBeNull();
      expect(stderr).not.toMatch(/EPIPE/);
      expect(await stopProcess(child)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // `script` (util-linux) gives the process a real terminal, whose output Ctrl-S (XOFF) pauses.
  it.skipIf(process.platform !== 'linux')('keeps capturing while its terminal output is paused (Ctrl-S)', async () => {
    const dir = tempDir();
    try {
      const command = `${process.execPath} ${bin} start --port 0 --ui-port 0 --no-open --db ${path.join(dir, 'tty.db')}`;
      const child = spawn('script', ['-qfc', command, '/dev/null'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
      children.push(child);
      let out = '';
      child.stdout!.on('data', (c) => (out += c));
      await expect.poll(() => /capturing on (http:\/\/\S+)/.exec(out), { timeout: 10_000 }).not.toBeNull();
      const capture = /capturing on (http:\/\/\S+)/.exec(out)![1]!;
      child.stdin!.write('\x13'); // XOFF: the terminal takes no more output
      // Long URLs make long feed lines: the terminal's buffer fills within a second.
      const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
      const post = (i: number) =>
        new Promise<number>((resolve) => {
          const began = Date.now();
          const req = http.request(`${capture}/${'p'.repeat(150)}/${i}`, { method: 'POST', agent, timeout: 2_500 }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode === 200 ? Date.now() - began : -1));
          });
          req.on('timeout', () => (req.destroy(), resolve(-1)));
          req.on('error', () => resolve(-1));
          req.end('x');
        });
      let sent = 0;
      const failures: number[] = [];
      const until = Date.now() + 3_000;
      while (Date.now() < until) for (const ms of await Promise.all(Array.from({ length: 8 }, () => post(sent++)))) if (ms < 0) failures.push(sent);
      agent.destroy();
      child.stdin!.write('\x11'); // XON
      child.kill('SIGTERM');
      expect(failures).toEqual([]);
      // Blocked on the terminal, hookscope answered ~90 requests a second, each waiting for the next write.
      expect(sent).toBeGreaterThan(1_500);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--help lists the start options and commands that exist', () => {
    const out = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    for (const flag of ['--port', '--host', '--ui-port', '--db', '--config', '--max-body', '--keep', '--no-open', '--json', '--secret', '--public-url', '--forward']) expect(out).toContain(flag);
    for (const command of ['hookscope send', 'hookscope replay', 'hookscope list', 'hookscope export --har', 'hookscope secret', 'hookscope sign-url']) expect(out).toContain(command);
  });

  it('exits 2 with a clear message on a bad flag value', () => {
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [bin, 'start', '--port', 'nope', '--no-open'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      status = (error as { status: number }).status;
      stderr = String((error as { stderr: string }).stderr);
    }
    expect(status).toBe(2);
    expect(stderr).toMatch(/--port must be a port number/);
  });

  it('hookscope secret prints 256 bits of hex, different each time', () => {
    const a = execFileSync(process.execPath, [bin, 'secret'], { encoding: 'utf8' }).trim();
    const b = execFileSync(process.execPath, [bin, 'secret'], { encoding: 'utf8' }).trim();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
  });
});
