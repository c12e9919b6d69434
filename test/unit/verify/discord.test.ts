import { createPrivateKey, sign as nodeSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ed25519PublicKey, ed25519Sign, ed25519Verify } from '../../../shared/verify/crypto.js';
import { fromHex, toHex, utf8 } from '../../../shared/verify/encoding.js';
import { discord } from '../../../shared/verify/providers/discord.js';
import { vector, vectorsFor } from '../../helpers/vectors.js';

const URL = 'https://example.com/interactions';
const RFC8032 = vector('ed25519-rfc8032-test1');
/** The RFC 8032 TEST 1 seed (the vector's secret field is "<hex> (private seed)"). */
const SEED = RFC8032.secret.split(' ')[0]!;
const PUBLIC_KEY = RFC8032.public_key!;

function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

describe('ed25519 primitive (crypto.ts)', () => {
  it('reproduces RFC 8032 TEST 1', () => {
    const seed = fromHex(SEED)!;
    expect(toHex(ed25519PublicKey(seed))).toBe(PUBLIC_KEY);
    expect(toHex(ed25519Sign(bytes(RFC8032.string_to_sign ?? ''), seed))).toBe(RFC8032.expected_signature);
    expect(ed25519Verify(fromHex(RFC8032.expected_signature)!, bytes(''), fromHex(PUBLIC_KEY)!)).toBe(true);
  });
  it('returns false (never throws) on malformed input', () => {
    expect(ed25519Verify(new Uint8Array(3), bytes('x'), new Uint8Array(5))).toBe(false);
  });
});

describe('discord scheme', () => {
  for (const v of vectorsFor('discord-ed25519')) {
    it(`accepts published vector ${v.id} with the application public key`, () => {
      const result = discord.verify({ url: URL, headers: v.headers, body: v.body, now: 1700000000 }, v.public_key!);
      expect(result).toMatchObject({ ok: true, outcome: 'match' });
    });
    it(`signs ${v.id} exactly (Ed25519 is deterministic)`, () => {
      const timestamp = Number(v.headers['X-Signature-Timestamp']);
      const out = discord.sign({ method: 'POST', url: URL, body: bytes(v.body), timestamp, id: 'x' }, SEED, {});
      expect(out.headers).toEqual([
        ['X-Signature-Ed25519', v.expected_signature],
        ['X-Signature-Timestamp', v.headers['X-Signature-Timestamp']],
      ]);
    });
    it(`rejects ${v.id} with one body byte changed`, () => {
      const body = v.body.replace('"type":1', '"type":2');
      const result = discord.verify({ url: URL, headers: v.headers, body, now: 1700000000 }, v.public_key!);
      expect(result).toMatchObject({ ok: false, outcome: 'mismatch' });
    });
    it(`rejects ${v.id} with another application's public key`, () => {
      const other = toHex(ed25519PublicKey(new Uint8Array(32).fill(7)));
      const result = discord.verify({ url: URL, headers: v.headers, body: v.body, now: 1700000000 }, other);
      expect(result).toMatchObject({ ok: false, outcome: 'mismatch' });
    });
    it(`rejects ${v.id} when the timestamp header differs from the signed one`, () => {
      const headers = { ...v.headers, 'X-Signature-Timestamp': '1700000001' };
      expect(discord.verify({ url: URL, headers, body: v.body }, v.public_key!).ok).toBe(false);
    });
  }

  it('round-trips sign -> verify, and node:crypto produces the same signature', () => {
    const seed = new Uint8Array(32).map((_, i) => i * 3 + 1);
    const body = '{"type":2,"data":{"name":"ping"}}';
    const out = discord.sign({ method: 'POST', url: URL, body: bytes(body), timestamp: 1712345678, id: 'x' }, toHex(seed), {});
    const publicKey = toHex(ed25519PublicKey(seed));
    expect(discord.verify({ url: URL, headers: out.headers, body, now: 1712345678 }, publicKey)).toMatchObject({ ok: true });

    // Independent signer: node:crypto with the same seed (PKCS#8 = fixed prefix + 32-byte seed).
    const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seed)]);
    const nodeKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    const expected = nodeSign(null, Buffer.from('1712345678' + body), nodeKey).toString('hex');
    expect(out.headers[0]).toEqual(['X-Signature-Ed25519', expected]);
  });

  it('reports missing when either header is absent', () => {
    const [v] = vectorsFor('discord-ed25519');
    const { 'X-Signature-Timestamp': _ts, ...noTimestamp } = v!.headers;
    const { 'X-Signature-Ed25519': _sig, ...noSignature } = v!.headers;
    expect(discord.verify({ url: URL, headers: noTimestamp, body: v!.body }, PUBLIC_KEY)).toMatchObject({ outcome: 'missing' });
    expect(discord.verify({ url: URL, headers: noSignature, body: v!.body }, PUBLIC_KEY)).toMatchObject({ outcome: 'missing' });
  });

  it('never throws on malformed signatures and flags unusable keys', () => {
    const headers = { 'X-Signature-Ed25519': 'zz-not-hex', 'X-Signature-Timestamp': 'garbage' };
    expect(discord.verify({ url: URL, headers, body: '{}' }, PUBLIC_KEY)).toMatchObject({ ok: false, outcome: 'mismatch' });
    expect(discord.verify({ url: URL, headers, body: '{}' }, 'not-a-key')).toMatchObject({ ok: false, outcome: 'bad-secret' });
    expect(discord.key(PUBLIC_KEY, {})).toHaveLength(32);
  });

  it('detects by X-Signature-Ed25519 and complains about bot tokens and client secrets', () => {
    expect(discord.secretShape?.complain?.(PUBLIC_KEY)).toBeNull();
    expect(discord.secretShape?.complain?.('MTA5ODc2NTQzMjEwOTg3NjU0Mw.GabcDe.abcdefghijklmnopqrstuvwxyz0123456789AB')).toMatch(/bot token/);
    expect(discord.secretShape?.complain?.('abcdefghijklmnopqrstuvwxyz012345')).toMatch(/client secret/);
    expect(discord.sign.bind(null, { method: 'POST', url: URL, body: utf8(''), timestamp: 1, id: 'x' }, 'nope', {})).toThrow(/64 hex/);
  });
});
