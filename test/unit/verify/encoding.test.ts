import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromUtf8, includesAscii, utf8 } from '../../../shared/verify/encoding.js';

describe('includesAscii', () => {
  it('says what decoding the bytes and searching the text says, for any bytes (invalid UTF-8 included)', () => {
    const needle = fc.oneof(fc.constantFrom('signature', 'event-data', 'aa', 'a', ''), fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)), maxLength: 4 }));
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.uint8Array({ maxLength: 64 }).map((b) => Uint8Array.from(b, (x) => 97 + (x % 3))), // a/b/c: many partial matches
      fc.tuple(fc.uint8Array({ maxLength: 16 }), fc.uint8Array({ maxLength: 16 })).map(([a, b]) => Uint8Array.from([...a, ...utf8('signature'), ...b])),
    );
    fc.assert(fc.property(bytes, needle, (b, n) => {
        expect(includesAscii(b, n)).toBe(fromUtf8(b).includes(n));
      }), { numRuns: 5000 });
  });

  it('finds a needle at the very end and not one cut off by the end', () => {
    expect(includesAscii(utf8('xx"signature'), 'signature')).toBe(true);
    expect(includesAscii(utf8('xx"signatur'), 'signature')).toBe(false);
  });
});
