/**
 * HubSpot (developers.hubspot.com "Validating requests"; HubSpot/hubspot-api-python & -php `Signature`):
 * - v3: `X-HubSpot-Signature-v3: <base64 HMAC-SHA256(client secret, method + URI + body + timestamp)>` with
 *   `X-HubSpot-Request-Timestamp` in MILLISECONDS; rejected when older than 5 minutes. The docs have the
 *   receiver decode a fixed set of percent-escapes in the URI before signing (URI_DECODES below), so the
 *   signed URI is the decoded one.
 * - v2 (`X-HubSpot-Signature-Version: v2`): hex SHA-256 (a plain hash, not an HMAC) of
 *   secret + method + URI + body, the URI exactly as requested.
 * - v1 (version header `v1` or absent): hex SHA-256 of secret + body.
 * Requests carry v3 alongside the older headers; v3 is used whenever present.
 */
import type { Extracted, Match, RequestView, SignedVariant } from '../types.js';
import { hash, hmac } from '../crypto.js';
import { concatBytes, toBase64, toHex, utf8 } from '../encoding.js';
import { compareDigest, defineScheme, utf8Key } from '../scheme.js';
import { unresolvedEnvComplaint } from './location.js';

const DECODED: Record<string, string> = {
  '3A': ':', '2F': '/', '3F': '?', '40': '@', '21': '!', '24': '$',
  '27': "'", '28': '(', '29': ')', '2A': '*', '2C': ',', '3B': ';',
};
const URI_DECODES = /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi;

/** The URI as HubSpot signs it for v3: only the percent-escapes listed in its docs are decoded. */
export function v3Uri(url: string): string {
  return url.replace(URI_DECODES, (_all, code: string) => DECODED[code.toUpperCase()]!);
}

function v3Content(method: string, url: string, body: Uint8Array, timestamp: string): Uint8Array {
  return concatBytes(utf8(method + v3Uri(url)), body, utf8(timestamp));
}

function complain(secret: string): string | null {
  const env = unresolvedEnvComplaint(secret);
  if (env) return env;
  if (/^pat-[a-z]{2,3}\d?-/i.test(secret.trim())) {
    return "This is a HubSpot private app access token (pat-…). Requests are signed with the app's client secret (Auth tab), a UUID.";
  }
  return null;
}

function matchLegacy(variant: SignedVariant, key: Uint8Array, extracted: Extracted, req: RequestView): Match {
  // v1/v2 hash the secret's bytes followed by the content: the key is the first part of the message.
  const signed = extracted.fields?.version === 'v2'
    ? concatBytes(key, utf8(req.method + variant.url), variant.body)
    : concatBytes(key, variant.body);
  return compareDigest(hash('sha256', signed), extracted.signatures, toHex);
}

export const hubspot = defineScheme({
  id: 'hubspot',
  title: 'HubSpot',
  signsUrl: true,
  toleranceSeconds: 300,
  secretShape: {
    describe: "the app's client secret (a UUID, from the app's Auth tab)",
    complain,
  },
  doc: {
    headers: ['X-HubSpot-Signature-v3', 'X-HubSpot-Request-Timestamp (ms)', 'X-HubSpot-Signature + X-HubSpot-Signature-Version (v1/v2)'],
    signs: 'v3: method + URI (listed %-escapes decoded) + raw body + timestamp; v2: secret + method + URI + body; v1: secret + body',
    tolerance: 'v3: 5 minutes; v1/v2: none',
    testedAgainst: 'HubSpot/hubspot-api-python tests/spec/utils/test_signature.py (v1, v2, v3 vectors); developers.hubspot.com v1 and v2 GET examples',
  },
  detectionHeaders: ['x-hubspot-signature-v3', 'x-hubspot-signature', 'x-hubspot-signature-version'],
  detect: (req) =>
    req.header('x-hubspot-signature-v3') !== undefined ||
    req.header('x-hubspot-signature') !== undefined ||
    req.header('x-hubspot-signature-version') !== undefined,
  extract(req): Extracted | null {
    const v3 = req.header('x-hubspot-signature-v3');
    if (v3) {
      const raw = req.header('x-hubspot-request-timestamp');
      // Without a timestamp no SDK accepts v3 (Python raises, PHP reads it as 0 and calls it stale).
      if (raw === undefined || raw.trim() === '') return null;
      // An unreadable timestamp is judged as epoch 0, as the PHP SDK's integer cast does: stale.
      const ms = /^\d{1,16}$/.test(raw) ? Number(raw) : 0;
      return { signatures: [v3], timestamp: Math.floor(ms / 1000), fields: { version: 'v3', timestamp: raw } };
    }
    const legacy = req.header('x-hubspot-signature');
    if (!legacy) return null;
    const version = (req.header('x-hubspot-signature-version') ?? 'v1').trim().toLowerCase();
    return { signatures: [legacy], fields: { version: version === 'v2' ? 'v2' : 'v1' } };
  },
  key: utf8Key,
  match(variant, key, extracted, req) {
    if (extracted.fields?.version !== 'v3') return matchLegacy(variant, key, extracted, req);
    const content = v3Content(req.method, variant.url, variant.body, extracted.fields.timestamp ?? '');
    return compareDigest(hmac('sha256', key, content), extracted.signatures, toBase64);
  },
  sign(input, secret) {
    const timestamp = String(Math.round(input.timestamp * 1000));
    const digest = hmac('sha256', utf8(secret), v3Content(input.method, input.url, input.body, timestamp));
    return {
      url: input.url,
      headers: [
        ['X-HubSpot-Signature-v3', toBase64(digest)],
        ['X-HubSpot-Request-Timestamp', timestamp],
      ],
    };
  },
});

export const { detect, verify, sign } = hubspot;
