/**
 * The one interface the verification engine uses for cryptography. The default implementation is
 * pure JavaScript (@noble), so the engine runs unchanged in the browser; the server swaps in node:crypto
 * for speed with `setCrypto` (see server/verify/node-crypto.ts). Both are checked against the same vectors.
 */
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 as nobleSha256, sha512 } from '@noble/hashes/sha2.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';

export type HashAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface CryptoImpl {
  hmac(algorithm: HashAlgorithm, key: Uint8Array, data: Uint8Array): Uint8Array;
  hash(algorithm: HashAlgorithm, data: Uint8Array): Uint8Array;
}

const nobleHashes = { sha1, sha256: nobleSha256, sha512 } as const;

export const nobleCrypto: CryptoImpl = {
  hmac: (algorithm, key, data) => nobleHmac(nobleHashes[algorithm], key, data),
  hash: (algorithm, data) => nobleHashes[algorithm](data),
};

let active: CryptoImpl = nobleCrypto;

/** Replace the implementation (the server installs node:crypto at start-up). */
export function setCrypto(impl: CryptoImpl): void {
  active = impl;
}

export function hmac(algorithm: HashAlgorithm, key: Uint8Array, data: Uint8Array): Uint8Array {
  return active.hmac(algorithm, key, data);
}

export function hash(algorithm: HashAlgorithm, data: Uint8Array): Uint8Array {
  return active.hash(algorithm, data);
}

/** Ed25519 verification (Discord). Returns false on malformed input instead of throwing. */
export function ed25519Verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, publicKey);
  } catch {
    return false;
  }
}

export function ed25519Sign(message: Uint8Array, privateKey: Uint8Array): Uint8Array {
  return ed25519.sign(message, privateKey);
}

export function ed25519PublicKey(privateKey: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(privateKey);
}

/**
 * ECDSA P-256 over SHA-256 (SendGrid). `signature` is DER or compact; `publicKey` is SEC1 (compressed or
 * uncompressed) bytes. False on malformed input.
 */
export function p256Verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  for (const format of ['der', 'compact'] as const) {
    try {
      if (p256.verify(signature, message, publicKey, { format, lowS: false })) return true;
    } catch {
      // try the next format
    }
  }
  return false;
}

export function p256Sign(message: Uint8Array, privateKey: Uint8Array): Uint8Array {
  return p256.sign(message, privateKey, { format: 'der' });
}

export function p256PublicKey(privateKey: Uint8Array): Uint8Array {
  return p256.getPublicKey(privateKey, false);
}

/**
 * Constant-time equality that never throws: a length mismatch still walks the longer input so the
 * time taken does not tell an attacker how many leading bytes were right.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  const sameLength = a.length === b.length;
  // On a length mismatch compare `a` with itself, so the time spent depends only on a's length.
  const other = sameLength ? b : a;
  let diff = sameLength ? 0 : 1;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ other[i]!;
  return diff === 0;
}
