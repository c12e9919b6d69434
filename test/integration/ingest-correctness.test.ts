/**
 * Correctness of the capture path under concurrent load (speed is the benchmark's job): every answered
 * request is stored, ids follow each sender's order, and the WAL file stays bounded.
 */
import { statSync, existsSync } from 'node:fs';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestDetail } from '../../shared/api.js';
import { apiGet, startTestHookscope, type TestHookscope } from '../helpers/hookscope.js';

let app: TestHookscope | null = null;
afterEach(async () => {
  await app?.dispose();
  app = null;
});

function post(agent: http.Agent, url: string, body: string): Promise<{ status: number; id: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, id: (JSON.parse(text) as { id: string }).id }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('capture under concurrent load', () => {
  it('stores every answered request, in each sender’s order, with a bounded WAL', async () => {
    app = await startTestHookscope({ keep: 100_000 });
    const senders = 16;
    const perSender = 150;
    const pad = 'x'.repeat(16_000);
    const answered = await Promise.all(
      Array.from({ length: senders }, async (_, s) => {
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        const ids: Array<{ id: string; marker: string }> = [];
        for (let i = 0; i < perSender; i++) {
          const marker = `s${s}-r${i}`;
          const res = await post(agent, `${app!.urls.capture}/load/${marker}`, JSON.stringify({ marker, pad }));
          expect(res.status).toBe(200);
          ids.push({ id: res.id, marker });
        }
        agent.destroy();
        return ids;
      }),
    );
    for (const ids of answered) {
      const numeric = ids.map((x) => Number(x.id));
      expect(numeric).toEqual([...numeric].sort((a, b) => a - b)); // a sender's requests keep their order
    }
    const all = answered.flat();
    expect(new Set(all.map((x) => x.id)).size).toBe(senders * perSender);
    // Spot-check bodies of a sample of the answered ids.
    for (const { id, marker } of all.filter((_, i) => i % 97 === 0)) {
      const detail = await apiGet<RequestDetail>(app, `/api/requests/${id}`);
      expect(detail.path).toBe(`/load/${marker}`);
      expect(JSON.parse(detail.bodyText!)).toEqual({ marker, pad });
    }
    expect(app.repository.count()).toBe(senders * perSender);
    // ~40 MB went through the WAL; checkpoints every few MB and journal_size_limit keep the file far smaller.
    const wal = app.dbFile + '-wal';
    if (existsSync(wal)) expect(statSync(wal).size).toBeLessThan(20 * 1024 * 1024);
  });
});
