/**
 * The REST API's wire types, imported by the server and the UI alike (see CONTRACT.md).
 * Errors everywhere are `{ error: { code, message } }` with a fitting HTTP status.
 */
import type { VerificationResult, Verdict } from './verify/types.js';

export type HeaderPair = [name: string, value: string];

/** What the list shows and what the live socket pushes: no body (fetched on demand). */
export interface RequestSummary {
  id: string;
  receivedAt: string; // ISO 8601
  method: string;
  /** Request-target as received: path + raw query. */
  url: string;
  path: string;
  size: number;
  truncated: boolean;
  contentType: string | null;
  remoteAddress: string;
  provider: string | null;
  verdict: Verdict | null;
  /** First diagnosis code, for the list badge. */
  diagnosis: string | null;
  responseStatus: number | null;
}

export interface ForwardedResponse {
  status: number;
  headers: HeaderPair[];
  body: string; // base64
  durationMs: number;
  error?: string;
}

export interface ReplayAttempt {
  id: string;
  requestId: string;
  createdAt: string;
  to: string;
  resigned: boolean;
  request: { method: string; url: string; headers: HeaderPair[]; body: string };
  response: ForwardedResponse | null;
  error?: string;
}

export interface RequestDetail extends RequestSummary {
  httpVersion: string;
  headers: HeaderPair[];
  /** Body bytes as stored, base64. */
  body: string;
  /** The body as UTF-8 text, when it decodes as text; null for binary. */
  bodyText: string | null;
  /** Size the sender declared (Content-Length), which exceeds `size` when truncated. */
  declaredSize: number | null;
  verification: VerificationResult | null;
  response: ForwardedResponse | null;
  attempts: ReplayAttempt[];
}

export interface RequestPage {
  items: RequestSummary[];
  nextCursor: string | null;
}

export interface ApiError {
  error: { code: string; message: string };
}

export interface ListQuery {
  limit?: number;
  cursor?: string;
  q?: string;
  method?: string;
  provider?: string;
  verdict?: string;
  path?: string;
}

/** Masked view of the configured secrets. */
export interface SecretInfo {
  provider: string;
  label: string;
  masked: string;
  source: 'cli' | 'config' | 'api' | 'endpoint';
}

export interface SecretsView {
  secrets: SecretInfo[];
}
