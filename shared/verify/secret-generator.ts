/** Signing secrets and URL tokens for users who need one (`hookscope` suggests one for hmac/token endpoints). */
import { toHex } from './encoding.js';

/** 160 bits: the floor for an HMAC key or bearer token (RFC 2104 recommends at least the hash output). */
export const MIN_SECRET_BYTES = 20;
/** The most `crypto.getRandomValues` fills in one call. */
export const MAX_SECRET_BYTES = 65536;

/**
 * `bytes` random bytes from the platform CSPRNG, as lowercase hex (2 characters per byte). Throws a
 * RangeError below 160 bits, and an Error where no Web Crypto is available (never falls back to Math.random).
 */
export function generateSecret(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < MIN_SECRET_BYTES || bytes > MAX_SECRET_BYTES) {
    throw new RangeError(`a secret needs a whole number of bytes from ${MIN_SECRET_BYTES} (160 bits) to ${MAX_SECRET_BYTES}; got ${bytes}`);
  }
  const webCrypto = globalThis.crypto;
  if (!webCrypto?.getRandomValues) throw new Error('no secure random source (globalThis.crypto.getRandomValues) in this runtime');
  return toHex(webCrypto.getRandomValues(new Uint8Array(bytes)));
}
