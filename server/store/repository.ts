/**
 * The one module that reads and updates stored requests. Statements are prepared once; inserts and
 * retention live in request-writes.ts, shared with the capture writer.
 */
import type { Statement } from 'better-sqlite3';
import type { ForwardedResponse, HeaderPair, ListFilters, ListQuery, ReplayAttempt, RequestDetail, RequestSummary } from '../../shared/api.js';
import type { VerificationResult, Verdict } from '../../shared/verify/types.js';
import type { Db } from './database.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { ftsPhrase } from './search-indexer.js';
import { decodeText } from './text-body.js';
import { BatchInserter, encodeRow } from './request-writes.js';

export interface NewRequest {
  receivedAt: number; // ms since epoch
  method: string;
  url: string;
  path: string;
  httpVersion: string;
  remoteAddress: string;
  headers: HeaderPair[];
  contentType: string | null;
  body: Buffer;
  declaredSize: number | null;
  truncated: boolean;
  verification: VerificationResult | null;
}

interface SummaryRow {
  seq: number;
  received_at: number;
  method: string;
  url: string;
  path: string;
  remote_address: string;
  content_type: string | null;
  size: number;
  truncated: number;
  provider: string | null;
  verdict: string | null;
  diagnosis: string | null;
  response_status: number | null;
}

interface DetailRow extends SummaryRow {
  http_version: string;
  headers: string;
  declared_size: number | null;
  verification: string | null;
  response: string | null;
  body: Buffer;
}

const SUMMARY_COLUMNS =
  'seq, received_at, method, url, path, remote_address, content_type, size, truncated, provider, verdict, diagnosis, response_status';

export const MAX_PAGE = 500;

export class RequestRepository {
  private readonly getStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly deleteAllStmt: Statement;
  private readonly updateVerificationStmt: Statement;
  private readonly setResponseStmt: Statement;
  private readonly addAttemptStmt: Statement;
  private readonly attemptsStmt: Statement;
  private readonly inserter: BatchInserter;
  private readonly countStmt: Statement;
  private readonly listCache = new Map<string, Statement>();

  constructor(
    private readonly db: Db,
    private readonly keep: number,
  ) {
    this.getStmt = db.prepare(`SELECT ${SUMMARY_COLUMNS}, http_version, headers, declared_size, verification, response, body FROM requests WHERE seq = ?`);
    this.deleteStmt = db.prepare('DELETE FROM requests WHERE seq = ?');
    this.deleteAllStmt = db.prepare('DELETE FROM requests');
    this.updateVerificationStmt = db.prepare('UPDATE requests SET provider = ?, verdict = ?, diagnosis = ?, verification = ? WHERE seq = ?');
    this.setResponseStmt = db.prepare('UPDATE requests SET response_status = ?, response = ? WHERE seq = ?');
    this.addAttemptStmt = db.prepare('INSERT INTO attempts (request_seq, created_at, data) VALUES (?, ?, ?)');
    this.attemptsStmt = db.prepare('SELECT data FROM attempts WHERE request_seq = ? ORDER BY seq ASC');
    this.countStmt = db.prepare('SELECT COUNT(*) FROM requests').pluck();
    this.inserter = new BatchInserter(db, keep);
  }

  /**
   * Insert a batch in one transaction, synchronously on this connection (imports, tools, tests). The
   * capture path commits through its own connection instead (capture-writer.ts), with the same statements.
   */
  insertMany(rows: NewRequest[]): number[] {
    return this.inserter.insert(rows.map(encodeRow));
  }

