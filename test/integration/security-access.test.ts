/**
 * Issue 7 — isolation, DNS rebinding and cross-site attacks against a real hookscope on loopback.
 * Every attack is sent as exact bytes (a raw socket) so no client library can "fix" the Host or Origin.
 */
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestDetail, RequestPage } from '../../shared/api.js';
import { apiGet, startTestHookscope, type TestHookscope } from '../helpers/hookscope.js';
import { exchange, requestHead, serves, upgrade, type Exchange } from '../helpers/raw-socket.js';
import { sendRaw } from '../helpers/raw-http.js';

let app: TestHookscope;
let uiPort: number;
let uiHost: string; // "127.0.0.1:<port>"
let uiOrigin: string;

beforeAll(async () => {
  app = await startTestHookscope({ allowHosts: ['hookscope.test'], secrets: [{ provider: 'github', value: 'gh-secret-for-access-tests', source: 'cli' }] });
  uiPort = Number(new URL(app.urls.ui).port);
  uiHost = `127.0.0.1:${uiPort}`;
  uiOrigin = `http://${uiHost}`;
});
afterAll(() => app?.dispose());

/** One request to the UI/API port with exactly these headers (Connection: close and a length added). */
function ui(method: string, target: string, headers: Array<[string, string]>, body = ''): Promise<Exchange> {
  const all: Array<[string, string]> = [...headers, ['Connection', 'close']];
  if (body || method === 'PUT' || method === 'POST') all.push(['Content-Length', String(Buffer.byteLength(body))]);
  return exchange(app.urls.ui, requestHead(`${method} ${target} HTTP/1.1`, all) + body);
}

async function capturedCount(): Promise<number> {
  return (await apiGet<RequestPage>(app, '/api/requests?limit=500')).items.length;
}

function expectRefused(res: Exchange, what: string): void {
  expect(res.status, `${what} → ${res.raw.toString('latin1').slice(0, 200)}`).not.toBeNull();
  expect(res.status! >= 400 && res.status! < 500, `${what} answered ${res.status}`).toBe(true);
  const text = res.body.toString('latin1');
  // Nothing the page or the API would have served leaks in the refusal.
  expect(text).not.toContain('hookscope-token');
  expect(text).not.toContain(app.token);
  expect(text).not.toContain('"items"');
  expect(text).not.toContain('"secrets"');
}

function expectUpgradeRefused(res: Exchange, what: string): void {
  expect(res.status, what).not.toBe(101);
  expect(res.raw.toString('latin1'), what).not.toMatch(/^HTTP\/1\.1 101/);
}

