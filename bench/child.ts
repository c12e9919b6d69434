/** Start a server in a child process (so the load generator does not share its event loop). */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Child {
  process: ChildProcess;
  line: Record<string, string>;
  /** ms from spawn to the first stdout line (the server is listening). */
  startupMs: number;
  stop(): Promise<void>;
}

export function startChild(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Child> {
  const began = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => {
      resolve({
        process: child,
        line: JSON.parse(line) as Record<string, string>,
        startupMs: performance.now() - began,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`child exited ${code}: ${stderr}`)));
  });
}
