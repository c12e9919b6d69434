import type { VerificationResult } from '../../shared/verify/types.js';

/**
 * The URL the provider signed, as far as the verification shows it: the candidate that reproduced the
 * signature — for a failed request, the variant a proxy changed (`/voice/` where the app saw `/voice`) —
 * else the URL a correct verifier uses (the engine's `signedUrl`, what the provider most likely signed).
 * The overview and the candidate table both show it, so they never name different URLs.
 */
export function urlAsSigned(v: VerificationResult | null | undefined): string | undefined {
  return v?.candidates?.find((c) => c.matched)?.url ?? v?.signedUrl;
}
