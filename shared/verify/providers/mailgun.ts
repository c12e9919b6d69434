/**
 * Mailgun: the signature travels in the body, not in a header. Webhooks post JSON
 * `{"signature": {"timestamp", "token", "signature"}, "event-data": {...}}`; legacy webhooks and routes
 * post the same three as form fields (urlencoded or multipart). signature = hex HMAC-SHA256(HTTP webhook
 * signing key, timestamp + token), no separator (documentation.mailgun.com "Securing Webhooks";
 * mailgun/mailgun-php `Webhook::verifyWebhookSignature`).
 *
 * Only timestamp and token are signed: the event data is not, so an edited body still verifies, and a
 * captured signature can be replayed with any payload. Mailgun's answer is to remember tokens.
 * Subaccount events add `parent-signature`: the same HMAC under the primary account's signing key.
 *
 * No tolerance: the official SDK checks no time, and the docs make a time check optional and warn that
 * delivery can be delayed ("don't be too aggressive"). The timestamp is still extracted for display.
 */
import type { RequestView, SignInput, SignOutput } from '../types.js';
import { hmac } from '../crypto.js';
import { fromUtf8, includesAscii, toHex, utf8 } from '../encoding.js';
import { compareDigest, defineScheme, utf8Key } from '../scheme.js';
import { isRecord, jsonBody } from './json-body.js';
import { unresolvedEnvComplaint } from './location.js';

interface SignatureFields {
  timestamp?: string;
  token?: string;
  signatures: string[];
}

/** A string or number field as the text that was signed (JSON may carry the timestamp as a number). */
function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Text fields of a multipart/form-data body (routes forward messages this way); files are skipped. */
function multipartFields(req: RequestView): Map<string, string> {
  const fields = new Map<string, string>();
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(req.header('content-type') ?? '');
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return fields;
  for (const part of req.bodyText().split(`--${boundary}`)) {
    const crlf = part.indexOf('\r\n\r\n');
    const headEnd = crlf !== -1 ? crlf : part.indexOf('\n\n');
    if (headEnd === -1) continue;
    const head = part.slice(0, headEnd);
    const name = /content-disposition:[^\r\n]*[\s;]name="([^"]*)"/i.exec(head)?.[1];
    if (name === undefined || /filename\*?=/i.test(head) || fields.has(name)) continue;
    const value = part.slice(headEnd + (crlf !== -1 ? 4 : 2));
    fields.set(name, value.replace(/\r?\n$/, ''));
  }
  return fields;
}

/** Form fields (urlencoded or multipart); empty for any other content type. */
function formFields(req: RequestView): Map<string, string> {
  if (req.contentType() === 'multipart/form-data') return multipartFields(req);
  const fields = new Map<string, string>();
  for (const [name, value] of req.formParams()) if (!fields.has(name)) fields.set(name, value);
  return fields;
}

/** The signature fields wherever this request carries them; null when it carries none. */
function readFields(req: RequestView): SignatureFields | null {
  const json = jsonBody(req);
  if (json) {
    const block = json.signature;
    if (!isRecord(block)) return null;
    const signatures = [scalar(block.signature), scalar(block['parent-signature'])].filter((s): s is string => !!s);
    return { timestamp: scalar(block.timestamp), token: scalar(block.token), signatures };
  }
  const form = formFields(req);
  const signature = form.get('signature');
  if (!form.has('token') && !form.has('timestamp') && signature === undefined) return null;
  return { timestamp: form.get('timestamp'), token: form.get('token'), signatures: signature ? [signature] : [] };
}

function complain(secret: string): string | null {
  const env = unresolvedEnvComplaint(secret);
  if (env) return env;
  const value = secret.trim();
  if (value.startsWith('pubkey-')) {
    return 'This is a Mailgun public validation key (pubkey-…). Webhooks are signed with the HTTP webhook signing key (Sending → Webhooks).';
  }
  if (/^[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}$/i.test(value)) {
    return 'This looks like a Mailgun API key or domain sending key. Webhooks are signed with the separate HTTP webhook signing key (Sending → Webhooks).';
  }
  return null;
}