describe('DNS rebinding: the Host header must be a loopback or configured name', () => {
  const foreignHosts = () => [
    'evil.example',
    `evil.example:${uiPort}`,
    `127.0.0.1.nip.io:${uiPort}`, // resolves to 127.0.0.1: the classic rebinding name
    `7f000001.c0a80001.rbndr.us:${uiPort}`,
    `localhost.evil.example:${uiPort}`,
    `hookscope.test.evil.example:${uiPort}`,
    `evilhookscope.test:${uiPort}`,
    `127.1:${uiPort}`,
    `2130706433:${uiPort}`,
    `0.0.0.0:${uiPort}`,
    `[::ffff:127.0.0.1]:${uiPort}`,
    `localhost.:${uiPort}`,
  ];

  it('refuses a foreign Host with 4xx on the UI, the API and the WebSocket', async () => {
    for (const host of foreignHosts()) {
      for (const target of ['/', '/index.html', '/api/requests', '/api/secrets', '/api/export.har']) {
        expectRefused(await ui('GET', target, [['Host', host]]), `GET ${target} Host: ${host}`);
      }
      const ws = await upgrade(app.urls.ui, `/api/live?token=${app.token}`, [['Host', host]]);
      expectUpgradeRefused(ws, `WS Host: ${host}`);
      expect(ws.status, `WS Host: ${host}`).toBeGreaterThanOrEqual(400);
    }
  });

  it('refuses a state change through a foreign Host even with the token and a matching Origin', async () => {
    const before = await capturedCount();
    await sendRaw({ url: app.urls.capture, method: 'POST', target: '/keep-me' });
    const res = await ui('DELETE', '/api/requests', [['Host', `evil.example:${uiPort}`], ['Origin', `http://evil.example:${uiPort}`], ['X-Hookscope-Token', app.token]]);
    expectRefused(res, 'DELETE via rebinding');
    expect(await capturedCount()).toBe(before + 1);
  });

  it('refuses a missing Host (HTTP/1.1 and HTTP/1.0) on the API and the WebSocket', async () => {
    for (const version of ['1.1', '1.0']) {
      const res = await exchange(app.urls.ui, `GET /api/requests HTTP/${version}\r\nConnection: close\r\n\r\n`);
      expectRefused(res, `HTTP/${version} without Host`);
    }
    const ws = await upgrade(app.urls.ui, `/api/live?token=${app.token}`, []);
    expectUpgradeRefused(ws, 'WS without Host');
  });

  it('refuses malformed Host headers and keeps serving', async () => {
    const malformed = [
      '',
      ' ',
      'local host',
      `127.0.0.1:99999`,
      '127.0.0.1:port',
      '127.0.0.1:1:2',
      '[::1',
      '::1',
      `user@127.0.0.1:${uiPort}`,
      `127.0.0.1:${uiPort}/x`,
      `http://127.0.0.1:${uiPort}`,
      '%31%32%37.0.0.1',
      '\x80\xfflocalhost',
      'a'.repeat(8_000),
    ];
    for (const host of malformed) {
      expectRefused(await ui('GET', '/api/requests', [['Host', host]]), `Host ${JSON.stringify(host.slice(0, 40))}`);
      expectUpgradeRefused(await upgrade(app.urls.ui, `/api/live?token=${app.token}`, [['Host', host]]), `WS Host ${JSON.stringify(host.slice(0, 40))}`);
    }
    // Control characters cannot even be parsed: Node answers 400 itself.
    expectRefused(await exchange(app.urls.ui, 'GET /api/requests HTTP/1.1\r\nHost: 127.0.0.1\x00evil\r\n\r\n'), 'NUL in Host');
    expect(await serves(app.urls.ui)).toBe(200);
  });

  it('accepts the loopback names and a name the user configured', async () => {
    for (const host of [uiHost, `localhost:${uiPort}`, `LOCALHOST:${uiPort}`, `[::1]:${uiPort}`, 'localhost', `hookscope.test:${uiPort}`]) {
      const res = await ui('GET', '/api/requests', [['Host', host]]);
      expect(res.status, host).toBe(200);
    }
  });
});

