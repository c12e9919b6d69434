import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { RequestRepository } from '../store/repository.js';
import type { LiveHub } from '../live/live-hub.js';
import { sendJson } from './http-json.js';
import type { Router } from './router.js';

/**
 * `GET /api/metrics` — how the process is doing: event-loop delay (the capture path shares the loop,
 * so this is what a provider's request waits behind), memory, rows, live clients. Used by the
 * benchmarks and handy when hookscope seems slow.
 */
export function registerMetricsRoutes(router: Router, repo: RequestRepository, hub: LiveHub): () => void {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  router.on('GET', '/api/metrics', ({ res, url }) => {
    const ms = (ns: number) => Math.round((ns / 1e6) * 100) / 100;
    const memory = process.memoryUsage();
    sendJson(res, 200, {
      eventLoopDelayMs: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      rows: repo.count(),
      liveClients: hub.clientCount,
    });
    if (url.searchParams.get('reset') === '1') loop.reset();
  });
  return () => loop.disable();
}
