/**
 * The Twilio-compatible signature, shared by the `twilio` and `signalwire` schemes:
 * base64 HMAC-SHA1 over the URL followed by every POST parameter as name + value, names sorted. JSON
 * webhooks sign only a URL that carries `bodySHA256=<hex SHA-256 of the raw body>`, and the body must
 * hash to it.
 *
 * The two providers' SDKs differ in details, so both are reproduced here as flavours:
 * - which URL forms are tried (`sdkUrlForms`): twilio-node 6.x tries the URL as received with any port
 *   removed or the default port added, then the WHATWG-normalised URL, then that with Node's legacy
 *   `querystring` re-encoding; SignalWire (signalwire-typescript WebhookValidator) only adds or removes
 *   the standard port and never touches a non-standard one;
 * - repeated parameters: twilio-node de-duplicates and sorts a name's values; SignalWire keeps them in
 *   submission order, duplicates included;
 * - which parameters: twilio-node signs the form fields (none when the URL carries bodySHA256);
 *   SignalWire parses the body as a form whatever its type and also tries no parameters at all.
 */
import type { CandidateUrl, Match, SignedVariant } from '../types.js';
import { constantTimeEqual, hash, hmac } from '../crypto.js';
import { concatBytes, fromUtf8, toBase64, toHex, utf8 } from '../encoding.js';
import { compareDigest } from '../scheme.js';

export type CompatFlavour = 'twilio' | 'signalwire';

/** One URL an SDK would sign-check, with where it comes from (for the UI's candidate table). */
export type UrlForm = Omit<CandidateUrl, 'matched'>;

const FORM_TYPE = 'application/x-www-form-urlencoded';
const BODY_HASH_PARAM = 'bodySHA256';

// ---------------------------------------------------------------------------------------------------
// URL forms
// ---------------------------------------------------------------------------------------------------

interface Authority {
  /** `https://` as written. */
  prefix: string;
  /** Everything before the host, `@` included ('' when none). */
  userInfo: string;
  /** Host and port as written (`example.com:8443`, `[::1]:80`). */
  hostPort: string;
  /** Path, query and fragment, untouched. */
  rest: string;
}

/** Split without normalising: the path and query must keep the exact characters the provider signed. */
function splitAuthority(url: string): Authority | null {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
  if (!m) return null;
  const authority = m[2]!;
  const at = authority.lastIndexOf('@');
  return { prefix: m[1]!, userInfo: authority.slice(0, at + 1), hostPort: authority.slice(at + 1), rest: url.slice(m[0].length) };
}

function defaultPort(prefix: string): string {
  // twilio-node adds :443 for https and :80 for every other scheme.
  return prefix.toLowerCase() === 'https://' ? '443' : '80';
}

/** twilio-node: the port is everything from the first colon after an IPv6 literal, digits or not. */
function twilioPortStart(hostPort: string): number {
  return hostPort.indexOf(':', hostPort.lastIndexOf(']') + 1);
}

function twilioRemovePort(url: string): string {
  const a = splitAuthority(url);
  if (!a) return url;
  const start = twilioPortStart(a.hostPort);
  return start === -1 ? url : a.prefix + a.userInfo + a.hostPort.slice(0, start) + a.rest;
}

function twilioAddPort(url: string): string {
  const a = splitAuthority(url);
  if (!a || twilioPortStart(a.hostPort) !== -1) return url;
  return a.prefix + a.userInfo + a.hostPort + ':' + defaultPort(a.prefix) + a.rest;
}

/** SignalWire: a port is only digits after the last colon (or after `]:` for IPv6). */
function signalwirePortVariant(url: string): { url: string; source: string } | null {
  const a = splitAuthority(url);
  if (!a) return null;
  const scheme = a.prefix.slice(0, -3).toLowerCase();
  const standard = scheme === 'https' ? '443' : scheme === 'http' ? '80' : null;
  if (!standard) return null;
  let host = a.hostPort;
  let port = '';
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close !== -1 && host.slice(close + 1).startsWith(':')) {
      port = host.slice(close + 2);
      host = host.slice(0, close + 1);
    }
  } else {
    const colon = host.lastIndexOf(':');
    if (colon !== -1 && /^\d+$/.test(host.slice(colon + 1))) {
      port = host.slice(colon + 1);
      host = host.slice(0, colon);
    }
  }
  if (!host) return null;
  const rest = withoutEmptyQueryOrFragment(a.rest);
  if (!port) return { url: a.prefix + a.userInfo + host + ':' + standard + rest, source: 'default port added' };
  if (port === standard) return { url: a.prefix + a.userInfo + host + rest, source: 'default port removed' };
  return null;
}

