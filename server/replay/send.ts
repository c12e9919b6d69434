/**
 * Send a signed test webhook, like `stripe trigger` for every provider hookscope knows: a sample
 * payload (or the caller's), signed by the provider's own signer, POSTed to a URL. Used by
 * `hookscope send` (secret given on the command line) and `POST /api/send` (configured secret).
 */
import type { HeaderPair } from '../../shared/api.js';
import type { Scheme } from '../../shared/verify/scheme.js';
import type { SchemeOptions } from '../../shared/verify/types.js';
import { outgoingHeaders } from '../forward/hop-by-hop.js';
import { exchange, type Agents, type Exchange } from '../forward/http-exchange.js';
import { BUFFER_CAP } from '../forward/forwarder.js';
import { sampleFor } from './samples.js';
import { signRequest } from './resign.js';

export interface TestDeliveryInput {
  scheme: Scheme;
  /** Absolute URL to send to. */
  to: string;
  secret: string;
  options?: SchemeOptions;
  /** The body to send; default: the provider's sample. */
  body?: Buffer;
  /** Content-Type of `body` (default: the sample's, or application/json). */
  contentType?: string;
  headers?: HeaderPair[];
}

export interface TestDelivery {
  method: string;
  url: string;
  headers: HeaderPair[];
  body: Buffer;
}

export function buildTestDelivery(input: TestDeliveryInput): TestDelivery {
  const sample = sampleFor(input.scheme.id);
  const body = input.body ?? Buffer.from(sample.body);
  const contentType = input.contentType ?? (input.body ? 'application/json' : sample.contentType);
  const headers: HeaderPair[] = [
    ['Content-Type', contentType],
    ['User-Agent', 'hookscope-send/0.1'],
    ...(input.body ? [] : sample.headers),
    ...(input.headers ?? []),
  ];
  const signed = signRequest(input.scheme, { method: 'POST', url: input.to, headers, body }, input.secret, input.options ?? {});
  return { method: 'POST', url: signed.url, headers: signed.headers, body: signed.body };
}

export function deliver(delivery: TestDelivery, timeoutMs: number, agents?: Agents): Promise<Exchange> {
  const url = new URL(delivery.url);
  // The request-target exactly as signed (URL-signed schemes are sensitive to every byte of it).
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*([^#]*)/.exec(delivery.url);
  return exchange(
    {
      url,
      method: delivery.method,
      path: m?.[1] || '/',
      headers: outgoingHeaders(delivery.headers, { hostHeader: 'keep', targetHost: url.host, bodyLength: delivery.body.length }),
      body: delivery.body,
    },
    { timeoutMs, bufferCap: BUFFER_CAP, ...(agents ? { agents } : {}) },
  );
}
