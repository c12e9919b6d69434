/**
 * Building blocks shared by every scheme module: `defineScheme` adds the plain `verify` that each module
 * exports, and `compareDigest` does the constant-time comparison that also spots encoding mistakes.
 */
import type { Match, RequestView, SchemeDefinition, SchemeOptions } from './types.js';
import { constantTimeEqual } from './crypto.js';
import { decodeAny, decodeUriLenient, utf8 } from './encoding.js';
import { viewFromUrl } from './request-view.js';

export interface VerifyInput {
  /** Absolute URL the verifier uses (the provider's view: public https URL). */
  url: string;
  method?: string;
  headers?: ReadonlyArray<readonly [string, string]> | Record<string, string>;
  body?: Uint8Array | string;
  /** Unix seconds; defaults to now. */
  now?: number;
}

export type VerifyOutcome =
  | { ok: true; outcome: 'match'; secretIndex: number }
  | { ok: false; outcome: 'missing' | 'mismatch' | 'encoding' | 'stale' | 'bad-secret'; secretIndex?: number; skewSeconds?: number };

export interface Scheme extends SchemeDefinition {
  /**
   * Verify as the provider's own SDK does: any of `secrets` (rotation) reproduces the signature over the
   * request as sent, within the tolerance. A mismatch is a result, never an exception.
   */
  verify(input: VerifyInput, secrets: string | string[], options?: SchemeOptions): VerifyOutcome;
}

export function defineScheme(definition: SchemeDefinition): Scheme {
  return {
    ...definition,
    verify(input, secrets, options = {}) {
      const now = input.now ?? Math.floor(Date.now() / 1000);
      const view = viewFromUrl({ ...input, receivedAt: now });
      const extracted = definition.extract(view, options);
      if (!extracted) return { ok: false, outcome: 'missing' };
      const list = Array.isArray(secrets) ? secrets : [secrets];
      let sawEncoding: number | undefined;
      let usableSecret = false;
      for (let i = 0; i < list.length; i++) {
        const key = definition.key(list[i]!, options);
        if (!key) continue;
        usableSecret = true;
        const match = definition.match({ url: input.url, body: view.body }, key, extracted, view, options);
        if (match === 'match') {
          const skew = timestampSkew(toleranceOf(definition, options), extracted.timestamp, now);
          if (skew !== 0) return { ok: false, outcome: 'stale', secretIndex: i, skewSeconds: skew };
          return { ok: true, outcome: 'match', secretIndex: i };
        }
        if (match === 'encoding') sawEncoding ??= i;
      }
      if (!usableSecret) return { ok: false, outcome: 'bad-secret' };
      if (sawEncoding !== undefined) return { ok: false, outcome: 'encoding', secretIndex: sawEncoding };
      return { ok: false, outcome: 'mismatch' };
    },
  };
}

/** The tolerances that apply to a scheme with these endpoint options (`toleranceFor` wins). */
export function toleranceOf(
  scheme: Pick<SchemeDefinition, 'toleranceSeconds' | 'futureToleranceSeconds' | 'toleranceFor'>,
  options: SchemeOptions,
): Pick<SchemeDefinition, 'toleranceSeconds' | 'futureToleranceSeconds'> {
  let toleranceSeconds = scheme.toleranceSeconds;
  if (scheme.toleranceFor) {
    try {
      toleranceSeconds = scheme.toleranceFor(options);
    } catch {
      // a scheme's option parser must not break verification; keep the scheme-wide value
    }
  }
  return { toleranceSeconds, futureToleranceSeconds: scheme.futureToleranceSeconds };
}

/**
 * Seconds outside the tolerance (positive: too old, negative: in the future), 0 when within it or when
 * the scheme signs no timestamp.
 */
export function timestampSkew(
  scheme: Pick<SchemeDefinition, 'toleranceSeconds' | 'futureToleranceSeconds'>,
  timestamp: number | undefined,
  now: number,
): number {
  if (timestamp === undefined || scheme.toleranceSeconds === undefined) return 0;
  const age = now - timestamp;
  const allowed = age >= 0 ? scheme.toleranceSeconds : (scheme.futureToleranceSeconds ?? scheme.toleranceSeconds);
  if (Math.abs(age) <= allowed) return 0;
  return age;
}

/**
 * Compare a freshly computed digest with the signatures as sent. `render` turns the digest into the exact
 * string the provider sends ("sha256=" + hex, "v1," + base64, ...). 'encoding' means some signature holds
 * the same digest bytes in another encoding or without the prefix.
 */
export function compareDigest(digest: Uint8Array, signatures: readonly string[], render: (digest: Uint8Array) => string): Match {
  const wanted = utf8(render(digest));
  let found: Match = null;
  for (const signature of signatures) {
    // Walk every candidate (no early exit) so timing does not reveal which entry matched.
    if (constantTimeEqual(utf8(signature), wanted)) found = 'match';
  }
  if (found) return found;
  for (const signature of signatures) {
    if (holdsDigest(signature, digest)) return 'encoding';
  }
  return null;
}

/** True when `signature`, with or without a short scheme prefix (sha256=, v1,, v0=), decodes to `digest`. */
export function holdsDigest(signature: string, digest: Uint8Array): boolean {
  const trimmed = signature.trim();
  const bare = trimmed.replace(/^[A-Za-z0-9]{1,12}[=,:]/, '');
  // A space for `+` is not an encoding difference but a mangled URL (the engine reports query-changed).
  for (const form of new Set([trimmed, bare, decodeUriLenient(trimmed), decodeUriLenient(bare)])) {
    for (const bytes of decodeAny(form)) if (constantTimeEqual(bytes, digest)) return true;
  }
  return false;
}

/** Header, or `header:Name` / `query:name` option, read from the request. */
export function readLocation(req: RequestView, location: string): string | undefined {
  const [where, ...rest] = location.split(':');
  const name = rest.join(':');
  if (where === 'query') return req.query().find(([k]) => k === name)?.[1];
  if (where === 'header') return req.header(name);
  return req.header(location);
}

/** Standard UTF-8 key derivation: most providers use the secret string's bytes as the HMAC key. */
export function utf8Key(secret: string): Uint8Array | null {
  return secret.length > 0 ? utf8(secret) : null;
}
