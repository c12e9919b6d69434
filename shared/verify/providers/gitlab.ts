/**
 * GitLab: no signature, the webhook's secret token itself travels in `X-Gitlab-Token` and is compared in
 * constant time (docs.gitlab.com "Webhooks": validate payloads by using a secret token). Every delivery
 * names its event in `X-Gitlab-Event`.
 *
 * GitLab's newer signing token (behind the `webhook_signing_token` feature flag) signs in the Standard
 * Webhooks format (`webhook-id`/`webhook-timestamp`/`webhook-signature`, key `whsec_…`). A delivery that
 * carries only that signature is left to the Standard Webhooks scheme; see `detect`.
 */
import { constantTimeEqual } from '../crypto.js';
import { utf8 } from '../encoding.js';
import { defineScheme, utf8Key } from '../scheme.js';
import { unresolvedEnvComplaint } from './location.js';

function complain(secret: string): string | null {
  const env = unresolvedEnvComplaint(secret);
  if (env) return env;
  const value = secret.trim();
  if (value.startsWith('whsec_')) {
    return 'This is a GitLab signing token (whsec_…), which signs the webhook-signature header. X-Gitlab-Token carries the separate "Secret token".';
  }
  if (/^gl[a-z]{2,6}-[A-Za-z0-9_.-]{8,}$/.test(value)) {
    return 'This looks like a GitLab access token (glpat-… and similar). The webhook sends its own "Secret token" from the webhook settings.';
  }
  return null;
}

export const gitlab = defineScheme({
  id: 'gitlab',
  title: 'GitLab',
  kind: 'token',
  signsUrl: false,
  secretShape: {
    describe: 'the webhook\'s "Secret token" (any string you chose in the webhook settings)',
    complain,
  },
  doc: {
    headers: ['X-Gitlab-Token'],
    signs: 'nothing: the secret token itself is sent and compared in constant time',
    tolerance: 'none',
    testedAgainst: 'token round trip and wrong-token tests (no vector exists: GitLab sends the token verbatim)',
  },
  detectionHeaders: ['x-gitlab-token', 'x-gitlab-event'],
  detect(req) {
    if (req.header('x-gitlab-token') !== undefined) return true;
    // Signed with the newer signing token only: that is a Standard Webhooks signature, not a token.
    return req.header('x-gitlab-event') !== undefined && req.header('webhook-signature') === undefined;
  },
  extract(req) {
    const tokens = req.headerAll('x-gitlab-token').filter((t) => t !== '');
    return tokens.length > 0 ? { signatures: tokens } : null;
  },
  key: utf8Key,
  match(_variant, key, extracted) {
    let found = false;
    // Compare every value sent (no early exit) so timing does not reveal which one matched.
    for (const token of extracted.signatures) if (constantTimeEqual(utf8(token), key)) found = true;
    return found ? 'match' : null;
  },
  sign: (input, secret) => ({ url: input.url, headers: [['X-Gitlab-Token', secret]] }),
});

export const { detect, verify, sign } = gitlab;