describe('cross-site requests: a browser Origin must be the UI itself', () => {
  const foreignOrigins = () => [
    'https://evil.example',
    'http://evil.example',
    'null',
    'http://192.168.1.5:4401',
    `http://192.168.1.5:${uiPort}`,
    'http://127.0.0.1:9999',
    `https://127.0.0.1:${uiPort}`,
    `ws://127.0.0.1:${uiPort}`,
    'http://localhost',
    'http://127.0.0.1',
    `http://evil.example:${uiPort}`,
    `http://127.0.0.1.nip.io:${uiPort}`,
    `http://0.0.0.0:${uiPort}`,
    `http://[::1]:9999`,
    `http://localhost:${uiPort}.evil.example`,
    `http://127.0.0.1:${uiPort}@evil.example`,
    'file://',
    'chrome-extension://abcdefghijklmnop',
    `${uiOrigin}, https://evil.example`,
  ];

  it('refuses foreign, null and bare-IP origins on the API, the UI and the WebSocket', async () => {
    for (const origin of foreignOrigins()) {
      for (const target of ['/api/requests', '/api/secrets', '/']) {
        const res = await ui('GET', target, [['Host', uiHost], ['Origin', origin]]);
        expectRefused(res, `GET ${target} Origin: ${origin}`);
        expect(res.status, `GET ${target} Origin: ${origin}`).toBe(403);
      }
      const ws = await upgrade(app.urls.ui, `/api/live?token=${app.token}`, [['Host', uiHost], ['Origin', origin]]);
      expectUpgradeRefused(ws, `WS Origin: ${origin}`);
      expect(ws.status, `WS Origin: ${origin}`).toBe(403);
    }
  });

  it('refuses state changes from a foreign origin even when it somehow has the token', async () => {
    const before = await capturedCount();
    await sendRaw({ url: app.urls.capture, method: 'POST', target: '/survives-csrf' });
    for (const origin of foreignOrigins()) {
      const del = await ui('DELETE', '/api/requests', [['Host', uiHost], ['Origin', origin], ['X-Hookscope-Token', app.token]]);
      expect(del.status, `DELETE Origin: ${origin}`).toBe(403);
      const put = await ui('PUT', '/api/secrets', [['Host', uiHost], ['Origin', origin], ['X-Hookscope-Token', app.token], ['Content-Type', 'application/json']], JSON.stringify({ provider: 'github', secrets: ['attacker-secret'] }));
      expect(put.status, `PUT Origin: ${origin}`).toBe(403);
      // A "simple" cross-site form post (no preflight in a browser) is refused too.
      const form = await ui('PUT', '/api/secrets', [['Host', uiHost], ['Origin', origin], ['Content-Type', 'text/plain']], '{"provider":"github","secrets":["x"]}');
      expect(form.status, `text/plain PUT Origin: ${origin}`).toBe(403);
    }
    expect(await capturedCount()).toBe(before + 1);
    const secrets = await apiGet<{ secrets: Array<{ source: string }> }>(app, '/api/secrets');
    expect(secrets.secrets.map((s) => s.source)).toEqual(['cli']);
  });

  it('lets the page make state changes only with the per-run token from its <meta> tag, and only as JSON', async () => {
    const page = await fetch(`${app.urls.ui}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const token = /<meta name="hookscope-token" content="([^"]+)">/.exec(html)?.[1];
    expect(token).toBe(app.token);

    const id = (JSON.parse((await sendRaw({ url: app.urls.capture, method: 'POST', target: '/delete-me' })).body.toString()) as { id: string }).id;
    const browser = (extra: Array<[string, string]>): Array<[string, string]> => [['Host', uiHost], ['Origin', uiOrigin], ...extra];

    const attempts: Array<[string, Array<[string, string]>]> = [
      ['no token', []],
      ['empty token', [['X-Hookscope-Token', '']]],
      ['short token', [['X-Hookscope-Token', 'x']]],
      ['wrong token of the right length', [['X-Hookscope-Token', 'A'.repeat(token!.length)]]],
      ['long token', [['X-Hookscope-Token', token! + token!]]],
      ['token with non-ASCII bytes', [['X-Hookscope-Token', token!.slice(0, -2) + '\xe9\xff']]],
      ['token in a query parameter', []],
      ['two tokens', [['X-Hookscope-Token', 'x'], ['X-Hookscope-Token', token!]]],
    ];
    for (const [what, headers] of attempts) {
      const target = what === 'token in a query parameter' ? `/api/requests/${id}?token=${token}` : `/api/requests/${id}`;
      const res = await ui('DELETE', target, browser(headers));
      expect(res.status, what).toBe(403);
      expect(JSON.parse(res.body.toString()), what).toMatchObject({ error: { code: 'token-required' } });
    }
    expect((await fetch(`${app.urls.ui}/api/requests/${id}`)).status).toBe(200); // still there

    const ok = await ui('DELETE', `/api/requests/${id}`, browser([['X-Hookscope-Token', token!]]));
    expect(ok.status).toBe(200);
    expect((await fetch(`${app.urls.ui}/api/requests/${id}`)).status).toBe(404);

    // Another loopback name for the same port is the same UI.
    const id2 = (JSON.parse((await sendRaw({ url: app.urls.capture, method: 'POST', target: '/delete-me-too' })).body.toString()) as { id: string }).id;
    const viaLocalhost = await ui('DELETE', `/api/requests/${id2}`, [['Host', `localhost:${uiPort}`], ['Origin', `http://localhost:${uiPort}`], ['X-Hookscope-Token', token!]]);
    expect(viaLocalhost.status).toBe(200);

    // State-changing endpoints take JSON only, whatever the origin and token.
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      const res = await ui('PUT', '/api/secrets', browser([['X-Hookscope-Token', token!], ...(type ? [['Content-Type', type] as [string, string]] : [])]), '{"provider":"github","secrets":["from-a-form"]}');
      expect(res.status, `Content-Type: ${type}`).toBe(415);
    }
    const json = await ui('PUT', '/api/secrets', browser([['X-Hookscope-Token', token!], ['Content-Type', 'application/json']]), JSON.stringify({ provider: 'stripe', secrets: ['whsec_from_the_page_1234567890'] }));
    expect(json.status).toBe(200);
  });

  it('refuses every state-changing route from the page without the token, and takes JSON only', async () => {
    const id = (JSON.parse((await sendRaw({ url: app.urls.capture, method: 'POST', target: '/replay-me', body: '{}' })).body.toString()) as { id: string }).id;
    const routes: Array<[string, string, string]> = [
      ['PUT', '/api/secrets', JSON.stringify({ provider: 'github', secrets: ['from-a-form'] })],
      ['POST', `/api/requests/${id}/replay`, JSON.stringify({ to: 'http://127.0.0.1:9/' })],
      ['POST', '/api/replay', JSON.stringify({ ids: [id], to: 'http://127.0.0.1:9/' })],
      ['POST', '/api/send', JSON.stringify({ provider: 'github', to: 'http://127.0.0.1:9/', secret: 'x' })],
      ['PUT', '/api/responses', JSON.stringify({ responses: [] })],
      ['POST', '/api/tunnel/import', JSON.stringify({ url: 'https://evil.example' })],
      ['DELETE', `/api/requests/${id}`, ''],
      ['DELETE', '/api/requests', ''],
    ];
    for (const [method, target, body] of routes) {
      const page: Array<[string, string]> = [['Host', uiHost], ['Origin', uiOrigin], ['Content-Type', 'application/json']];
      const noToken = await ui(method, target, page, body);
      expect(noToken.status, `${method} ${target} without the token`).toBe(403);
      if (!body) continue;
      // What a cross-site <form> or a no-preflight fetch could send, even with the token.
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const res = await ui(method, target, [['Host', uiHost], ['Origin', uiOrigin], ['X-Hookscope-Token', app.token], ['Content-Type', type]], body);
        expect(res.status, `${method} ${target} as ${type}`).toBe(415);
      }
    }
    expect((await fetch(`${app.urls.ui}/api/requests/${id}`)).status).toBe(200);
  });

  it('accepts scripts that send no Origin on loopback, without a token (the contract)', async () => {
    const id = (JSON.parse((await sendRaw({ url: app.urls.capture, method: 'POST', target: '/script' })).body.toString()) as { id: string }).id;
    expect((await ui('GET', '/api/requests', [['Host', uiHost]])).status).toBe(200);
    expect((await ui('GET', `/api/requests/${id}`, [['Host', `localhost:${uiPort}`]])).status).toBe(200);
    expect((await ui('DELETE', `/api/requests/${id}`, [['Host', `[::1]:${uiPort}`]])).status).toBe(200);
    const curl = await fetch(`${app.urls.ui}/api/requests`);
    expect(curl.status).toBe(200);
  });
});

