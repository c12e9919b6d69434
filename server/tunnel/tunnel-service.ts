/**
 * The tunnel companion: what is known about the public URL and where it came from (--public-url, or a
 * running ngrok agent), whether each tunnel points at hookscope or straight at the app, and the import
 * of requests from the ngrok inspector through the normal capture path (verified like captures).
 */
import type { TunnelInfo, TunnelView } from '../../shared/api.js';
import type { CommitQueue } from '../capture/commit-queue.js';
import { RECORDED_BODY_CAP } from '../forward/forwarder.js';
import type { LiveHub } from '../live/live-hub.js';
import { RequestRepository } from '../store/repository.js';
import type { Verifier } from '../verify/verifier.js';
import { AgentError, type NgrokAgent, type NgrokTunnel } from './ngrok-agent.js';
import { importedRequest, importedResponse } from './ngrok-import.js';
import { classifyTunnel } from './tunnel-target.js';

export interface TunnelServiceDeps {
  agent: NgrokAgent | null;
  /** --public-url (flag, env or config file). */
  publicUrlFlag: string | null;
  captureUrl(): string;
  forward: string | null;
  queue: CommitQueue;
  verifier: Verifier;
  repository: RequestRepository;
  hub: LiveHub;
  log(message: string): void;
}

export interface ImportResult {
  imported: Array<{ ngrokId: string; id: string }>;
  skipped: Array<{ ngrokId: string; reason: string }>;
}

export class TunnelImportError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class TunnelService {
  /** ngrok request ids imported during this run (the inspector lists the same requests again). */
  private readonly imported = new Set<string>();

  constructor(private readonly deps: TunnelServiceDeps) {
    deps.agent?.onChange(() => this.announce());
  }

  /** Say once per change what the tunnels mean: the public URL now used, or what to change. */
  private announce(): void {
    const agent = this.deps.agent;
    if (!agent || agent.status !== 'found' || !this.deps.captureUrl()) return;
    for (const t of this.infos(agent.tunnels)) if (t.advice) this.deps.log(`ngrok tunnel ${t.publicUrl}: ${t.advice}`);
    const detected = this.detectedUrl();
    if (detected && !this.deps.publicUrlFlag) this.deps.log(`verifying URL-signed webhooks against ${detected} (from the ngrok agent; --public-url overrides)`);
  }

  /** The URL providers call: the flag wins; else the https URL of an ngrok tunnel that reaches hookscope. */
  publicUrl(): string | null {
    return this.deps.publicUrlFlag ?? this.detectedUrl();
  }

  private detectedUrl(): string | null {
    const agent = this.deps.agent;
    if (!agent || agent.status !== 'found' || !this.deps.captureUrl()) return null;
    const here = this.infos(agent.tunnels).filter((t) => t.pointsAt === 'hookscope');
    const pick = here.find((t) => t.publicUrl.startsWith('https://')) ?? here.find((t) => t.publicUrl.startsWith('http://'));
    return pick ? pick.publicUrl.replace(/\/+$/, '') : null;
  }

  private infos(tunnels: NgrokTunnel[]): TunnelInfo[] {
    const capture = new URL(this.deps.captureUrl());
    const forward = this.deps.forward ? new URL(this.deps.forward) : null;
    return tunnels.map((t) => {
      const addr = t.config?.addr ?? '';
      return { name: t.name, publicUrl: t.public_url, proto: t.proto ?? '', addr, ...classifyTunnel(addr, capture, forward) };
    });
  }

  async view(): Promise<TunnelView> {
    const agent = this.deps.agent;
    if (agent) await agent.refreshNow();
    const detected = this.detectedUrl();
    const flag = this.deps.publicUrlFlag;
    return {
      publicUrl: flag ?? detected,
      source: flag ? 'flag' : detected ? 'ngrok' : null,
      captureUrl: this.deps.captureUrl(),
      forward: this.deps.forward,
      agent: agent
        ? { api: agent.api, status: agent.status, checkedAt: agent.checkedAt === null ? null : new Date(agent.checkedAt).toISOString(), ...(agent.error ? { error: agent.error } : {}) }
        : { api: null, status: 'disabled', checkedAt: null },
      tunnels: agent && agent.status === 'found' ? this.infos(agent.tunnels) : [],
    };
  }

  /**
   * Import the inspector's requests, oldest first. Requests that came through a tunnel pointing at
   * hookscope are already captured and skipped, unless `all`.
   */
  async importRequests(options: { all?: boolean; limit?: number } = {}): Promise<ImportResult> {
    const agent = this.deps.agent;
    if (!agent) throw new TunnelImportError(409, 'tunnel-detect-off', 'tunnel detection is off (--no-tunnel-detect); start hookscope with --ngrok-api <url> to import from ngrok');
    let items;
    try {
      await agent.refreshNow();
      items = await agent.capturedRequests(Math.min(Math.max(options.limit ?? 100, 1), 1000));
    } catch (error) {
      const status = error instanceof AgentError && error.status === 'not-found' ? 'no ngrok agent answers' : (error as Error).message;
      throw new TunnelImportError(502, 'ngrok-unreachable', `cannot read the ngrok inspector at ${agent.api}: ${status}`);
    }
    const viaHookscope = new Set(this.infos(agent.tunnels).filter((t) => t.pointsAt === 'hookscope').map((t) => t.name));
    const result: ImportResult = { imported: [], skipped: [] };
    const ordered = [...items].sort((a, b) => (Date.parse(a.start ?? '') || 0) - (Date.parse(b.start ?? '') || 0));
    const pending: Array<Promise<void>> = [];
    for (const item of ordered) {
      if (this.imported.has(item.id)) {
        result.skipped.push({ ngrokId: item.id, reason: 'already imported' });
        continue;
      }
      const tunnel = item.tunnel_name ?? '';
      if (!options.all && [...viaHookscope].some((name) => tunnel === name || tunnel.startsWith(`${name} `))) {
        result.skipped.push({ ngrokId: item.id, reason: 'came through a tunnel that points at hookscope: already captured' });
        continue;
      }
      const row = importedRequest(item);
      if (!row) {
        result.skipped.push({ ngrokId: item.id, reason: 'no request data' });
        continue;
      }
      this.imported.add(item.id);
      row.verification = this.deps.verifier.verify(row);
      const entry = { ngrokId: item.id, id: '' };
      result.imported.push(entry);
      // The normal insert path: group commit, live push, search indexing.
      pending.push(
        this.deps.queue.enqueue(row).then((seq) => {
          entry.id = String(seq);
          const response = importedResponse(item, RECORDED_BODY_CAP);
          if (response) {
            this.deps.repository.setResponse(seq, response);
            const summary = RequestRepository.summaryOf(seq, row);
            summary.responseStatus = response.status;
            this.deps.hub.publishUpdated([summary]);
          }
        }),
      );
    }
    await Promise.all(pending);
    return result;
  }
}
