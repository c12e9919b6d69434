/**
 * Shopify query signatures, keyed with the app's client secret, hex HMAC-SHA256 over the other query
 * parameters (decoded, sorted by name, `hmac` and `signature` left out):
 * - `?hmac=` on OAuth callbacks, app installs and admin links: pairs re-encoded as `k=v` joined by `&`
 *   (URLSearchParams encoding with spaces as %20), repeated names as `k[]=v` each;
 * - `?signature=` on app-proxy requests: `k=v` pairs concatenated with no separator, repeated values
 *   joined by commas.
 * Only the query is signed (not scheme, host or path), so `signsUrl` is false and the query is read from the
 * request as received. Tolerance 90 s either way on the `timestamp` parameter. Checked against
 * Shopify/shopify-app-js shopify-api lib/utils/hmac-validator.ts + processed-query.ts (and their tests),
 * and the shopify.dev OAuth / app-proxy worked examples (secret "hush").
 *
 * Options: `mode: 'admin' | 'appProxy'` picks the form `sign` writes (default: appProxy when the URL has
 * `path_prefix`, else admin). Verification picks the form from the parameter that is present.
 */
import type { Match } from '../types.js';
import { toHex } from '../encoding.js';
import { compareDigest, defineScheme, utf8Key } from '../scheme.js';
import { hmacSha256, requireKey } from './signed-parts.js';
import { shopifySecretShape } from './shopify.js';

type Mode = 'admin' | 'appProxy';

/** One query parameter as a Node query parser (qs) hands it to the SDK: `ids[]` and repeats become lists. */
interface Param {
  name: string;
  values: string[];
  /** Written `name[]=` in the URL (Shopify's bulk-action `ids[]`). */
  bracketed: boolean;
}

const SIGNATURE_PARAMS = new Set(['hmac', 'signature']);

function groupParams(pairs: ReadonlyArray<readonly [string, string]>): Param[] {
  const byName = new Map<string, Param>();
  for (const [raw, value] of pairs) {
    const bracketed = raw.endsWith('[]');
    const name = bracketed ? raw.slice(0, -2) : raw;
    if (SIGNATURE_PARAMS.has(name)) continue;
    const param = byName.get(name);
    if (param) {
      param.values.push(value);
      param.bracketed ||= bracketed;
    } else {
      byName.set(name, { name, values: [value], bracketed });
    }
  }
  // The SDK sorts with localeCompare, not by code unit; the two differ only for unusual names.
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function isList(param: Param): boolean {
  return param.bracketed || param.values.length > 1;
}

/** shopify-api's stringifyQueryForAdmin: URLSearchParams encoding, `+` turned into `%20`. */
function encodePairs(pairs: Array<[string, string]>): string {
  return new URLSearchParams(pairs).toString().replace(/\+/g, '%20');
}

/**
 * What Shopify may have signed for an `?hmac=` query: the SDK's form, and when the query carries a `name[]`
 * list, the form shopify.dev documents for `ids[]` (`ids=["1", "2"]`), which the JS SDK does not produce.
 */
function adminMessages(params: Param[]): string[] {
  const sdkForm = encodePairs(
    params.flatMap((p): Array<[string, string]> => (isList(p) ? p.values.map((v) => [`${p.name}[]`, v]) : [[p.name, p.values[0]!]])),
  );
  if (!params.some((p) => p.bracketed)) return [sdkForm];
  const docsForm = params
    .map((p) => (p.bracketed ? `${p.name}=[${p.values.map((v) => JSON.stringify(v)).join(', ')}]` : encodePairs(p.values.map((v) => [p.name, v]))))
    .join('&');
  return [sdkForm, docsForm];
}

/** shopify-api's stringifyQueryForAppProxy (and shopify.dev's app-proxy example). */
function appProxyMessage(params: Param[]): string {
  return params.map((p) => `${p.name}=${p.values.join(',')}`).join('');
}

function hasParam(pairs: ReadonlyArray<readonly [string, string]>, name: string): boolean {
  return pairs.some(([k]) => k === name);
}

function modeOf(pairs: ReadonlyArray<readonly [string, string]>): Mode | null {
  if (!hasParam(pairs, 'shop')) return null;
  if (hasParam(pairs, 'hmac')) return 'admin';
  // `?signature=` alone is too common (other providers use it); app-proxy requests always carry path_prefix.
  if (hasParam(pairs, 'signature') && hasParam(pairs, 'path_prefix')) return 'appProxy';
  return null;
}

export const shopifyQuery = defineScheme({
  id: 'shopify-query',
  title: 'Shopify (query hmac / app proxy signature)',
  kind: 'hmac',
  signsUrl: false,
  toleranceSeconds: 90,
  secretShape: shopifySecretShape,
  doc: {
    headers: ['?hmac= (OAuth, installs, admin links)', '?signature= (app proxy)'],
    signs: 'query parameters except hmac/signature, sorted; admin: URL-encoded k=v joined by &, app proxy: k=v concatenated; hex HMAC-SHA256',
    tolerance: '90 s either way on ?timestamp= (shopify-api HMAC_TIMESTAMP_PERMITTED_CLOCK_TOLERANCE_SEC)',
    testedAgainst: 'shopify-oauth-hush; shopify.dev OAuth and app-proxy worked examples (secret "hush"); shopify-api hmac-validator tests',
  },
  detect: (req) => modeOf(req.query()) !== null,
  extract(req) {
    const pairs = req.query();
    const mode = modeOf(pairs);
    if (!mode) return null;
    const name = mode === 'admin' ? 'hmac' : 'signature';
    const signature = pairs.find(([k]) => k === name)![1];
    const rawTimestamp = pairs.find(([k]) => k === 'timestamp')?.[1];
    // The SDK judges Number(timestamp); without one it has nothing to judge, and neither do we.
    const timestamp = rawTimestamp === undefined ? undefined : Number(rawTimestamp);
    return {
      signatures: [signature],
      timestamp: timestamp !== undefined && Number.isFinite(timestamp) ? timestamp : undefined,
      fields: { mode },
    };
  },
  key: utf8Key,
  match(_variant, key, extracted, req) {
    const params = groupParams(req.query());
    const messages = extracted.fields?.mode === 'appProxy' ? [appProxyMessage(params)] : adminMessages(params);
    let best: Match = null;
    for (const message of messages) {
      const result = compareDigest(hmacSha256(key, message), extracted.signatures, toHex);
      if (result === 'match') return result;
      best ??= result;
    }
    return best;
  },
  sign(input, secret, options) {
    const key = requireKey(utf8Key(secret), 'shopify-query');
    const withoutFragment = input.url.split('#')[0]!;
    const q = withoutFragment.indexOf('?');
    const base = q === -1 ? withoutFragment : withoutFragment.slice(0, q);
    const params = new URLSearchParams(q === -1 ? '' : withoutFragment.slice(q + 1));
    params.delete('hmac');
    params.delete('signature');
    if (!params.has('timestamp')) params.set('timestamp', String(Math.floor(input.timestamp)));
    const mode: Mode = options.mode === 'appProxy' || (options.mode === undefined && params.has('path_prefix')) ? 'appProxy' : 'admin';
    const grouped = groupParams([...params]);
    const message = mode === 'appProxy' ? appProxyMessage(grouped) : adminMessages(grouped)[0]!;
    params.append(mode === 'appProxy' ? 'signature' : 'hmac', toHex(hmacSha256(key, message)));
    return { url: `${base}?${params.toString()}`, headers: [] };
  },
});

export const { detect, verify, sign } = shopifyQuery;
