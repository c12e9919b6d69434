/**
 * The verification engine: picks the scheme for a captured request, checks it the way a correct verifier
 * would (public URL or forwarding headers, raw body, every configured secret, the provider's tolerance),
 * and when that fails searches what would have matched, one dimension at a time, to say why.
 *
 * Synchronous and pure (the clock is `parts.receivedAt`), so re-verifying a stored request later agrees,
 * and browser-safe like the rest of shared/.
 */
import type {
  CandidateUrl,
  Check,
  Extracted,
  Match,
  RequestParts,
  RequestView,
  SchemeOptions,
  VerificationResult,
} from './types.js';
import type { Scheme } from './scheme.js';
import { timestampSkew, toleranceOf } from './scheme.js';
import { SCHEMES } from './registry.js';
import { CapturedRequestView } from './request-view.js';
import { NO_SCHEME } from './no-scheme.js';
import { detectScheme } from './detection.js';
import { findEndpoint, type EndpointRule } from './endpoints.js';
import { urlDifferences, urlVariants, urlViews, type UrlCandidate, type UrlViews } from './candidate-urls.js';
import { bodyVariants } from './candidate-bodies.js';
import {
  complaintAbout,
  configuredSecrets,
  otherProviderSecrets,
  shapeVariants,
  type KeyedSecret,
  type SecretEntry,
} from './candidate-secrets.js';
import { diagnose, type Finding } from './diagnose.js';
import { describeLocation, type ProviderInfo } from './fixes.js';

export type { SecretEntry } from './candidate-secrets.js';
export type { EndpointRule } from './endpoints.js';

export interface VerifyContext {
  secrets: SecretEntry[];
  endpoints?: EndpointRule[];
  /** The URL providers call, e.g. https://abc.ngrok-free.app (its origin replaces the received one). */
  publicUrl?: string;
  /** How the request reached hookscope (default http). */
  receivedScheme?: 'http' | 'https';
}

/** Secrets shorter than this are test values ("12345"); scrubbing them would mangle numbers in messages. */
const MIN_REDACTED_LENGTH = 6;

export function verifyRequest(parts: RequestParts, ctx: VerifyContext, schemes: readonly Scheme[] = SCHEMES): VerificationResult {
  const req = new CapturedRequestView(parts);
  const rule = findEndpoint(ctx.endpoints, req.path);
  const ruleScheme = rule ? schemes.find((s) => s.id === rule.provider) : undefined;
  const scheme = ruleScheme ?? detectScheme(schemes, req) ?? tokenOfConfiguredSecret(schemes, req, ctx);
  if (!scheme) return NO_SCHEME;

  const result = new Verification(scheme, req, ctx, ruleScheme ? rule : undefined).run();
  return redact(result, [...ctx.secrets.map((s) => s.value), ...(ctx.endpoints ?? []).flatMap((e) => (e.secret ? [e.secret] : []))]);
}

/**
 * A shared token is never detected from a request alone: `?token=` or `X-Auth-Token` mean nothing by
 * themselves. But once a `token` secret is configured (`--secret token=…`) the user has said tokens are
 * in use, so a request carrying one where the scheme looks by default is checked against it — otherwise
 * TextMaster's `?token=` showed "unsigned" until an endpoint rule named the path.
 */
function tokenOfConfiguredSecret(schemes: readonly Scheme[], req: CapturedRequestView, ctx: VerifyContext): Scheme | undefined {
  if (!ctx.secrets.some((s) => s.provider === 'token')) return undefined;
  const token = schemes.find((s) => s.id === 'token');
  return token && safely(() => token.extract(req, {}), null) ? token : undefined;
}

/** One request against one scheme. Holds what is computed once (views, keys) across the search. */
class Verification {
  private readonly options: SchemeOptions;
  private readonly tolerance: number | undefined;
  private readonly info: ProviderInfo;
  private readonly secrets: KeyedSecret[];
  private readonly views: UrlViews;
  /** The URLs a correct verifier uses, most trusted first (one entry for schemes that do not sign the URL). */
  private readonly primaries: UrlCandidate[];

  constructor(
    private readonly scheme: Scheme,
    private readonly req: CapturedRequestView,
    private readonly ctx: VerifyContext,
    private readonly rule: EndpointRule | undefined,
  ) {
    this.options = rule?.options ?? {};
    this.tolerance = toleranceOf(scheme, this.options).toleranceSeconds;
    this.info = {
      id: scheme.id,
      title: scheme.title,
      headers: signatureLocation(this.options) ?? scheme.doc.headers,
      signsUrl: scheme.signsUrl,
      kind: scheme.kind ?? 'hmac',
      toleranceSeconds: this.tolerance,
    };
    this.secrets = configuredSecrets(scheme, ctx.secrets, rule, this.options);
    this.views = urlViews(req, ctx);
    this.primaries = scheme.signsUrl ? this.views.correct : this.views.correct.slice(0, 1);
  }

