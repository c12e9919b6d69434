/**
 * Configuration resolution — a pure function: flag > environment > config file > default. No I/O here,
 * so every precedence rule is testable; the CLI reads the file and passes its parsed JSON in.
 */
import type { SchemeOptions } from '../shared/verify/types.js';
import type { CannedResponse } from '../shared/api.js';
import { checkCannedResponses } from './forward/canned-responses.js';
import { schemeByName, unknownProviderMessage } from '../shared/verify/registry.js';
import type { Scheme } from '../shared/verify/scheme.js';

export interface ConfiguredSecret {
  provider: string;
  value: string;
  source: 'cli' | 'config' | 'api';
}

export interface EndpointConfig {
  path: string;
  provider: string;
  secret?: string;
  options?: SchemeOptions;
}

export interface HookscopeConfig {
  port: number;
  host: string;
  uiPort: number;
  /** UI/API bind address: loopback unless the user confirmed exposing it (then every call needs the token). */
  uiHost: string;
  db: string;
  configPath: string | null;
  maxBody: number;
  /** Largest the database may grow, in bytes (null: no cap); past it captures get 503, nothing is dropped. */
  maxDbSize: number | null;
  keep: number;
  open: boolean;
  json: boolean;
  /** No line per captured request on stdout. */
  quiet: boolean;
  forward: string | null;
  publicUrl: string | null;
  secrets: ConfiguredSecret[];
  endpoints: EndpointConfig[];
  /** Host names besides the loopback ones that the UI/API answers to. */
  allowHosts: string[];
  /** Forward mode: how long the app may take to answer, in ms. */
  forwardTimeoutMs: number;
  /** Host header sent to the app: 'keep' (as received), 'rewrite' (the --forward host) or a literal value. */
  forwardHostHeader: string;
  /** Origins besides loopback that replay and send may target. */
  allowReplayTo: string[];
  /** Base URL of the ngrok agent API to poll, or null when tunnel detection is off. */
  ngrokApi: string | null;
  /** Canned answers of the capture port when not forwarding. */
  responses: CannedResponse[];
}

/** What the command line gave (undefined: not given). */
export interface CliFlags {
  port?: string;
  host?: string;
  uiPort?: string;
  uiHost?: string;
  allowRemoteUi?: boolean;
  db?: string;
  config?: string;
  maxBody?: string;
  maxDbSize?: string;
  keep?: string;
  noOpen?: boolean;
  json?: boolean;
  quiet?: boolean;
  forward?: string;
  publicUrl?: string;
  secret?: string[];
  allowHost?: string[];
  forwardTimeout?: string;
  forwardHostHeader?: string;
  allowReplayTo?: string[];
  ngrokApi?: string;
  noTunnelDetect?: boolean;
}

/** The config file's JSON (hookscope.config.json). */
export interface FileConfig {
  port?: number;
  host?: string;
  uiPort?: number;
  db?: string;
  maxBody?: number | string;
  maxDbSize?: number | string;
  keep?: number;
  open?: boolean;
  /** No line per captured request on stdout (as --quiet). */
  quiet?: boolean;
  forward?: string;
  publicUrl?: string;
  secrets?: Record<string, string | string[]>;
  endpoints?: EndpointConfig[];
  allowHosts?: string[];
  forwardTimeout?: number | string;
  forwardHostHeader?: string;
  allowReplayTo?: string[];
  ngrokApi?: string;
  tunnelDetect?: boolean;
  responses?: CannedResponse[];
}

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {}

export const DEFAULTS = {
  port: 4400,
  host: '127.0.0.1',
  uiPort: 4401,
  db: './.hookscope/hookscope.db',
  configPath: './hookscope.config.json',
  maxBody: 25 * 1024 * 1024,
  keep: 10_000,
  forwardTimeoutMs: 30_000,
  ngrokApi: 'http://127.0.0.1:4040',
} as const;

