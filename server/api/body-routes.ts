import { bodyEncoding, decodeBody } from '../capture/decode-body.js';
import type { RequestRepository } from '../store/repository.js';
import { decodeText } from '../store/text-body.js';
import { ApiError, sendJson } from './http-json.js';
import type { RequestPresenter } from './request-presenter.js';
import { parseId } from './requests-routes.js';
import type { Router } from './router.js';

/** Decoded views are capped: a 1 KB gzip bomb must not become gigabytes in the server or the page. */
export const MAX_DECODED_BYTES = 10 * 1024 * 1024;

/**
 * `GET /api/requests/:id/body` — the raw body as a download (attachment + nosniff: a captured HTML or
 * SVG body must never render in our origin). `GET /api/requests/:id/decoded` — gzip/deflate/br undone.
 */
export function registerBodyRoutes(router: Router, repo: RequestRepository, presenter: RequestPresenter): void {
  router.on('GET', '/api/requests/:id/body', (ctx) => {
    const id = parseId(ctx);
    const raw = repo.getRaw(id);
    if (!raw) throw new ApiError(404, 'not-found', `no request with id ${id}`);
    const bytes = presenter.bodyBytes(raw.body, decodeText(raw.body));
    ctx.res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(bytes.length),
      'Content-Disposition': `attachment; filename="hookscope-request-${id}.bin"`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'no-store',
    });
    ctx.res.end(bytes);
  });

  router.on('GET', '/api/requests/:id/decoded', async (ctx) => {
    const id = parseId(ctx);
    const raw = repo.getRaw(id);
    if (!raw) throw new ApiError(404, 'not-found', `no request with id ${id}`);
    const contentEncoding = raw.headerPairs.find(([n]) => n.toLowerCase() === 'content-encoding')?.[1];
    const encoding = bodyEncoding(contentEncoding, raw.body);
    if (!encoding) throw new ApiError(422, 'not-compressed', 'this body is not gzip, deflate or br encoded');
    const decoded = await decodeBody(raw.body, encoding, MAX_DECODED_BYTES);
    const text = decodeText(decoded.body);
    const shownText = presenter.bodyBytes(decoded.body, text);
    sendJson(ctx.res, 200, {
      encoding,
      size: decoded.body.length,
      truncated: decoded.truncated,
      limit: MAX_DECODED_BYTES,
      body: shownText.toString('base64'),
      bodyText: text === null ? null : shownText.toString('utf8'),
      ...(decoded.error ? { error: decoded.error } : {}),
    });
  });
}
