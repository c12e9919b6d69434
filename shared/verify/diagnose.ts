/**
 * Turns what the engine found (which variant reproduced the signature, what was stale, which secret
 * matched) into Diagnosis objects, most likely cause first. The words come from fixes.ts.
 */
import type { Diagnosis } from './types.js';
import type { UrlDifference } from './candidate-urls.js';
import * as words from './fixes.js';
import type { ProviderInfo, UrlChange } from './fixes.js';

export type Finding =
  | ({ code: UrlDifference } & UrlChange)
  | { code: 'timestamp-stale'; skewSeconds: number; toleranceSeconds: number; timestamp: number; receivedAt: number }
  | { code: 'body-modified'; change: string }
  | { code: 'secret-rotated'; matched: string; current: string | null; otherProvider?: string }
  | { code: 'secret-format'; label: string; change?: string; advice?: string; complaint?: string; shape?: string; unusable?: boolean }
  | { code: 'encoding-mismatch' }
  | { code: 'signature-missing'; rule?: string }
  | { code: 'token-mismatch'; labels: string[]; where?: string }
  | { code: 'wrong-secret'; labels: string[]; signedUrl?: string };

const URL_ORDER = ['proto-rewritten', 'host-rewritten', 'port-mismatch', 'path-rewritten', 'query-changed'];

/**
 * Likelihood order. A variant that reproduced the signature is proof and outranks a guess; among proofs,
 * a right signature with a stale clock is the most specific, then transport rewrites (URL, body), then
 * secret mix-ups. What a naive app would get wrong is a warning about the matched URL, not the cause of a
 * failure, so it follows the proofs. Complaints about a secret's shape and the catch-all codes come last.
 */
function rank(f: Finding): number {
  switch (f.code) {
    case 'timestamp-stale': return 0;
    case 'encoding-mismatch': return 1;
    case 'proto-rewritten':
    case 'host-rewritten':
    case 'port-mismatch':
    case 'path-rewritten':
    case 'query-changed':
      return (f.seenBy === 'naive' ? 35 : 10) + URL_ORDER.indexOf(f.code);
    case 'body-modified': return 30;
    case 'secret-rotated': return 31;
    case 'secret-format': return f.change ? 32 : 50;
    case 'signature-missing': return 40;
    case 'token-mismatch': return 60;
    case 'wrong-secret': return 61;
  }
}

function toDiagnosis(p: ProviderInfo, f: Finding): Diagnosis {
  switch (f.code) {
    case 'proto-rewritten':
    case 'host-rewritten':
    case 'port-mismatch':
    case 'path-rewritten':
    case 'query-changed': {
      const build = { 'proto-rewritten': words.protoRewritten, 'host-rewritten': words.hostRewritten, 'port-mismatch': words.portMismatch, 'path-rewritten': words.pathRewritten, 'query-changed': words.queryChanged }[f.code];
      return {
        code: f.code,
        ...build(p, f),
        expected: { url: f.signed, source: f.signedSource },
        actual: { url: f.seen, source: f.seenSource },
      };
    }
    case 'timestamp-stale':
      return {
        code: f.code,
        ...words.timestampStale(p, f),
        expected: { toleranceSeconds: f.toleranceSeconds },
        actual: { timestamp: f.timestamp, receivedAt: f.receivedAt, skewSeconds: f.skewSeconds },
      };
    case 'body-modified':
      return { code: f.code, ...words.bodyModified(p, f.change), expected: { body: f.change }, actual: { body: 'bytes as received' } };
    case 'secret-rotated':
      return {
        code: f.code,
        ...words.secretRotated(p, f),
        expected: { secret: f.current },
        actual: { secret: f.matched, ...(f.otherProvider ? { provider: f.otherProvider } : {}) },
      };
    case 'secret-format':
      return {
        code: f.code,
        ...words.secretFormat(p, f),
        ...(f.shape ? { expected: { shape: f.shape } } : {}),
        actual: { secret: f.label, ...(f.change ? { change: f.change } : {}) },
      };
    case 'encoding-mismatch':
      return { code: f.code, ...words.encodingMismatch(p), expected: { headers: [...p.headers] } };
    case 'signature-missing':
      return { code: f.code, ...words.signatureMissing(p, f), expected: { headers: [...p.headers] }, actual: { headers: [] } };
    case 'token-mismatch':
      return { code: f.code, ...words.tokenMismatch(p, f), expected: { secrets: f.labels } };
    case 'wrong-secret':
      return { code: f.code, ...words.wrongSecret(p, f), actual: { secretsTried: f.labels } };
  }
}

/** Diagnoses for `findings`, most likely first, without repeats; scheme-specific `extra` ones last. */
export function diagnose(p: ProviderInfo, findings: readonly Finding[], extra: readonly Diagnosis[] = []): Diagnosis[] {
  const ordered = findings
    .map((f, i) => ({ f, i, r: rank(f) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map(({ f }) => toDiagnosis(p, f));
  const seen = new Set<string>();
  const out: Diagnosis[] = [];
  for (const d of [...ordered, ...extra]) {
    const id = `${d.code}\n${d.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(d);
  }
  return out;
}
