/**
 * Serves the built UI (ui/dist). Captured payloads are attacker-controlled, so the page runs under a
 * strict Content-Security-Policy (no inline script, nothing loaded from elsewhere); the per-run token
 * reaches the page as a <meta> tag, never as inline script.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type http from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

export async function serveUi(uiDir: string, token: string, pathname: string, res: http.ServerResponse): Promise<void> {
  const relative = pathname === '/' || !path.extname(pathname) ? 'index.html' : pathname.slice(1);
  const file = path.resolve(uiDir, relative);
  if (!file.startsWith(path.resolve(uiDir) + path.sep)) return notFound(res);
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch {
    if (relative === 'index.html') {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      res.end('The hookscope UI is not built. Run `npm run build` (npm start does it for you).\n');
      return;
    }
    return notFound(res);
  }
  if (relative === 'index.html') {
    const meta = `<meta name="hookscope-token" content="${token}">`;
    content = Buffer.from(content.toString('utf8').replace('<head>', `<head>\n    ${meta}`));
  }
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Length': String(content.length),
    // Hashed asset names can be cached; index.html carries the per-run token and must not be.
    'Cache-Control': relative === 'index.html' ? 'no-store' : 'public, max-age=31536000, immutable',
    ...SECURITY_HEADERS,
  });
  res.end(content);
}

function notFound(res: http.ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
  res.end('not found\n');
}
