/**
 * The `hookscope` command. Parsing and help live here; what each command does lives in its module.
 * Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error.
 */
import { parseArgs } from 'node:util';
import { ConfigError, DEFAULTS, resolveConfig, type CliFlags } from './config.js';
import { generateSecret } from '../shared/verify/secret-generator.js';
import { signCallbackUrl } from '../shared/verify/self-signed-url.js';
import { runStart } from './commands/start.js';
import { loadConfigFile } from './config-file.js';
import { runList } from './commands/list.js';
import { runExport } from './commands/export.js';
import { INVALID_IDS, MAX_EXPORT, parseIdList } from './api/har-export.js';
import { liveLineWriter } from './process-output.js';
import { runReplay } from './commands/replay.js';
import { runSend } from './commands/send.js';

export const HELP = `hookscope — local webhook inspector: captures every request, verifies its signature,
tells you why it fails.

Usage:
  hookscope [start] [options]       run the inspector
  hookscope secret                  print a new high-entropy secret (hex, 256 bits)
  hookscope sign-url --secret <s> --id <id> <url>
                                    build a self-signed callback URL (?signature=base64 HMAC-SHA256 of id)
  hookscope list [--json] [--limit n] [filters] [--db <path>] [--config <path>]
                                    list stored requests, newest first (secrets from the config masked)
  hookscope export --har <file> [--ids 1,2,3] [--limit n] [filters] [--db <path>] [--config <path>]
                                    write stored requests as HAR 1.2 (without --ids: the newest 5000,
                                    or n, of those the filters match)
                                    filters: --search text (URL, headers, bodies), --method M,
                                    --path /prefix, --provider p, --verdict failed|verified|unsigned|no-secret
  hookscope replay <id>... [--to <url>] [--resign] [--resign-url <url>] [--api <url>] [--json]
                                    replay stored requests through the running hookscope (its API,
                                    --api default http://127.0.0.1:$HOOKSCOPE_UI_PORT or :${DEFAULTS.uiPort}), in
                                    arrival order; each replay is recorded as an attempt on the request.
                                    --to is a base URL the request's path and query are appended to
                                    (default: --forward). --resign signs again with the configured secret,
                                    a fresh timestamp and id, for the target URL (or --resign-url).
                                    Targets must be loopback unless allowed with --allow-replay-to.
  hookscope send <provider> --to <url> --secret <s> [--body <file>|-] [--content-type <t>]
                 [--header 'Name: value']... [--json]
                                    sign a test webhook with the provider's signer and POST it to
                                    exactly --to (a sample payload per provider when no --body)

Options for start:
  --port <n>            capture port, the one a tunnel points at  (default ${DEFAULTS.port}, env HOOKSCOPE_PORT)
  --host <addr>         capture bind address                     (default ${DEFAULTS.host}, env HOOKSCOPE_HOST)
  --ui-port <n>         UI + API port, always loopback           (default ${DEFAULTS.uiPort}, env HOOKSCOPE_UI_PORT)
  --public-url <url>    the URL providers call (e.g. https://abc.ngrok-free.app)   (env HOOKSCOPE_PUBLIC_URL);
                        when omitted, read from a running ngrok agent whose tunnel points here
  --secret <p>=<s>      signing secret for provider p; repeat for several (first = current);
                        a value env:NAME reads the environment variable NAME
  --config <path>       JSON config file                 (default ./hookscope.config.json if present)
  --db <path>           SQLite file                      (default ${DEFAULTS.db}, env HOOKSCOPE_DB)
  --max-body <bytes>    largest body stored whole, e.g. 25mb   (default 25 MiB, env HOOKSCOPE_MAX_BODY)
  --max-db-size <bytes> cap the database file, e.g. 2gb; when full, captures get 503 (env HOOKSCOPE_MAX_DB_SIZE)
  --keep <n>            newest requests kept             (default ${DEFAULTS.keep}, env HOOKSCOPE_KEEP)
  --allow-host <name>   another Host name the UI may be reached by (repeatable)
  --ui-host <addr>      bind the UI/API elsewhere than loopback; needs --allow-remote-ui, and then
                        every call needs the token printed at start-up
  --forward <url>       forward each captured request to your app and answer with its response
                                                         (env HOOKSCOPE_FORWARD)
  --forward-timeout <t> how long the app may take: 30s, 500ms, 2m   (default 30s; slower: 504;
                        env HOOKSCOPE_FORWARD_TIMEOUT)
  --forward-host-header <keep|rewrite|host>
                        Host sent to the app: as received (keep, default), the --forward
                        host (rewrite, like ngrok --host-header=rewrite) or a literal value
  --allow-replay-to <origin>
                        an origin besides loopback that replay and send may target (repeatable)
  --ngrok-api <url>     the ngrok agent API to read public URLs from (default ${DEFAULTS.ngrokApi},
                        env HOOKSCOPE_NGROK_API)
  --no-tunnel-detect    do not look for a running ngrok agent   (env HOOKSCOPE_NO_TUNNEL_DETECT=1)
  --no-open             do not open the browser          (env HOOKSCOPE_NO_OPEN=1)
  --json                print {"capture":"http://...","ui":"http://..."} as the first stdout line
                        (and nothing else)
  -q, --quiet           no line per captured request on stdout   (env HOOKSCOPE_QUIET=1)
  -h, --help            show this help

Port 0 picks a free port. Precedence: flag > environment > config file > default.
Besides the options, the config file holds "secrets", "endpoints" and "responses": canned answers of
the capture port when not forwarding, e.g. [{ "path": "/hooks/**", "status": 500, "headers": { "Retry-After":
"5" }, "body": "...", "delayMs": 20000 }] (also editable from the UI, PUT /api/responses).
`;

