/**
 * Live delivery: delay from capture (the server's arrival timestamp) to the WebSocket message at a
 * steady 1000 req/s, and the server's event-loop delay p99 meanwhile (its baseline: the same server
 * idle, measured just before).
 */
import autocannon from 'autocannon';
import WebSocket from 'ws';
import type { ServerEvent } from '../shared/protocol.js';
import { startHookscopeChild } from './hookscope-child.js';
import { percentile, round } from './stats.js';

export async function benchLive(rate = 1000, seconds = 6) {
  const app = await startHookscopeChild(['--keep', '1000000']);
  try {
    const token = await app.token();
    const ws = new WebSocket(`${app.ui.replace('http', 'ws')}/api/live?token=${token}`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const delays: number[] = [];
    ws.on('message', (data) => {
      const now = Date.now();
      const event = JSON.parse(String(data)) as ServerEvent;
      if (event.type === 'requests') for (const item of event.items) delays.push(now - Date.parse(item.receivedAt));
    });
    await new Promise((r) => setTimeout(r, 1000));
    const idle = await app.metrics(true);
    await new Promise((r) => setTimeout(r, 1000));
    const idleLag = (await app.metrics(true)).eventLoopDelayMs.p99;
    const result = await autocannon({ url: app.capture + '/live', connections: 10, overallRate: rate, duration: seconds, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'ping', pad: 'x'.repeat(900) }) } as Parameters<typeof autocannon>[0]);
    const loaded = await app.metrics();
    await new Promise((r) => setTimeout(r, 300));
    ws.close();
    void idle;
    return {
      rate: round(result.requests.average, 0),
      delivered: delays.length,
      sent2xx: result['2xx'],
      deliveryP50Ms: percentile(delays, 50),
      deliveryP95Ms: percentile(delays, 95),
      eventLoopP99Ms: loaded.eventLoopDelayMs.p99,
      idleEventLoopP99Ms: idleLag,
    };
  } finally {
    await app.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchLive());
