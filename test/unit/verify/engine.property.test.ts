/**
 * Property: a valid signed request with one random mutation (a body byte, a character of the URL or Host,
 * of the signature header or of the timestamp) is never reported `verified` unless the provider's own
 * verifier accepts the mutated request too. The verifiers below are independent re-implementations of the
 * official SDKs' checks with node:crypto (twilio-node validateRequest, stripe-node constructEvent,
 * standardwebhooks Webhook.verify, @octokit/webhooks-methods verify), not the modules under test.
 */
import { createHmac } from 'node:crypto';
import querystring from 'node:querystring';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyRequest } from '../../../shared/verify/engine.js';
import type { RequestParts } from '../../../shared/verify/types.js';
import { FORM, NOW, enc, githubSignature, secrets, standardWebhooksHeaders, stripeHeader, twilioSignature } from './engine-helpers.js';

const RUNS = 200;

interface Signed {
  scheme: 'github' | 'stripe' | 'twilio' | 'standard-webhooks';
  secret: string;
  parts: RequestParts;
  /** Header holding the signature, and the one holding the timestamp (may be the same). */
  signatureHeader: string;
  timestampHeader?: string;
}

// ---------------------------------------------------------------------------------------------------
// The providers' own verifiers
// ---------------------------------------------------------------------------------------------------

/** A header as an app reads it: HTTP parsers (Node's among them) strip surrounding whitespace (RFC 9110 OWS). */
function header(parts: RequestParts, name: string): string | undefined {
  return parts.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1]?.trim();
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function githubAccepts(parts: RequestParts, secret: string): boolean {
  return header(parts, 'x-hub-signature-256') === githubSignature(secret, parts.body);
}

function stripeAccepts(parts: RequestParts, secret: string): boolean {
  const value = header(parts, 'stripe-signature');
  if (!value) return false;
  let timestamp = -1;
  const signatures: string[] = [];
  for (const item of value.split(',')) {
    const kv = item.split('=');
    if (kv[0] === 't') timestamp = parseInt(kv[1]!, 10);
    if (kv[0] === 'v1') signatures.push(kv[1]!);
  }
  if (timestamp === -1 || signatures.length === 0) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${text(parts.body)}`).digest('hex');
  if (!signatures.includes(expected)) return false;
  return !(parts.receivedAt - timestamp > 300);
}

function standardWebhooksAccepts(parts: RequestParts, secret: string): boolean {
  const id = header(parts, 'webhook-id');
  const signature = header(parts, 'webhook-signature');
  const ts = header(parts, 'webhook-timestamp');
  if (!id || !signature || !ts) return false;
  const timestamp = parseInt(ts, 10);
  if (Number.isNaN(timestamp) || parts.receivedAt - timestamp > 300 || timestamp > parts.receivedAt + 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${text(parts.body)}`).digest('base64');
  return signature.split(' ').some((s) => {
    const [version, sig] = s.split(',');
    return version === 'v1' && sig === expected;
  });
}

