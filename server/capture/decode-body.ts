/**
 * Decompress a stored body for the "decoded" view (gzip, deflate, br). Streaming with a cap, so a
 * decompression bomb costs at most `maxBytes` of memory and is reported as truncated.
 */
import zlib from 'node:zlib';

export type BodyEncoding = 'gzip' | 'deflate' | 'br';

export interface DecodedBody {
  encoding: BodyEncoding;
  body: Buffer;
  truncated: boolean;
  error?: string;
}

/** The encoding to undo: the Content-Encoding header, else sniffed from gzip's magic bytes. */
export function bodyEncoding(contentEncoding: string | undefined, body: Buffer): BodyEncoding | null {
  const declared = (contentEncoding ?? '').trim().toLowerCase();
  if (declared === 'gzip' || declared === 'x-gzip') return 'gzip';
  if (declared === 'deflate') return 'deflate';
  if (declared === 'br') return 'br';
  if (body.length > 2 && body[0] === 0x1f && body[1] === 0x8b) return 'gzip';
  return null;
}

export function decodeBody(body: Buffer, encoding: BodyEncoding, maxBytes: number): Promise<DecodedBody> {
  const stream = encoding === 'gzip' ? zlib.createGunzip() : encoding === 'br' ? zlib.createBrotliDecompress() : zlib.createInflate();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (truncated: boolean, error?: string) => {
      if (done) return;
      done = true;
      stream.destroy();
      resolve({ encoding, body: Buffer.concat(chunks, Math.min(size, maxBytes)), truncated, ...(error ? { error } : {}) });
    };
    stream.on('data', (chunk: Buffer) => {
      const room = maxBytes - size;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.length, room);
      if (chunk.length >= room && size >= maxBytes) finish(true);
    });
    stream.on('end', () => finish(false));
    stream.on('error', (error) => finish(false, `not valid ${encoding} data: ${error.message}`));
    stream.end(body);
  });
}