  run(): VerificationResult {
    const extracted = safely(() => this.scheme.extract(this.req, this.options), null);
    if (!extracted) return this.missing();
    if (this.secrets.length === 0) return this.noSecret(extracted);
    return this.check(extracted);
  }

  private result(verdict: VerificationResult['verdict'], checks: Check[], findings: Finding[], extracted: Extracted | null, urls?: CandidateUrl[], signedUrl?: string): VerificationResult {
    const extra = extracted && this.scheme.warnings ? safely(() => this.scheme.warnings!(this.req, extracted, this.options), []) : [];
    const out: VerificationResult = { provider: this.scheme.id, verdict, checks, diagnoses: diagnose(this.info, findings, extra) };
    if (this.scheme.signsUrl) {
      out.candidates = urls ?? this.primaries.map((u) => ({ ...u, matched: false }));
      out.signedUrl = signedUrl ?? this.primaries[0]!.url;
    }
    return out;
  }

  /** No signature: required when an endpoint rule names the provider or a secret for it is configured. */
  private missing(): VerificationResult {
    if (!this.rule && this.secrets.length === 0) return this.result('unsigned', [], [], null);
    const checks: Check[] = this.secrets.length
      ? this.secrets.map((s) => ({ provider: this.scheme.id, secret: s.label, outcome: 'missing' as const }))
      : [{ provider: this.scheme.id, secret: null, outcome: 'missing' }];
    return this.result('failed', checks, [{ code: 'signature-missing', rule: this.rule?.path }], null);
  }

  /** Signature present, no secret configured: still say whether another provider's secret makes it. */
  private noSecret(extracted: Extracted): VerificationResult {
    const findings: Finding[] = [];
    for (const other of otherProviderSecrets(this.scheme, this.ctx.secrets, [], this.options)) {
      if (!other.key) continue;
      if (this.primaries.some((u) => this.match(u.url, this.req.body, other.key!, extracted))) {
        findings.push({ code: 'secret-rotated', matched: other.label, current: null, otherProvider: other.provider });
      }
    }
    return this.result('no-secret', [{ provider: this.scheme.id, secret: null, outcome: 'no-secret' }], findings, extracted);
  }

  private check(extracted: Extracted): VerificationResult {
    const checks: Check[] = [];
    const urls = new Map<string, CandidateUrl>(this.primaries.map((u) => [u.url, { ...u, matched: false }]));
    let hit: { index: number; url: string; stale: number } | undefined;
    let encoding: { url: string; key: Uint8Array } | undefined;

    this.secrets.forEach((secret, index) => {
      if (!secret.key) {
        checks.push({ provider: this.scheme.id, secret: secret.label, outcome: 'mismatch', detail: `not usable as a ${this.scheme.title} key` });
        return;
      }
      let check: Check = { provider: this.scheme.id, secret: secret.label, outcome: 'mismatch' };
      for (const u of this.primaries) {
        const m = this.match(u.url, this.req.body, secret.key, extracted);
        if (m === 'match') {
          const stale = this.skew(extracted);
          urls.get(u.url)!.matched = true;
          const detail = [
            ...(this.scheme.signsUrl ? [`signed URL ${u.url}`] : []),
            ...(stale ? [`timestamp ${Math.abs(stale)} s outside the ${this.tolerance} s tolerance`] : []),
          ].join('; ');
          check = { ...check, outcome: stale ? 'stale' : 'match', ...(detail ? { detail } : {}) };
          if (!hit || (hit.stale && !stale)) hit = { index, url: u.url, stale };
          break;
        }
        if (m === 'encoding') {
          encoding ??= { url: u.url, key: secret.key };
          check = { ...check, detail: 'right digest, other encoding or prefix' };
        }
      }
      checks.push(check);
    });

    const findings: Finding[] = [];
    if (hit) {
      if (hit.stale) findings.push(this.staleFinding(extracted, hit.stale));
      if (hit.index > 0) findings.push({ code: 'secret-rotated', matched: this.secrets[hit.index]!.label, current: this.secrets[0]!.label });
      this.naiveWarnings(hit.url, findings, urls, extracted, this.secrets[hit.index]!.key!);
      return this.result(hit.stale ? 'failed' : 'verified', checks, findings, extracted, [...urls.values()], hit.url);
    }
    if (encoding) {
      findings.push({ code: 'encoding-mismatch' });
      this.naiveWarnings(encoding.url, findings, urls, extracted, encoding.key);
      return this.result('failed', checks, findings, extracted, [...urls.values()], encoding.url);
    }
    this.search(extracted, findings, urls);
    return this.result('failed', checks, findings, extracted, [...urls.values()]);
  }

