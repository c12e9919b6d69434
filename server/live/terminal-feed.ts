/**
 * What `hookscope start` prints while it runs (not with --json or --quiet): a line per captured request
 * — time, id, method, URL, provider and verdict; for a failure its first diagnosis and the link that
 * opens it in the inspector — and in forward mode a line for the app's answer. Like `stripe listen`, so a
 * developer sees each webhook land without switching windows.
 *
 * It runs beside the capture path, so it never waits and never grows: lines go out together every
 * FLUSH_MS, at most LINES_PER_FLUSH at a time, and past that requests are only counted ("… and 35,210
 * more"). The sink masks secrets (app.ts); this file makes the sender's text safe for a terminal.
 */
import type { ForwardedResponse } from '../../shared/api.js';
import type { VerificationResult } from '../../shared/verify/types.js';
import type { NewRequest } from '../store/repository.js';
import { terminalSafe } from '../terminal-safe.js';

const FLUSH_MS = 200;
const LINES_PER_FLUSH = 10;
/** A diagnosis message is cut here: the inspector has the whole of it, and the fix. */
const MESSAGE_CHARS = 140;
/** So is a URL (up to 16 KB arrive): one request, one line. */
const URL_CHARS = 160;

export class TerminalFeed {
  private lines: string[] = [];
  private skipped = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly write: (text: string) => void,
    /** The inspector's URL (known once its port is listening). */
    private readonly uiUrl: () => string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  captured(rows: ReadonlyArray<{ seq: number; row: NewRequest }>): void {
    for (const { seq, row } of rows) this.add(() => this.captureLine(seq, row));
  }

  /** Forward mode: the app answered (or could not be reached); `verification` when the answer changed the verdict. */
  answered(seq: number, response: ForwardedResponse, verification?: VerificationResult): void {
    this.add(() => {
      const head = `${clock(this.now())}  #${seq}  ↳`;
      if (response.error) return `${head} ${response.status} to the caller: ${clip(response.error)}`;
      const note = verification?.diagnoses[0] ? ` — ${clip(verification.diagnoses[0].message)}` : '';
      return `${head} app answered ${response.status} in ${Math.round(response.durationMs)} ms${note}`;
    });
  }

  /** Print what is pending now (shutdown). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.flush();
  }

  private add(line: () => string): void {
    // Built only when it will be printed: under a load test most requests are just counted.
    if (this.lines.length < LINES_PER_FLUSH) this.lines.push(terminalSafe(line()));
    else this.skipped++;
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  private flush(): void {
    this.timer = null;
    if (this.lines.length === 0) return;
    const text = this.skipped > 0 ? [...this.lines, `… and ${this.skipped.toLocaleString('en-US')} more (every one is in the inspector)`] : this.lines;
    this.lines = [];
    this.skipped = 0;
    this.write(text.join('\n'));
  }

  private captureLine(seq: number, row: NewRequest): string {
    const v = row.verification;
    const head = `${clock(this.now())}  #${seq}  ${row.method} ${clip(row.url, URL_CHARS)}`;
    const truncated = row.truncated ? '  (body cut at the --max-body limit)' : '';
    // null: verification itself broke on this request (logged); it is stored unverified.
    if (!v) return `${head}  not verified${truncated}`;
    if (v.verdict === 'unsigned') return `${head}  unsigned${truncated}`;
    const provider = v.provider ? `${v.provider} ` : '';
    const diagnosis = v.diagnoses[0];
    if (v.verdict === 'failed' || (diagnosis && v.verdict !== 'verified')) {
      const why = diagnosis ? ` ${diagnosis.code}: ${clip(diagnosis.message)}` : '';
      return `${head}  ${provider}${v.verdict.toUpperCase()}${why}${truncated}  → ${this.uiUrl()}/?open=${seq}`;
    }
    return `${head}  ${provider}${v.verdict}${truncated}`;
  }
}

function clock(date: Date): string {
  return date.toTimeString().slice(0, 8);
}

function clip(text: string, chars = MESSAGE_CHARS): string {
  return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}
