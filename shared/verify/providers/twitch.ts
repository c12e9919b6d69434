/**
 * Twitch EventSub (webhook transport): `Twitch-Eventsub-Message-Signature: sha256=<hex HMAC-SHA256>` keyed
 * with the subscription secret, over `Twitch-Eventsub-Message-Id` + `Twitch-Eventsub-Message-Timestamp`
 * (the header text, RFC 3339 with nanoseconds) + raw body. Twitch's docs ask receivers to reject messages
 * older than 10 minutes ("Guarding against replay attacks"). Sources: dev.twitch.tv/docs/eventsub
 * handling-webhook-events; twitchdev/twitch-cli forward_event.go (the CLI signer).
 */
import { concatBytes, utf8 } from '../encoding.js';
import { defineScheme, utf8Key } from '../scheme.js';
import { unresolvedEnvComplaint } from './location.js';
import { hexHmac, matchHexHmac, parseRfc3339, toRfc3339 } from './provider-helpers.js';

const ID_HEADER = 'Twitch-Eventsub-Message-Id';
const TIMESTAMP_HEADER = 'Twitch-Eventsub-Message-Timestamp';
const SIGNATURE_HEADER = 'Twitch-Eventsub-Message-Signature';

function signedContent(id: string, timestamp: string, body: Uint8Array): Uint8Array {
  return concatBytes(utf8(id + timestamp), body);
}

function complain(secret: string): string | null {
  const env = unresolvedEnvComplaint(secret);
  if (env) return env;
  const value = secret.trim();
  if (/^oauth:/i.test(value)) {
    return 'This is an OAuth token. EventSub messages are signed with the `secret` your app chose when it created the subscription (10 to 100 characters).';
  }
  // Twitch rejects subscription secrets outside 10..100 characters, so such a value cannot be the signing secret.
  if (secret.length < 10 || secret.length > 100) {
    return `Twitch subscription secrets are 10 to 100 characters long; this one has ${secret.length}.`;
  }
  return null;
}

export const twitch = defineScheme({
  id: 'twitch',
  title: 'Twitch EventSub',
  kind: 'hmac',
  signsUrl: false,
  toleranceSeconds: 600,
  doc: {
    headers: [SIGNATURE_HEADER, ID_HEADER, TIMESTAMP_HEADER],
    signs: 'message id + timestamp (header text) + raw body; "sha256=" + hex HMAC-SHA256',
    tolerance: '10 minutes (Twitch docs, "Guarding against replay attacks")',
    testedAgainst: 'twitch-rs/twitch_api verify_request test vector (twitch-cli generated); node:crypto hand computation',
  },
  secretShape: {
    describe: 'the `secret` (10 to 100 ASCII characters) your app sent when creating the EventSub subscription',
    complain,
  },
  detectionHeaders: [SIGNATURE_HEADER, ID_HEADER],
  detect: (req) => req.header(SIGNATURE_HEADER) !== undefined || req.header(ID_HEADER) !== undefined,
  extract(req) {
    const signature = req.header(SIGNATURE_HEADER);
    const id = req.header(ID_HEADER);
    const timestamp = req.header(TIMESTAMP_HEADER);
    if (!signature || id === undefined || timestamp === undefined) return null;
    return { signatures: [signature], timestamp: parseRfc3339(timestamp), fields: { id, timestamp } };
  },
  key: utf8Key,
  match(variant, key, extracted) {
    const { id = '', timestamp = '' } = extracted.fields ?? {};
    return matchHexHmac(key, signedContent(id, timestamp, variant.body), extracted.signatures, 'sha256=');
  },
  sign(input, secret) {
    const timestamp = toRfc3339(input.timestamp);
    return {
      url: input.url,
      headers: [
        [ID_HEADER, input.id],
        [TIMESTAMP_HEADER, timestamp],
        [SIGNATURE_HEADER, `sha256=${hexHmac(secret, signedContent(input.id, timestamp, input.body))}`],
        ['Twitch-Eventsub-Message-Type', 'notification'],
      ],
    };
  },
});

export const { detect, verify, sign } = twitch;