  /**
   * What would have matched, one dimension varied at a time from the correct view: URL forms, body
   * normalizations, other providers' secrets, other shapes of the configured secrets.
   */
  private search(extracted: Extracted, findings: Finding[], urls: Map<string, CandidateUrl>): void {
    const usable = this.secrets.filter((s): s is KeyedSecret & { key: Uint8Array } => s.key !== null);
    const base = this.primaries[0]!;
    const body = this.req.body;
    let found = false;
    let matchedUrl: { url: string; key: Uint8Array } | undefined;

    /** Records one reproduced variant: stale and non-current-secret facts ride along with it. */
    const matched = (m: Match, secretIndex: number | null) => {
      found = true;
      if (m === 'encoding') findings.push({ code: 'encoding-mismatch' });
      const stale = m === 'match' ? this.skew(extracted) : 0;
      if (stale) findings.push(this.staleFinding(extracted, stale));
      if (secretIndex !== null && secretIndex > 0) {
        findings.push({ code: 'secret-rotated', matched: this.secrets[secretIndex]!.label, current: this.secrets[0]!.label });
      }
    };
    const firstMatch = (url: string, bytes: Uint8Array): { m: Match; index: number; key: Uint8Array } | null => {
      for (const s of usable) {
        const m = this.match(url, bytes, s.key, extracted);
        if (m) return { m, index: this.secrets.indexOf(s), key: s.key };
      }
      return null;
    };

    if (this.scheme.signsUrl && usable.length > 0) {
      const variants = [this.views.naive, ...urlVariants(base.url, this.req, this.ctx, [...urls.keys()])].filter((v) => !urls.has(v.url));
      for (const v of variants) {
        const hit = firstMatch(v.url, body);
        urls.set(v.url, { ...v, matched: hit !== null });
        if (!hit) continue;
        matched(hit.m, hit.index);
        matchedUrl ??= { url: v.url, key: hit.key };
        for (const code of urlDifferences(v.url, base.url)) {
          findings.push({ code, signed: v.url, seen: base.url, seenBy: 'rebuilt', seenSource: base.source, signedSource: v.source, forwarded: this.views.forwarded });
        }
      }
    }

    if (usable.length > 0) {
      for (const b of bodyVariants(body, this.req.contentType())) {
        const hit = firstMatch(base.url, b.body);
        if (!hit) continue;
        matched(hit.m, hit.index);
        findings.push({ code: 'body-modified', change: b.change });
      }
    }

    for (const other of otherProviderSecrets(this.scheme, this.ctx.secrets, this.secrets, this.options)) {
      if (!other.key) continue;
      const m = this.primaries.map((u) => this.match(u.url, body, other.key!, extracted)).find(Boolean);
      if (!m) continue;
      matched(m, null);
      findings.push({ code: 'secret-rotated', matched: other.label, current: this.secrets[0]!.label, otherProvider: other.provider });
    }

    // A base64 signature carried in the URL whose `+` became a space on the way (someone decoded the
    // query and rebuilt it): the right signature, mangled in transit.
    if (usable.length > 0 && extracted.signatures.some((s) => s.includes(' '))) {
      const repaired = { ...extracted, signatures: extracted.signatures.map((s) => s.replace(/ /g, '+')) };
      for (const s of usable) {
        const m = this.primaries.map((u) => safely(() => this.scheme.match({ url: u.url, body }, s.key, repaired, this.req as RequestView, this.options), null)).find(Boolean);
        if (!m) continue;
        matched(m, this.secrets.indexOf(s));
        findings.push({ code: 'query-changed', signed: base.url, seen: base.url, seenBy: 'rebuilt', seenSource: 'received', signedSource: 'signature with + restored', forwarded: this.views.forwarded, plusAsSpace: this.info.headers[0] });
        break;
      }
    }

    const known = this.secrets.map((s) => s.key);
    const shape = this.scheme.secretShape?.describe;
    for (const secret of this.secrets) {
      for (const variant of shapeVariants(this.scheme, secret.value, this.options, known)) {
        const m = this.match(base.url, body, variant.key, extracted);
        if (!m) continue;
        matched(m, null);
        findings.push({ code: 'secret-format', label: secret.label, change: variant.change, advice: variant.advice, shape });
      }
      // The scheme's own complaint is more specific than "not usable as a key": say only one of them.
      const complaint = complaintAbout(this.scheme, secret.value);
      if (complaint) findings.push({ code: 'secret-format', label: secret.label, complaint, shape });
      else if (!secret.key) findings.push({ code: 'secret-format', label: secret.label, unusable: true, shape });
    }

    if (!found) {
      const labels = this.secrets.map((s) => s.label);
      if (this.info.kind === 'token') findings.push({ code: 'token-mismatch', labels, where: extracted.fields?.from });
      else findings.push({ code: 'wrong-secret', labels, signedUrl: this.scheme.signsUrl ? base.url : undefined });
    }
    if (matchedUrl) this.naiveWarnings(matchedUrl.url, findings, urls, extracted, matchedUrl.key);
  }

