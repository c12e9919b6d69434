/**
 * Square: `x-square-hmacsha256-signature: base64(HMAC-SHA256(signature key, notification URL + raw body))`.
 * No timestamp. The official SDK (square-nodejs-sdk WebhooksHelper) concatenates the notification URL
 * exactly as configured in the Developer Console: no port, scheme or trailing-slash normalisation, so
 * neither is done here.
 */
import { hmac } from '../crypto.js';
import { concatBytes, toBase64, utf8 } from '../encoding.js';
import { compareDigest, defineScheme, utf8Key } from '../scheme.js';

/** Other Square credentials, by prefix (optionally `sandbox-`), that get pasted where the key belongs. */
const OTHER_CREDENTIALS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^EAAA/, 'an access token (EAAA…)'],
  [/^(sandbox-)?sq0at[pb]-/, 'an OAuth access token (sq0atp-…)'],
  [/^(sandbox-)?sq0cs[pb]-/, 'the application secret (sq0csp-…)'],
  [/^(sandbox-)?sq0id[pb]-/, 'the application ID (sq0idp-…)'],
];

function digest(key: Uint8Array, url: string, body: Uint8Array): Uint8Array {
  return hmac('sha256', key, concatBytes(utf8(url), body));
}

export const square = defineScheme({
  id: 'square',
  title: 'Square',
  signsUrl: true,
  doc: {
    headers: ['x-square-hmacsha256-signature'],
    signs: 'notification URL exactly as configured + raw body',
    tolerance: 'none',
    testedAgainst: 'square-nodejs-sdk test/utilities/webhooksHelper.test.ts vectors',
  },
  secretShape: {
    describe: "the subscription's Signature Key (Developer Console > Webhooks > Subscriptions > Endpoint Details)",
    complain(secret) {
      const value = secret.trim();
      const found = OTHER_CREDENTIALS.find(([pattern]) => pattern.test(value));
      return found
        ? `This is ${found[1]}, not a webhook Signature Key: copy the Signature Key from the subscription's Endpoint Details in the Developer Console.`
        : null;
    },
  },
  detectionHeaders: ['x-square-hmacsha256-signature'],
  detect: (req) => req.header('x-square-hmacsha256-signature') !== undefined,
  extract(req) {
    const signature = req.header('x-square-hmacsha256-signature');
    return signature ? { signatures: [signature] } : null;
  },
  key: utf8Key,
  match: (variant, key, extracted) => compareDigest(digest(key, variant.url, variant.body), extracted.signatures, toBase64),
  sign(input, secret) {
    return { url: input.url, headers: [['x-square-hmacsha256-signature', toBase64(digest(utf8(secret), input.url, input.body))]] };
  },
});

export const { detect, verify, sign } = square;
