/**
 * The vocabulary of the verification engine. Pure data and interfaces: this folder runs in Node and in
 * the browser, so nothing here may import a Node-only module.
 */

/** A captured request as the engine sees it. */
export interface RequestParts {
  method: string;
  /** The request-target exactly as received: path plus raw query (`/sms?tenant=42`). */
  target: string;
  /** Raw name/value pairs in arrival order, duplicates kept. */
  headers: ReadonlyArray<readonly [string, string]>;
  body: Uint8Array;
  /** Arrival time in unix seconds: timestamps are judged against it, so re-verifying later agrees. */
  receivedAt: number;
}

export const VERDICTS = ['verified', 'failed', 'unsigned', 'no-secret'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const DIAGNOSIS_CODES = [
  'proto-rewritten',
  'host-rewritten',
  'port-mismatch',
  'path-rewritten',
  'query-changed',
  'body-modified',
  'timestamp-stale',
  'secret-rotated',
  'secret-format',
  'encoding-mismatch',
  'signature-missing',
  'token-mismatch',
  'wrong-secret',
  'app-rejected-valid',
] as const;
export type DiagnosisCode = (typeof DIAGNOSIS_CODES)[number];

export interface Diagnosis {
  code: DiagnosisCode;
  message: string;
  fix: string;
  expected?: Record<string, unknown>;
  actual?: Record<string, unknown>;
}

/** One scheme × secret tried. `secret` is a label ("stripe #1 (current)"), never the value. */
export interface Check {
  provider: string;
  secret: string | null;
  outcome: 'match' | 'mismatch' | 'missing' | 'stale' | 'no-secret';
  detail?: string;
}

/** One URL the provider may have signed, for URL-signed schemes (shown as a table in the UI). */
export interface CandidateUrl {
  url: string;
  /** Where this URL comes from: "received", "X-Forwarded-Host", "public URL", "scheme flipped", ... */
  source: string;
  matched: boolean;
}

export interface VerificationResult {
  provider: string | null;
  verdict: Verdict;
  checks: Check[];
  diagnoses: Diagnosis[];
  /** Present for URL-signed schemes. */
  candidates?: CandidateUrl[];
  /** The URL a correct verifier uses (public URL or rebuilt from forwarding headers). */
  signedUrl?: string;
}

/** What a scheme pulled out of a request: the signature(s) as sent and what else it signs. */
export interface Extracted {
  /** Signature values as sent; several during secret rotation (Stripe v1, Standard Webhooks). */
  signatures: string[];
  /** Unix seconds, for schemes that sign a timestamp. */
  timestamp?: number;
  /** Scheme-specific values that go into the signed content (message id, nonce, ...). */
  fields?: Record<string, string>;
}

/** One combination of signed content tried: the absolute URL and the body bytes. */
export interface SignedVariant {
  /** Absolute URL (`https://abc.ngrok-free.app/sms?tenant=42`). Ignored by schemes that do not sign it. */
  url: string;
  body: Uint8Array;
}

/**
 * The result of comparing: `match` — the signature reproduces; `encoding` — the right digest but in the
 * wrong encoding or without the expected prefix (drives `encoding-mismatch`); null — no match.
 */
export type Match = 'match' | 'encoding' | null;

/** Per-endpoint options from the config file (free-form; each scheme documents its own). */
export type SchemeOptions = Record<string, unknown>;

/** Input to a signer: what to sign and the clock. */
export interface SignInput {
  method: string;
  /** Absolute URL the request will be sent to. */
  url: string;
  body: Uint8Array;
  /** Unix seconds. */
  timestamp: number;
  /** A fresh message id for schemes that sign one. */
  id: string;
  /** Headers already on the request (e.g. Content-Type), in case the scheme signs some. */
  headers?: ReadonlyArray<readonly [string, string]>;
}

/** What a signer produces: headers to set (replacing same-named ones) and possibly a new URL. */
export interface SignOutput {
  headers: Array<[string, string]>;
  url: string;
  /** A new body, for schemes that carry the signature in the body (Mailgun). */
  body?: Uint8Array;
}

/** Known misuse of a secret, checked before any HMAC: an API key pasted where a signing secret belongs. */
export interface SecretShape {
  /** What the provider's signing secret looks like, in words ("starts with whsec_"). */
  describe: string;
  /** Returns a complaint when `secret` is plainly the wrong kind of value, else null. */
  complain?(secret: string): string | null;
}

export interface SchemeDoc {
  /** Headers (or query parameters) that carry the signature. */
  headers: string[];
  /** What is signed, in words. */
  signs: string;
  /** Tolerance in words, or "none". */
  tolerance: string;
  /** Which published vectors / SDK tests back the module. */
  testedAgainst: string;
}

/**
 * A signature scheme. The engine drives it: `detect` picks it from headers, `extract` finds the
 * signature, `key` turns a configured secret into key bytes the way the provider does, and `match`
 * recomputes over one variant. A mismatch is a result, never an exception.
 */
export interface SchemeDefinition {
  id: string;
  title: string;
  doc: SchemeDoc;
  /** True when the URL is part of the signed content (Twilio, SignalWire, Square, ...). */
  signsUrl: boolean;
  /** 'token': the secret itself travels with the request (compared, not recomputed). */
  kind?: 'hmac' | 'token' | 'asymmetric';
  toleranceSeconds?: number;
  /**
   * Per-endpoint tolerance for configurable schemes (generic hmac's `tolerance` option); when present the
   * engine uses it instead of `toleranceSeconds`. undefined: no time check.
   */
  toleranceFor?(options: SchemeOptions): number | undefined;
  /**
   * Problems with an endpoint's `options` for this scheme, in words ([] when fine), so the config loader
   * refuses them instead of verifying with silently substituted defaults. Schemes without options omit it.
   */
  optionErrors?(options: SchemeOptions): string[];
  /**
   * How far in the future a timestamp may be. Defaults to the tolerance; Stripe's and Paddle's SDKs
   * only reject old timestamps, so those schemes set Infinity.
   */
  futureToleranceSeconds?: number;
  secretShape?: SecretShape;
  detect(req: RequestView): boolean;
  /**
   * Header names (any case) of which a request must carry at least one for `detect` to say yes. Lets the
   * engine skip this scheme for requests without any (detection.ts) — most captures. Omit it when
   * detection looks at the body or the query; an empty list means never detected (configured per endpoint).
   */
  detectionHeaders?: readonly string[];
  /** null when the request carries no signature for this scheme. */
  extract(req: RequestView, options: SchemeOptions): Extracted | null;
  /** How the provider derives key bytes from the secret string the user pastes (null: unusable). */
  key(secret: string, options: SchemeOptions): Uint8Array | null;
  match(variant: SignedVariant, key: Uint8Array, extracted: Extracted, req: RequestView, options: SchemeOptions): Match;
  sign(input: SignInput, secret: string, options: SchemeOptions): SignOutput;
  /**
   * Optional scheme-specific warnings on a request that verifies or fails (e.g. a base64 `+` in
   * `?signature=` that a naive query parser turns into a space: `query-changed`).
   */
  warnings?(req: RequestView, extracted: Extracted, options: SchemeOptions): Diagnosis[];
}

/** Read-only helpers over a RequestParts (see request-view.ts). */
export interface RequestView {
  readonly parts: RequestParts;
  readonly method: string;
  readonly target: string;
  readonly body: Uint8Array;
  /** The path without the query. */
  readonly path: string;
  /** The raw query string without `?` ('' when none). */
  readonly rawQuery: string;
  /** First value of a header, case-insensitive. */
  header(name: string): string | undefined;
  /** All values of a header, case-insensitive, in arrival order. */
  headerAll(name: string): string[];
  /** Body decoded as UTF-8 (replacement characters for invalid bytes). */
  bodyText(): string;
  /** Content-Type without parameters, lowercased ('' when absent). */
  contentType(): string;
  /** Query parameters parsed the way URLSearchParams does (a `+` becomes a space). */
  query(): Array<[string, string]>;
  /** Raw query parameter value, not percent- or plus-decoded. */
  rawQueryParam(name: string): string | undefined;
  /** application/x-www-form-urlencoded body parsed into pairs (empty for other types). */
  formParams(): Array<[string, string]>;
}