export function resolveConfig(input: { flags: CliFlags; env: Env; file: FileConfig | null; configPath?: string | null }): HookscopeConfig {
  const { flags, env } = input;
  const file = input.file ?? {};
  const pick = <T>(...values: Array<T | undefined>): T | undefined => values.find((v) => v !== undefined && v !== '');

  const secrets = resolveSecrets(flags.secret ?? [], file.secrets ?? {}, env);
  const endpoints = (file.endpoints ?? []).map((endpoint, i) => resolveEndpoint(endpoint, i, env));

  return {
    port: parsePort('--port', pick<string | number>(flags.port, env.HOOKSCOPE_PORT, file.port) ?? DEFAULTS.port),
    host: pick(flags.host, env.HOOKSCOPE_HOST, file.host) ?? DEFAULTS.host,
    uiPort: parsePort('--ui-port', pick<string | number>(flags.uiPort, env.HOOKSCOPE_UI_PORT, file.uiPort) ?? DEFAULTS.uiPort),
    uiHost: parseUiHost(flags.uiHost, flags.allowRemoteUi ?? false),
    db: pick(flags.db, env.HOOKSCOPE_DB, file.db) ?? DEFAULTS.db,
    configPath: input.configPath ?? null,
    maxBody: parseSize('--max-body', pick<string | number>(flags.maxBody, env.HOOKSCOPE_MAX_BODY, file.maxBody) ?? DEFAULTS.maxBody),
    maxDbSize: ((v) => (v === undefined ? null : parseSize('--max-db-size', v)))(pick<string | number>(flags.maxDbSize, env.HOOKSCOPE_MAX_DB_SIZE, file.maxDbSize)),
    keep: parseCount('--keep', pick<string | number>(flags.keep, env.HOOKSCOPE_KEEP, file.keep) ?? DEFAULTS.keep),
    open: flags.noOpen ? false : env.HOOKSCOPE_NO_OPEN ? false : (file.open ?? true),
    json: flags.json ?? false,
    quiet: flags.quiet ?? (env.HOOKSCOPE_QUIET ? true : (file.quiet ?? false)),
    forward: parseUrl('--forward', pick(flags.forward, env.HOOKSCOPE_FORWARD, file.forward)),
    publicUrl: parseUrl('--public-url', pick(flags.publicUrl, env.HOOKSCOPE_PUBLIC_URL, file.publicUrl)),
    secrets,
    endpoints,
    allowHosts: [...(flags.allowHost ?? []), ...(file.allowHosts ?? [])],
    forwardTimeoutMs: parseDuration('--forward-timeout', pick<string | number>(flags.forwardTimeout, env.HOOKSCOPE_FORWARD_TIMEOUT, file.forwardTimeout) ?? DEFAULTS.forwardTimeoutMs / 1000),
    forwardHostHeader: parseHostHeader(pick(flags.forwardHostHeader, env.HOOKSCOPE_FORWARD_HOST_HEADER, file.forwardHostHeader) ?? 'keep'),
    allowReplayTo: [...(flags.allowReplayTo ?? []), ...(file.allowReplayTo ?? [])].map((o) => parseOrigin('--allow-replay-to', o)),
    ngrokApi:
      flags.noTunnelDetect || file.tunnelDetect === false || env.HOOKSCOPE_NO_TUNNEL_DETECT
        ? null
        : parseNgrokApi(pick(flags.ngrokApi, env.HOOKSCOPE_NGROK_API, file.ngrokApi) ?? DEFAULTS.ngrokApi),
    responses: parseResponses(file.responses),
  };
}

/** A duration: `30s`, `500ms`, `2m`; a bare number is seconds. */
export function parseDuration(flag: string, value: string | number): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/i.exec(String(value));
  if (!m) throw new ConfigError(`${flag} must be a duration such as 30s, 500ms or 2m, got ${JSON.stringify(value)}`);
  const ms = Math.round(Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000 }[(m[2] ?? 's').toLowerCase() as 'ms' | 's' | 'm']));
  if (ms < 1 || ms > 3_600_000) throw new ConfigError(`${flag} must be between 1 ms and 1 hour`);
  return ms;
}

function parseHostHeader(value: string): string {
  if (value === 'keep' || value === 'rewrite') return value;
  if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(value)) {
    throw new ConfigError(`--forward-host-header must be keep, rewrite or a host[:port], got ${JSON.stringify(value)}`);
  }
  return value;
}

/** An origin (scheme://host[:port]) from a URL; a path is not allowed, the whole origin is. */
function parseOrigin(flag: string, value: string): string {
  try {
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password && (url.pathname === '/' || url.pathname === '')) return url.origin;
  } catch {
    // fall through
  }
  throw new ConfigError(`${flag} must be an origin such as https://staging.example.com, got ${JSON.stringify(value)}`);
}

/** The agent API's base URL; `…/api/tunnels` and `…/api` are accepted too. */
function parseNgrokApi(value: string): string {
  const base = parseUrl('--ngrok-api', value)!;
  return base.replace(/\/api(\/tunnels)?$/, '');
}