/** SignalWire rebuilds its port variant from parts, which drops a bare trailing `?` or `#`. */
function withoutEmptyQueryOrFragment(rest: string): string {
  const hashAt = rest.indexOf('#');
  const beforeHash = hashAt === -1 ? rest : rest.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : rest.slice(hashAt + 1);
  const q = beforeHash.indexOf('?');
  const path = q === -1 ? beforeHash : beforeHash.slice(0, q);
  const query = q === -1 ? '' : beforeHash.slice(q + 1);
  return path + (query ? `?${query}` : '') + (fragment ? `#${fragment}` : '');
}

function whatwgNormalise(url: string): string | null {
  try {
    return new URL(url).toString();
  } catch {
    return null;
  }
}

/**
 * Node's legacy `querystring.stringify(querystring.parse(query))`, which twilio-node applies to the query
 * (and, as it does, to any fragment after it) for back ends that signed an escaped form.
 */
export function legacyQuerystring(url: string): string {
  const q = url.indexOf('?');
  if (q === -1 || q === url.length - 1) return url;
  // A null-prototype object, not a Map: querystring.stringify walks Object.keys, which puts array-index
  // keys ("0", "12") first in numeric order, and the signed string follows that order.
  const parsed: Record<string, string | string[]> = Object.create(null);
  for (const chunk of url.slice(q + 1).split('&')) {
    if (chunk === '') continue;
    const eq = chunk.indexOf('=');
    const key = legacyUnescape(eq === -1 ? chunk : chunk.slice(0, eq));
    const value = legacyUnescape(eq === -1 ? '' : chunk.slice(eq + 1));
    const seen = parsed[key];
    if (seen === undefined) parsed[key] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else parsed[key] = [seen, value];
  }
  const pairs: string[] = [];
  for (const key of Object.keys(parsed)) {
    const value = parsed[key]!;
    for (const v of Array.isArray(value) ? value : [value]) pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(v)}`);
  }
  return url.slice(0, q) + '?' + pairs.join('&');
}

/** querystring.unescape: `+` is a space; valid %XX become bytes, invalid ones stay literal; bytes read as UTF-8. */
function legacyUnescape(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  if (!spaced.includes('%')) return spaced;
  const parts = spaced.split(/((?:%[0-9a-fA-F]{2})+)/);
  const bytes = parts.map((part, i) => {
    // split() with a capture group puts the matched %XX runs at odd indexes.
    if (i % 2 === 0) return utf8(part);
    return Uint8Array.from(part.slice(1).split('%'), (pair) => parseInt(pair, 16));
  });
  return fromUtf8(concatBytes(...bytes));
}

/**
 * The URL forms the provider's SDK accepts a signature for, in the order it tries them, duplicates
 * removed. Feeds both `match` and the UI's candidate table.
 */
export function sdkUrlForms(url: string, flavour: CompatFlavour): UrlForm[] {
  const forms: UrlForm[] = [];
  const add = (candidate: string, source: string) => {
    if (!forms.some((f) => f.url === candidate)) forms.push({ url: candidate, source });
  };
  const portLabel = (base: string, changed: string, what: string) => (changed === base ? '' : `, ${what}`);

  if (flavour === 'signalwire') {
    add(url, 'as received');
    const variant = signalwirePortVariant(url);
    if (variant) add(variant.url, variant.source);
    return forms;
  }

  // twilio-node 6.x: the URL as received first (it is the string Twilio signed) ...
  for (const [form, what] of [[twilioRemovePort(url), 'port removed'], [twilioAddPort(url), 'default port added']] as const) {
    add(form, `as received${portLabel(url, form, what)}`);
  }
  // ... then as `new URL()` normalises it (e.g. `'` becomes %27), with and without the legacy re-encoding.
  const normalised = whatwgNormalise(url);
  if (normalised === null) return forms;
  const portForms = [[twilioRemovePort(normalised), 'port removed'], [twilioAddPort(normalised), 'default port added']] as const;
  for (const [form, what] of portForms) add(form, `normalised by new URL()${portLabel(normalised, form, what)}`);
  for (const [form, what] of portForms) add(legacyQuerystring(form), `legacy querystring re-encoding${portLabel(normalised, form, what)}`);
  return forms;
}

// ---------------------------------------------------------------------------------------------------
// Signed content
// ---------------------------------------------------------------------------------------------------

/** Body fields as the SDK sees them: URLSearchParams decoding (`+` is a space), arrival order. */
export function formPairs(body: Uint8Array): Array<[string, string]> {
  return body.length === 0 ? [] : [...new URLSearchParams(fromUtf8(body))];
}

