/**
 * A minimal HTTP/1.1 client over a raw socket: sends exactly the header lines given (duplicates, order
 * and case kept) — fetch() would merge duplicate headers — and parses the single response.
 */
import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
}

export function sendRaw(options: {
  url: string; // base URL, e.g. http://127.0.0.1:4400
  method: string;
  target: string;
  headers?: Array<[string, string]>;
  body?: Buffer | string;
}): Promise<RawResponse> {
  const base = new URL(options.url);
  const body = typeof options.body === 'string' ? Buffer.from(options.body) : (options.body ?? Buffer.alloc(0));
  const headers = options.headers ?? [];
  const hasHost = headers.some(([n]) => n.toLowerCase() === 'host');
  const lines = [`${options.method} ${options.target} HTTP/1.1`];
  if (!hasHost) lines.push(`Host: ${base.host}`);
  for (const [n, v] of headers) lines.push(`${n}: ${v}`);
  if (!headers.some(([n]) => n.toLowerCase() === 'content-length' || n.toLowerCase() === 'transfer-encoding')) lines.push(`Content-Length: ${body.length}`);
  lines.push('Connection: close', '', '');
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(base.port), base.hostname.replace(/^\[|\]$/g, ''));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (error) {
        reject(error);
      }
    });
    socket.write(Buffer.concat([Buffer.from(lines.join('\r\n')), body]));
  });
}

function parseResponse(raw: Buffer): RawResponse {
  const end = raw.indexOf('\r\n\r\n');
  if (end === -1) throw new Error(`no HTTP response head in ${JSON.stringify(raw.toString('latin1').slice(0, 200))}`);
  const [statusLine, ...headerLines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(statusLine!.split(' ')[1]);
  const headers = headerLines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()] as [string, string]);
  let body = raw.subarray(end + 4);
  if (headers.some(([n, v]) => n.toLowerCase() === 'transfer-encoding' && v === 'chunked')) body = dechunk(body);
  return { status, headers, body };
}

function dechunk(data: Buffer): Buffer {
  const out: Buffer[] = [];
  let i = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', i);
    const size = parseInt(data.subarray(i, lineEnd).toString(), 16);
    if (!size) break;
    out.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    i = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(out);
}
