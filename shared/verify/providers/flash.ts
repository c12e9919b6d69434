/**
 * Flash Payments (FlashFX) regular webhooks: `flashfx-signature: <base64 HMAC-SHA256(endpoint secret, JSON
 * payload)>`, no timestamp; `flashfx-request-id` identifies the event across retries. (flash-oss/
 * flash-developer-doc webhooks/webhooks.md, "Securing the request".) A preset of the generic `hmac`
 * scheme. Flash's ad hoc `callbackUri?signature=` webhooks are signed by the client, not by Flash: configure
 * them with `hmac` (see self-signed-url.ts).
 */
import { defineScheme, utf8Key } from '../scheme.js';
import { type HmacOptions, hmac } from './hmac.js';
import { unresolvedEnvComplaint } from './location.js';

export const FLASH_OPTIONS: HmacOptions = {
  algorithm: 'sha256',
  encoding: 'base64',
  signatureFrom: 'header:flashfx-signature',
  // The docs' handler passes `req.body`; what Flash signs is the JSON payload string, i.e. the raw body.
  signedContent: 'body',
};

export const flash = defineScheme({
  id: 'flash',
  title: 'Flash Payments (FlashFX)',
  kind: 'hmac',
  signsUrl: false,
  doc: {
    headers: ['flashfx-signature'],
    signs: 'raw JSON body',
    tolerance: 'none',
    testedAgainst: 'flash-regular-self (docs example secret and payload)',
  },
  secretShape: {
    describe: "the endpoint's secret from FlashConnect webhook settings",
    complain: unresolvedEnvComplaint,
  },
  detectionHeaders: ['flashfx-signature', 'flashfx-request-id'],
  detect: (req) => req.header('flashfx-signature') !== undefined || req.header('flashfx-request-id') !== undefined,
  extract: (req) => hmac.extract(req, FLASH_OPTIONS),
  key: (secret) => utf8Key(secret),
  match: (variant, key, extracted, req) => hmac.match(variant, key, extracted, req, FLASH_OPTIONS),
  sign: (input, secret) => hmac.sign(input, secret, FLASH_OPTIONS),
});

export const { detect, verify, sign } = flash;
