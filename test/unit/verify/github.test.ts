import { describe, expect, it } from 'vitest';
import { github } from '../../../shared/verify/providers/github.js';
import { vectorsFor } from '../../helpers/vectors.js';

describe('github scheme', () => {
  for (const v of vectorsFor('github')) {
    it(`accepts published vector ${v.id}`, () => {
      const result = github.verify({ url: 'https://example.com/hook', headers: v.headers, body: v.body }, v.secret);
      expect(result).toMatchObject({ ok: true, outcome: 'match' });
    });
    it(`rejects ${v.id} with one body byte changed`, () => {
      const result = github.verify({ url: 'https://example.com/hook', headers: v.headers, body: v.body + ' ' }, v.secret);
      expect(result.ok).toBe(false);
    });
  }
  it('round-trips sign -> verify and reproduces the published signature', () => {
    const [v] = vectorsFor('github');
    const out = github.sign({ method: 'POST', url: 'https://x/', body: new TextEncoder().encode(v!.body), timestamp: 0, id: 'x' }, v!.secret, {});
    expect(out.headers).toEqual([['X-Hub-Signature-256', v!.expected_signature]]);
  });
});
