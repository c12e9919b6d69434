/**
 * `hookscope replay <id>... [--to <url>] [--resign] [--resign-url <url>] [--api <url>] [--json]`: asks the
 * running hookscope to replay stored requests (through its API, so the attempt is recorded and the UI
 * shows it live). Several ids are replayed one after the other in arrival order.
 * Exit codes: 0 every replay got a 2xx answer, 1 otherwise (or hookscope is not running), 2 usage.
 */
import { parseArgs } from 'node:util';
import type { ReplayAttempt } from '../../shared/api.js';
import type { CliIo } from '../cli.js';
import { DEFAULTS } from '../config.js';

export const REPLAY_USAGE = 'usage: hookscope replay <id>... [--to <url>] [--resign] [--resign-url <url>] [--api <url>] [--json]';

export async function runReplay(args: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      to: { type: 'string' },
      resign: { type: 'boolean' },
      'resign-url': { type: 'string' },
      api: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(REPLAY_USAGE);
    return 0;
  }
  if (positionals.length === 0 || positionals.some((p) => !/^\d{1,15}$/.test(p))) {
    io.stderr(REPLAY_USAGE);
    return 2;
  }
  const api = (values.api ?? `http://127.0.0.1:${env.HOOKSCOPE_UI_PORT || DEFAULTS.uiPort}`).replace(/\/+$/, '');
  const payload = {
    ...(values.to ? { to: values.to } : {}),
    ...(values.resign ? { resign: true } : {}),
    ...(values['resign-url'] ? { resignUrl: values['resign-url'], resign: true } : {}),
  };
  const single = positionals.length === 1;
  let res: Response;
  try {
    res = await fetch(single ? `${api}/api/requests/${positionals[0]}/replay` : `${api}/api/replay`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(single ? payload : { ...payload, ids: positionals }),
      signal: AbortSignal.timeout(10 * 60_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    io.stderr(`hookscope: no hookscope answers at ${api} (${cause?.code ?? cause?.message ?? (error as Error).message}); start it, or pass --api http://127.0.0.1:<ui port>`);
    return 1;
  }
  const body = (await res.json().catch(() => null)) as
    | (ReplayAttempt & { error?: string | { code: string; message: string } })
    | { attempts: ReplayAttempt[]; errors: Array<{ id: string; error: { code: string; message: string } }> }
    | { error: { code: string; message: string } }
    | null;
  if (!res.ok || !body) {
    const message = body && 'error' in body && typeof body.error === 'object' ? body.error.message : `HTTP ${res.status}`;
    io.stderr(`hookscope: replay failed: ${message}`);
    return 1;
  }
  const attempts = 'attempts' in body ? body.attempts : [body as ReplayAttempt];
  const errors = 'errors' in body ? body.errors : [];
  if (values.json) io.stdout(JSON.stringify(body));
  else {
    for (const a of attempts) io.stdout(describeAttempt(a));
    for (const e of errors) io.stderr(`#${e.id}: ${e.error.message}`);
  }
  const allOk = errors.length === 0 && attempts.every((a) => a.response && a.response.status >= 200 && a.response.status < 300);
  return allOk ? 0 : 1;
}

function describeAttempt(a: ReplayAttempt): string {
  const how = [a.resigned ? 're-signed' : 'as is', ...(a.edited ? ['edited'] : [])].join(', ');
  const head = `#${a.requestId} → ${a.request.method} ${a.to} (${how})`;
  if (!a.response) return `${head}: failed: ${a.error ?? 'no answer'}`;
  const body = Buffer.from(a.response.body, 'base64').toString('utf8');
  const preview = body.length > 200 ? body.slice(0, 200) + '…' : body;
  return `${head}: ${a.response.status} in ${a.response.durationMs} ms${preview ? `  ${preview.replace(/\s+/g, ' ')}` : ''}`;
}