const START_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'ui-port': { type: 'string' },
  'ui-host': { type: 'string' },
  'allow-remote-ui': { type: 'boolean' },
  'public-url': { type: 'string' },
  forward: { type: 'string' },
  secret: { type: 'string', multiple: true },
  config: { type: 'string' },
  db: { type: 'string' },
  'max-body': { type: 'string' },
  'max-db-size': { type: 'string' },
  keep: { type: 'string' },
  'allow-host': { type: 'string', multiple: true },
  'forward-timeout': { type: 'string' },
  'forward-host-header': { type: 'string' },
  'allow-replay-to': { type: 'string', multiple: true },
  'ngrok-api': { type: 'string' },
  'no-tunnel-detect': { type: 'boolean' },
  'no-open': { type: 'boolean' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
  /**
   * What the running inspector writes (the terminal feed, warnings): these must never block or fail the
   * process, and may drop lines a stalled reader has not taken (process-output.ts). Default: stdout/stderr.
   */
  liveStdout?(line: string): void;
  liveStderr?(line: string): void;
  /** All of standard input (`hookscope send --body -`); default: process.stdin. */
  stdin?(): Promise<Buffer>;
}

let liveOut: ((line: string) => void) | null = null;
let liveErr: ((line: string) => void) | null = null;
/** The process's guarded writers (process-output.ts), made once, on first use. */
const liveStdout = () => (liveOut ??= liveLineWriter(process.stdout));
const liveStderr = () => (liveErr ??= liveLineWriter(process.stderr));
const defaultIo: CliIo = {
  stdout: (line) => process.stdout.write(line + '\n'),
  stderr: (line) => process.stderr.write(line + '\n'),
  liveStdout: (line) => liveStdout()(line),
  liveStderr: (line) => liveStderr()(line),
};

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, io: CliIo = defaultIo): Promise<number> {
  const [first, ...rest] = argv;
  const command = first && !first.startsWith('-') ? first : 'start';
  const args = command === first ? rest : argv;
  try {
    switch (command) {
      case 'start':
        // The guarded writers watch their streams from the first line on (a reader gone before the
        // start-up lines were taken must not end the process either).
        if (io === defaultIo) {
          liveStdout();
          liveStderr();
        }
        return await start(args, env, io);
      case 'secret':
        io.stdout(generateSecret(32));
        return 0;
      case 'sign-url':
        return signUrl(args, io);
      case 'list':
        return list(args, env, io);
      case 'export':
        return exportHar(args, env, io);
      case 'replay':
        return await runReplay(args, env, io);
      case 'send':
        return await runSend(args, env, io);
      case 'help':
        io.stdout(HELP);
        return 0;
      default:
        io.stderr(`hookscope: unknown command ${JSON.stringify(command)}; see hookscope --help`);
        return 2;
    }
  } catch (error) {
    if (error instanceof ConfigError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`hookscope: ${(error as Error).message}`);
      return 2;
    }
    throw error;
  }
}