/** The parameter string appended to the URL: names sorted, each name followed by its value. */
export function paramString(pairs: ReadonlyArray<readonly [string, string]>, flavour: CompatFlavour): string {
  const byName = new Map<string, string[]>();
  for (const [name, value] of pairs) {
    const values = byName.get(name);
    if (values) values.push(value);
    else byName.set(name, [value]);
  }
  let out = '';
  // Default sort: UTF-16 code-unit order, as both SDKs use.
  for (const name of [...byName.keys()].sort()) {
    const values = byName.get(name)!;
    // twilio-node de-duplicates and sorts a repeated name's values; SignalWire keeps submission order.
    const ordered = flavour === 'twilio' ? [...new Set(values)].sort() : values;
    for (const value of ordered) out += name + value;
  }
  return out;
}

export function compatDigest(key: Uint8Array, url: string, params: string): Uint8Array {
  return hmac('sha1', key, utf8(url + params));
}

/** The `bodySHA256` query parameter of `url` (first occurrence, decoded), or null when absent. */
export function bodyHashParam(url: string): string | null {
  try {
    return new URL(url).searchParams.get(BODY_HASH_PARAM);
  } catch {
    // Not an absolute URL: read the raw query instead of giving up.
    const q = url.indexOf('?');
    if (q === -1) return null;
    return new URLSearchParams(url.slice(q + 1).split('#')[0]).get(BODY_HASH_PARAM);
  }
}

export function bodyHashHex(body: Uint8Array): string {
  return toHex(hash('sha256', body));
}

function bodyHashMatches(url: string, body: Uint8Array): boolean {
  const expected = bodyHashParam(url);
  return expected === null || constantTimeEqual(utf8(bodyHashHex(body)), utf8(expected));
}

/** Which parameter strings the SDK signs for this body. */
function paramCandidates(body: Uint8Array, contentType: string, url: string, flavour: CompatFlavour): string[] {
  if (flavour === 'signalwire') {
    // signalwire-typescript: the body parsed as a form whatever its type, then no parameters at all.
    const parsed = paramString(formPairs(body), flavour);
    return parsed === '' ? [''] : [parsed, ''];
  }
  // twilio-node: a JSON webhook (URL carries bodySHA256) signs no parameters; otherwise the form fields.
  if (bodyHashParam(url) !== null || contentType !== FORM_TYPE) return [''];
  return [paramString(formPairs(body), flavour)];
}

/**
 * Recompute the Twilio-compatible signature over every URL form and parameter string the SDK tries.
 * Where the URL carries bodySHA256 the body must hash to it too, as the SDKs require.
 */
export function matchCompat(
  flavour: CompatFlavour,
  variant: SignedVariant,
  key: Uint8Array,
  signatures: readonly string[],
  contentType: string,
): Match {
  const params = paramCandidates(variant.body, contentType, variant.url, flavour);
  let found: Match = null;
  for (const form of sdkUrlForms(variant.url, flavour)) {
    for (const p of params) {
      const result = compareDigest(compatDigest(key, form.url, p), signatures, toBase64);
      if (!result || !bodyHashMatches(form.url, variant.body)) continue;
      if (result === 'match') return 'match';
      found = 'encoding';
    }
  }
  return found;
}

/** Set (or add) `bodySHA256=<hash>` in the query, leaving every other byte of the URL as it was. */
export function withBodyHash(url: string, hex: string): string {
  const hashAt = url.indexOf('#');
  const base = hashAt === -1 ? url : url.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : url.slice(hashAt);
  const param = `${BODY_HASH_PARAM}=${hex}`;
  const q = base.indexOf('?');
  if (q === -1 || q === base.length - 1) return `${q === -1 ? base : base.slice(0, q)}?${param}${fragment}`;
  const pairs = base.slice(q + 1).split('&');
  const at = pairs.findIndex((p) => p.split('=')[0] === BODY_HASH_PARAM);
  if (at === -1) pairs.push(param);
  else pairs[at] = param;
  return `${base.slice(0, q)}?${pairs.join('&')}${fragment}`;
}

/**
 * Sign for `url` exactly as the provider would send to it: a JSON body (or a URL already carrying
 * bodySHA256) gets its hash put in the URL and only the URL is signed; a form body signs its fields.
 */
export function signCompat(
  flavour: CompatFlavour,
  key: Uint8Array,
  url: string,
  body: Uint8Array,
  contentType: string,
): { url: string; signature: string } {
  if (contentType === 'application/json' || bodyHashParam(url) !== null) {
    const signedUrl = withBodyHash(url, bodyHashHex(body));
    return { url: signedUrl, signature: toBase64(compatDigest(key, signedUrl, '')) };
  }
  const params = contentType === FORM_TYPE ? paramString(formPairs(body), flavour) : '';
  return { url, signature: toBase64(compatDigest(key, url, params)) };
}

/** Content-Type without parameters, lowercased, from loose header pairs. */
export function contentTypeOf(headers: ReadonlyArray<readonly [string, string]> | undefined): string {
  const value = headers?.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  return value.split(';')[0]!.trim().toLowerCase();
}
