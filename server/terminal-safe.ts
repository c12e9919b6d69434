/**
 * Text from a captured request is the sender's: before it reaches a terminal (the start-up feed,
 * `hookscope list`), control characters — C0, DEL and C1, where U+009B acts as an escape on some
 * terminals — are shown as `\xNN`, so nothing in a URL or a header can move the cursor, recolor or
 * retitle the developer's terminal.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
