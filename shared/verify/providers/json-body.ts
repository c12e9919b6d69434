/**
 * The request body read as a JSON object, for schemes that detect a provider by its payload (Meta's
 * `object`/`entry`, Intercom's `notification_event`) or carry the signature inside it (Mailgun). Several
 * schemes ask about the same request during detection, so the parse is done once per body.
 */
import type { RequestView } from '../types.js';

const parsed = new WeakMap<Uint8Array, Record<string, unknown> | null>();

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body as a JSON object; null when it is not JSON, or JSON that is not an object. Never throws. */
export function jsonBody(req: RequestView): Record<string, unknown> | null {
  const body = req.body;
  const cached = parsed.get(body);
  if (cached !== undefined) return cached;
  let result: Record<string, unknown> | null = null;
  const text = req.bodyText();
  // Cheap gate before JSON.parse: large non-JSON bodies (form posts, uploads) are common.
  if (/^\s*\{/.test(text)) {
    try {
      const value: unknown = JSON.parse(text);
      if (isRecord(value)) result = value;
    } catch {
      // not JSON: result stays null
    }
  }
  parsed.set(body, result);
  return result;
}
