/**
 * Replay and the tunnel bar. Both appear only when `/api/info` announces them ('replay', 'tunnel'):
 * against a server without them the page shows no dead buttons; with them, replay, edit-and-replay and
 * re-sign-and-replay reach the app and the attempts are listed, and the tunnel bar gives the exact URL to
 * paste into the provider's dashboard.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { StartOptions } from '../../server/app.js';
import { screenshot, skipBrowserTests } from '../helpers/browser.js';
import { rowFor, send, twilioSignature, useHarness, WAIT } from './harness.js';

const TOKEN = '0123456789abcdef0123456789abcdef';
const PUBLIC = 'https://demo-tunnel.ngrok-free.app';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A stand-in for the developer's app: records what reaches it and answers 200. */
async function startApp(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ok: true, n: received.length }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('replay and tunnel', () => {
  const h = useHarness();
  const apps: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  it.skipIf(skipBrowserTests)('shows replay and the tunnel bar when the server has them, and nothing dead when it has not', async () => {
    const app = await startApp();
    apps.push(app);
    // `forward` is the issue-5 option; a server without it ignores it (spread: no excess-property check).
    const extra: Record<string, unknown> = { forward: app.url };
    const options: StartOptions = { publicUrl: PUBLIC, secrets: [{ provider: 'twilio', value: TOKEN, source: 'cli' }], ...extra };
    const hs = await h.start(options);
    const info = (await (await fetch(`${hs.urls.ui}/api/info`)).json()) as { features: string[] };

    const params = { From: '+15551234567', Body: 'ping' };
    await send(hs.urls.capture, '/hooks/sms', new URLSearchParams(params).toString(), {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': twilioSignature(TOKEN, `${PUBLIC}/hooks/sms`, params),
    });
    const { page, problems } = await h.openPage(hs.urls.ui);
    const row = rowFor(page, '/hooks/sms');
    await row.click();
    await page.getByTestId('request-detail').waitFor(WAIT);

    // The tunnel bar: the public URL and the paste-ready URL for the open request.
    await page.getByTestId('tunnel-bar').waitFor(WAIT);
    expect(await page.getByTestId('public-url').textContent()).toBe(PUBLIC);
    expect(await page.getByTestId('paste-url').textContent()).toBe(`${PUBLIC}/hooks/sms`);

    if (!info.features.includes('replay')) {
      // No replay endpoint: no replay buttons at all (hidden, not disabled).
      expect(await page.locator('[data-testid^="replay"]').count()).toBe(0);
      expect(problems).toEqual([]);
      return;
    }

    // Forwarded on capture: the app's answer is in the list and the detail.
    await expect.poll(() => row.getByTestId('row-status').textContent(), WAIT).toBe('200');
    await page.getByTestId('app-response').waitFor(WAIT);
    const before = app.received.length;

    await page.getByTestId('replay').click();
    await expect.poll(() => page.getByTestId('replay-result').textContent(), WAIT).toMatch(/^→ 200 in /);
    await expect.poll(() => page.getByTestId('attempt').count(), WAIT).toBe(1);
    expect(app.received.length).toBe(before + 1);
    expect(app.received.at(-1)!.body).toBe(new URLSearchParams(params).toString());

    // Edit and replay: a changed body (re-signed so the app's own check would pass).
    await page.getByTestId('replay-edit').click();
    const editor = page.getByTestId('replay-editor');
    await editor.locator('textarea').nth(1).fill('From=%2B15551234567&Body=edited');
    await editor.locator('input[type="checkbox"]').check();
    await page.getByTestId('replay-edit-send').click();
    await expect.poll(() => page.getByTestId('attempt').count(), WAIT).toBe(2);
    expect(app.received.at(-1)!.body).toBe('From=%2B15551234567&Body=edited');
    expect(app.received.at(-1)!.headers['x-twilio-signature']).toBeTruthy();
    expect(app.received.at(-1)!.headers['x-twilio-signature']).not.toBe(app.received[before]!.headers['x-twilio-signature']);

    // Re-sign and replay, one click.
    await page.getByTestId('replay-resign').click();
    await expect.poll(() => page.getByTestId('attempt').count(), WAIT).toBe(3);
    await screenshot(page, 'replay-attempts');
    expect(problems).toEqual([]);
  });
});
