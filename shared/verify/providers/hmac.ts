/**
 * Generic, configurable HMAC: for providers that let you "sign your URLs the way you want" (Flash ad hoc
 * callbacks) and for in-house senders. Configured per endpoint; never detected from headers alone.
 *
 * Options (endpoint `options` in hookscope.config.json, see CONTRACT.md):
 * - `algorithm`: `'sha1' | 'sha256' | 'sha512'` (default `'sha256'`; `'SHA-256'` is read as `'sha256'`).
 * - `encoding`: `'hex' | 'base64' | 'base64url'` of the digest (default `'hex'`; base64url unpadded).
 * - `signatureFrom`: `'header:<Name>' | 'query:<name>'` (default `'header:X-Signature'`). A query value is
 *   read raw and percent-decoded with `+` kept as `+` (base64), as a correct verifier must.
 * - `prefix`: text before the encoded digest, e.g. `'sha256='` (added when signing, expected when verifying).
 * - `signedContent` (default `'body'`):
 *   - `'body'`: the raw body bytes;
 *   - `'url+body'`: the absolute URL immediately followed by the body bytes; `'url'`: the URL alone;
 *   - `'json:<field>'`: the string value of a top-level field of the JSON body (Flash: `json:externalId`);
 *   - `'template:<text>'`: text with placeholders `{body}`, `{url}`, `{timestamp}` (as sent) and
 *     `{header:<Name>}` (missing header: empty); other text is signed literally.
 *   When the signature travels in the query, the signed URL is the URL without that parameter (the sender
 *   appends the signature after signing).
 * - `timestampFrom`: `'header:<Name>' | 'query:<name>'`: where the unix-seconds timestamp travels
 *   (milliseconds and ISO 8601 are read too). When set, a request without a readable timestamp carries no
 *   usable signature, and one outside `tolerance` is stale.
 * - `tolerance`: seconds either side of the arrival time (default 300). Only with `timestampFrom`.
 *
 * The secret's UTF-8 bytes are the key (a config `env:NAME` secret arrives here already resolved).
 */
import type { Diagnosis, Extracted, SchemeOptions, SignInput } from '../types.js';
import { type HashAlgorithm, hmac as hmacDigest } from '../crypto.js';
import { type DigestEncoding, concatBytes, encodeDigest, fromUtf8, utf8 } from '../encoding.js';
import { type Scheme, compareDigest, defineScheme, utf8Key } from '../scheme.js';
import { type Location, parseLocation, plusTrapWarning, readAt, unresolvedEnvComplaint, withQueryParam, withoutQueryParam } from './location.js';

/** A type alias (not an interface) so it is assignable to SchemeOptions. */
export type HmacOptions = {
  algorithm?: HashAlgorithm;
  encoding?: DigestEncoding;
  signatureFrom?: string;
  prefix?: string;
  signedContent?: string;
  timestampFrom?: string;
  tolerance?: number;
};

export const DEFAULT_TOLERANCE_SECONDS = 300;

type Part =
  | { type: 'text'; text: string }
  | { type: 'body' }
  | { type: 'url' }
  | { type: 'timestamp' }
  | { type: 'header'; name: string };

type Content = { type: 'json'; field: string } | { type: 'template'; parts: Part[] };

interface Resolved {
  algorithm: HashAlgorithm;
  encoding: DigestEncoding;
  signatureFrom: Location;
  prefix: string;
  content: Content;
  timestampFrom?: Location;
  tolerance: number;
}

const ALGORITHMS: readonly HashAlgorithm[] = ['sha1', 'sha256', 'sha512'];
const ENCODINGS: readonly DigestEncoding[] = ['hex', 'base64', 'base64url'];
const BODY: Content = { type: 'template', parts: [{ type: 'body' }] };

/**
 * Options with defaults filled in, plus what was wrong with them. At run time an invalid value falls back
 * to its default so verification still yields a result; the config loader reports `errors` up front.
 */
