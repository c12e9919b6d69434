/**
 * Issue 7 — a property test of the capture path against a real hookscope: random methods, request
 * targets (every valid character, percent-escapes), header sets (duplicates, odd case, obs-text),
 * binary bodies, Content-Length or chunked framing, and content encodings. The server must stay up,
 * and every request it accepts (2xx) must read back byte-exact: method, target, headers in order, body.
 */
import http from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestDetail, RequestPage } from '../../shared/api.js';
import { apiGet, startTestHookscope, type TestHookscope } from '../helpers/hookscope.js';
import { exchange } from '../helpers/raw-socket.js';
import { sendRaw } from '../helpers/raw-http.js';

let app: TestHookscope;
beforeAll(async () => {
  app = await startTestHookscope();
});
afterAll(() => app?.dispose());

const ALPHA = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGIT = '0123456789';
const TCHAR = ALPHA + DIGIT + "!#$%&'*+-.^_`|~";
/** RFC 3986 pchar minus pct-encoded: unreserved, sub-delims, ":" and "@". */
const PCHAR = ALPHA + DIGIT + "-._~!$&'()*+,;=:@";
const HEX = '0123456789ABCDEFabcdef';

const chars = (alphabet: string, min: number, max: number) => fc.string({ unit: fc.constantFrom(...alphabet.split('')), minLength: min, maxLength: max });
const pctEncoded = fc.tuple(fc.constantFrom(...HEX.split('')), fc.constantFrom(...HEX.split(''))).map(([a, b]) => `%${a}${b}`);
const pathChars = (max: number) => fc.array(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...PCHAR.split('')) }, { weight: 1, arbitrary: pctEncoded }), { maxLength: max }).map((a) => a.join(''));
const queryChars = fc.array(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...(PCHAR + '/?').split('')) }, { weight: 1, arbitrary: pctEncoded }), { maxLength: 60 }).map((a) => a.join(''));

const target = fc
  .tuple(fc.array(pathChars(16), { minLength: 1, maxLength: 6 }), fc.option(queryChars, { nil: undefined }))
  .map(([segments, query]) => '/' + segments.join('/') + (query === undefined ? '' : `?${query}`));

/** Methods Node's parser knows (CONNECT excluded: it is a tunnel, not a request) and random tokens. */
const KNOWN_METHODS = http.METHODS.filter((m) => m !== 'CONNECT');
const method = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KNOWN_METHODS) }, { weight: 1, arbitrary: chars(TCHAR, 1, 10) });

/** Names that change framing or connection handling: the fuzz sets those itself. */
const RESERVED = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'expect', 'upgrade', 'keep-alive', 'te', 'trailer', 'proxy-connection', 'http2-settings']);
const oddCase = (name: string) => fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }).map((flips) => [...name].map((c, i) => (flips[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
const headerName = fc
  .oneof(fc.constantFrom('x-dup', 'x-signature', 'content-type', 'stripe-signature', 'x-hub-signature-256', 'user-agent', 'accept'), chars(TCHAR, 1, 20))
  .chain(oddCase)
  .filter((n) => !RESERVED.has(n.toLowerCase()));
/** Visible ASCII, inner spaces and tabs, and some obs-text bytes (0x80-0xFF, read as latin1). */
const VCHAR = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).join('');
const OBS = Array.from({ length: 0x80 }, (_, i) => String.fromCharCode(0x80 + i)).join('');
const headerValue = fc
  .array(fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...VCHAR.split('')) }, { weight: 2, arbitrary: fc.constantFrom(' ', '\t') }, { weight: 1, arbitrary: fc.constantFrom(...OBS.split('')) }), { maxLength: 80 })
  .map((a) => a.join('').replace(/^[ \t]+|[ \t]+$/g, ''));
const headers = fc.array(fc.tuple(headerName, headerValue), { maxLength: 12 });

