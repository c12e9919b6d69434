/**
 * Which secrets to try for a provider and in what order, and the other shapes a configured secret may
 * have been meant in (prefix, whitespace, base64/hex) — the usual copy-and-paste mistakes.
 * Values stay inside the engine: everything that leaves it carries the label only.
 */
import type { SchemeOptions } from './types.js';
import type { Scheme } from './scheme.js';
import type { EndpointRule } from './endpoints.js';
import { fromBase64, fromHex, toHex, utf8 } from './encoding.js';

export interface SecretEntry {
  provider: string;
  value: string;
  /** "stripe #1 (current)", "stripe #2": the first per provider is the current one. */
  label: string;
}

/** A secret the engine tries, with its key bytes already derived (null when the scheme cannot use it). */
export interface KeyedSecret {
  label: string;
  value: string;
  key: Uint8Array | null;
}

/** `scheme.key` that never throws: a module bug must not take the capture down. */
export function deriveKey(scheme: Scheme, secret: string, options: SchemeOptions): Uint8Array | null {
  try {
    return scheme.key(secret, options);
  } catch {
    return null;
  }
}

/** The provider's secrets, the endpoint rule's first (it is the one that endpoint is meant to use). */
export function configuredSecrets(scheme: Scheme, entries: readonly SecretEntry[], rule: EndpointRule | undefined, options: SchemeOptions): KeyedSecret[] {
  const list: Array<{ label: string; value: string }> = [];
  if (rule?.secret) list.push({ label: `${scheme.id} (endpoint ${rule.path})`, value: rule.secret });
  for (const e of entries) if (e.provider === scheme.id) list.push({ label: e.label, value: e.value });
  const seen = new Set<string>();
  const out: KeyedSecret[] = [];
  for (const s of list) {
    if (seen.has(s.value)) continue;
    seen.add(s.value);
    out.push({ ...s, key: deriveKey(scheme, s.value, options) });
  }
  return out;
}

/** Secrets configured for other providers: a match means the secret was filed under the wrong name. */
export function otherProviderSecrets(scheme: Scheme, entries: readonly SecretEntry[], exclude: readonly KeyedSecret[], options: SchemeOptions): Array<KeyedSecret & { provider: string }> {
  const taken = new Set(exclude.map((s) => s.value));
  const out: Array<KeyedSecret & { provider: string }> = [];
  for (const e of entries) {
    if (e.provider === scheme.id || taken.has(e.value)) continue;
    taken.add(e.value);
    out.push({ provider: e.provider, label: e.label, value: e.value, key: deriveKey(scheme, e.value, options) });
  }
  return out;
}

export interface ShapeVariant {
  key: Uint8Array;
  /** What was done to the configured value, in words ("without its whsec_ prefix"). */
  change: string;
  /** What the user should do about it. */
  advice: string;
}

const PREFIX = 'whsec_';

/**
 * Keys from other readings of `secret`: trimmed, whsec_ prefix removed or added (through the scheme's own
 * key derivation), and raw, base64-decoded or hex-decoded bytes (bypassing it). Keys equal to one in
 * `known` are dropped, so each variant costs one extra HMAC at most.
 */
export function shapeVariants(scheme: Scheme, secret: string, options: SchemeOptions, known: ReadonlyArray<Uint8Array | null>): ShapeVariant[] {
  const out: Array<{ key: Uint8Array | null; change: string; advice: string }> = [];
  const trimmed = secret.trim();
  const viaScheme = (text: string) => deriveKey(scheme, text, options);

  if (trimmed !== secret) {
    out.push({ key: viaScheme(trimmed), change: 'once trimmed of surrounding whitespace or a newline', advice: 'Remove the surrounding whitespace or newline from the configured secret (it creeps in when the secret is read from a file or pasted from a terminal); your app must trim it too.' });
  }
  const bare = trimmed.startsWith(PREFIX) ? trimmed.slice(PREFIX.length) : trimmed;
  if (bare !== trimmed) {
    out.push({ key: viaScheme(bare), change: `without its ${PREFIX} prefix`, advice: `The sender keys its HMAC without the ${PREFIX} prefix: configure the secret without it (and verify that way in your app), or fix the sender.` });
  } else if (trimmed) {
    out.push({ key: viaScheme(PREFIX + trimmed), change: `with a ${PREFIX} prefix added`, advice: `Configure the full secret including its ${PREFIX} prefix, exactly as ${scheme.title} shows it: the prefix is part of the key.` });
  }
  if (trimmed) {
    out.push({ key: utf8(trimmed), change: 'when its text is used as the key as is (not decoded)', advice: `The sender keys its HMAC with the secret string's bytes, not the decoded key ${scheme.title} derives from it: fix the sender to derive the key as ${scheme.title} does, or verify with the plain string.` });
  }
  const b64 = fromBase64(bare);
  if (b64 && b64.length > 0) out.push({ key: b64, change: 'when base64-decoded', advice: `The sender keys its HMAC with the base64-decoded bytes of this secret, while ${scheme.title} uses it as written: align the sender and your verifier on one of the two.` });
  const hex = fromHex(bare);
  if (hex && hex.length > 0) out.push({ key: hex, change: 'when hex-decoded', advice: `The sender keys its HMAC with the hex-decoded bytes of this secret, while ${scheme.title} uses it as written: align the sender and your verifier on one of the two.` });

  const seen = new Set(known.filter((k): k is Uint8Array => k !== null).map(toHex));
  const kept: ShapeVariant[] = [];
  for (const v of out) {
    if (!v.key || v.key.length === 0) continue;
    const id = toHex(v.key);
    if (seen.has(id)) continue;
    seen.add(id);
    kept.push({ key: v.key, change: v.change, advice: v.advice });
  }
  return kept;
}

/** The plain-English complaint a scheme has about a configured value (an API key pasted as secret, ...). */
export function complaintAbout(scheme: Scheme, secret: string): string | null {
  try {
    return scheme.secretShape?.complain?.(secret) ?? null;
  } catch {
    return null;
  }
}
