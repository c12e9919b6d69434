/**
 * SignalWire: `X-SignalWire-Signature`, keyed by the project's Signing Key, in one of two forms tried in
 * the order SignalWire's SDKs use (signalwire-typescript WebhookValidator, signalwire-js validateRequest):
 * 1. RELAY / SWML / JSON: lowercase hex HMAC-SHA1 over the exact URL followed by the raw body;
 * 2. Compatibility (cXML, Twilio-compatible): see twilio-compat.ts, SignalWire flavour.
 * No timestamp.
 */
import { hmac } from '../crypto.js';
import { concatBytes, toHex, utf8 } from '../encoding.js';
import { compareDigest, defineScheme, utf8Key } from '../scheme.js';
import { bodyHashParam, contentTypeOf, matchCompat, signCompat } from './twilio-compat.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** API tokens look like `PTda745eb…` (hex after PT); Signing Keys start with PSK. */
const API_TOKEN = /^PT[0-9a-f]{16,}$/i;

function relayDigest(key: Uint8Array, url: string, body: Uint8Array): Uint8Array {
  return hmac('sha1', key, concatBytes(utf8(url), body));
}

export const signalwire = defineScheme({
  id: 'signalwire',
  title: 'SignalWire',
  signsUrl: true,
  doc: {
    headers: ['X-SignalWire-Signature', 'X-Twilio-Signature (alias SignalWire SDKs accept)'],
    signs:
      'RELAY/SWML: exact URL + raw body (hex); else cXML: URL + form params sorted by name, repeats in submission order, or URL with ?bodySHA256= (base64)',
    tolerance: 'none',
    testedAgainst:
      'signalwire-js validateRequest.test.ts (RELAY), signalwire-typescript WebhookValidator.test.ts vectors A and C, compatibility-api-js / twilio-node shared vectors',
  },
  secretShape: {
    describe: "the project's Signing Key (API Credentials page, starts with PSK_)",
    complain(secret) {
      const value = secret.trim();
      if (UUID.test(value)) return "This looks like the Project ID (a UUID), not a secret: SignalWire signs webhooks with the project's Signing Key (API Credentials page, starts with PSK_).";
      if (API_TOKEN.test(value)) return "This looks like an API token (PT…): SignalWire signs webhooks with the project's Signing Key (API Credentials page, starts with PSK_), not an API token.";
      return null;
    },
  },
  detectionHeaders: ['x-signalwire-signature'],
  detect: (req) => req.header('x-signalwire-signature') !== undefined,
  extract(req) {
    // SignalWire's SDKs accept X-Twilio-Signature as an alias for compatibility callbacks.
    const signature = req.header('x-signalwire-signature') || req.header('x-twilio-signature');
    return signature ? { signatures: [signature] } : null;
  },
  key: utf8Key,
  match(variant, key, extracted, req) {
    const relay = compareDigest(relayDigest(key, variant.url, variant.body), extracted.signatures, toHex);
    if (relay === 'match') return relay;
    // Checked even after an 'encoding' hit: with an empty body both forms sign the bare URL.
    return matchCompat('signalwire', variant, key, extracted.signatures, req.contentType()) ?? relay;
  },
  sign(input, secret) {
    const key = utf8(secret);
    const contentType = contentTypeOf(input.headers);
    // Form posts (cXML) and URLs already carrying bodySHA256 use the compatibility form; the rest RELAY's.
    if (contentType === 'application/x-www-form-urlencoded' || bodyHashParam(input.url) !== null) {
      const out = signCompat('signalwire', key, input.url, input.body, contentType);
      return { url: out.url, headers: [['X-SignalWire-Signature', out.signature]] };
    }
    return { url: input.url, headers: [['X-SignalWire-Signature', toHex(relayDigest(key, input.url, input.body))]] };
  },
});

export const { detect, verify, sign } = signalwire;
