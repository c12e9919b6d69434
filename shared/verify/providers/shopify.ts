/**
 * Shopify webhooks: `X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256(client secret, raw body)>`; Events-API
 * deliveries carry the same value in `Shopify-Hmac-Sha256`. No timestamp is signed. Checked against
 * Shopify/shopify-app-js shopify-api lib/utils/hmac-validator.ts (validateHmacFromRequestFactory,
 * HashFormat.Base64) and lib/webhooks/header-names.ts.
 */
import type { SecretShape } from '../types.js';
import { toBase64 } from '../encoding.js';
import { compareDigest, defineScheme, utf8Key } from '../scheme.js';
import { hmacSha256, requireKey } from './signed-parts.js';

/** Shared with shopify-query: both are keyed with the app's client secret (the SDK's apiSecretKey). */
export const shopifySecretShape: SecretShape = {
  describe: "the app's client secret (API secret key), usually starting with shpss_",
  complain(secret) {
    const prefix = /^(shpat|shpca|shppa|shpua)_/.exec(secret.trim())?.[1];
    if (!prefix) return null;
    return `This is a Shopify access token (${prefix}_…), not the app's client secret. Shopify signs with the client secret (API secret key) from the app's settings, usually starting with shpss_.`;
  },
};

export const shopify = defineScheme({
  id: 'shopify',
  title: 'Shopify',
  kind: 'hmac',
  signsUrl: false,
  secretShape: shopifySecretShape,
  doc: {
    headers: ['X-Shopify-Hmac-Sha256', 'Shopify-Hmac-Sha256'],
    signs: 'raw body; base64 HMAC-SHA256 keyed with the client secret',
    tolerance: 'none',
    testedAgainst: 'shopify-webhook-self (algorithm from shopify-app-js hmac-validator.ts)',
  },
  detectionHeaders: ['x-shopify-hmac-sha256', 'shopify-hmac-sha256', 'x-shopify-topic'],
  detect: (req) =>
    req.header('x-shopify-hmac-sha256') !== undefined ||
    req.header('shopify-hmac-sha256') !== undefined ||
    req.header('x-shopify-topic') !== undefined,
  extract(req) {
    const signature = req.header('x-shopify-hmac-sha256') ?? req.header('shopify-hmac-sha256');
    return signature ? { signatures: [signature] } : null;
  },
  key: utf8Key,
  match: (variant, key, extracted) => compareDigest(hmacSha256(key, variant.body), extracted.signatures, toBase64),
  sign(input, secret) {
    const key = requireKey(utf8Key(secret), 'shopify');
    return { url: input.url, headers: [['X-Shopify-Hmac-Sha256', toBase64(hmacSha256(key, input.body))]] };
  },
});

export const { detect, verify, sign } = shopify;
