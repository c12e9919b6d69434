/**
 * CPU time a process has used, all its threads together (Linux /proc; null elsewhere). The ingest
 * benchmark divides it by the requests answered: a second view of the same comparison that leaves the load
 * generator out. It still moves with the machine — the no-op's figure ranged 15.5–18.3 µs over one session
 * while hookscope's stayed at 27.1–29.1 µs — so it is printed beside the requests/s ratio, not instead.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields after the command name (which may hold spaces, hence the last ')'): utime is the 12th, stime the 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return null;
  }
}