function parseResponses(value: unknown): CannedResponse[] {
  if (value === undefined) return [];
  try {
    return checkCannedResponses(value, 'config responses');
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

/** `env:NAME` reads NAME from the environment; anything else is the value itself. */
export function resolveSecretValue(value: string, env: Env, where: string): string {
  if (!value.startsWith('env:')) return value;
  const name = value.slice(4);
  const found = env[name];
  if (found === undefined || found === '') throw new ConfigError(`${where}: environment variable ${name} is not set`);
  return found;
}

function resolveSecrets(cli: string[], file: Record<string, string | string[]>, env: Env): ConfiguredSecret[] {
  const fromCli: ConfiguredSecret[] = cli.map((entry) => {
    const eq = entry.indexOf('=');
    if (eq <= 0 || eq === entry.length - 1) throw new ConfigError(`--secret expects provider=secret, got ${JSON.stringify(maskForError(entry))}`);
    const provider = knownProvider(entry.slice(0, eq), '--secret').id;
    return { provider, value: resolveSecretValue(entry.slice(eq + 1), env, `--secret ${provider}`), source: 'cli' };
  });
  // A provider named on the command line replaces the file's secrets for it; order = rotation (first is current).
  const cliProviders = new Set(fromCli.map((s) => s.provider));
  const fromFile: ConfiguredSecret[] = [];
  for (const [name, values] of Object.entries(file)) {
    const provider = knownProvider(name, `config secrets.${name}`).id;
    if (cliProviders.has(provider)) continue;
    for (const value of Array.isArray(values) ? values : [values]) {
      if (typeof value !== 'string' || value === '') throw new ConfigError(`config secrets.${name}: each secret must be a non-empty string`);
      fromFile.push({ provider, value: resolveSecretValue(value, env, `config secrets.${name}`), source: 'config' });
    }
  }
  return [...fromCli, ...fromFile];
}

/**
 * A provider name as configured, checked against the schemes hookscope has: a misspelt one would
 * otherwise hold a secret nothing ever uses, and every request would show "no secret" with no hint why.
 */
function knownProvider(name: string, where: string): Scheme {
  const scheme = schemeByName(name);
  if (!scheme) throw new ConfigError(`${where}: ${unknownProviderMessage(name)}`);
  return scheme;
}

function resolveEndpoint(endpoint: EndpointConfig, index: number, env: Env): EndpointConfig {
  const where = `config endpoints[${index}]`;
  if (!endpoint || typeof endpoint.path !== 'string' || !endpoint.path.startsWith('/')) throw new ConfigError(`${where}: "path" must be a path glob starting with /`);
  if (typeof endpoint.provider !== 'string' || !endpoint.provider) throw new ConfigError(`${where}: "provider" is required`);
  const scheme = knownProvider(endpoint.provider, where);
  const optionErrors = endpoint.options ? (scheme.optionErrors?.(endpoint.options) ?? []) : [];
  if (optionErrors.length) throw new ConfigError(`${where} (${scheme.id}): ${optionErrors.join('; ')}`);
  return {
    path: endpoint.path,
    provider: scheme.id,
    ...(endpoint.secret !== undefined ? { secret: resolveSecretValue(endpoint.secret, env, where) } : {}),
    ...(endpoint.options ? { options: endpoint.options } : {}),
  };
}

function maskForError(entry: string): string {
  const eq = entry.indexOf('=');
  return eq === -1 ? entry.slice(0, 4) + '…' : entry.slice(0, eq + 1) + '…';
}

function parsePort(flag: string, value: string | number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${flag} must be a port number from 0 to 65535 (0 picks a free port), got ${JSON.stringify(value)}`);
  return n;
}

function parseCount(flag: string, value: string | number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${flag} must be a positive whole number, got ${JSON.stringify(value)}`);
  return n;
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

/** Bytes, or a number with a unit: 25mb, 512k, 1GiB (binary units). */
export function parseSize(flag: string, value: string | number): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(String(value));
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new ConfigError(`${flag} must be a size in bytes (e.g. 26214400 or 25mb), got ${JSON.stringify(value)}`);
  const bytes = Math.floor(Number(m[1]) * unit);
  if (bytes < 1) throw new ConfigError(`${flag} must be at least 1 byte`);
  return bytes;
}

function parseUrl(flag: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    return value.replace(/\/+$/, '');
  } catch {
    throw new ConfigError(`${flag} must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
}

export function isLoopbackAddress(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/**
 * The UI/API port holds secrets and can send requests, so it stays on loopback. Binding it elsewhere
 * takes an explicit second flag, and then every call must carry the per-run token.
 */
function parseUiHost(value: string | undefined, allowRemote: boolean): string {
  const host = value ?? '127.0.0.1';
  if (!isLoopbackAddress(host) && !allowRemote) {
    throw new ConfigError(
      `--ui-host ${host} would expose the inspector — its secrets and replay — beyond this machine; add --allow-remote-ui to confirm (every call then needs the token printed at start-up)`,
    );
  }
  return host;
}