describe('the live WebSocket needs its path, an allowed Origin and the per-run token', () => {
  it('accepts the right path with the token, with or without the page Origin', async () => {
    for (const headers of [[['Host', uiHost]], [['Host', uiHost], ['Origin', uiOrigin]], [['Host', `localhost:${uiPort}`], ['Origin', `http://localhost:${uiPort}`]]] as Array<Array<[string, string]>>) {
      const res = await upgrade(app.urls.ui, `/api/live?token=${encodeURIComponent(app.token)}`, headers);
      expect(res.status, JSON.stringify(headers)).toBe(101);
    }
  });

  it('refuses a missing, empty, wrong, short or long token', async () => {
    for (const query of ['', '?token=', '?token=nope', `?token=${'A'.repeat(app.token.length)}`, `?token=${app.token}x`, `?tok=${app.token}`, `?token=${app.token.slice(0, -1)}%C3%A9`]) {
      const res = await upgrade(app.urls.ui, `/api/live${query}`, [['Host', uiHost], ['Origin', uiOrigin]]);
      expect(res.status, query).toBe(403);
    }
  });

  it('destroys upgrades to any other path, with no handshake', async () => {
    for (const target of ['/', '/api/live/', '/api/livex', '/api/requests', '/API/LIVE', '/api/%6Cive', '//api/live', '/index.html']) {
      const res = await upgrade(app.urls.ui, `${target}?token=${app.token}`, [['Host', uiHost], ['Origin', uiOrigin]]);
      expectUpgradeRefused(res, target);
      expect(res.closed || res.status !== null, target).toBe(true);
    }
    expect(await serves(app.urls.ui)).toBe(200);
  });

  it('survives malformed Host/Origin on upgrades and garbage after the handshake', async () => {
    const weird: Array<Array<[string, string]>> = [
      [['Host', uiHost], ['Origin', '']],
      [['Host', uiHost], ['Origin', ' ']],
      [['Host', uiHost], ['Origin', 'http://[::1']],
      [['Host', uiHost], ['Origin', 'http://127.0.0.1:999999']],
      [['Host', uiHost], ['Origin', '\x80\xff']],
      [['Host', uiHost], ['Origin', 'x'.repeat(10_000)]],
      [['Host', uiHost], ['Origin', uiOrigin], ['Origin', 'https://evil.example']],
      [['Host', '[:::::]']],
    ];
    for (const headers of weird) {
      const res = await upgrade(app.urls.ui, `/api/live?token=${app.token}`, headers);
      expectUpgradeRefused(res, JSON.stringify(headers).slice(0, 80));
    }
    // A client that completes the handshake then sends invalid frames is closed; nobody else notices.
    const head = requestHead(`GET /api/live?token=${app.token} HTTP/1.1`, [
      ['Host', uiHost],
      ['Upgrade', 'websocket'],
      ['Connection', 'Upgrade'],
      ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
      ['Sec-WebSocket-Version', '13'],
    ]);
    // An unmasked frame with a reserved opcode, then a frame announcing 2^63 bytes.
    const garbage = Buffer.concat([Buffer.from(head), Buffer.from([0x83, 0x05, 1, 2, 3, 4, 5]), Buffer.from([0x82, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])]);
    const res = await exchange(app.urls.ui, garbage, { timeoutMs: 3_000 });
    expect(res.status).toBe(101);
    expect(res.closed).toBe(true);
    expect(await serves(app.urls.ui)).toBe(200);
  });
});

