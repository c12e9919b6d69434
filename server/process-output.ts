/**
 * Lines the running inspector writes to the process's stdout or stderr (the terminal feed, warnings;
 * one-shot commands like `list` write plainly and lose nothing). Nothing a terminal or a pipe does may
 * reach capture:
 * - a reader that went away (`hookscope | head`): Node raises the EPIPE as an 'error' event, which
 *   unhandled ends the process; here it just stops the output;
 * - a reader that stopped reading (a pipe nobody drains): lines would queue in memory without bound;
 *   past MAX_QUEUED_BYTES they are dropped — the inspector has everything;
 * - a terminal whose output is paused (Ctrl-S, XOFF): Node writes to a terminal synchronously on Linux and
 *   macOS, so the event loop — and every capture — would stop with it (measured: a 1.5 s timer fired
 *   after 4.1 s). Terminal writes go through the thread pool instead, one at a time.
 */
import { write } from 'node:fs';

const MAX_QUEUED_BYTES = 1024 * 1024;

type Output = NodeJS.WritableStream & { writableLength: number; isTTY?: boolean; fd?: number };

export function liveLineWriter(stream: Output): (line: string) => void {
  // Windows writes to a console asynchronously already.
  if (stream.isTTY && typeof stream.fd === 'number' && process.platform !== 'win32') return terminalWriter(stream.fd);
  return streamWriter(stream);
}

function streamWriter(stream: Output): (line: string) => void {
  let gone = false;
  stream.on('error', () => {
    gone = true;
  });
  return (line) => {
    if (gone || stream.writableLength > MAX_QUEUED_BYTES) return;
    stream.write(line + '\n');
  };
}

/** Writes to the terminal's descriptor from the thread pool, at most one write at a time, in order. */
function terminalWriter(fd: number): (line: string) => void {
  const queue: Buffer[] = [];
  let queued = 0;
  let writing = false;
  let gone = false;
  const next = (): void => {
    if (writing || gone || queue.length === 0) return;
    const data = queue.length === 1 ? queue[0]! : Buffer.concat(queue);
    queue.length = 0;
    queued = 0;
    writing = true;
    write(fd, data, 0, data.length, null, (error, written) => {
      writing = false;
      if (error) gone = error.code !== 'EAGAIN'; // EAGAIN: that chunk is lost, later ones may pass
      else if (written < data.length) {
        queue.unshift(data.subarray(written));
        queued += data.length - written;
      }
      next();
    });
  };
  return (line) => {
    if (gone || queued > MAX_QUEUED_BYTES) return;
    const chunk = Buffer.from(line + '\n');
    queue.push(chunk);
    queued += chunk.length;
    next();
  };
}