async function start(args: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: START_OPTIONS, strict: true, allowPositionals: false });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const flags: CliFlags = {
    port: values.port,
    host: values.host,
    uiPort: values['ui-port'],
    uiHost: values['ui-host'],
    allowRemoteUi: values['allow-remote-ui'],
    publicUrl: values['public-url'],
    forward: values.forward,
    secret: values.secret,
    config: values.config,
    db: values.db,
    maxBody: values['max-body'],
    maxDbSize: values['max-db-size'],
    keep: values.keep,
    allowHost: values['allow-host'],
    forwardTimeout: values['forward-timeout'],
    forwardHostHeader: values['forward-host-header'],
    allowReplayTo: values['allow-replay-to'],
    ngrokApi: values['ngrok-api'],
    noTunnelDetect: values['no-tunnel-detect'],
    noOpen: values['no-open'],
    json: values.json,
    quiet: values.quiet,
  };
  const { file, configPath } = loadConfigFile(values.config ?? env.HOOKSCOPE_CONFIG);
  const config = resolveConfig({ flags, env, file, configPath });
  return runStart(config, io);
}


function signUrl(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    options: { secret: { type: 'string' }, id: { type: 'string' } },
    allowPositionals: true,
  });
  if (!values.secret || !values.id || positionals.length !== 1) {
    io.stderr('usage: hookscope sign-url --secret <secret> --id <id> <url>');
    return 2;
  }
  try {
    new URL(positionals[0]!);
  } catch {
    io.stderr(`hookscope: ${JSON.stringify(positionals[0])} is not an absolute URL`);
    return 2;
  }
  io.stdout(signCallbackUrl(positionals[0]!, values.id, values.secret));
  return 0;
}

const OFFLINE_OPTIONS = {
  db: { type: 'string' },
  config: { type: 'string' },
  secret: { type: 'string', multiple: true },
  limit: { type: 'string' },
  // The list filters of the UI and the API.
  search: { type: 'string', short: 's' },
  method: { type: 'string' },
  path: { type: 'string' },
  provider: { type: 'string' },
  verdict: { type: 'string' },
} as const;

const FILTER_USAGE = '[--search text] [--method M] [--path /prefix] [--provider p] [--verdict failed|verified|unsigned|no-secret]';

function listFilters(values: { search?: string; method?: string; path?: string; provider?: string; verdict?: string }) {
  return { q: values.search, method: values.method, path: values.path, provider: values.provider, verdict: values.verdict };
}

/** `--limit`: a positive integer, or the default. */
function parseLimit(text: string | undefined, fallback: number, io: CliIo): number | null {
  const limit = Number(text ?? fallback);
  if (Number.isInteger(limit) && limit > 0) return limit;
  io.stderr('hookscope: --limit must be a positive integer');
  return null;
}

function list(args: string[], env: NodeJS.ProcessEnv, io: CliIo): number {
  const { values } = parseArgs({ args, options: { ...OFFLINE_OPTIONS, json: { type: 'boolean' } } });
  const limit = parseLimit(values.limit, 50, io);
  if (limit === null) return 2;
  return runList({ db: values.db ?? env.HOOKSCOPE_DB ?? DEFAULTS.db, config: values.config, secret: values.secret, env, json: values.json ?? false, limit, filters: listFilters(values) }, io);
}

function exportHar(args: string[], env: NodeJS.ProcessEnv, io: CliIo): number {
  const { values } = parseArgs({ args, options: { ...OFFLINE_OPTIONS, har: { type: 'string' }, ids: { type: 'string' } } });
  if (!values.har) {
    io.stderr(`usage: hookscope export --har <file> [--ids 1,2,3] [--limit n] ${FILTER_USAGE} [--db <path>] [--config <path>]`);
    return 2;
  }
  const ids = values.ids === undefined ? undefined : parseIdList(values.ids);
  if (ids === null) {
    io.stderr(`hookscope: --${INVALID_IDS}`);
    return 2;
  }
  const limit = parseLimit(values.limit, MAX_EXPORT, io);
  if (limit === null) return 2;
  return runExport({ db: values.db ?? env.HOOKSCOPE_DB ?? DEFAULTS.db, config: values.config, secret: values.secret, env, har: values.har, ids, limit, filters: listFilters(values) }, io);
}