/** The URL forms twilio-node tries: as given, the WHATWG form, the legacy querystring re-encoding; each with the port removed or the default port added. */
function twilioUrlForms(url: string): string[] {
  const forms = new Set<string>();
  const withPorts = (u: string) => {
    const m = /^(https?:\/\/)([^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*)(:[^/?#]*)?(.*)$/i.exec(u);
    if (!m) return [u];
    const [, proto, user = '', host, port, rest] = m;
    const standard = proto!.toLowerCase() === 'https://' ? ':443' : ':80';
    return [u, proto + user + host + rest, port ? u : proto + user + host + standard + rest];
  };
  for (const f of withPorts(url)) forms.add(f);
  let normalised: string;
  try {
    normalised = new URL(url).toString();
  } catch {
    return [...forms];
  }
  for (const f of withPorts(normalised)) {
    forms.add(f);
    const q = f.indexOf('?');
    if (q !== -1) forms.add(f.slice(0, q) + '?' + querystring.stringify(querystring.parse(f.slice(q + 1))));
  }
  return [...forms];
}

function twilioAccepts(parts: RequestParts, token: string): boolean {
  const signature = header(parts, 'x-twilio-signature') ?? '';
  // An Express app with trust proxy: X-Forwarded-Proto, the Host header, the target as received.
  const forwarded = header(parts, 'x-forwarded-proto');
  const proto = forwarded === 'https' || forwarded === 'http' ? forwarded : 'http';
  const url = `${proto}://${header(parts, 'host') ?? ''}${parts.target}`;
  const grouped = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams(text(parts.body))) grouped.set(k, [...(grouped.get(k) ?? []), v]);
  let params = '';
  for (const name of [...grouped.keys()].sort()) for (const v of [...new Set(grouped.get(name))].sort()) params += name + v;
  return twilioUrlForms(url).some((form) => createHmac('sha1', token).update(Buffer.from(form + params, 'utf-8')).digest('base64') === signature);
}

const ACCEPTS: Record<Signed['scheme'], (parts: RequestParts, secret: string) => boolean> = {
  github: githubAccepts,
  stripe: stripeAccepts,
  twilio: twilioAccepts,
  'standard-webhooks': standardWebhooksAccepts,
};

// ---------------------------------------------------------------------------------------------------
// Valid signed requests
// ---------------------------------------------------------------------------------------------------

const secretChars = fc.string({ minLength: 8, maxLength: 24, unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-') });
const jsonBody = fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? 'null');
const anyBody = fc.oneof(jsonBody, fc.string({ maxLength: 120 }), fc.string({ unit: 'grapheme', maxLength: 20 }));
const age = fc.integer({ min: -250, max: 250 });
const word = fc.string({ minLength: 1, maxLength: 8, unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789') });

const githubRequest = fc.record({ secret: secretChars, body: anyBody }).map(({ secret, body }): Signed => ({
  scheme: 'github',
  secret,
  signatureHeader: 'X-Hub-Signature-256',
  parts: { method: 'POST', target: '/gh', receivedAt: NOW, body: enc(body), headers: [['Host', 'h.example.com'], ['X-GitHub-Event', 'push'], ['Content-Type', 'application/json'], ['X-Hub-Signature-256', githubSignature(secret, body)]] },
}));

const stripeRequest = fc.record({ secret: secretChars.map((s) => 'whsec_' + s), body: jsonBody, age }).map(({ secret, body, age }): Signed => ({
  scheme: 'stripe',
  secret,
  signatureHeader: 'Stripe-Signature',
  timestampHeader: 'Stripe-Signature',
  parts: { method: 'POST', target: '/stripe', receivedAt: NOW, body: enc(body), headers: [['Host', 'h.example.com'], ['Content-Type', 'application/json'], ['Stripe-Signature', stripeHeader(secret, NOW - age, body)]] },
}));

const standardWebhooksRequest = fc
  .record({ key: fc.uint8Array({ minLength: 16, maxLength: 32 }), id: word, body: jsonBody, age })
  .map(({ key, id, body, age }): Signed => {
    const secret = 'whsec_' + Buffer.from(key).toString('base64');
    const headers = standardWebhooksHeaders(secret, 'msg_' + id, NOW - age, body);
    return {
      scheme: 'standard-webhooks',
      secret,
      signatureHeader: 'webhook-signature',
      timestampHeader: 'webhook-timestamp',
      parts: { method: 'POST', target: '/sw', receivedAt: NOW, body: enc(body), headers: [['Host', 'h.example.com'], ['Content-Type', 'application/json'], ...Object.entries(headers)] },
    };
  });

const twilioRequest = fc
  .record({
    token: secretChars,
    path: fc.array(word, { minLength: 1, maxLength: 3 }),
    query: fc.array(fc.tuple(word, fc.string({ maxLength: 6 })), { maxLength: 3 }),
    params: fc.uniqueArray(fc.tuple(fc.constantFrom('Body', 'From', 'To', 'CallSid', 'Digits'), fc.string({ maxLength: 12 })), { maxLength: 5, selector: ([name]) => name }),
  })
  .map(({ token, path, query, params }): Signed => {
    const q = query.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
    const target = '/' + path.join('/') + (q ? '?' + q : '');
    const body = new URLSearchParams(params).toString();
    const url = `https://hooks.example.com${target}`;
    return {
      scheme: 'twilio',
      secret: token,
      signatureHeader: 'X-Twilio-Signature',
      parts: {
        method: 'POST',
        target,
        receivedAt: NOW,
        body: enc(body),
        headers: [['Host', 'hooks.example.com'], ['X-Forwarded-Proto', 'https'], ['Content-Type', FORM], ['X-Twilio-Signature', twilioSignature(token, url, body)]],
      },
    };
  });

// ---------------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------------

const edit = fc.record({ op: fc.constantFrom('replace', 'insert', 'delete'), at: fc.nat() });
const urlChar = fc.constantFrom(...'aZ09/?&=%+-._~:@# ', 'A', '%20', '%2F');
const mutation = fc.oneof(
  fc.record({ where: fc.constant('body' as const), edit, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ where: fc.constantFrom('target' as const, 'host' as const, 'signature' as const, 'timestamp' as const), edit, char: urlChar }),
  fc.record({ where: fc.constant('timestamp-shift' as const), delta: fc.integer({ min: -100_000, max: 100_000 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;
type Edit = { op: 'replace' | 'insert' | 'delete'; at: number };

function editList<T>(items: T[], e: Edit, value: T): T[] {
  const out = [...items];
  const at = e.at % (out.length + 1);
  if (e.op === 'insert') out.splice(at, 0, value);
  else if (at < out.length) out.splice(at, 1, ...(e.op === 'replace' ? [value] : []));
  return out;
}

const editString = (s: string, e: Edit, char: string) => editList([...s], e, char).join('');
const editBytes = (b: Uint8Array, e: Edit, byte: number) => Uint8Array.from(editList([...b], e, byte));

function mutate(s: Signed, m: Mutation): RequestParts {
  const parts = { ...s.parts, headers: s.parts.headers.map(([n, v]) => [n, v] as [string, string]) };
  const setHeader = (name: string, fn: (v: string) => string) => {
    parts.headers = parts.headers.map(([n, v]) => [n, n.toLowerCase() === name.toLowerCase() ? fn(v) : v]);
  };
  switch (m.where) {
    case 'body':
      parts.body = editBytes(parts.body, m.edit, m.byte);
      break;
    case 'target':
      parts.target = editString(parts.target, m.edit, m.char);
      break;
    case 'host':
      setHeader('host', (v) => editString(v, m.edit, m.char));
      break;
    case 'signature':
      setHeader(s.signatureHeader, (v) => editString(v, m.edit, m.char));
      break;
    case 'timestamp':
      if (s.timestampHeader) setHeader(s.timestampHeader, (v) => editString(v, m.edit, m.char));
      break;
    case 'timestamp-shift':
      if (s.timestampHeader) setHeader(s.timestampHeader, (v) => v.replace(/(^|t=)(\d+)/, (_, pre: string, t: string) => pre + (Number(t) + m.delta)));
      break;
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------------

const SCHEMES: Array<[Signed['scheme'], fc.Arbitrary<Signed>]> = [
  ['github', githubRequest],
  ['stripe', stripeRequest],
  ['twilio', twilioRequest],
  ['standard-webhooks', standardWebhooksRequest],
];

describe('engine property: mutations are never verified unless the provider accepts them', () => {
  for (const [id, arbitrary] of SCHEMES) {
    it(`${id}: an untouched signed request verifies, and the provider's verifier agrees`, () => {
      fc.assert(
        fc.property(arbitrary, (s) => {
          expect(ACCEPTS[id](s.parts, s.secret)).toBe(true);
          const result = verifyRequest(s.parts, { secrets: secrets(id, s.secret) });
          expect(result).toMatchObject({ provider: id, verdict: 'verified' });
        }),
        { numRuns: RUNS },
      );
    });

    it(`${id}: a mutated request is verified only when the provider's verifier accepts it`, () => {
      fc.assert(
        fc.property(arbitrary, mutation, secretChars, (s, m, decoy) => {
          const mutated = mutate(s, m);
          const list = [s.secret, decoy];
          const result = verifyRequest(mutated, { secrets: secrets(id, ...list) });
          if (result.verdict === 'verified') {
            expect(list.some((secret) => ACCEPTS[id](mutated, secret))).toBe(true);
          }
          // A mutation that leaves every byte as it was (replacing a character by itself) still verifies.
          if (JSON.stringify({ ...mutated, body: [...mutated.body] }) === JSON.stringify({ ...s.parts, body: [...s.parts.body] })) {
            expect(result.verdict).toBe('verified');
          }
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe('engine property: malformed input never throws', () => {
  const names = [
    'Host', 'X-Forwarded-Proto', 'X-Forwarded-Host', 'X-Forwarded-Port', 'X-Forwarded-Prefix', 'Forwarded', 'X-Original-Host',
    'Content-Type', 'X-Twilio-Signature', 'X-SignalWire-Signature', 'Stripe-Signature', 'X-Hub-Signature-256', 'X-GitHub-Event',
    'webhook-id', 'webhook-timestamp', 'webhook-signature', 'svix-id', 'svix-timestamp', 'svix-signature', 'X-Slack-Signature',
    'X-Slack-Request-Timestamp', 'X-Shopify-Hmac-Sha256', 'X-Square-HmacSha256-Signature', 'X-Signature', 'X-Timestamp',
  ];
  const value = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 10 }), fc.constantFrom('https', 'http', 'v1,', 't=,v1=', 'sha256=', '=', ',', ';proto=https;host="a"', 'application/json', FORM));
  const parts = fc.record({
    method: fc.constantFrom('POST', 'GET', ''),
    target: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('/', '*', 'http://x/y?z', '/a?b=%zz&c=+', '/%')),
    headers: fc.array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 10 }),
    body: fc.oneof(fc.uint8Array({ maxLength: 64 }), jsonBody.map(enc)),
    receivedAt: fc.oneof(fc.constant(NOW), fc.integer(), fc.constant(Number.NaN)),
  });
  const ctx = fc.record({
    secrets: fc.array(
      fc.record({ provider: fc.constantFrom('github', 'stripe', 'twilio', 'signalwire', 'standard-webhooks', 'slack', 'token', 'hmac', 'unknown'), value: fc.string({ maxLength: 20 }), label: fc.constant('s') }),
      { maxLength: 4 },
    ),
    endpoints: fc.array(
      fc.record({
        path: fc.constantFrom('/**', '/a/*', '**', '/[x]', '(', ''),
        provider: fc.constantFrom('token', 'hmac', 'twilio', 'nope'),
        secret: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
        options: fc.constantFrom({}, { from: 'query:x' }, { from: 42 }, { signatureFrom: 'header:X-Signature', signedContent: 'url+body', timestampFrom: 'header:X-Timestamp', tolerance: 'x' }, { algorithm: 'md5' }),
      }),
      { maxLength: 2 },
    ),
    publicUrl: fc.option(fc.constantFrom('https://abc.ngrok-free.app', 'https://h.example/base/', 'not a url', '', 'https://[::1]:99999'), { nil: undefined }),
    receivedScheme: fc.option(fc.constantFrom('http' as const, 'https' as const), { nil: undefined }),
  });

  it('returns a well-formed result for any request and configuration', () => {
    fc.assert(
      fc.property(parts, ctx, (p, c) => {
        const result = verifyRequest(p, c);
        expect(['verified', 'failed', 'unsigned', 'no-secret']).toContain(result.verdict);
        expect(() => JSON.stringify(result)).not.toThrow();
        for (const d of result.diagnoses) expect(d.message.length * d.fix.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });
});