describe('the capture port never serves the UI, the API or the WebSocket', () => {
  it('records API- and UI-looking requests as captures, whatever the path, method or Host', async () => {
    const targets = ['/', '/index.html', '/assets/index.js', '/api/requests', '/api/requests/1', '/api/secrets', '/api/export.har', '/api/info', '/api/live', `http://${uiHost}/api/secrets`];
    for (const target of targets) {
      for (const method of ['GET', 'DELETE', 'PUT']) {
        for (const headers of [[], [['Host', uiHost], ['Origin', uiOrigin], ['X-Hookscope-Token', app.token]]] as Array<Array<[string, string]>>) {
          const res = await sendRaw({ url: app.urls.capture, method, target, headers });
          const what = `${method} ${target} ${headers.length ? '(as the UI)' : ''}`;
          expect(res.status, what).toBe(200);
          const answer = JSON.parse(res.body.toString()) as Record<string, unknown>;
          // The capture answer and nothing else: no page, no list, no secrets.
          expect(Object.keys(answer), what).toEqual(['id']);
          expect(res.body.toString()).not.toContain('hookscope-token');
          expect(res.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1]).toMatch(/^application\/json/);
        }
      }
    }
    // DELETE /api/requests on the capture port deleted nothing: it was recorded like any request.
    const page = await apiGet<RequestPage>(app, '/api/requests?path=/api/requests&limit=500');
    expect(page.items.filter((i) => i.method === 'DELETE' && i.url === '/api/requests')).toHaveLength(2);
  });

  it('does not complete a WebSocket upgrade on the capture port, even with the right path, Origin and token', async () => {
    const head = requestHead(`GET /api/live?token=${app.token} HTTP/1.1`, [
      ['Host', new URL(app.urls.capture).host],
      ['Origin', uiOrigin],
      ['Upgrade', 'websocket'],
      ['Connection', 'Upgrade'],
      ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
      ['Sec-WebSocket-Version', '13'],
    ]);
    // Wait a moment for the whole answer (the capture port may keep the connection alive).
    const res = await exchange(app.urls.capture, head, { timeoutMs: 1_000 });
    expectUpgradeRefused(res, 'WS on the capture port');
    if (res.status === 200) {
      // Captured as an ordinary request: the capture answer, never a socket onto the live hub.
      const answer = JSON.parse(res.body.toString()) as { id: string };
      expect(Object.keys(answer)).toEqual(['id']);
      const detail = await apiGet<RequestDetail>(app, `/api/requests/${answer.id}`);
      expect(detail.path).toBe('/api/live');
      expect(detail.headers.some(([n, v]) => n.toLowerCase() === 'upgrade' && v === 'websocket')).toBe(true);
    } else {
      expect(res.status === null || (res.status >= 400 && res.status < 500), `status ${res.status}`).toBe(true);
    }
    expect(await serves(app.urls.capture, 'GET /after-ws HTTP/1.1')).toBe(200);
  });
});

