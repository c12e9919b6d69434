/** Pure formatting helpers for captured data. Everything returns plain strings rendered as text. */
import { JsonReindenter } from './json-reindenter.js';

/** Content-Type without parameters, lowercased ('' when absent). */
export function mediaType(contentType: string | null | undefined): string {
  if (!contentType) return '';
  return contentType.split(';', 1)[0]!.trim().toLowerCase();
}

export function isJsonType(type: string): boolean {
  return type === 'application/json' || type === 'text/json' || type.endsWith('+json');
}

export function isFormType(type: string): boolean {
  return type === 'application/x-www-form-urlencoded';
}

/**
 * Re-indents JSON text with 2 spaces, like JSON.stringify(value, null, 2), but token by token over
 * the text as received: number literals (big integers, `1.0`), string escapes and duplicate keys stay
 * exactly as the sender wrote them, which a parse/stringify round trip would silently change.
 * Only call it on text that JSON.parse accepts.
 */
export function prettyJson(text: string, indent = '  '): string {
  const printer = new JsonReindenter(text, indent);
  printer.advance();
  return printer.result();
}

export function isValidJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** `offset  hex bytes (16 per line, split in 8s)  |ascii|`, up to `maxBytes`. */
export function hexDump(bytes: Uint8Array, maxBytes = bytes.length): string {
  const lines: string[] = [];
  const end = Math.min(bytes.length, maxBytes);
  for (let off = 0; off < end; off += 16) {
    let hex = '';
    let ascii = '';
    for (let k = 0; k < 16; k++) {
      if (k === 8) hex += ' ';
      if (off + k < end) {
        const b = bytes[off + k]!;
        hex += b.toString(16).padStart(2, '0') + ' ';
        ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
      } else {
        hex += '   ';
      }
    }
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`);
  }
  return lines.join('\n');
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `14:03:27.512` in local time, for the list. */
export function formatClock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** `2025-11-24 14:03:27.512` in local time, for the detail header. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${formatClock(iso)}`;
}

/** "3 s ago", "5 min ago", ... for a tooltip-free glance. */
export function formatAgo(iso: string, now = Date.now()): string {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

/** First value of a header, case-insensitive. */
export function headerValue(headers: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/** The URL as it reached hookscope: scheme of the capture listener, the Host header, the raw target. */
export function receivedUrl(headers: ReadonlyArray<readonly [string, string]>, target: string, scheme = 'http'): string {
  const host = headerValue(headers, 'host') ?? 'localhost';
  return `${scheme}://${host}${target}`;
}

/**
 * Query parameters of a request-target, each with its raw (as sent) and decoded value. Decoding follows
 * URLSearchParams (`+` is a space) but never throws on a malformed escape.
 */
export function queryPairs(target: string): Array<{ name: string; value: string; raw: string }> {
  const q = target.indexOf('?');
  if (q === -1) return [];
  const query = target.slice(q + 1).split('#', 1)[0]!;
  if (!query) return [];
  return query.split('&').filter(Boolean).map((part) => {
    const eq = part.indexOf('=');
    const rawName = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? '' : part.slice(eq + 1);
    return { name: safeDecode(rawName), value: safeDecode(rawValue), raw: rawValue };
  });
}

function safeDecode(s: string): string {
  const plus = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus;
  }
}

/** A string as one POSIX shell word: single-quoted, `'` written as `'\''`. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Headers curl sets itself or that would make the copy wrong (framing, connection). */
const CURL_SKIP = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'expect']);

/**
 * `curl` that sends the captured request again, byte for byte where curl allows: method, target, the
 * headers in arrival order (Host included, so signatures over it still match), and the body —
 * `--data-binary` for text, a base64 pipe for binary bodies.
 */
export function curlCommand(opts: {
  baseUrl: string;
  method: string;
  target: string;
  headers: ReadonlyArray<readonly [string, string]>;
  bodyText: string | null;
  bodyBase64: string;
  size: number;
}): string {
  const parts = ['curl', '-sS'];
  if (opts.method !== 'GET' || opts.size > 0) parts.push('-X', shellQuote(opts.method));
  parts.push(shellQuote(opts.baseUrl.replace(/\/+$/, '') + opts.target));
  for (const [name, value] of opts.headers) {
    if (CURL_SKIP.has(name.toLowerCase())) continue;
    parts.push('-H', shellQuote(`${name}: ${value}`));
  }
  if (opts.size === 0) return parts.join(' ');
  if (opts.bodyText !== null && !/[\0]/.test(opts.bodyText)) {
    parts.push('--data-binary', shellQuote(opts.bodyText));
    return parts.join(' ');
  }
  parts.push('--data-binary', '@-');
  return `printf %s ${shellQuote(opts.bodyBase64)} | base64 -d | ${parts.join(' ')}`;
}

/** Time in ms with one decimal under 10 ms. */
export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}
const METHOD_NAMES = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** A class-name-safe token for the method colour (captured methods are arbitrary text). */
export function methodClass(method: string): string {
  const m = method.toUpperCase();
  return METHOD_NAMES.has(m) ? m.toLowerCase() : 'other';
}


/**
 * `12,345`. Not toLocaleString: its first call initializes ICU number formatting, ~10 ms on the
 * critical path of the first list paint.
 */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