function resolve(options: SchemeOptions): { resolved: Resolved; errors: string[] } {
  const o = options as HmacOptions;
  const errors: string[] = [];

  const algorithmName = typeof o.algorithm === 'string' ? o.algorithm.toLowerCase().replace('-', '') : o.algorithm;
  let algorithm: HashAlgorithm = 'sha256';
  if (ALGORITHMS.includes(algorithmName as HashAlgorithm)) algorithm = algorithmName as HashAlgorithm;
  else if (o.algorithm !== undefined) errors.push(`hmac option "algorithm": ${JSON.stringify(o.algorithm)} is not one of ${ALGORITHMS.join(', ')}`);

  let encoding: DigestEncoding = 'hex';
  if (ENCODINGS.includes(o.encoding as DigestEncoding)) encoding = o.encoding as DigestEncoding;
  else if (o.encoding !== undefined) errors.push(`hmac option "encoding": ${JSON.stringify(o.encoding)} is not one of ${ENCODINGS.join(', ')}`);

  const signatureFrom = location(o.signatureFrom, 'signatureFrom', errors) ?? { where: 'header', name: 'X-Signature' };
  const timestampFrom = location(o.timestampFrom, 'timestampFrom', errors);

  let prefix = '';
  if (typeof o.prefix === 'string') prefix = o.prefix;
  else if (o.prefix !== undefined) errors.push('hmac option "prefix" must be a string');

  let content = BODY;
  if (o.signedContent !== undefined) {
    const parsed = typeof o.signedContent === 'string' ? parseContent(o.signedContent) : null;
    if (parsed) content = parsed;
    else errors.push(`hmac option "signedContent": ${JSON.stringify(o.signedContent)} is not body, url+body, url, json:<field> or template:<text>`);
  }
  const signsTimestamp = content.type === 'template' && content.parts.some((p) => p.type === 'timestamp');
  if (signsTimestamp && !timestampFrom) errors.push('hmac option "signedContent" uses {timestamp} but no "timestampFrom" says where it travels');
  if (timestampFrom && !signsTimestamp) errors.push('hmac option "timestampFrom" is set but the timestamp is not signed: add {timestamp} to a template, or a replayed request stays valid');

  let tolerance = DEFAULT_TOLERANCE_SECONDS;
  if (typeof o.tolerance === 'number' && Number.isFinite(o.tolerance) && o.tolerance > 0) tolerance = o.tolerance;
  else if (o.tolerance !== undefined) errors.push('hmac option "tolerance" must be a positive number of seconds');
  if (o.tolerance !== undefined && !timestampFrom) errors.push('hmac option "tolerance" has no effect without "timestampFrom"');

  return { resolved: { algorithm, encoding, signatureFrom, prefix, content, timestampFrom, tolerance }, errors };
}

function location(spec: unknown, option: string, errors: string[]): Location | undefined {
  if (spec === undefined) return undefined;
  const parsed = typeof spec === 'string' ? parseLocation(spec) : null;
  if (!parsed) errors.push(`hmac option "${option}": ${JSON.stringify(spec)} is not "header:<Name>" or "query:<name>"`);
  return parsed ?? undefined;
}

function parseContent(spec: string): Content | null {
  if (spec === 'body') return BODY;
  if (spec === 'url') return { type: 'template', parts: [{ type: 'url' }] };
  if (spec === 'url+body') return { type: 'template', parts: [{ type: 'url' }, { type: 'body' }] };
  if (spec.startsWith('json:')) {
    const field = spec.slice('json:'.length);
    return field ? { type: 'json', field } : null;
  }
  if (spec.startsWith('template:')) return { type: 'template', parts: parseTemplate(spec.slice('template:'.length)) };
  return null;
}

function parseTemplate(template: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const m of template.matchAll(/\{(body|url|timestamp|header:[^{}]+)\}/g)) {
    if (m.index > last) parts.push({ type: 'text', text: template.slice(last, m.index) });
    const name = m[1]!;
    parts.push(name.startsWith('header:') ? { type: 'header', name: name.slice('header:'.length) } : { type: name as 'body' | 'url' | 'timestamp' });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push({ type: 'text', text: template.slice(last) });
  return parts;
}

/** Problems with an hmac endpoint's options, in words, for the config loader ([] when fine). */
export function hmacOptionErrors(options: SchemeOptions): string[] {
  return resolve(options).errors;
}

/** The staleness window for these options (the engine's `toleranceSeconds` is one number per scheme). */
export function hmacTolerance(options: SchemeOptions): number {
  return resolve(options).resolved.tolerance;
}

/** True when these options put the URL into the signed content. */
export function hmacSignsUrl(options: SchemeOptions): boolean {
  const { content } = resolve(options).resolved;
  return content.type === 'template' && content.parts.some((p) => p.type === 'url');
}

/** The signature string these options produce over `content`: prefix + encoded HMAC. */
export function hmacSignature(options: SchemeOptions, key: Uint8Array, content: Uint8Array): string {
  const o = resolve(options).resolved;
  return render(o, hmacDigest(o.algorithm, key, content));
}

function render(o: Resolved, digest: Uint8Array): string {
  return o.prefix + encodeDigest(digest, o.encoding);
}

/** What goes into the signed content, from a received request or from a request being signed. */
interface ContentSource {
  body: Uint8Array;
  url: string;
  /** The timestamp exactly as sent. */
  timestamp?: string;
  header(name: string): string | undefined;
}

/** The bytes to HMAC, or null when the request lacks something the content needs (not a JSON body, ...). */
function signedBytes(o: Resolved, source: ContentSource): Uint8Array | null {
  if (o.content.type === 'json') return jsonField(source.body, o.content.field);
  // A signature carried in the query cannot sign itself: the sender signed the URL before appending it.
  const url = o.signatureFrom.where === 'query' ? withoutQueryParam(source.url, o.signatureFrom.name) : source.url;
  const chunks: Uint8Array[] = [];
  for (const part of o.content.parts) {
    if (part.type === 'body') chunks.push(source.body);
    else if (part.type === 'url') chunks.push(utf8(url));
    else if (part.type === 'text') chunks.push(utf8(part.text));
    else if (part.type === 'header') chunks.push(utf8(source.header(part.name) ?? ''));
    else if (source.timestamp === undefined) return null;
    else chunks.push(utf8(source.timestamp));
  }
  return concatBytes(...chunks);
}

