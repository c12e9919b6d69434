/**
 * Verification cost: verify + diagnose of a failing URL-signed request (Twilio behind a TLS-terminating
 * tunnel, three configured secrets, a public URL) against the baseline of verifying the same request
 * correctly signed, in the same run. In-process: the engine is a pure function.
 */
import { createHmac } from 'node:crypto';
import { verifyRequest } from '../shared/verify/engine.js';
import type { RequestParts } from '../shared/verify/types.js';
import { useNodeCrypto } from '../server/verify/node-crypto.js';
import { percentile, round } from './stats.js';

function twilioRequest(signedUrl: string, token: string, headers: Array<[string, string]>): RequestParts {
  const body = 'AccountSid=AC0123456789&Body=hello+world&From=%2B15005550006&MessageSid=SM0123456789&To=%2B15005550001&' + 'Pad=' + 'x'.repeat(850);
  const params = [...new URLSearchParams(body)].sort(([a], [b]) => (a < b ? -1 : 1));
  const signature = createHmac('sha1', token).update(signedUrl + params.map(([k, v]) => k + v).join('')).digest('base64');
  return {
    method: 'POST',
    target: '/sms?tenant=42',
    headers: [...headers, ['Content-Type', 'application/x-www-form-urlencoded'], ['X-Twilio-Signature', signature]],
    body: new TextEncoder().encode(body),
    receivedAt: Math.floor(Date.now() / 1000),
  };
}

function time(fn: () => unknown, runs: number): number[] {
  for (let i = 0; i < 200; i++) fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return samples;
}

export function benchVerify(runs = 3000) {
  useNodeCrypto();
  const secrets = [
    { provider: 'twilio', value: 'current-token-0123456789abcdef', label: 'twilio #1 (current)' },
    { provider: 'twilio', value: 'previous-token-0123456789abcde', label: 'twilio #2' },
    { provider: 'stripe', value: 'whsec_unrelated0123456789', label: 'stripe #1 (current)' },
  ];
  const ctx = { secrets, publicUrl: 'https://abc123.ngrok-free.app' };
  // Passing: signed over the public URL, arriving with the forwarding headers ngrok sets.
  const passing = twilioRequest('https://abc123.ngrok-free.app/sms?tenant=42', secrets[0]!.value, [['Host', 'abc123.ngrok-free.app'], ['X-Forwarded-Proto', 'https']]);
  // Failing: signed with a secret hookscope does not know, so every candidate is searched.
  const failing = twilioRequest('https://abc123.ngrok-free.app/sms?tenant=42', 'some-other-token-0000000000', [['Host', 'localhost:3000'], ['X-Original-Host', 'abc123.ngrok-free.app']]);
  const check = verifyRequest(failing, ctx);
  if (check.verdict !== 'failed') throw new Error(`bench setup: expected a failing request, got ${check.verdict}`);
  const base = time(() => verifyRequest(passing, ctx), runs);
  const diag = time(() => verifyRequest(failing, ctx), runs);
  return {
    passingP50Ms: round(percentile(base, 50), 3),
    passingP95Ms: round(percentile(base, 95), 3),
    failingP50Ms: round(percentile(diag, 50), 3),
    failingP95Ms: round(percentile(diag, 95), 3),
    ratioP95: round(percentile(diag, 95) / percentile(base, 95), 1),
    candidates: check.candidates?.length ?? 0,
    diagnosis: check.diagnoses[0]?.code ?? null,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(benchVerify());
