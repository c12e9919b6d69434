/**
 * Slack: `X-Slack-Signature: v0=<hex HMAC-SHA256(signing secret, "v0:" + ts + ":" + raw body)>` with
 * `X-Slack-Request-Timestamp: <unix>`. The timestamp is signed as the header text; the SDK rejects it when
 * it is more than 5 minutes from the clock either way. Checked against slackapi/python-slack-sdk
 * slack_sdk/signature/__init__.py (SignatureVerifier) and its docs-derived test values.
 */
import { defineScheme, utf8Key } from '../scheme.js';
import { requireKey, strictInteger, v0Signature } from './signed-parts.js';

export const slack = defineScheme({
  id: 'slack',
  title: 'Slack',
  kind: 'hmac',
  signsUrl: false,
  toleranceSeconds: 300,
  secretShape: {
    describe: "the app's Signing Secret (Basic Information → App Credentials), 32 hex characters",
    complain(secret) {
      const trimmed = secret.trim();
      if (/^xox[a-z]-/.test(trimmed)) {
        return "This is a Slack OAuth token (xox…-), not the app's Signing Secret. Copy the Signing Secret from Basic Information → App Credentials.";
      }
      if (trimmed.startsWith('xapp-')) {
        return "This is an app-level token (xapp-…), not the app's Signing Secret. Copy the Signing Secret from Basic Information → App Credentials.";
      }
      return null;
    },
  },
  doc: {
    headers: ['X-Slack-Signature', 'X-Slack-Request-Timestamp'],
    signs: '"v0:" + timestamp + ":" + raw body; "v0=" + hex HMAC-SHA256',
    tolerance: '300 s either way (python-slack-sdk SignatureVerifier)',
    testedAgainst: 'slack-docs (Slack docs example, python-slack-sdk test)',
  },
  detectionHeaders: ['x-slack-signature', 'x-slack-request-timestamp'],
  detect: (req) => req.header('x-slack-signature') !== undefined || req.header('x-slack-request-timestamp') !== undefined,
  extract(req) {
    const signature = req.header('x-slack-signature');
    const ts = req.header('x-slack-request-timestamp');
    if (!signature || ts === undefined) return null;
    // The SDK calls int() on the header and gives up when it is not a number.
    const timestamp = strictInteger(ts);
    if (timestamp === undefined) return null;
    return { signatures: [signature], timestamp, fields: { ts } };
  },
  key: utf8Key,
  match: (variant, key, extracted) => v0Signature.match(variant.body, key, extracted),
  sign: (input, secret) => v0Signature.sign(input, requireKey(utf8Key(secret), 'slack'), 'X-Slack-Request-Timestamp', 'X-Slack-Signature'),

});

export const { detect, verify, sign } = slack;
