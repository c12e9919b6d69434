/**
 * Discord interactions: `X-Signature-Ed25519: <hex Ed25519 signature>` over the `X-Signature-Timestamp`
 * header value followed by the raw body, checked with the application's PUBLIC key (hex, from the
 * Developer Portal). Source: discord/discord-interactions-js `verifyKey` (timestamp bytes + raw body,
 * hex signature, hex public key). The SDK enforces no timestamp window, so neither do we.
 *
 * The configured secret is the public key; `sign` needs the private key instead: a 32-byte Ed25519 seed
 * as 64 hex characters (RFC 8032 "secret key").
 */
import { ed25519Sign, ed25519Verify } from '../crypto.js';
import { concatBytes, fromHex, toHex, utf8 } from '../encoding.js';
import { defineScheme } from '../scheme.js';
import { unresolvedEnvComplaint } from './location.js';
import { parseUnixSeconds } from './provider-helpers.js';

/** 32 bytes from 64 hex characters, else null. */
function hex32(secret: string): Uint8Array | null {
  const bytes = fromHex(secret.trim());
  return bytes && bytes.length === 32 ? bytes : null;
}

function complain(secret: string): string | null {
  const env = unresolvedEnvComplaint(secret);
  if (env) return env;
  const value = secret.trim();
  if (hex32(value)) return null;
  // Bot tokens are three dot-separated base64url parts (user id, timestamp, HMAC).
  if (/^[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$/.test(value)) {
    return "This looks like a Discord bot token. Interactions are signed with Ed25519: paste the application's Public Key (64 hex characters, General Information page of the Developer Portal).";
  }
  if (/^[A-Za-z0-9_-]{32}$/.test(value)) {
    return "This looks like the OAuth2 client secret. Interactions are verified with the application's Public Key (64 hex characters, General Information page of the Developer Portal).";
  }
  return "Discord's application Public Key is 64 hex characters (32 bytes); this value is not.";
}

export const discord = defineScheme({
  id: 'discord',
  title: 'Discord (interactions)',
  kind: 'asymmetric',
  signsUrl: false,
  doc: {
    headers: ['X-Signature-Ed25519', 'X-Signature-Timestamp'],
    signs: 'Ed25519 over X-Signature-Timestamp + raw body; hex signature, verified with the application public key (hex)',
    tolerance: 'none (discord-interactions-js checks no window)',
    testedAgainst: 'ed25519-rfc8032-test1 (RFC 8032 7.1 TEST 1), discord-interactions-self (RFC 8032 key, discord-interactions-js ping body)',
  },
  secretShape: {
    describe: "the application's Public Key: 64 hex characters from the Developer Portal (for sending, the 32-byte private seed in hex)",
    complain,
  },
  detectionHeaders: ['x-signature-ed25519'],
  detect: (req) => req.header('x-signature-ed25519') !== undefined,
  extract(req) {
    const signature = req.header('x-signature-ed25519');
    const timestamp = req.header('x-signature-timestamp');
    if (!signature || timestamp === undefined) return null;
    // The header text, not the parsed number, is what was signed.
    return { signatures: [signature], timestamp: parseUnixSeconds(timestamp), fields: { timestamp } };
  },
  key: (secret) => hex32(secret),
  match(variant, key, extracted) {
    const message = concatBytes(utf8(extracted.fields?.timestamp ?? ''), variant.body);
    let found = false;
    for (const sent of extracted.signatures) {
      const signature = fromHex(sent);
      // Walk every signature (no early exit); malformed ones simply do not verify.
      if (signature && signature.length === 64 && ed25519Verify(signature, message, key)) found = true;
    }
    return found ? 'match' : null;
  },
  sign(input, secret) {
    const seed = hex32(secret);
    if (!seed) throw new Error('Discord signing needs the application private key: a 32-byte Ed25519 seed as 64 hex characters.');
    const timestamp = String(Math.floor(input.timestamp));
    const signature = ed25519Sign(concatBytes(utf8(timestamp), input.body), seed);
    return {
      url: input.url,
      headers: [
        ['X-Signature-Ed25519', toHex(signature)],
        ['X-Signature-Timestamp', timestamp],
      ],
    };
  },
});

export const { detect, verify, sign } = discord;
