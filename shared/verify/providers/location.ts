/**
 * Helpers shared by the configurable schemes (token, hmac and its presets, the self-signed callback URL):
 * where a value travels (`header:Name` / `query:name`), how a correct verifier reads it, and how a signer
 * puts it into a URL.
 */
import type { Diagnosis, RequestView } from '../types.js';
import { decodeFormLenient, decodeUriLenient } from '../encoding.js';

export interface Location {
  where: 'header' | 'query';
  name: string;
}

/** `header:Name` or `query:name`; a bare name means a header (as in `readLocation`). null when unusable. */
export function parseLocation(spec: string): Location | null {
  const colon = spec.indexOf(':');
  const prefix = colon === -1 ? '' : spec.slice(0, colon).toLowerCase();
  if (prefix === 'header' || prefix === 'query') {
    const name = spec.slice(colon + 1).trim();
    return name ? { where: prefix, name } : null;
  }
  const name = spec.trim();
  // A header name is a token: no spaces or colons, so "quer:token" is reported rather than guessed at.
  return /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) ? { where: 'header', name } : null;
}

/**
 * A query parameter as a correct verifier reads it: the raw value percent-decoded, with `+` kept as `+`.
 * Signatures and tokens are not form data: a base64 `+` sent unencoded is still a `+` to the sender, while
 * URLSearchParams (and `req.query`) turn it into a space.
 */
export function readQueryValue(req: RequestView, name: string): string | undefined {
  const raw = req.rawQueryParam(name);
  if (raw === undefined) return undefined;
  return decodeUriLenient(raw);
}

/** The value at `location`, read as a correct verifier does (headers trimmed, query values as above). */
export function readAt(req: RequestView, location: Location): string | undefined {
  if (location.where === 'query') return readQueryValue(req, location.name);
  return req.header(location.name)?.trim();
}

/**
 * `query-changed` warning when the value in `?name=` holds a raw `+`: an app that reads it with
 * `req.query` / URLSearchParams gets a space there and rejects a valid request. `what` names the value
 * ("signature", "token"); `detail` adds expected/actual values where they are not secrets.
 */
export function plusTrapWarning(
  req: RequestView,
  location: Location,
  what: string,
  detail?: { expected: Record<string, unknown>; actual: Record<string, unknown> },
): Diagnosis | null {
  if (location.where !== 'query') return null;
  const raw = req.rawQueryParam(location.name);
  if (raw === undefined || !raw.includes('+')) return null;
  return {
    code: 'query-changed',
    message:
      `The ${what} in ?${location.name}= contains a raw "+". A naive query parser (req.query, URLSearchParams) ` +
      `reads "+" as a space, so an app comparing that value with the expected ${what} rejects this request.`,
    fix:
      `URL-encode the ${what} when you build the callback URL (encodeURIComponent), or use base64url (or hex) ` +
      `so it holds no "+"; read the raw query and percent-decode it without turning "+" into a space.`,
    ...detail,
  };
}

/**
 * `url` with every `name=` parameter removed and `name=<encodedValue>` appended. The value must already be
 * percent-encoded; the rest of the URL is kept byte for byte, because signed URLs are compared as strings.
 */
export function withQueryParam(url: string, name: string, encodedValue: string): string {
  const { base, query, fragment } = splitUrl(withoutQueryParam(url, name));
  const pair = `${encodeURIComponent(name)}=${encodedValue}`;
  return `${base}?${query ? `${query}&` : ''}${pair}${fragment}`;
}

/** `url` with every `name=` parameter removed, everything else kept byte for byte. */
export function withoutQueryParam(url: string, name: string): string {
  const { base, query, fragment } = splitUrl(url);
  if (!query) return url;
  const kept = query.split('&').filter((pair) => decodeFormLenient(pair.split('=', 1)[0]!) !== name);
  return `${base}${kept.length ? `?${kept.join('&')}` : ''}${fragment}`;
}

function splitUrl(url: string): { base: string; query: string; fragment: string } {
  const hash = url.indexOf('#');
  const fragment = hash === -1 ? '' : url.slice(hash);
  const rest = hash === -1 ? url : url.slice(0, hash);
  const q = rest.indexOf('?');
  return q === -1 ? { base: rest, query: '', fragment } : { base: rest.slice(0, q), query: rest.slice(q + 1), fragment };
}

/**
 * The config loader resolves `env:NAME`; a secret still spelled that way means the variable was unset or
 * the value was pasted from the config file by hand.
 */
export function unresolvedEnvComplaint(secret: string): string | null {
  return /^env:[A-Za-z_][A-Za-z0-9_]*$/.test(secret.trim())
    ? `"${secret.trim()}" is a reference to an environment variable, not its value: set ${secret.trim().slice(4)} in the environment hookscope runs in.`
    : null;
}
