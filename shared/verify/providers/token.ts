/**
 * Shared token: no signature at all, the secret itself travels with every request, in a query parameter
 * (TextMaster: "include your secret token as an URL parameter of your choice", `?token=...`) or a header
 * (GitLab `X-Gitlab-Token`, Telegram `X-Telegram-Bot-Api-Secret-Token`). The receiver compares it with the
 * stored token, in constant time.
 *
 * Options (endpoint `options` in hookscope.config.json):
 * - `from`: where the token travels, `'query:<name>'` or `'header:<Name>'` (a bare name is a header). May be
 *   a list, tried in order. Default: `query:token`, then the common token headers in DEFAULT_LOCATIONS.
 *   With `header:Authorization`, a `Bearer ` prefix is removed before comparing.
 *
 * Never detected from a request alone: a token endpoint is configured per path, or a `token` secret is
 * configured, and then the default locations are checked on requests no other scheme claims (engine.ts).
 */
import type { Diagnosis, Extracted, RequestView, SchemeOptions } from '../types.js';
import { constantTimeEqual } from '../crypto.js';
import { utf8 } from '../encoding.js';
import { defineScheme, utf8Key } from '../scheme.js';
import { type Location, parseLocation, plusTrapWarning, readAt, unresolvedEnvComplaint, withQueryParam } from './location.js';

export type TokenOptions = {
  from?: string | string[];
};

/** Tried in order when no `from` is configured. */
export const DEFAULT_LOCATIONS = [
  'query:token',
  'header:X-Webhook-Token',
  'header:X-Webhook-Secret',
  'header:X-Auth-Token',
  'header:X-Gitlab-Token',
  'header:X-Telegram-Bot-Api-Secret-Token',
] as const;

/** Problems with a token endpoint's options, in words, for the config loader ([] when fine). */
export function tokenOptionErrors(options: SchemeOptions): string[] {
  const from = options.from;
  if (from === undefined) return [];
  const specs = Array.isArray(from) ? from : [from];
  if (specs.length === 0) return ['token option "from" is an empty list'];
  return specs.flatMap((spec) =>
    typeof spec === 'string' && parseLocation(spec)
      ? []
      : [`token option "from": ${JSON.stringify(spec)} is not "query:<name>" or "header:<Name>"`],
  );
}

function locations(options: SchemeOptions): Location[] {
  const from = (options as TokenOptions).from;
  const specs = from === undefined ? DEFAULT_LOCATIONS : Array.isArray(from) ? from : [from];
  return specs.flatMap((spec) => {
    const location = typeof spec === 'string' ? parseLocation(spec) : null;
    return location ? [location] : [];
  });
}

function isAuthorization(location: Location): boolean {
  return location.where === 'header' && location.name.toLowerCase() === 'authorization';
}

/** The first configured location that carries a token, and the token there. */
function find(req: RequestView, options: SchemeOptions): { location: Location; token: string } | null {
  for (const location of locations(options)) {
    let token = readAt(req, location);
    if (token === undefined) continue;
    if (isAuthorization(location)) token = token.replace(/^Bearer\s+/i, '');
    if (token !== '') return { location, token };
  }
  return null;
}

export const token = defineScheme({
  id: 'token',
  title: 'Shared token (query or header)',
  kind: 'token',
  signsUrl: false,
  optionErrors: tokenOptionErrors,
  doc: {
    headers: ['?token= (default; any query parameter or header via `from`)', 'X-Webhook-Token', 'X-Webhook-Secret', 'X-Auth-Token', 'X-Gitlab-Token', 'X-Telegram-Bot-Api-Secret-Token'],
    signs: 'nothing: the shared token itself is sent and compared in constant time',
    tolerance: 'none',
    testedAgainst: 'textmaster-token-in-url (developer.textmaster.com "Securing webhooks" example)',
  },
  secretShape: {
    describe: 'the token you put in the callback URL or header; any string, ideally `hookscope` generateSecret() output',
    complain: unresolvedEnvComplaint,
  },
  detectionHeaders: [],
  detect: () => false,
  extract(req, options): Extracted | null {
    const found = find(req, options);
    return found ? { signatures: [found.token], fields: { from: `${found.location.where}:${found.location.name}` } } : null;
  },
  key: (secret) => utf8Key(secret),
  match(_variant, key, extracted) {
    let found = false;
    // Walk every value (no early exit) so timing does not reveal which one matched.
    for (const sent of extracted.signatures) if (constantTimeEqual(utf8(sent), key)) found = true;
    return found ? 'match' : null;
  },
  sign(input, secret, options) {
    const location = locations(options)[0] ?? { where: 'query', name: 'token' };
    if (location.where === 'query') {
      return { url: withQueryParam(input.url, location.name, encodeURIComponent(secret)), headers: [] };
    }
    return { url: input.url, headers: [[location.name, isAuthorization(location) ? `Bearer ${secret}` : secret]] };
  },
  warnings(req, extracted): Diagnosis[] {
    const from = extracted.fields?.from;
    const location = from ? parseLocation(from) : null;
    // The token is the secret itself: the warning names the problem but never echoes the value.
    const warning = location ? plusTrapWarning(req, location, 'token') : null;
    return warning ? [warning] : [];
  },
});

export const { detect, verify, sign } = token;
