/**
 * Re-verification after secrets change: every stored request is verified again, newest first, in
 * small slices between other work so capture never waits, and changed badges are pushed live.
 */
import type { RequestRepository } from '../store/repository.js';
import type { LiveHub } from '../live/live-hub.js';
import type { Verifier } from './verifier.js';
import type { RequestSummary } from '../../shared/api.js';
import { withAppRejected } from '../forward/app-rejected.js';

const SLICE = 200;

export class Reverifier {
  private generation = 0;

  constructor(
    private readonly repository: RequestRepository,
    private readonly verifier: Verifier,
    private readonly hub: LiveHub,
  ) {}

  /** Start over (a newer change supersedes a run in progress). Resolves when the pass is done. */
  run(): Promise<number> {
    const generation = ++this.generation;
    const seqs = this.repository.allSeqs();
    let index = 0;
    let changed = 0;
    return new Promise((resolve) => {
      const step = () => {
        if (generation !== this.generation) return resolve(changed);
        const updated: RequestSummary[] = [];
        for (const seq of seqs.slice(index, index + SLICE)) {
          const raw = this.repository.getRaw(seq);
          if (!raw) continue; // deleted meanwhile
          const before = raw.verification;
          const fresh = this.verifier.verify({ method: raw.method, url: raw.url, headers: raw.headerPairs, body: raw.body, receivedAt: raw.received_at });
          // The app's answer does not change with our secrets: keep the forward-mode cross-check.
          const rejected = raw.response_status === 401 || raw.response_status === 403;
          const result = rejected && fresh.verdict === 'verified' ? withAppRejected(fresh, raw.response_status!) : fresh;
          const after = JSON.stringify(result);
          if (after === before) continue;
          this.repository.updateVerification(seq, result);
          const summary = this.repository.summary(seq);
          if (summary) updated.push(summary);
        }
        index += SLICE;
        changed += updated.length;
        if (updated.length) this.hub.publishUpdated(updated);
        if (index < seqs.length) setImmediate(step);
        else resolve(changed);
      };
      setImmediate(step);
    });
  }
}
