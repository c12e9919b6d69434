/**
 * Calendly (API v2 webhook subscriptions): `Calendly-Webhook-Signature: t=<unix seconds>,v1=<hex>`, the hex
 * HMAC-SHA256 keyed with the webhook signing key over `t + "." + body`. Calendly's docs (Webhook Signatures)
 * reject timestamps older than three minutes (`const threeMinutes = 180000`).
 *
 * Their Node example HMACs `JSON.stringify(req.body)`, a re-serialization that only matches when it
 * reproduces Calendly's bytes; we verify the raw body, as Calendly signs what it sends.
 */
import { concatBytes, utf8 } from '../encoding.js';
import { defineScheme, utf8Key } from '../scheme.js';
import { unresolvedEnvComplaint } from './location.js';
import { hexHmac, looksLikeJwt, matchHexHmac, parseUnixSeconds } from './provider-helpers.js';

const SIGNATURE_HEADER = 'Calendly-Webhook-Signature';

function signedContent(t: string, body: Uint8Array): Uint8Array {
  return concatBytes(utf8(`${t}.`), body);
}

/** `t` and every `v1` value from the header, or null when either is absent. */
function parseHeader(header: string): { t: string; v1: string[] } | null {
  let t: string | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1);
    if (name === 't') t ??= value;
    else if (name === 'v1') v1.push(value);
  }
  return t !== undefined && v1.length > 0 ? { t, v1 } : null;
}

function complain(secret: string): string | null {
  const env = unresolvedEnvComplaint(secret);
  if (env) return env;
  if (looksLikeJwt(secret)) {
    return 'This looks like a Calendly personal access token or OAuth token (a JWT). Webhooks are signed with the webhook signing key: the `signing_key` given when the subscription was created, or the key Calendly generated for your OAuth app.';
  }
  return null;
}

export const calendly = defineScheme({
  id: 'calendly',
  title: 'Calendly',
  kind: 'hmac',
  signsUrl: false,
  toleranceSeconds: 180,
  doc: {
    headers: [SIGNATURE_HEADER],
    signs: 't + "." + raw body; hex HMAC-SHA256 in v1= (header t=<unix>,v1=<hex>)',
    tolerance: '3 minutes (Calendly docs example: threeMinutes = 180000)',
    testedAgainst: 'no published vector: round trip + node:crypto hand computation of the documented scheme',
  },
  secretShape: {
    describe: 'the webhook signing key: the `signing_key` you set on the subscription, or the one Calendly generated for your OAuth app',
    complain,
  },
  detectionHeaders: [SIGNATURE_HEADER],
  detect: (req) => req.header(SIGNATURE_HEADER) !== undefined,
  extract(req) {
    const header = req.header(SIGNATURE_HEADER);
    const parsed = header ? parseHeader(header) : null;
    if (!parsed) return null;
    return { signatures: parsed.v1, timestamp: parseUnixSeconds(parsed.t), fields: { t: parsed.t } };
  },
  key: utf8Key,
  match: (variant, key, extracted) =>
    matchHexHmac(key, signedContent(extracted.fields?.t ?? '', variant.body), extracted.signatures),
  sign(input, secret) {
    const t = String(Math.floor(input.timestamp));
    return { url: input.url, headers: [[SIGNATURE_HEADER, `t=${t},v1=${hexHmac(secret, signedContent(t, input.body))}`]] };
  },
});

export const { detect, verify, sign } = calendly;
