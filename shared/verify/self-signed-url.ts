/**
 * Self-signed callback URLs, for providers that call back whatever URL you give them (Flash ad hoc
 * `callbackUri`): sign an id of yours into the URL, and check it when the callback arrives with that id in
 * its JSON body. Backs `hookscope sign-url --secret S --id ID URL`.
 *
 * The signature is `encodeURIComponent(base64(HMAC-SHA256(secret, id)))` in `?signature=`. Encoding it
 * matters: a raw base64 `+` reaches a naive `req.query.signature` as a space. A URL signed here verifies
 * through the `hmac` scheme configured with `callbackUrlHmacOptions(idField)`, and verifyCallbackUrl uses
 * exactly that scheme, so the two cannot drift apart.
 */
import type { Diagnosis } from './types.js';
import type { HashAlgorithm } from './crypto.js';
import { type DigestEncoding, utf8 } from './encoding.js';
import type { VerifyOutcome } from './scheme.js';
import { viewFromUrl } from './request-view.js';
import { type HmacOptions, hmac, hmacSignature } from './providers/hmac.js';
import { withQueryParam } from './providers/location.js';

export interface CallbackUrlOptions {
  /** Query parameter carrying the signature (default `signature`). */
  param?: string;
  /** Default `sha256`. */
  algorithm?: HashAlgorithm;
  /** Default `base64` (as in Flash's example); `base64url` avoids `+` and `/` altogether. */
  encoding?: DigestEncoding;
}

/**
 * The `hmac` endpoint options that verify URLs signed with `options`, when the callback's JSON body
 * carries the id in top-level field `idField` (Flash: `externalId`). For the config file.
 */
export function callbackUrlHmacOptions(idField: string, options: CallbackUrlOptions = {}): HmacOptions {
  return {
    algorithm: options.algorithm ?? 'sha256',
    encoding: options.encoding ?? 'base64',
    signatureFrom: `query:${options.param ?? 'signature'}`,
    signedContent: `json:${idField}`,
  };
}

/** `url` with `signature=<encoded signature of id>` set (other query parameters kept as they are). */
export function signCallbackUrl(url: string, id: string, secret: string, options: CallbackUrlOptions = {}): string {
  if (!secret) throw new Error('sign-url needs a non-empty secret');
  if (!id) throw new Error('sign-url needs a non-empty id');
  const signature = hmacSignature(callbackUrlHmacOptions('id', options), utf8(secret), utf8(id));
  return withQueryParam(url, options.param ?? 'signature', encodeURIComponent(signature));
}

export type CallbackUrlCheck = VerifyOutcome & {
  /** `query-changed` when the signature holds a raw `+` a naive query parser would break. */
  warnings: Diagnosis[];
};

/**
 * Whether `url` carries the signature of `id` under `secret`, read as a correct verifier reads it, plus
 * warnings about what a naive verifier would get wrong. Never throws.
 */
export function verifyCallbackUrl(url: string, id: string, secret: string, options: CallbackUrlOptions = {}): CallbackUrlCheck {
  const hmacOptions = callbackUrlHmacOptions('id', options);
  // The callback as it would arrive: this URL, and a JSON body carrying the id.
  const body = JSON.stringify({ id });
  const outcome = hmac.verify({ url, body }, secret, hmacOptions);
  const view = viewFromUrl({ url, body });
  const extracted = hmac.extract(view, hmacOptions);
  const warnings = extracted && hmac.warnings ? hmac.warnings(view, extracted, hmacOptions) : [];
  return { ...outcome, warnings };
}
