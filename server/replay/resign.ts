/**
 * Signing a request with a provider's own signer (the scheme's `sign`): for a re-signed replay (the
 * configured secret, a fresh timestamp and id, the target URL for URL-signed schemes) and for
 * `hookscope send`. Signature headers replace same-named ones in place; new ones are appended.
 */
import { randomUUID } from 'node:crypto';
import type { HeaderPair } from '../../shared/api.js';
import { schemeById } from '../../shared/verify/registry.js';
import type { Scheme } from '../../shared/verify/scheme.js';
import type { SchemeOptions, SignOutput } from '../../shared/verify/types.js';
import { findEndpoint } from '../../shared/verify/endpoints.js';
import type { SecretStore } from '../verify/secret-store.js';

export class SignError extends Error {}

export interface ToSign {
  method: string;
  /** Absolute URL the signature is for. */
  url: string;
  headers: readonly HeaderPair[];
  body: Buffer;
}

export interface Signed {
  /** The URL after signing (some schemes add a query parameter: bodySHA256, a token). */
  url: string;
  headers: HeaderPair[];
  body: Buffer;
  /** Names of the headers the signer set. */
  set: string[];
}

export function requireScheme(provider: string | null): Scheme {
  if (!provider) throw new SignError('hookscope found no signature scheme on this request, so there is nothing to re-sign; replay it as is, or edit its headers');
  const scheme = schemeById(provider);
  if (!scheme) throw new SignError(`hookscope has no signer for ${JSON.stringify(provider)}`);
  return scheme;
}

/** The secret and options a re-sign uses: the endpoint rule's (when it names this provider), else the current configured secret. */
export function signingSecret(scheme: Scheme, secrets: SecretStore, path: string): { secret: string; options: SchemeOptions } {
  if (scheme.kind === 'asymmetric') {
    throw new SignError(
      `${scheme.title} signs with a private key that never leaves ${scheme.title}; hookscope only holds the public key, so it cannot re-sign. Replay the request as is, or have ${scheme.title} send it again.`,
    );
  }
  const rule = findEndpoint(secrets.endpointRules(), path);
  const options = rule && rule.provider === scheme.id ? (rule.options ?? {}) : {};
  const fromRule = rule && rule.provider === scheme.id ? rule.secret : undefined;
  const current = secrets.labelled().find((s) => s.provider === scheme.id)?.value;
  const secret = fromRule ?? current;
  if (!secret) throw new SignError(`no ${scheme.title} secret is configured: add one with --secret ${scheme.id}=... (or PUT /api/secrets) to re-sign`);
  return { secret, options };
}

export function signRequest(scheme: Scheme, input: ToSign, secret: string, options: SchemeOptions, now = Math.floor(Date.now() / 1000)): Signed {
  let out: SignOutput;
  try {
    out = scheme.sign({ method: input.method, url: input.url, body: input.body, timestamp: now, id: `msg_${randomUUID().replace(/-/g, '')}`, headers: input.headers }, secret, options);
  } catch (error) {
    throw new SignError(`${scheme.title} cannot sign this request: ${(error as Error).message}`);
  }
  return {
    url: out.url,
    headers: mergeHeaders(input.headers, out.headers),
    body: out.body ? Buffer.from(out.body.buffer, out.body.byteOffset, out.body.byteLength) : input.body,
    set: out.headers.map(([n]) => n),
  };
}

/** `base` with each of `set` replacing the first same-named header (case-insensitive), later duplicates dropped. */
export function mergeHeaders(base: readonly HeaderPair[], set: ReadonlyArray<readonly [string, string]>): HeaderPair[] {
  const wanted = new Map(set.map(([n, v]) => [n.toLowerCase(), [n, v] as HeaderPair]));
  const placed = new Set<string>();
  const out: HeaderPair[] = [];
  for (const [name, value] of base) {
    const lower = name.toLowerCase();
    const replacement = wanted.get(lower);
    if (!replacement) {
      out.push([name, value]);
      continue;
    }
    if (placed.has(lower)) continue;
    placed.add(lower);
    out.push([name, replacement[1]]);
  }
  for (const [lower, pair] of wanted) if (!placed.has(lower)) out.push(pair);
  return out;
}

/** Headers that describe how a request reached a proxy: stale once the request goes to another URL. */
export const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'x-forwarded-prefix', 'x-original-host'];
