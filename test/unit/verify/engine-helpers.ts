/**
 * Builders for the engine tests: captured requests, and signatures computed independently with
 * node:crypto (so the engine is never only checked against the modules' own `sign`).
 */
import { createHmac } from 'node:crypto';
import type { RequestParts, VerificationResult } from '../../../shared/verify/types.js';
import type { SecretEntry } from '../../../shared/verify/engine.js';

export const NOW = 1_700_000_000;

export const enc = (text: string): Uint8Array => new TextEncoder().encode(text);

export function request(init: {
  target?: string;
  headers?: Array<[string, string]> | Record<string, string>;
  body?: string | Uint8Array;
  method?: string;
  receivedAt?: number;
}): RequestParts {
  const headers = Array.isArray(init.headers) ? init.headers : Object.entries(init.headers ?? {});
  return {
    method: init.method ?? 'POST',
    target: init.target ?? '/hook',
    headers,
    body: typeof init.body === 'string' ? enc(init.body) : (init.body ?? new Uint8Array()),
    receivedAt: init.receivedAt ?? NOW,
  };
}

/** Labels the way the config loader writes them: the first per provider is the current one. */
export function secrets(provider: string, ...values: string[]): SecretEntry[] {
  return values.map((value, i) => ({ provider, value, label: `${provider} #${i + 1}${i === 0 ? ' (current)' : ''}` }));
}

export function githubSignature(secret: string, body: string | Uint8Array): string {
  return 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
}

/** Twilio: base64 HMAC-SHA1 of the URL followed by the form fields sorted by name, name + value. */
export function twilioSignature(secret: string, url: string, form = ''): string {
  const pairs = [...new URLSearchParams(form)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHmac('sha1', secret).update(url + pairs.map(([k, v]) => k + v).join('')).digest('base64');
}

export function stripeHeader(secret: string, t: number, body: string): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

export function standardWebhooksHeaders(secret: string, id: string, t: number, body: string): Record<string, string> {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const sig = createHmac('sha256', key).update(`${id}.${t}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(t), 'webhook-signature': `v1,${sig}` };
}

export function codes(result: VerificationResult): string[] {
  return result.diagnoses.map((d) => d.code);
}

export const FORM = 'application/x-www-form-urlencoded';