function jsonField(body: Uint8Array, field: string): Uint8Array | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8(body));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const value = (parsed as Record<string, unknown>)[field];
  return typeof value === 'string' ? utf8(value) : null;
}

/** Unix seconds from a timestamp as sent: seconds, milliseconds or ISO 8601; undefined when unreadable. */
export function parseTimestamp(raw: string): number | undefined {
  const text = raw.trim();
  if (/^\d{1,16}(\.\d+)?$/.test(text)) {
    const n = Number(text);
    // 1e12 seconds is tens of millennia away, while 1e12 milliseconds is 2001: larger values are ms.
    return Math.floor(n >= 1e12 ? n / 1000 : n);
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const ms = Date.parse(text);
    return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
  }
  return undefined;
}

function headerIn(headers: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === wanted)?.[1];
}

const base = defineScheme({
  id: 'hmac',
  title: 'Generic HMAC (configurable)',
  kind: 'hmac',
  // Whether the URL is signed depends on `signedContent` (see hmacSignsUrl); true so the engine offers
  // URL variants to the configurations that sign it. Body-only configurations ignore `variant.url`.
  signsUrl: true,
  toleranceSeconds: DEFAULT_TOLERANCE_SECONDS,
  toleranceFor: hmacTolerance,
  optionErrors: hmacOptionErrors,
  doc: {
    headers: ['X-Signature (default; any header or query parameter via `signatureFrom`)'],
    signs: 'configurable: raw body (default), url+body, url, a top-level JSON field (json:<field>), or a template of {body} {url} {timestamp} {header:Name}',
    tolerance: 'none unless `timestampFrom` is set; then `tolerance` seconds (default 300)',
    testedAgainst: 'flash-adhoc-self, flash-adhoc-plus-trap (Flash ad hoc callback URLs, docs example secret); node:crypto cross-checks for each option',
  },
  secretShape: {
    describe: 'any string you chose; its UTF-8 bytes are the HMAC key',
    complain: unresolvedEnvComplaint,
  },
  detectionHeaders: [],
  detect: () => false,
  extract(req, options): Extracted | null {
    const o = resolve(options).resolved;
    const signature = readAt(req, o.signatureFrom);
    if (!signature) return null;
    if (!o.timestampFrom) return { signatures: [signature] };
    const sentTimestamp = readAt(req, o.timestampFrom);
    const timestamp = sentTimestamp === undefined ? undefined : parseTimestamp(sentTimestamp);
    // Without a timestamp it can judge, a verifier that enforces a tolerance must reject the request.
    if (timestamp === undefined) return null;
    return { signatures: [signature], timestamp, fields: { timestamp: sentTimestamp! } };
  },
  key: (secret) => utf8Key(secret),
  match(variant, key, extracted, req, options) {
    const o = resolve(options).resolved;
    const content = signedBytes(o, {
      body: variant.body,
      url: variant.url,
      timestamp: extracted.fields?.timestamp,
      header: (name) => req.header(name),
    });
    if (!content) return null;
    return compareDigest(hmacDigest(o.algorithm, key, content), extracted.signatures, (d) => render(o, d));
  },
  sign(input: SignInput, secret, options) {
    const o = resolve(options).resolved;
    let url = input.url;
    const headers: Array<[string, string]> = [];
    const timestamp = String(input.timestamp);
    if (o.timestampFrom?.where === 'query') url = withQueryParam(url, o.timestampFrom.name, encodeURIComponent(timestamp));
    else if (o.timestampFrom) headers.push([o.timestampFrom.name, timestamp]);

    const content = signedBytes(o, {
      body: input.body,
      url,
      timestamp: o.timestampFrom ? timestamp : undefined,
      header: (name) => headerIn(headers, name) ?? headerIn(input.headers ?? [], name),
    });
    if (!content) {
      throw new Error(
        o.content.type === 'json'
          ? `cannot sign: the body is not a JSON object with a string field "${o.content.field}"`
          : 'cannot sign: signedContent uses {timestamp} but no timestampFrom is configured',
      );
    }
    const signature = render(o, hmacDigest(o.algorithm, utf8(secret), content));
    if (o.signatureFrom.where === 'query') url = withQueryParam(url, o.signatureFrom.name, encodeURIComponent(signature));
    else headers.push([o.signatureFrom.name, signature]);
    return { url, headers };
  },
  warnings(req, _extracted, options): Diagnosis[] {
    const { signatureFrom } = resolve(options).resolved;
    if (signatureFrom.where !== 'query') return [];
    const naive = req.query().find(([name]) => name === signatureFrom.name)?.[1];
    const correct = readAt(req, signatureFrom);
    const warning = plusTrapWarning(req, signatureFrom, 'signature', {
      expected: { signature: correct },
      actual: { 'req.query': naive },
    });
    return warning ? [warning] : [];
  },
});

export const hmac: Scheme = base;

export const { detect, verify, sign } = hmac;
