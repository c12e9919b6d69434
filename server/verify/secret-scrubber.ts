/**
 * Captured requests can carry a configured secret in the clear (a `?token=` in the URL, an
 * X-Gitlab-Token header). Everything hookscope shows or exports passes through here, so a secret
 * never leaves in an API response, an export or a log line.
 */
import type { HeaderPair } from '../../shared/api.js';
import type { SecretStore } from './secret-store.js';

export const SECRET_MASK = '[secret]';
/** Shorter values (e.g. "1") would mask unrelated text and reveal nothing worth hiding. */
const MIN_SCRUBBED_LENGTH = 6;

interface Needle {
  secret: string;
  /** Its URL-encoded form in any letter case, when that differs from the secret. */
  escaped: RegExp | null;
}

export class SecretScrubber {
  /** Needles for the store's current values; rebuilt when the store hands out a new array. */
  private needles: { from: readonly string[]; list: Needle[] } | null = null;

  constructor(private readonly secrets: SecretStore) {}

  private current(): Needle[] {
    const from = this.secrets.values();
    if (this.needles?.from !== from) {
      const list = from
        .filter((v) => v.length >= MIN_SCRUBBED_LENGTH)
        // Longest first, so a secret containing another is masked whole.
        .sort((a, b) => b.length - a.length)
        .map((secret) => {
          const encoded = encodeURIComponent(secret);
          return { secret, escaped: encoded === secret ? null : escapedPattern(encoded) };
        });
      this.needles = { from, list };
    }
    return this.needles.list;
  }

  text(value: string): string;
  text(value: string | null): string | null;
  text(value: string | null): string | null {
    if (value === null) return null;
    let out = value;
    for (const { secret, escaped } of this.current()) {
      if (out.includes(secret)) out = out.split(secret).join(SECRET_MASK);
      // Percent-escapes may come in either case (%2b or %2B).
      if (escaped && out.includes('%')) out = out.replace(escaped, SECRET_MASK);
    }
    return out;
  }

  /** Mask secrets inside raw bytes (binary bodies, which never pass through `text`). */
  bytes(value: Buffer): Buffer {
    let out = value;
    for (const { secret } of this.current()) {
      const needle = Buffer.from(secret);
      let at = out.indexOf(needle);
      if (at === -1) continue;
      const parts: Buffer[] = [];
      let from = 0;
      while (at !== -1) {
        parts.push(out.subarray(from, at), Buffer.from(SECRET_MASK));
        from = at + needle.length;
        at = out.indexOf(needle, from);
      }
      parts.push(out.subarray(from));
      out = Buffer.concat(parts);
    }
    return out;
  }

  headers(headers: HeaderPair[]): HeaderPair[] {
    return headers.map(([n, v]) => [n, this.text(v)]);
  }
}

/** A URL-encoded secret as a pattern that matches its %XX escapes in any letter case. */
function escapedPattern(encoded: string): RegExp {
  const source = encoded.replace(/%[0-9A-F]{2}|[.*+?^${}()|[\]\\]/g, (token) =>
    token.startsWith('%') ? `%[${token[1]}${token[1]!.toLowerCase()}][${token[2]}${token[2]!.toLowerCase()}]` : `\\${token}`,
  );
  return new RegExp(source, 'g');
}
