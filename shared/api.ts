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
  /** base64 of the body, at most the recording cap (see `truncated`). */
  body: string;
  durationMs: number;
  /** The app could not be reached or was too slow; `status` is then what the caller got (502/504). */
  error?: string;
  /** Bytes the app sent (≥ the recorded body when `truncated`). */
  size?: number;
  truncated?: boolean;
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
  /** The method, path, headers or body were edited before sending. */
  edited?: boolean;
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
  /**
   * Present on a search while the full-text index is still catching up (after a burst of captures): up to
   * `behind` captured requests are not searchable yet, so the results may be incomplete. Ask again shortly.
   */
  indexing?: { behind: number };
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

/** What narrows the list (search and filters), without the paging. */
export type ListFilters = Omit<ListQuery, 'limit' | 'cursor'>;

/** Masked view of the configured secrets. */
export interface SecretInfo {
  provider: string;
  label: string;
  masked: string;
  source: 'cli' | 'config' | 'api' | 'endpoint';
}

/** A configured endpoint rule and its secret, masked (null: none set yet). */
export interface EndpointSecretInfo {
  path: string;
  provider: string;
  masked: string | null;
}

export interface SecretsView {
  secrets: SecretInfo[];
  /** Every endpoint rule from the config file; servers with the 'secrets-endpoints' feature let `PUT /api/secrets` set their secrets. */
  endpoints?: EndpointSecretInfo[];
}

/** `POST /api/requests/:id/replay` (and `POST /api/replay` with `ids`). */
export interface ReplayRequest {
  /** Base URL (origin + optional path prefix) the request's path and query are appended to; default: --forward. */
  to?: string;
  /** Sign again with the configured secret, a fresh timestamp and id (and for URL-signed schemes, the target URL). */
  resign?: boolean;
  /** With `resign`: sign for this absolute URL instead of the target (an app that verifies against a fixed public URL). */
  resignUrl?: string;
  edits?: ReplayEdits;
}

export interface ReplayEdits {
  method?: string;
  /** Path and query, e.g. `/webhooks/stripe?x=1`. */
  path?: string;
  /** Replaces the whole header list (name/value pairs in order). */
  headers?: HeaderPair[];
  /** New body as UTF-8 text, or `bodyBase64` for bytes. */
  body?: string;
  bodyBase64?: string;
}

/** A canned answer of the capture port when not forwarding (`GET/PUT /api/responses`, config `responses`). */
export interface CannedResponse {
  /** Path glob, as for endpoints: `*` within a segment, `**` across segments. */
  path: string;
  status: number;
  headers?: HeaderPair[];
  body?: string;
  /** Wait this long before answering (max 300000): to see a provider's timeout and retries. */
  delayMs?: number;
}

export interface CannedResponsesView {
  responses: CannedResponse[];
  /** False in forward mode: the app answers, canned responses are not used. */
  active: boolean;
}

/** One tunnel an ngrok agent reports. */
export interface TunnelInfo {
  name: string;
  publicUrl: string;
  proto: string;
  /** Where the tunnel sends traffic (`config.addr`), e.g. `http://localhost:4400`. */
  addr: string;
  /** Whether it reaches hookscope's capture port, your app (the --forward target) directly, or something else. */
  pointsAt: 'hookscope' | 'app' | 'other';
  /** What to change when it does not point at hookscope. */
  advice?: string;
}

/** `GET /api/tunnel`. */
export interface TunnelView {
  /** The public URL used for URL-signed verification, or null. */
  publicUrl: string | null;
  /** Where it came from: the --public-url flag (or config/env), a running ngrok agent, or nowhere. */
  source: 'flag' | 'ngrok' | null;
  captureUrl: string;
  forward: string | null;
  agent: {
    api: string | null;
    status: 'found' | 'not-found' | 'disabled' | 'error';
    checkedAt: string | null;
    error?: string;
  };
  tunnels: TunnelInfo[];
}