function signatureFor(secret: string, timestamp: string, token: string): string {
  return toHex(hmac('sha256', utf8(secret), utf8(timestamp + token)));
}

/**
 * The body with a fresh signature written into it, as Mailgun sends it: a JSON object gets a `signature`
 * block, a form body gets the three fields, anything else is wrapped as `event-data`. The token is the
 * sign input's `id`.
 */
export function signedBody(input: SignInput, secret: string): { body: Uint8Array; contentType: string } {
  const timestamp = String(Math.floor(input.timestamp));
  const token = input.id;
  const signature = signatureFor(secret, timestamp, token);
  const text = fromUtf8(input.body);
  const contentType = (input.headers ?? []).find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
  if (/^\s*application\/x-www-form-urlencoded/i.test(contentType)) {
    const form = new URLSearchParams(text);
    form.set('timestamp', timestamp);
    form.set('token', token);
    form.set('signature', signature);
    return { body: utf8(form.toString()), contentType: 'application/x-www-form-urlencoded' };
  }
  let payload: unknown = undefined;
  try {
    payload = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    payload = text;
  }
  const block = { token, timestamp, signature };
  let out: Record<string, unknown>;
  if (isRecord(payload)) {
    const { signature: _previous, ...rest } = payload;
    out = { signature: block, ...rest };
  } else {
    out = payload === undefined ? { signature: block } : { signature: block, 'event-data': payload };
  }
  return { body: utf8(JSON.stringify(out)), contentType: 'application/json' };
}

export const mailgun = defineScheme({
  id: 'mailgun',
  title: 'Mailgun',
  signsUrl: false,
  secretShape: {
    describe: 'the HTTP webhook signing key (Sending → Webhooks; often key-…), not the API key',
    complain,
  },
  doc: {
    headers: ['body: signature.{timestamp,token,signature} (JSON)', 'form fields timestamp, token, signature (legacy, routes)'],
    signs: 'timestamp + token only (the event data is NOT signed)',
    tolerance: 'none (SDK checks no time; Mailgun suggests caching tokens against replay)',
    testedAgainst: 'mailgun/mailgun-php tests/Api/WebhookTest.php testVerifyWebhookGood/Bad',
  },
  detect(req) {
    // Cheap gate before parsing: every Mailgun delivery names its signature or its event-data. Detection
    // runs on every captured request, most of which are not Mailgun's: search the bytes, decode nothing.
    if (!includesAscii(req.body, 'signature') && !includesAscii(req.body, 'event-data')) return false;
    const json = jsonBody(req);
    if (json) {
      const block = json.signature;
      return 'event-data' in json || (isRecord(block) && 'token' in block && 'timestamp' in block);
    }
    const form = formFields(req);
    return form.has('token') && form.has('timestamp') && form.has('signature');
  },
  extract(req) {
    const fields = readFields(req);
    if (!fields || fields.timestamp === undefined || fields.token === undefined || fields.signatures.length === 0) return null;
    const seconds = /^\d{1,15}$/.test(fields.timestamp) ? Number(fields.timestamp) : undefined;
    return {
      signatures: fields.signatures,
      ...(seconds !== undefined ? { timestamp: seconds } : {}),
      fields: { timestamp: fields.timestamp, token: fields.token },
    };
  },
  key: utf8Key,
  match(_variant, key, extracted) {
    const { timestamp, token } = extracted.fields ?? {};
    if (timestamp === undefined || token === undefined) return null;
    return compareDigest(hmac('sha256', key, utf8(timestamp + token)), extracted.signatures, toHex);
  },
  // Mailgun's signature cannot travel in a header, so the signed body is returned beside the headers
  // (SignOutput has no body field yet; callers that know Mailgun read it from here).
  sign(input, secret): SignOutput & { body: Uint8Array } {
    const { body, contentType } = signedBody(input, secret);
    return { url: input.url, headers: [['Content-Type', contentType]], body };
  },
});

export const { detect, verify, sign } = mailgun;