  /**
   * Warnings about what a naive app (scheme + Host header + target as received) gets wrong, compared with
   * the URL that matched with `key`. None when the naive URL reproduces the signature too: then the URL
   * does not matter for this request (the provider's SDK accepts both forms, or these options do not
   * sign the URL), and a naive app computes the right signature.
   */
  private naiveWarnings(signed: string, findings: Finding[], urls: Map<string, CandidateUrl>, extracted: Extracted, key: Uint8Array): void {
    if (!this.scheme.signsUrl) return;
    const naive = this.views.naive;
    let row = urls.get(naive.url);
    if (!row) {
      row = { ...naive, matched: this.match(naive.url, this.req.body, key, extracted) !== null };
      urls.set(naive.url, row);
    }
    if (row.matched) return;
    const said = new Set(findings.map((f) => f.code));
    for (const code of urlDifferences(signed, naive.url)) {
      if (said.has(code)) continue;
      const source = this.primaries.find((u) => u.url === signed)?.source ?? urls.get(signed)?.source ?? 'matched';
      findings.push({ code, signed, seen: naive.url, seenBy: 'naive', seenSource: naive.source, signedSource: source, forwarded: this.views.forwarded });
    }
  }

  private match(url: string, body: Uint8Array, key: Uint8Array, extracted: Extracted): Match {
    return safely(() => this.scheme.match({ url, body }, key, extracted, this.req as RequestView, this.options), null);
  }

  /** Seconds outside the tolerance, 0 when fresh. A timestamp that is not a number is never fresh. */
  private skew(extracted: Extracted): number {
    const ts = extracted.timestamp;
    if (ts !== undefined && !Number.isFinite(ts)) return this.req.parts.receivedAt;
    return timestampSkew({ toleranceSeconds: this.tolerance, futureToleranceSeconds: this.scheme.futureToleranceSeconds }, ts, this.req.parts.receivedAt);
  }

  private staleFinding(extracted: Extracted, skew: number): Finding {
    return {
      code: 'timestamp-stale',
      skewSeconds: skew,
      toleranceSeconds: this.tolerance ?? 0,
      timestamp: Number.isFinite(extracted.timestamp) ? extracted.timestamp! : 0,
      receivedAt: this.req.parts.receivedAt,
    };
  }
}

/** Runs scheme code that must not take the engine down; a throwing module counts as "no". */
/** The first scheme whose detect claims the request; a detect that throws claims nothing. Runs on every capture. */
function safely<T>(fn: () => T, fallback: T): T {
  try {
    return fn() ?? fallback;
  } catch {
    return fallback;
  }
}

/**
 * Last line of defence: no configured secret value may appear anywhere in a result (a URL carrying a
 * token, a module's complaint quoting the value). Labels were used throughout; this catches the rest.
 */
function redact(result: VerificationResult, values: readonly string[]): VerificationResult {
  const secrets = [...new Set(values.map((v) => v.trim()).filter((v) => v.length >= MIN_REDACTED_LENGTH))].sort((a, b) => b.length - a.length);
  if (secrets.length === 0) return result;
  const serialized = JSON.stringify(result);
  if (!secrets.some((s) => serialized.includes(s))) return result;
  const scrub = (value: unknown): unknown => {
    if (typeof value === 'string') return secrets.reduce((text, s) => text.split(s).join('[secret]'), value);
    if (Array.isArray(value)) return value.map(scrub);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v)]));
    return value;
  };
  return scrub(result) as VerificationResult;
}

/** Where an endpoint rule says the signature travels (`signatureFrom` / `from`), in words; null: scheme default. */
function signatureLocation(options: SchemeOptions): string[] | null {
  const spec = typeof options.signatureFrom === 'string' ? options.signatureFrom : typeof options.from === 'string' ? options.from : null;
  return spec ? [describeLocation(spec)] : null;
}
