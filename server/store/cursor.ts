/** Opaque keyset cursors: clients pass them back unchanged; we never promise their format. */
export function encodeCursor(seq: number): string {
  return Buffer.from(`s:${seq}`).toString('base64url');
}

/** null when the cursor is not one of ours. */
export function decodeCursor(cursor: string): number | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^s:(\d{1,15})$/.exec(text);
  return m ? Number(m[1]) : null;
}
