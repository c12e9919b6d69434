/**
 * Twilio: `X-Twilio-Signature: base64(HMAC-SHA1(auth token, URL + sorted name+value POST params))`; JSON
 * webhooks sign only a URL carrying `bodySHA256=<hex SHA-256 of the raw body>`. No timestamp.
 * Behaviour follows twilio-node 6.2.0 `validateRequest` / `validateRequestWithBody`: see twilio-compat.ts
 * for the URL forms it accepts.
 */
import { utf8 } from '../encoding.js';
import { defineScheme, utf8Key } from '../scheme.js';
import { contentTypeOf, matchCompat, signCompat } from './twilio-compat.js';

/** Two-letter prefix and 32 hex digits: a Twilio SID, never a secret. */
const SID = /^([A-Z]{2})[0-9a-f]{32}$/i;

export const twilio = defineScheme({
  id: 'twilio',
  title: 'Twilio',
  signsUrl: true,
  doc: {
    headers: ['X-Twilio-Signature'],
    signs:
      'full URL + form params sorted by name (name+value, repeated values de-duplicated and sorted); JSON: URL with ?bodySHA256=<hex sha256(body)>, body must hash to it',
    tolerance: 'none',
    testedAgainst:
      'twilio-node spec/validation.spec.js vectors (canonical, ports 443/80/1234, userinfo, apostrophe, arrays, duplicates, bodySHA256), twilio.com docs snippets, diag-twilio-ngrok-url-variants',
  },
  secretShape: {
    describe: 'the account Auth Token (32 hex characters, Console > Account Info)',
    complain(secret) {
      const sid = SID.exec(secret.trim());
      if (!sid) return null;
      const prefix = sid[1]!.toUpperCase();
      if (prefix === 'AC') return 'This is the Account SID (AC…), not the Auth Token: Twilio signs webhooks with the Auth Token shown next to it in the Console.';
      if (prefix === 'SK') return 'This is an API Key SID (SK…): Twilio signs webhooks with the account Auth Token, not an API key.';
      return `This is a Twilio SID (${prefix}…), an identifier rather than a secret: Twilio signs webhooks with the account Auth Token.`;
    },
  },
  detectionHeaders: ['x-twilio-signature'],
  detect: (req) => req.header('x-twilio-signature') !== undefined,
  extract(req) {
    const signature = req.header('x-twilio-signature');
    return signature ? { signatures: [signature] } : null;
  },
  key: utf8Key,
  match: (variant, key, extracted, req) => matchCompat('twilio', variant, key, extracted.signatures, req.contentType()),
  sign(input, secret) {
    const out = signCompat('twilio', utf8(secret), input.url, input.body, contentTypeOf(input.headers));
    return { url: out.url, headers: [['X-Twilio-Signature', out.signature]] };
  },
});

export const { detect, verify, sign } = twilio;
