/**
 * A fake ngrok agent API on loopback, serving the JSON shapes of ngrok's agent API documentation
 * (https://ngrok.com/docs/agent/api/): GET /api/tunnels (`{ tunnels: [{ name, uri, public_url, proto,
 * config: { addr, inspect }, metrics }], uri }`) and GET /api/requests/http (`{ uri, requests: [...] }`,
 * newest first, `limit` and `tunnel_name` filters), with raw request/response bytes in base64.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NgrokCapturedRequest } from '../../server/tunnel/ngrok-agent.js';

export interface FakeTunnel {
  name?: string;
  publicUrl: string;
  /** config.addr as the agent reports it: "http://localhost:4400", "localhost:3000", "4400". */
  addr: string;
  proto?: string;
}

export interface FakeNgrok {
  /** Base URL of the agent API (what --ngrok-api takes). */
  api: string;
  setTunnels(tunnels: FakeTunnel[]): void;
  /** Add an exchange to the inspector (the test tunnel's onExchange feeds this). */
  record(entry: NgrokCapturedRequest): void;
  /** How many times each path was requested. */
  hits: Record<string, number>;
  close(): Promise<void>;
}

const zeroMetrics = { count: 0, gauge: 0, rate1: 0, rate5: 0, rate15: 0, p50: 0, p90: 0, p95: 0, p99: 0 };

export async function startFakeNgrok(initial: FakeTunnel[] = []): Promise<FakeNgrok> {
  let tunnels = initial;
  const requests: NgrokCapturedRequest[] = [];
  const hits: Record<string, number> = {};
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    hits[url.pathname] = (hits[url.pathname] ?? 0) + 1;
    const json = (status: number, value: unknown) => {
      const text = JSON.stringify(value);
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (req.method === 'GET' && url.pathname === '/api/tunnels') {
      return json(200, {
        tunnels: tunnels.map((t) => {
          const name = t.name ?? 'command_line';
          return {
            name,
            ID: `${name}-id`,
            uri: `/api/tunnels/${name}`,
            public_url: t.publicUrl,
            proto: t.proto ?? new URL(t.publicUrl).protocol.slice(0, -1),
            config: { addr: t.addr, inspect: true },
            metrics: { conns: { ...zeroMetrics }, http: { ...zeroMetrics } },
          };
        }),
        uri: '/api/tunnels',
      });
    }
    if (req.method === 'GET' && url.pathname === '/api/requests/http') {
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const tunnel = url.searchParams.get('tunnel_name');
      const list = [...requests].reverse().filter((r) => !tunnel || r.tunnel_name === tunnel).slice(0, limit);
      return json(200, { uri: '/api/requests/http', requests: list });
    }
    json(404, { error_code: 100, status_code: 404, msg: 'Not Found', details: { path: url.pathname } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    api: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setTunnels: (t) => (tunnels = t),
    record: (entry) => requests.push(entry),
    hits,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
