/**
 * SendGrid Signed Event Webhook: `X-Twilio-Email-Event-Webhook-Signature: <base64 DER ECDSA signature>`,
 * P-256 over SHA-256 of the `X-Twilio-Email-Event-Webhook-Timestamp` header value followed by the raw body.
 * The configured secret is the Verification Key SendGrid shows: a base64 SubjectPublicKeyInfo (DER) P-256
 * public key (`MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE...`), with or without PEM armour.
 * Source: sendgrid/sendgrid-nodejs packages/eventwebhook (`PublicKey.fromPem(key)`,
 * `Ecdsa.verify(timestamp + payload, Signature.fromBase64(signature), key)`); the SDK checks no time window.
 *
 * `sign` needs the private key instead: the P-256 private scalar as 64 hex characters (JWK `d`, decoded).
 */
import { p256Sign, p256Verify } from '../crypto.js';
import { concatBytes, fromBase64, fromHex, toBase64, utf8 } from '../encoding.js';
import { defineScheme } from '../scheme.js';
import { unresolvedEnvComplaint } from './location.js';
import { parseUnixSeconds } from './provider-helpers.js';

const SIGNATURE_HEADER = 'X-Twilio-Email-Event-Webhook-Signature';
const TIMESTAMP_HEADER = 'X-Twilio-Email-Event-Webhook-Timestamp';

/** DER encodings of the OIDs id-ecPublicKey (1.2.840.10045.2.1) and prime256v1 (1.2.840.10045.3.1.7). */
const EC_PUBLIC_KEY_OID = [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const P256_OID = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];

interface Tlv {
  tag: number;
  /** Offset of the contents. */
  start: number;
  /** Offset just past the contents. */
  end: number;
}

/** One DER tag-length-value at `offset`, or null when it does not fit in `bytes`. */
function readTlv(bytes: Uint8Array, offset: number): Tlv | null {
  if (offset + 2 > bytes.length) return null;
  const tag = bytes[offset]!;
  let length = bytes[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count < 1 || count > 2 || start + count > bytes.length) return null;
    length = 0;
    for (let i = 0; i < count; i++) length = (length << 8) | bytes[start + i]!;
    start += count;
  }
  const end = start + length;
  return end <= bytes.length ? { tag, start, end } : null;
}

function sameBytes(bytes: Uint8Array, start: number, expected: readonly number[]): boolean {
  return expected.every((b, i) => bytes[start + i] === b);
}

/** The SEC1 point inside a P-256 SubjectPublicKeyInfo, or null when `der` is anything else. */
function p256PointFromSpki(der: Uint8Array): Uint8Array | null {
  const outer = readTlv(der, 0);
  if (!outer || outer.tag !== 0x30 || outer.end !== der.length) return null;
  const algorithm = readTlv(der, outer.start);
  if (!algorithm || algorithm.tag !== 0x30) return null;
  if (algorithm.end - algorithm.start !== EC_PUBLIC_KEY_OID.length + P256_OID.length) return null;
  if (!sameBytes(der, algorithm.start, EC_PUBLIC_KEY_OID)) return null;
  if (!sameBytes(der, algorithm.start + EC_PUBLIC_KEY_OID.length, P256_OID)) return null;
  const bits = readTlv(der, algorithm.end);
  if (!bits || bits.tag !== 0x03 || bits.end !== outer.end || der[bits.start] !== 0) return null;
  const point = der.subarray(bits.start + 1, bits.end);
  const uncompressed = point.length === 65 && point[0] === 0x04;
  const compressed = point.length === 33 && (point[0] === 0x02 || point[0] === 0x03);
  return uncompressed || compressed ? point : null;
}

/** The verification key as SendGrid shows it (bare base64) or as PEM; null when not a P-256 public key. */
function verificationKey(secret: string): Uint8Array | null {
  const body = secret
    .replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '')
    .replace(/\s+/g, '');
  const der = body ? fromBase64(body) : null;
  return der ? p256PointFromSpki(der) : null;
}

function complain(secret: string): string | null {
  const env = unresolvedEnvComplaint(secret);
  if (env) return env;
  const value = secret.trim();
  if (/^SG\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value)) {
    return 'This is a SendGrid API key. Signed Event Webhooks are verified with the Verification Key (a base64 public key starting "MFkw...") shown under Settings > Mail Settings > Event Webhook once signature verification is enabled.';
  }
  if (/PRIVATE KEY/.test(value)) {
    return 'This is a private key. Verification uses the public Verification Key SendGrid shows (base64, starting "MFkw...").';
  }
  if (!verificationKey(value)) {
    return 'SendGrid\'s Verification Key is a base64 P-256 public key (starting "MFkw..."); this value is not one.';
  }
  return null;
}

export const sendgrid = defineScheme({
  id: 'sendgrid',
  title: 'SendGrid (Signed Event Webhook)',
  kind: 'asymmetric',
  signsUrl: false,
  doc: {
    headers: [SIGNATURE_HEADER, TIMESTAMP_HEADER],
    signs: 'ECDSA P-256/SHA-256 over timestamp header + raw body; base64 DER signature, verified with the base64 SPKI Verification Key',
    tolerance: 'none (the eventwebhook SDK checks no window)',
    testedAgainst: 'sendgrid-nodejs eventwebhook.spec.js vectors (single event, multi event, legacy); node:crypto cross-check both ways',
  },
  secretShape: {
    describe: 'the Verification Key from Mail Settings > Event Webhook: base64 of a P-256 public key, starting "MFkw" (for sending, the private scalar in hex)',
    complain,
  },
  detectionHeaders: [SIGNATURE_HEADER],
  detect: (req) => req.header(SIGNATURE_HEADER) !== undefined,
  extract(req) {
    const signature = req.header(SIGNATURE_HEADER);
    const timestamp = req.header(TIMESTAMP_HEADER);
    if (!signature || timestamp === undefined) return null;
    return { signatures: [signature], timestamp: parseUnixSeconds(timestamp), fields: { timestamp } };
  },
  key: (secret) => verificationKey(secret),
  match(variant, key, extracted) {
    const message = concatBytes(utf8(extracted.fields?.timestamp ?? ''), variant.body);
    let found = false;
    for (const sent of extracted.signatures) {
      const signature = fromBase64(sent.trim());
      // Walk every signature (no early exit); undecodable ones simply do not verify.
      if (signature && signature.length > 0 && p256Verify(signature, message, key)) found = true;
    }
    return found ? 'match' : null;
  },
  sign(input, secret) {
    const scalar = fromHex(secret.trim());
    if (!scalar || scalar.length !== 32) {
      throw new Error('SendGrid signing needs a P-256 private key: the private scalar as 64 hex characters.');
    }
    const timestamp = String(Math.floor(input.timestamp));
    const signature = p256Sign(concatBytes(utf8(timestamp), input.body), scalar);
    return {
      url: input.url,
      headers: [
        [SIGNATURE_HEADER, toBase64(signature)],
        [TIMESTAMP_HEADER, timestamp],
      ],
    };
  },
});

export const { detect, verify, sign } = sendgrid;
