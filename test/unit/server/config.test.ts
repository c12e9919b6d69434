import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULTS, parseSize, resolveConfig } from '../../../server/config.js';

describe('resolveConfig', () => {
  it('uses the defaults when nothing is given', () => {
    const config = resolveConfig({ flags: {}, env: {}, file: null });
    expect(config).toMatchObject({ port: DEFAULTS.port, uiPort: DEFAULTS.uiPort, host: '127.0.0.1', db: DEFAULTS.db, maxBody: 25 * 1024 * 1024, keep: 10_000, open: true, json: false, quiet: false });
  });

  it('ranks flag over env over file over default, per setting', () => {
    const config = resolveConfig({
      flags: { port: '1111' },
      env: { HOOKSCOPE_PORT: '2222', HOOKSCOPE_UI_PORT: '3333' },
      file: { port: 4444, uiPort: 5555, keep: 7, db: 'file.db' },
    });
    expect(config.port).toBe(1111);
    expect(config.uiPort).toBe(3333);
    expect(config.keep).toBe(7);
    expect(config.db).toBe('file.db');
  });

  it('accepts port 0 (pick a free port) and rejects nonsense ports', () => {
    expect(resolveConfig({ flags: { port: '0', uiPort: '0' }, env: {}, file: null })).toMatchObject({ port: 0, uiPort: 0 });
    expect(() => resolveConfig({ flags: { port: '70000' }, env: {}, file: null })).toThrow(ConfigError);
    expect(() => resolveConfig({ flags: { uiPort: 'abc' }, env: {}, file: null })).toThrow(/--ui-port/);
  });

  it('parses sizes with units', () => {
    expect(parseSize('--max-body', '25mb')).toBe(25 * 1024 * 1024);
    expect(parseSize('--max-body', '512k')).toBe(512 * 1024);
    expect(parseSize('--max-body', 1000)).toBe(1000);
    expect(() => parseSize('--max-body', '12 parsecs')).toThrow(ConfigError);
  });

  it('quiet: the flag, else HOOKSCOPE_QUIET, else the file, else off', () => {
    const quiet = (flags: { quiet?: boolean }, env: Record<string, string>, file: { quiet?: boolean } | null) => resolveConfig({ flags, env, file }).quiet;
    expect(quiet({}, {}, null)).toBe(false);
    expect(quiet({}, {}, { quiet: true })).toBe(true);
    expect(quiet({}, { HOOKSCOPE_QUIET: '1' }, { quiet: false })).toBe(true);
    expect(quiet({ quiet: false }, { HOOKSCOPE_QUIET: '1' }, { quiet: true })).toBe(false);
  });

  it('--no-open wins over the file', () => {
    expect(resolveConfig({ flags: { noOpen: true }, env: {}, file: { open: true } }).open).toBe(false);
  });

  it('collects --secret flags in order (first = current) and lets them replace the file for that provider', () => {
    const config = resolveConfig({
      flags: { secret: ['stripe=whsec_new', 'stripe=whsec_old'] },
      env: {},
      file: { secrets: { stripe: ['whsec_file'], twilio: 'tok' } },
    });
    expect(config.secrets).toEqual([
      { provider: 'stripe', value: 'whsec_new', source: 'cli' },
      { provider: 'stripe', value: 'whsec_old', source: 'cli' },
      { provider: 'twilio', value: 'tok', source: 'config' },
    ]);
  });

  it('resolves env:NAME secrets and endpoint secrets from the environment', () => {
    const config = resolveConfig({
      flags: {},
      env: { GH_SECRET: 'from-env', FLASH: 'flash-secret' },
      file: { secrets: { github: 'env:GH_SECRET' }, endpoints: [{ path: '/flash/*', provider: 'hmac', secret: 'env:FLASH', options: { encoding: 'base64' } }] },
    });
    expect(config.secrets[0]!.value).toBe('from-env');
    expect(config.endpoints[0]).toEqual({ path: '/flash/*', provider: 'hmac', secret: 'flash-secret', options: { encoding: 'base64' } });
  });

  it('says which env variable is missing, without printing secrets', () => {
    expect(() => resolveConfig({ flags: {}, env: {}, file: { secrets: { github: 'env:NOPE' } } })).toThrow(/NOPE is not set/);
    expect(() => resolveConfig({ flags: { secret: ['no-equals-sign-supersecret'] }, env: {}, file: null })).toThrow(ConfigError);
    try {
      resolveConfig({ flags: { secret: ['no-equals-sign-supersecret'] }, env: {}, file: null });
    } catch (error) {
      expect((error as Error).message).not.toContain('supersecret');
    }
  });

  it('refuses provider names hookscope has no scheme for, naming the nearest, and takes svix for standard-webhooks', () => {
    expect(() => resolveConfig({ flags: { secret: ['strpie=whsec_x'] }, env: {}, file: null })).toThrow(/--secret: unknown provider "strpie" \(did you mean "stripe"\?\); known: .*stripe/);
    expect(() => resolveConfig({ flags: {}, env: {}, file: { secrets: { acme: 'x' } } })).toThrow(/config secrets\.acme: unknown provider "acme"; known: calendly, /);
    expect(() => resolveConfig({ flags: {}, env: {}, file: { endpoints: [{ path: '/x', provider: 'githbu' }] } })).toThrow(/endpoints\[0\]: unknown provider "githbu" \(did you mean "github"\?\)/);
    const config = resolveConfig({ flags: { secret: ['Svix=whsec_a', 'GitHub=gh'] }, env: {}, file: { endpoints: [{ path: '/s', provider: 'SVIX' }] } });
    expect(config.secrets.map((s) => s.provider)).toEqual(['standard-webhooks', 'github']);
    expect(config.endpoints[0]!.provider).toBe('standard-webhooks');
  });

  it("refuses an endpoint's options its scheme would not understand, instead of verifying with defaults", () => {
    const withOptions = (provider: string, options: Record<string, unknown>) => () => resolveConfig({ flags: {}, env: {}, file: { endpoints: [{ path: '/hook', provider, options }] } });
    expect(withOptions('hmac', { encoding: 'hexx' })).toThrow(/endpoints\[0\] \(hmac\): hmac option "encoding": "hexx" is not one of/);
    expect(withOptions('token', { from: 'quer y:token' })).toThrow(/endpoints\[0\] \(token\): token option "from"/);
    expect(withOptions('hmac', { encoding: 'base64', signatureFrom: 'header:X-Sig' })()).toMatchObject({ endpoints: [{ provider: 'hmac', options: { encoding: 'base64' } }] });
  });

  it('validates URLs', () => {
    expect(resolveConfig({ flags: { publicUrl: 'https://abc.ngrok-free.app/' }, env: {}, file: null }).publicUrl).toBe('https://abc.ngrok-free.app');
    expect(() => resolveConfig({ flags: { publicUrl: 'ftp://x' }, env: {}, file: null })).toThrow(/--public-url/);
  });
});
