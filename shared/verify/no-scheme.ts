import type { Check, Diagnosis, VerificationResult } from './types.js';

/**
 * The result of every request no scheme claims — most captures. One shared, frozen object: nothing is
 * allocated per request, and the capture path stores its JSON without encoding it again
 * (server/store/request-writes.ts). Frozen, so code that meant to change a result fails loudly.
 */
export const NO_SCHEME: VerificationResult = Object.freeze({
  provider: null,
  verdict: 'unsigned',
  checks: Object.freeze([]) as unknown as Check[],
  diagnoses: Object.freeze([]) as unknown as Diagnosis[],
});
