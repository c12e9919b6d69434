/**
 * Lines to the process's stdout or stderr, for the CLI. `hookscope start` writes while it runs (the
 * terminal feed, warnings), so what a pipe or terminal does must never reach capture: a reader that went
 * away (`hookscope | head` — Node raises the EPIPE as an 'error' event, which unhandled ends the process)
 * and a reader that stopped reading (the lines would queue in memory without bound). Past
 * MAX_QUEUED_BYTES not yet taken, lines are dropped; the inspector has everything.
 */
const MAX_QUEUED_BYTES = 1024 * 1024;

export function lineWriter(stream: NodeJS.WritableStream & { writableLength: number }): (line: string) => void {
  let gone = false;
  stream.on('error', () => {
    gone = true;
  });
  return (line) => {
    if (gone || stream.writableLength > MAX_QUEUED_BYTES) return;
    stream.write(line + '\n');
  };
}