describe('payload safety headers on the UI', () => {
  it('serves the page with a strict CSP (no inline script), nosniff, no framing and no caching', async () => {
    for (const target of ['/', '/requests/42']) {
      const res = await fetch(app.urls.ui + target);
      expect(res.status, target).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/default-src 'none'/);
      const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1] ?? '';
      expect(scriptSrc).toBe("'self'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(csp).toMatch(/object-src|default-src 'none'/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const html = await res.text();
      // Every script is an external file; no inline script or event-handler attributes.
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toMatch(/\bsrc=/);
      expect(html).not.toMatch(/<script\b[^>]*>\s*[^<\s]/);
      expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    }
  });

  it('sends nosniff on API answers, assets and refusals, and never serves files outside the UI folder', async () => {
    const api = await fetch(`${app.urls.ui}/api/requests`);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await (await fetch(`${app.urls.ui}/`)).text();
    const asset = /src="\.?(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const js = await fetch(app.urls.ui + asset!);
    expect(js.status).toBe(200);
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    const refused = await ui('GET', '/api/requests', [['Host', 'evil.example']]);
    expect(refused.headers.find(([n]) => n.toLowerCase() === 'x-content-type-options')?.[1]).toBe('nosniff');
    for (const target of ['/../package.json', '/%2e%2e/package.json', '/assets/../../package.json', '/assets/..%2f..%2fpackage.json', '/..%5c..%5cpackage.json', '/%2e%2e%2f%2e%2e%2fserver/app.ts', '//etc/passwd']) {
      const res = await ui('GET', target, [['Host', uiHost]]);
      expect(res.body.toString(), target).not.toContain('"devDependencies"');
      expect(res.body.toString(), target).not.toContain('startHookscope');
      expect(res.body.toString(), target).not.toContain('root:');
    }
  });
});

describe('the UI/API listener is bound to loopback', () => {
  function connects(host: string, port: number): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = net.connect({ host, port, timeout: 2_000 });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('timeout', () => (socket.destroy(), resolve(false)));
      socket.once('error', () => resolve(false));
    });
  }
  const externalAddress = () => Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

  it('announces and binds the UI on 127.0.0.1', async () => {
    expect(new URL(app.urls.ui).hostname).toBe('127.0.0.1');
    expect(await connects('127.0.0.1', uiPort)).toBe(true);
    const external = externalAddress();
    if (external) expect(await connects(external, uiPort)).toBe(false);
  });

  it('keeps the UI on loopback when the capture port listens on all interfaces', async () => {
    const wide = await startTestHookscope({ host: '0.0.0.0' });
    try {
      const port = Number(new URL(wide.urls.ui).port);
      expect(new URL(wide.urls.ui).hostname).toBe('127.0.0.1');
      expect(await connects('127.0.0.1', port)).toBe(true);
      const external = externalAddress();
      if (external) {
        expect(await connects(external, Number(new URL(wide.urls.capture).port))).toBe(true);
        expect(await connects(external, port)).toBe(false);
      }
    } finally {
      await wide.dispose();
    }
  });
});
