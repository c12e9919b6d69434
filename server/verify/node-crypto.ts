/**
 * node:crypto behind the engine's crypto interface: the shared engine defaults to pure-JS hashing so it
 * runs in the browser; on the server the native implementation is several times faster.
 */
import { createHash, createHmac } from 'node:crypto';
import { setCrypto, type CryptoImpl } from '../../shared/verify/crypto.js';

export const nodeCrypto: CryptoImpl = {
  hmac: (algorithm, key, data) => new Uint8Array(createHmac(algorithm, key).update(data).digest()),
  hash: (algorithm, data) => new Uint8Array(createHash(algorithm).update(data).digest()),
};

export function useNodeCrypto(): void {
  setCrypto(nodeCrypto);
}
