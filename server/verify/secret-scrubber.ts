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

export class SecretScrubber {
  constructor(private readonly secrets: SecretStore) {}

  private values(): string[] {
    // Longest first, so a secret containing another is masked whole.
    return this.secrets
      .values()
      .filter((v) => v.length >= MIN_SCRUBBED_LENGTH)
      .sort((a, b) => b.length - a.length);
  }

  text(value: string): string;
  text(value: string | null): string | null;
  text(value: string | null): string | null {
    if (value === null) return null;
    let out = value;
    for (const secret of this.values()) {
      if (out.includes(secret)) out = out.split(secret).join(SECRET_MASK);
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join(SECRET_MASK);
    }
    return out;
  }

  headers(headers: HeaderPair[]): HeaderPair[] {
    return headers.map(([n, v]) => [n, this.text(v)]);
  }
}