  list(query: ListQuery): { items: RequestSummary[]; nextCursor: string | null } {
    const limit = Math.min(Math.max(1, query.limit ?? 50), MAX_PAGE);
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.cursor) {
      const seq = decodeCursor(query.cursor);
      if (seq === null) throw new RangeError('invalid cursor');
      where.push('seq < ?');
      params.push(seq);
    }
    if (query.method) {
      where.push('method = ?');
      params.push(query.method.toUpperCase());
    }
    if (query.provider) {
      where.push('provider = ?');
      params.push(query.provider);
    }
    if (query.verdict) {
      where.push('verdict = ?');
      params.push(query.verdict);
    }
    if (query.q) {
      const phrase = ftsPhrase(query.q);
      if (phrase) {
        where.push('seq IN (SELECT rowid FROM requests_fts WHERE requests_fts MATCH ?)');
        params.push(phrase);
      } else {
        // One or two characters: too short for trigrams, so look in the URL and headers directly.
        const like = `%${query.q.trim().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
        where.push("(url LIKE ? ESCAPE '\\' OR headers LIKE ? ESCAPE '\\')");
        params.push(like, like);
      }
    }
    if (query.path) {
      where.push("path >= ? AND path < ? || x'ff'");
      params.push(query.path, query.path);
    }
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM requests ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq DESC LIMIT ?`;
    let stmt = this.listCache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.listCache.set(sql, stmt);
    }
    const rows = stmt.all(...params, limit + 1) as SummaryRow[];
    const page = rows.slice(0, limit);
    return {
      items: page.map(toSummary),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.seq) : null,
    };
  }

  /**
   * The newest `limit` requests matching the filters, however many list pages that takes (one page stops
   * at MAX_PAGE); `nextCursor` continues past them, null when nothing older matched. For exports and the CLI.
   */
  newest(filters: ListFilters, limit: number): { items: RequestSummary[]; nextCursor: string | null } {
    const items: RequestSummary[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = this.list({ ...filters, limit: limit - items.length, cursor });
      items.push(...page.items);
      if (page.nextCursor === null || items.length >= limit) return { items, nextCursor: page.nextCursor };
      cursor = page.nextCursor;
    }
  }

  get(seq: number): RequestDetail | null {
    const row = this.getStmt.get(seq) as DetailRow | undefined;
    if (!row) return null;
    const attempts = (this.attemptsStmt.all(seq) as Array<{ data: string }>).map((a) => JSON.parse(a.data) as ReplayAttempt);
    return toDetail(row, attempts);
  }

  /** Raw parts for verification and replay (no JSON/base64 round trip). */
  getRaw(seq: number): (DetailRow & { headerPairs: HeaderPair[] }) | null {
    const row = this.getStmt.get(seq) as DetailRow | undefined;
    return row ? { ...row, headerPairs: JSON.parse(row.headers) as HeaderPair[] } : null;
  }

  /** The summary of a row just inserted, built from memory (no read back on the capture path). */
  static summaryOf(seq: number, row: NewRequest): RequestSummary {
    const v = verificationColumns(row.verification);
    return {
      id: String(seq),
      receivedAt: new Date(row.receivedAt).toISOString(),
      method: row.method,
      url: row.url,
      path: row.path,
      size: row.body.length,
      truncated: row.truncated,
      contentType: row.contentType,
      remoteAddress: row.remoteAddress,
      provider: v.provider,
      verdict: v.verdict,
      diagnosis: v.diagnosis,
      responseStatus: null,
    };
  }

  summary(seq: number): RequestSummary | null {
    const row = this.getStmt.get(seq) as DetailRow | undefined;
    return row ? toSummary(row) : null;
  }

  delete(seq: number): boolean {
    return this.deleteStmt.run(seq).changes > 0;
  }

  deleteAll(): number {
    return this.deleteAllStmt.run().changes;
  }

  updateVerification(seq: number, result: VerificationResult | null): void {
    const v = verificationColumns(result);
    this.updateVerificationStmt.run(v.provider, v.verdict, v.diagnosis, v.verification, seq);
  }

  setResponse(seq: number, response: ForwardedResponse): void {
    this.setResponseStmt.run(response.error ? null : response.status, JSON.stringify(response), seq);
  }

  addAttempt(seq: number, attempt: ReplayAttempt): void {
    this.addAttemptStmt.run(seq, Date.now(), JSON.stringify(attempt));
  }

  /** Every stored request's seq, newest first (re-verification after a secret change). */
  allSeqs(): number[] {
    return (this.db.prepare('SELECT seq FROM requests ORDER BY seq DESC').pluck().all() as number[]);
  }

  /** Rows stored (a COUNT: for metrics and tools, never on the capture path). */
  count(): number {
    return this.countStmt.get() as number;
  }
}

function verificationColumns(result: VerificationResult | null) {
  return {
    provider: result?.provider ?? null,
    verdict: (result?.verdict ?? null) as Verdict | null,
    diagnosis: result?.diagnoses[0]?.code ?? null,
    verification: result ? JSON.stringify(result) : null,
  };
}

function toSummary(row: SummaryRow): RequestSummary {
  return {
    id: String(row.seq),
    receivedAt: new Date(row.received_at).toISOString(),
    method: row.method,
    url: row.url,
    path: row.path,
    size: row.size,
    truncated: row.truncated === 1,
    contentType: row.content_type,
    remoteAddress: row.remote_address,
    provider: row.provider,
    verdict: row.verdict as Verdict | null,
    diagnosis: row.diagnosis,
    responseStatus: row.response_status,
  };
}

function toDetail(row: DetailRow, attempts: ReplayAttempt[]): RequestDetail {
  return {
    ...toSummary(row),
    httpVersion: row.http_version,
    headers: JSON.parse(row.headers) as HeaderPair[],
    body: row.body.toString('base64'),
    bodyText: decodeText(row.body),
    declaredSize: row.declared_size,
    verification: row.verification ? (JSON.parse(row.verification) as VerificationResult) : null,
    response: row.response ? (JSON.parse(row.response) as ForwardedResponse) : null,
    attempts,
  };
}
