/**
 * Bodies the sender may have signed when the bytes received do not verify: the usual ways a body gets
 * normalized on its way (JSON re-serialized, newline added or removed, line endings or charset changed).
 * Each candidate names the change so a diagnosis can say what happened.
 */
import { utf8 } from './encoding.js';

export interface BodyCandidate {
  body: Uint8Array;
  /** The change, in words ("re-serialized compactly (JSON.stringify)"). */
  change: string;
}

/**
 * Above this size the search skips body variants: each one costs an HMAC per secret, and a body that big is
 * not something a proxy pretty-prints.
 */
export const MAX_SEARCH_BODY = 1024 * 1024;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function bodyVariants(body: Uint8Array, contentType: string): BodyCandidate[] {
  if (body.length > MAX_SEARCH_BODY) return [];
  const out: BodyCandidate[] = [];
  const text = decodeStrict(body);

  // Smallest changes first: when two readings give the same bytes, the simpler explanation is kept.
  if (body.length > 0 && body[body.length - 1] === 0x0a) {
    const cut = body.length > 1 && body[body.length - 2] === 0x0d ? 2 : 1;
    out.push({ body: body.subarray(0, body.length - cut), change: 'without the trailing newline' });
  } else {
    out.push({ body: withByte(body, 0x0a), change: 'with a trailing newline added' });
  }

  if (text !== null) {
    if (text.includes('\r\n')) out.push({ body: utf8(text.replace(/\r\n/g, '\n')), change: 'with CRLF line endings turned into LF' });
    else if (text.includes('\n')) out.push({ body: utf8(text.replace(/\n/g, '\r\n')), change: 'with LF line endings turned into CRLF' });

    const json = parseJson(text, contentType);
    if (json.ok) {
      out.push({ body: utf8(JSON.stringify(json.value)), change: 're-serialized compactly (JSON.stringify)' });
      out.push({ body: utf8(JSON.stringify(json.value, null, 2)), change: 'pretty-printed with 2 spaces' });
      out.push({ body: utf8(JSON.stringify(json.value, null, 4)), change: 'pretty-printed with 4 spaces' });
      out.push({ body: utf8(JSON.stringify(sortKeys(json.value))), change: 're-serialized with keys sorted' });
    }
    if (contentType === 'application/x-www-form-urlencoded' && text.length > 0) {
      out.push({ body: utf8(new URLSearchParams(text).toString()), change: 'form fields re-encoded' });
    }

    const latin1 = toLatin1(text);
    if (latin1) out.push({ body: latin1, change: 're-encoded from UTF-8 to Latin-1' });
  }
  if (body.some((b) => b >= 0x80)) out.push({ body: utf8(fromLatin1(body)), change: 'read as Latin-1 and re-encoded as UTF-8' });

  return dedupe(body, out);
}

function decodeStrict(body: Uint8Array): string | null {
  try {
    return strictUtf8.decode(body);
  } catch {
    return null;
  }
}

function parseJson(text: string, contentType: string): { ok: true; value: unknown } | { ok: false } {
  const start = text.trimStart()[0];
  if (!contentType.includes('json') && start !== '{' && start !== '[') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

function withByte(body: Uint8Array, byte: number): Uint8Array {
  const out = new Uint8Array(body.length + 1);
  out.set(body);
  out[body.length] = byte;
  return out;
}

/** Latin-1 bytes of `text`, or null when it is plain ASCII (no change) or has characters beyond U+00FF. */
function toLatin1(text: string): Uint8Array | null {
  let nonAscii = false;
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) return null;
    if (code > 0x7f) nonAscii = true;
    out[i] = code;
  }
  return nonAscii ? out : null;
}

function fromLatin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function dedupe(original: Uint8Array, list: BodyCandidate[]): BodyCandidate[] {
  const kept: BodyCandidate[] = [];
  for (const c of list) {
    if (sameBytes(c.body, original) || kept.some((k) => sameBytes(k.body, c.body))) continue;
    kept.push(c);
  }
  return kept;
}
