/** The UI/API beyond loopback: only with an explicit second flag, and then every call needs the token. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../server/config.js';
import { PACKAGE_ROOT } from '../../server/package-root.js';
import { startTestHookscope, type TestHookscope } from '../helpers/hookscope.js';
import { sendRaw } from '../helpers/raw-http.js';

let app: TestHookscope | null = null;
afterEach(async () => {
  await app?.dispose();
  app = null;
});

describe('--ui-host', () => {
  it('refuses a non-loopback UI address without --allow-remote-ui', () => {
    expect(() => resolveConfig({ flags: { uiHost: '0.0.0.0' }, env: {}, file: null })).toThrow(ConfigError);
    expect(() => resolveConfig({ flags: { uiHost: '0.0.0.0' }, env: {}, file: null })).toThrow(/--allow-remote-ui/);
    expect(resolveConfig({ flags: { uiHost: '::1' }, env: {}, file: null }).uiHost).toBe('::1');
    expect(resolveConfig({ flags: { uiHost: '0.0.0.0', allowRemoteUi: true }, env: {}, file: null }).uiHost).toBe('0.0.0.0');
  });

  it('when exposed, requires the token on every call, scripts included, but not for built assets', async () => {
    app = await startTestHookscope({ uiHost: '0.0.0.0' });
    const port = new URL(app.urls.ui).port;
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/api/requests`)).status).toBe(401);
    expect((await fetch(`${base}/api/secrets`)).status).toBe(401);
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/api/requests?token=wrong`)).status).toBe(401);
    expect((await fetch(`${base}/api/requests`, { headers: { 'X-Hookscope-Token': app.token } })).status).toBe(200);
    const page = await fetch(`${base}/?token=${app.token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`content="${app.token}"`);
    const asset = readdirSync(path.join(PACKAGE_ROOT, 'ui', 'dist', 'assets')).find((f) => f.endsWith('.js'))!;
    expect((await fetch(`${base}/assets/${asset}`)).status).toBe(200);
    // The Host check still applies: a rebinding name is refused even with the token.
    const rebound = await sendRaw({ url: base, method: 'GET', target: '/api/requests', headers: [['Host', 'evil.example'], ['X-Hookscope-Token', app.token]] });
    expect(rebound.status).toBe(421);
  });

  it('on loopback (the default) scripts need no token, as the contract says', async () => {
    app = await startTestHookscope();
    expect((await fetch(`${app.urls.ui}/api/requests`)).status).toBe(200);
  });
});
