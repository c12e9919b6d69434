import { describe, expect, it } from 'vitest';
import { generateSecret } from '../../../shared/verify/secret-generator.js';

describe('generateSecret', () => {
  it('returns 32 random bytes as lowercase hex by default', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
  });

  it('returns the requested number of bytes, from 160 bits up', () => {
    expect(generateSecret(20)).toMatch(/^[0-9a-f]{40}$/);
    expect(generateSecret(64)).toHaveLength(128);
  });

  it('does not repeat itself', () => {
    const seen = new Set(Array.from({ length: 200 }, () => generateSecret(20)));
    expect(seen.size).toBe(200);
  });

  it('refuses fewer than 160 bits, and sizes that are not whole bytes', () => {
    for (const bytes of [19, 16, 0, -1, 20.5, Number.NaN, 65537]) {
      expect(() => generateSecret(bytes), String(bytes)).toThrow(RangeError);
    }
  });
});
