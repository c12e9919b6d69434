/**
 * `hookscope send <provider> --to <url> --secret <s> [--body <file>|-] [--content-type <t>] [--header 'N: v']... [--json]`:
 * sign a test webhook with the provider's own signer and POST it — a sample payload unless --body says
 * otherwise. Needs no running hookscope. Exit codes: 0 the target answered 2xx, 1 otherwise, 2 usage.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { HeaderPair } from '../../shared/api.js';
import { schemeByName, unknownProviderMessage } from '../../shared/verify/registry.js';
import type { CliIo } from '../cli.js';
import { ConfigError, resolveSecretValue } from '../config.js';
import { SignError } from '../replay/resign.js';
import { buildTestDelivery, deliver } from '../replay/send.js';
import { useNodeCrypto } from '../verify/node-crypto.js';

export const SEND_USAGE = "usage: hookscope send <provider> --to <url> --secret <secret> [--body <file>|-] [--content-type <type>] [--header 'Name: value']... [--json]";

export async function runSend(args: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      to: { type: 'string' },
      secret: { type: 'string' },
      body: { type: 'string' },
      'content-type': { type: 'string' },
      header: { type: 'string', multiple: true },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(SEND_USAGE);
    return 0;
  }
  if (positionals.length !== 1 || !values.to || !values.secret) {
    io.stderr(SEND_USAGE);
    return 2;
  }
  const scheme = schemeByName(positionals[0]!);
  if (!scheme) {
    io.stderr(`hookscope: ${unknownProviderMessage(positionals[0]!)}`);
    return 2;
  }
  let to: URL;
  try {
    to = new URL(values.to);
    if (to.protocol !== 'http:' && to.protocol !== 'https:') throw new Error('not http');
  } catch {
    io.stderr(`hookscope: --to must be an absolute http(s) URL, got ${JSON.stringify(values.to)}`);
    return 2;
  }
  const headers: HeaderPair[] = [];
  for (const h of values.header ?? []) {
    const colon = h.indexOf(':');
    if (colon <= 0) {
      io.stderr(`hookscope: --header expects "Name: value", got ${JSON.stringify(h)}`);
      return 2;
    }
    headers.push([h.slice(0, colon).trim(), h.slice(colon + 1).trim()]);
  }
  let body: Buffer | undefined;
  if (values.body === '-') body = await (io.stdin ?? readStdin)();
  else if (values.body !== undefined) {
    try {
      body = readFileSync(values.body);
    } catch (error) {
      io.stderr(`hookscope: cannot read --body ${values.body}: ${(error as Error).message}`);
      return 2;
    }
  }
  let secret: string;
  try {
    secret = resolveSecretValue(values.secret, env, '--secret');
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`hookscope: ${error.message}`);
      return 2;
    }
    throw error;
  }

  useNodeCrypto();
  let delivery;
  try {
    delivery = buildTestDelivery({ scheme, to: to.href, secret, body, ...(values['content-type'] ? { contentType: values['content-type'] } : {}), headers });
  } catch (error) {
    if (error instanceof SignError) {
      io.stderr(`hookscope: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const timeoutMs = values.timeout ? Number(values.timeout) * 1000 : 30_000;
  const result = await deliver(delivery, Number.isFinite(timeoutMs) && timeoutMs > 0 ? timeoutMs : 30_000);
  if (result.ok && result.rest) result.rest.destroy();
  if (!result.ok) {
    io.stderr(`hookscope: ${scheme.title} test webhook to ${to.origin} failed: ${result.message}`);
    return 1;
  }
  const text = result.body.toString('utf8');
  if (values.json) {
    const headersOut: HeaderPair[] = [];
    for (let i = 0; i < result.rawHeaders.length; i += 2) headersOut.push([result.rawHeaders[i]!, result.rawHeaders[i + 1]!]);
    io.stdout(JSON.stringify({ provider: scheme.id, url: delivery.url, status: result.status, headers: headersOut, body: text, durationMs: result.durationMs }));
  } else {
    const signedWith = scheme.doc.headers[0] ?? 'signature';
    io.stdout(`POST ${delivery.url}  (${scheme.title}, signed: ${signedWith}) → ${result.status} ${result.statusMessage} in ${result.durationMs} ms`);
    if (text) io.stdout(text.length > 4000 ? text.slice(0, 4000) + '…' : text);
  }
  return result.status >= 200 && result.status < 300 ? 0 : 1;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
