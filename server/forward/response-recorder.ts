/**
 * Records the app's answers in forward mode. They are written by the capture writer that inserts the
 * captures (CaptureWriter.respond): one writer, in order, never blocking the loop on a lock. Under
 * load many answers arrive per turn of the event loop: they travel together, one transaction per turn,
 * and each caller waits only for the transaction that holds its answer.
 */
import type { ForwardedResponse } from '../../shared/api.js';
import type { VerificationResult } from '../../shared/verify/types.js';
import type { ResponseUpdate } from '../store/request-writes.js';

export interface RecordedAnswer {
  seq: number;
  response: ForwardedResponse;
  /** The verdict the answer changed (app-rejected-valid), when it did. */
  verification?: VerificationResult;
}

export class ResponseRecorder {
  private queue: ResponseUpdate[] = [];
  private waiters: Array<(error: Error | null) => void> = [];
  private scheduled = false;
  private inFlight = new Set<Promise<void>>();

  constructor(private readonly write: (updates: ResponseUpdate[]) => Promise<void>) {}

  /** Resolves once the answer is committed; rejects with the store's error (the caller logs and goes on). */
  record(answer: RecordedAnswer): Promise<void> {
    this.queue.push(encode(answer));
    const done = new Promise<void>((resolve, reject) => this.waiters.push((error) => (error ? reject(error) : resolve())));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    return done;
  }

  private flush(): void {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    const waiters = this.waiters;
    this.queue = [];
    this.waiters = [];
    const sent = this.write(batch).then(
      () => waiters.forEach((w) => w(null)),
      (error: Error) => waiters.forEach((w) => w(error)),
    );
    this.inFlight.add(sent);
    void sent.finally(() => this.inFlight.delete(sent));
  }

  /** Send what is queued and wait until it is written (shutdown, before the writer closes). */
  async close(): Promise<void> {
    this.flush();
    await Promise.all(this.inFlight);
  }
}

function encode(answer: RecordedAnswer): ResponseUpdate {
  const v = answer.verification;
  return {
    seq: answer.seq,
    status: answer.response.error ? null : answer.response.status,
    responseJson: JSON.stringify(answer.response),
    ...(v ? { verification: { provider: v.provider, verdict: v.verdict, diagnosis: v.diagnoses[0]?.code ?? null, json: JSON.stringify(v) } } : {}),
  };
}
