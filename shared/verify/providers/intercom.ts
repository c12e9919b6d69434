/**
 * Intercom: `X-Hub-Signature: sha1=<hex HMAC-SHA1(app client secret, raw body)>`
 * (developers.intercom.com "Signed notifications": hexadecimal SHA-1 HMAC of the JSON notification,
 * header value prefixed `sha1=`). No timestamp.
 *
 * The header name is GitHub's legacy one, so detection asks for Intercom evidence (its user agent or a
 * `notification_event` body) and steps aside when GitHub or Meta headers are present.
 */
import { hmac } from '../crypto.js';
import { toHex, utf8 } from '../encoding.js';
import { compareDigest, defineScheme, utf8Key } from '../scheme.js';
import { jsonBody } from './json-body.js';
import { unresolvedEnvComplaint } from './location.js';

/** The user agent shown in Intercom's signed-request example. */
const USER_AGENT = 'intercom-parrot-service-client/1.0';

function complain(secret: string): string | null {
  const env = unresolvedEnvComplaint(secret);
  if (env) return env;
  // Access tokens are base64 of "tok:…".
  if (secret.trim().startsWith('dG9rOj')) {
    return "This is an Intercom access token. Notifications are signed with the app's client secret (Developer Hub → Basic information).";
  }
  return null;
}

export const intercom = defineScheme({
  id: 'intercom',
  title: 'Intercom',
  signsUrl: false,
  secretShape: {
    describe: "the app's client secret (Developer Hub → your app → Basic information)",
    complain,
  },
  doc: {
    headers: ['X-Hub-Signature'],
    signs: 'raw body (sha1= + hex HMAC-SHA1)',
    tolerance: 'none',
    testedAgainst: 'hand-computed node:crypto HMAC-SHA1 (Intercom publishes no secret for its example)',
  },
  detectionHeaders: ['user-agent', 'x-hub-signature'],
  detect(req) {
    if (req.header('x-github-event') !== undefined || req.header('x-hub-signature-256') !== undefined) return false;
    if (/intercom/i.test(req.header('user-agent') ?? '')) return true;
    return req.header('x-hub-signature') !== undefined && jsonBody(req)?.type === 'notification_event';
  },
  extract(req) {
    const signature = req.header('x-hub-signature');
    return signature ? { signatures: [signature] } : null;
  },
  key: utf8Key,
  match: (variant, key, extracted) =>
    compareDigest(hmac('sha1', key, variant.body), extracted.signatures, (d) => `sha1=${toHex(d)}`),
  sign(input, secret) {
    const digest = hmac('sha1', utf8(secret), input.body);
    return {
      url: input.url,
      headers: [
        ['X-Hub-Signature', `sha1=${toHex(digest)}`],
        ['User-Agent', USER_AGENT],
      ],
    };
  },
});

export const { detect, verify, sign } = intercom;
