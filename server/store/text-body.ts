/** Whether a stored body is text (shown and indexed as such) or binary. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text when it is valid UTF-8 without control bytes that mark binary data; else null. */
export function decodeText(body: Buffer): string | null {
  if (body.length === 0) return '';
  try {
    const text = strictUtf8.decode(body);
    // NUL and most C0 controls do not occur in text formats webhooks use.
    return /[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/.test(text) ? null : text;
  } catch {
    return null;
  }
}