type Encoding = 'none' | 'gzip' | 'deflate' | 'br' | 'identity' | 'fake-gzip';
const body = fc.oneof({ weight: 5, arbitrary: fc.uint8Array({ maxLength: 2048 }) }, { weight: 1, arbitrary: fc.uint8Array({ minLength: 30_000, maxLength: 80_000 }) });
const scenario = fc.record({
  method,
  target,
  host: fc.constantFrom('127.0.0.1', 'abc.ngrok-free.app', 'EXAMPLE.com:443', '[::1]:8080'),
  headers,
  payload: body,
  encoding: fc.constantFrom<Encoding>('none', 'none', 'gzip', 'deflate', 'br', 'identity', 'fake-gzip'),
  chunked: fc.boolean(),
  chunkSizes: fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 8 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function encode(payload: Buffer, encoding: Encoding): Buffer {
  switch (encoding) {
    case 'gzip':
      return gzipSync(payload);
    case 'deflate':
      return deflateSync(payload);
    case 'br':
      return brotliCompressSync(payload);
    default:
      return payload;
  }
}

function chunk(bodyBytes: Buffer, sizes: number[]): Buffer {
  const parts: Buffer[] = [];
  let i = 0;
  for (let k = 0; i < bodyBytes.length; k++) {
    const size = sizes[k % sizes.length]!;
    const part = bodyBytes.subarray(i, i + size);
    parts.push(Buffer.from(`${part.length.toString(16)}\r\n`, 'latin1'), part, Buffer.from('\r\n'));
    i += size;
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

/** The exact bytes to send, and the header list the server must store. */
function build(s: Scenario): { bytes: Buffer; headers: Array<[string, string]>; body: Buffer; payload: Buffer } {
  const payload = Buffer.from(s.payload);
  const bodyBytes = encode(payload, s.encoding);
  const list: Array<[string, string]> = [['Host', s.host], ...s.headers];
  if (s.encoding !== 'none') list.push(['Content-Encoding', s.encoding === 'fake-gzip' ? 'gzip' : s.encoding]);
  list.push(s.chunked ? ['Transfer-Encoding', 'chunked'] : ['Content-Length', String(bodyBytes.length)]);
  list.push(['Connection', 'close']);
  const head = Buffer.from(`${s.method} ${s.target} HTTP/1.1\r\n${list.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`, 'latin1');
  return { bytes: Buffer.concat([head, s.chunked ? chunk(bodyBytes, s.chunkSizes) : bodyBytes]), headers: list, body: bodyBytes, payload };
}

describe('capture path property', () => {
  it('stays up and stores every accepted request byte-exact', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const sent = build(s);
        // Not half-closed: Node's server drops the answer to a client that shuts its side first.
        const res = await exchange(app.urls.capture, sent.bytes, { timeoutMs: 5_000 });
        expect(res.status, `no answer to ${s.method} ${s.target}`).not.toBeNull();
        // Refusing an unknown method or odd syntax is fine; a server error or a hang is not.
        expect(res.status!, res.raw.toString('latin1').slice(0, 200)).toBeLessThan(500);
        if (KNOWN_METHODS.includes(s.method)) expect(res.status).toBe(200);
        if (res.status !== 200) return;
        accepted++;
        const id = res.body.length ? (JSON.parse(res.body.toString()) as { id: string }).id : (await apiGet<RequestPage>(app, '/api/requests?limit=1')).items[0]!.id;
        const detail = await apiGet<RequestDetail>(app, `/api/requests/${id}`);
        expect(detail.method).toBe(s.method);
        expect(detail.url).toBe(s.target);
        expect(detail.path).toBe(s.target.split('?')[0]);
        expect(detail.headers).toEqual(sent.headers);
        expect(detail.size).toBe(sent.body.length);
        expect(detail.truncated).toBe(false);
        expect(detail.declaredSize).toBe(s.chunked ? null : sent.body.length);
        expect(Buffer.from(detail.body, 'base64').equals(sent.body), 'body differs').toBe(true);
        const raw = Buffer.from(await (await fetch(`${app.urls.ui}/api/requests/${id}/body`)).arrayBuffer());
        expect(raw.equals(sent.body), 'downloaded body differs').toBe(true);
        if (s.encoding === 'gzip' || s.encoding === 'deflate' || s.encoding === 'br') {
          const decoded = await apiGet<{ body: string; truncated: boolean }>(app, `/api/requests/${id}/decoded`);
          expect(Buffer.from(decoded.body, 'base64').equals(sent.payload), 'decoded body differs').toBe(true);
        } else if (s.encoding === 'fake-gzip') {
          const decoded = await fetch(`${app.urls.ui}/api/requests/${id}/decoded`);
          expect(decoded.status).toBeLessThan(500);
        }
      }),
      { numRuns: 100, interruptAfterTimeLimit: 15_000, endOnFailure: true },
    );
    expect(accepted).toBeGreaterThan(40);
    const alive = await sendRaw({ url: app.urls.capture, method: 'POST', target: '/after-fuzz', body: 'ok' });
    expect(alive.status).toBe(200);
  }, 30_000);

  it('survives mutated and truncated requests: always answers or closes, and keeps serving', async () => {
    const before = (await apiGet<RequestPage>(app, '/api/requests?limit=1')).items[0]?.id;
    await fc.assert(
      fc.asyncProperty(scenario, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), fc.option(fc.nat(), { nil: undefined }), async (s, flips, cut) => {
        const bytes = Buffer.from(build(s).bytes);
        for (const [at, value] of flips) bytes[at % bytes.length] = value;
        const mutated = cut === undefined ? bytes : bytes.subarray(0, cut % bytes.length);
        const res = await exchange(app.urls.capture, mutated, { timeoutMs: 5_000, end: true });
        expect(res.closed, 'the server closes the connection once the client is done').toBe(true);
        if (res.status !== null) expect(res.status, res.raw.toString('latin1').slice(0, 120)).toBeLessThan(500);
      }),
      { numRuns: 100, interruptAfterTimeLimit: 8_000, endOnFailure: true },
    );
    const alive = await sendRaw({ url: app.urls.capture, method: 'POST', target: '/after-mutations', body: 'ok' });
    expect(alive.status).toBe(200);
    expect((await apiGet<RequestPage>(app, '/api/requests?limit=1')).items[0]!.id).not.toBe(before);
  }, 20_000);
});
