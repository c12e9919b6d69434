/**
 * The verification panel end to end: Twilio webhooks signed with node:crypto for a public https URL and
 * sent to the capture port the way ngrok delivers them (TLS terminated, Host rewritten, X-Forwarded-*
 * set), and a secret added in Settings turning an earlier `no-secret` request into `verified` live.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, screenshot, skipBrowserTests } from '../helpers/browser.js';
import { markNoReload, rowFor, send, stillSamePage, twilioSignature, useHarness, WAIT } from './harness.js';

const AUTH_TOKEN = '5f2b0c1e9a8d7c6b5a4f3e2d1c0b9a8f';
const PUBLIC = 'https://abc123.ngrok-free.app';
const PARAMS = { AccountSid: 'AC0123456789abcdef0123456789abcdef', From: '+15551234567', To: '+15557654321', Body: 'Hello from the e2e test' };
const FORM = new URLSearchParams(PARAMS).toString();

/** What ngrok adds when it forwards https://abc123.ngrok-free.app/... to a local http port. */
const NGROK_HEADERS = {
  'Content-Type': 'application/x-www-form-urlencoded',
  'X-Forwarded-Proto': 'https',
  'X-Forwarded-Host': 'abc123.ngrok-free.app',
  'X-Forwarded-For': '54.172.60.1',
  'User-Agent': 'TwilioProxy/1.1',
};

describe('verification panel', () => {
  const h = useHarness();

  it.skipIf(skipBrowserTests)('explains a request through an ngrok-like proxy: diagnoses, fixes and the matching candidate URL', async () => {
    const hs = await h.start({ secrets: [{ provider: 'twilio', value: AUTH_TOKEN, source: 'cli' }, { provider: 'token', value: 'textmaster-token-right', source: 'cli' }] });
    // Some traffic around it, as a real session has (and the README screenshot shows).
    const now = Math.floor(Date.now() / 1000);
    await send(hs.urls.capture, '/webhooks/stripe', '{"id":"evt_1Q2w3E","type":"invoice.paid","data":{"object":{"customer":"cus_R2d2","amount_paid":4200}}}', {
      'Stripe-Signature': `t=${now},v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd`,
    });
    await send(hs.urls.capture, '/webhooks/github', '{"ref":"refs/heads/main","commits":[{"id":"a1b2c3","message":"Fix webhook URL"}]}', {
      'X-GitHub-Event': 'push',
      'X-Hub-Signature-256': 'sha256=0b8a0c4a5a1f1a6c6d0c9e1b1f1e1d1c1b1a19181716151413121110090807',
    });
    await send(hs.urls.capture, '/health', '', {}, 'GET');
    await send(hs.urls.capture, '/webhooks/orders', '{"order_id":1042,"status":"shipped"}');
    const { page, problems } = await h.openPage(hs.urls.ui);

    // 1. Signed for the public https URL, delivered over http with the Host rewritten: valid, with warnings.
    await send(hs.urls.capture, '/sms', FORM, { ...NGROK_HEADERS, 'X-Twilio-Signature': twilioSignature(AUTH_TOKEN, `${PUBLIC}/sms`, PARAMS) });
    // 2. Registered at Twilio with a trailing slash that a proxy dropped: fails, and says why.
    await send(hs.urls.capture, '/voice', FORM, { ...NGROK_HEADERS, 'X-Twilio-Signature': twilioSignature(AUTH_TOKEN, `${PUBLIC}/voice/`, PARAMS) });

    const verifiedRow = rowFor(page, '/sms');
    const failedRow = rowFor(page, '/voice');
    await failedRow.waitFor(WAIT);
    expect(await verifiedRow.getByTestId('verdict-badge').getAttribute('data-verdict')).toBe('verified');
    expect(await failedRow.getByTestId('verdict-badge').getAttribute('data-verdict')).toBe('failed');
    expect(await failedRow.getByTestId('verdict-badge').getAttribute('data-diagnosis')).toBe('path-rewritten');

    // The verified one: TLS terminated and Host rewritten by the tunnel, named with their fixes.
    await verifiedRow.click();
    const panel = page.getByTestId('verification');
    await page.locator('[data-testid="verification"][data-verdict="verified"]').waitFor(WAIT);
    const codes = await panel.getByTestId('diagnosis').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(codes).toEqual(expect.arrayContaining(['proto-rewritten', 'host-rewritten']));
    const proto = panel.locator('[data-testid="diagnosis"][data-code="proto-rewritten"]');
    expect(await proto.getByTestId('diagnosis-message').textContent()).toContain(`${PUBLIC}/sms`);
    expect(await proto.getByTestId('diagnosis-fix').textContent()).toMatch(/^Fix: .*trust proxy/);
    // The candidate the signature matches is highlighted: what Twilio signed, next to what the app sees.
    const matched = panel.locator('[data-testid="candidate"][data-matched="true"]');
    expect(await matched.count()).toBe(1);
    expect(await matched.getByTestId('candidate-url').textContent()).toBe(`${PUBLIC}/sms`);
    expect(await matched.evaluate((el) => getComputedStyle(el.querySelector('td')!).fontWeight)).toBe('600');
    const unmatched = await panel.locator('[data-testid="candidate"][data-matched="false"] [data-testid="candidate-url"]').allTextContents();
    expect(unmatched).toContain(`${hs.urls.capture}/sms`);
    // The overview shows the URL as received and as the provider signed it.
    expect(await page.getByTestId('detail-received-url').textContent()).toContain(`${hs.urls.capture}/sms`);
    expect(await page.getByTestId('detail-signed-url').textContent()).toContain(`${PUBLIC}/sms`);
    // Checks name the secret by label, never by value.
    expect(await panel.getByTestId('check-secret').allTextContents()).toEqual(['twilio #1 (current)']);
    expect(await page.locator('body').textContent()).not.toContain(AUTH_TOKEN);
    await screenshot(page, 'verification-verified-ngrok');

    // The failing one: the diagnosis says the path changed, and the matching candidate is the slash variant.
    await failedRow.click();
    await page.locator('[data-testid="verification"][data-verdict="failed"]').waitFor(WAIT);
    const first = panel.getByTestId('diagnosis').first();
    expect(await first.getAttribute('data-code')).toBe('path-rewritten');
    expect(await first.getByTestId('diagnosis-message').textContent()).toContain('trailing slash');
    expect(await first.getByTestId('diagnosis-compare').textContent()).toContain(`${PUBLIC}/voice/`);
    // Both sides side by side, the rows named in words.
    const compare = first.getByTestId('diagnosis-compare');
    expect(await compare.locator('thead th').allTextContents()).toEqual(['', 'Provider signed (expected)', 'Received (actual)']);
    expect(await compare.locator('tbody th').allTextContents()).toEqual(['URL', 'from']);
    const candidates = panel.getByTestId('candidate');
    expect(await candidates.count()).toBeGreaterThan(2);
    const hit = panel.locator('[data-testid="candidate"][data-matched="true"]');
    // The slash variant reproduces the signature only when listed; the engine may leave it to the diagnosis.
    if ((await hit.count()) > 0) {
      expect(await hit.getByTestId('candidate-url').textContent()).toBe(`${PUBLIC}/voice/`);
      // The overview and the table name the URL Twilio signed — the one that matched — not the one the
      // request arrived at (they said /voice while the diagnosis said /voice/).
      expect(await page.getByTestId('detail-signed-url').textContent()).toContain(`${PUBLIC}/voice/`);
      expect(await panel.locator('[data-testid="candidate"]', { hasText: 'signed URL' }).getByTestId('candidate-url').allTextContents()).toEqual([`${PUBLIC}/voice/`]);
    }
    expect(await page.getByTestId('checks').locator('[data-outcome="mismatch"]').count()).toBe(1);
    await screenshot(page, 'verification-failed-path');
    await page.setViewportSize({ width: 1360, height: 1240 });
    const shot = await screenshot(page, 'readme-inspector');
    // The README's picture: refreshed on request only, so a test run never edits a tracked file.
    if (process.env.HOOKSCOPE_UPDATE_SCREENSHOT === '1') {
      mkdirSync(path.join(REPO_ROOT, 'docs'), { recursive: true });
      copyFileSync(shot, path.join(REPO_ROOT, 'docs', 'screenshot.png'));
    }
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'verification-failed-path-dark');

    // 3. Signed with another token: a wrong secret has only what was tried to show, so only that column.
    await send(hs.urls.capture, '/wrong-token', FORM, { ...NGROK_HEADERS, 'X-Twilio-Signature': twilioSignature('another-auth-token', `${PUBLIC}/wrong-token`, PARAMS) });
    await rowFor(page, '/wrong-token').click();
    const wrong = panel.locator('[data-testid="diagnosis"][data-code="wrong-secret"]');
    await wrong.waitFor(WAIT);
    const tried = wrong.getByTestId('diagnosis-compare');
    expect(await tried.locator('thead th').allTextContents()).toEqual(['', 'Received (actual)']);
    expect(await tried.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.children, (c) => c.textContent)))).toEqual([['secrets tried', 'twilio #1 (current)']]);

    // 4. A shared token (TextMaster's ?token=), checked because a token secret is configured: said in a
    // token's words — nothing is signed.
    await send(hs.urls.capture, '/textmaster?token=textmaster-token-wrong', '{"a":1}');
    await rowFor(page, '/textmaster?token=textmaster-token-wrong').click();
    await page.locator('[data-testid="verification"][data-verdict="failed"] [data-code="token-mismatch"]').waitFor(WAIT);
    expect(await panel.locator('.verification-summary').textContent()).toBe('The token sent does not match.');
    expect(await panel.getByTestId('diagnosis-compare').locator('thead th').allTextContents()).toEqual(['', 'Expected']);
    expect(problems).toEqual([]);
  });

  it.skipIf(skipBrowserTests)('adding a secret in Settings turns an earlier no-secret request into verified without a reload', async () => {
    const hs = await h.start({ publicUrl: PUBLIC });
    const { page, problems } = await h.openPage(hs.urls.ui);
    await markNoReload(page);

    // ngrok with --host-header=rewrite and no forwarding headers: only the public URL explains it.
    await send(hs.urls.capture, '/sms?tenant=42', FORM, {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': twilioSignature(AUTH_TOKEN, `${PUBLIC}/sms?tenant=42`, PARAMS),
    });
    const row = rowFor(page, '/sms?tenant=42');
    const badge = row.getByTestId('verdict-badge');
    await row.waitFor(WAIT);
    expect(await badge.getAttribute('data-verdict')).toBe('no-secret');
    await row.click();
    await page.locator('[data-testid="verification"][data-verdict="no-secret"]').waitFor(WAIT);

    // "Add a twilio secret" opens Settings with the provider chosen.
    await page.getByTestId('add-secret-for-provider').click();
    const settings = page.getByTestId('settings');
    await settings.waitFor(WAIT);
    expect(await page.getByTestId('secret-provider').inputValue()).toBe('twilio');
    // What is added here is gone at the next start: the panel says so, and where to keep it.
    expect(await page.getByTestId('secrets-lifetime').textContent()).toMatch(/last until hookscope stops.*hookscope\.config\.json/);
    expect(await page.getByTestId('secret-value').getAttribute('type')).toBe('password');
    // The generator fills a 256-bit hex secret (for providers where you choose it), then we paste the real one.
    await page.getByTestId('secret-generate').click();
    expect(await page.getByTestId('secret-value').inputValue()).toMatch(/^[0-9a-f]{64}$/);
    await page.getByTestId('secret-value').fill(AUTH_TOKEN);
    // A misspelt provider is refused by the server, which names the nearest; the button keeps its size.
    await page.getByTestId('secret-provider').fill('twilo');
    await page.getByTestId('secret-save').click();
    await page.getByTestId('secret-error').waitFor(WAIT);
    expect(await page.getByTestId('secret-error').textContent()).toMatch(/^unknown provider "twilo" \(did you mean "twilio"\?\)/);
    expect(await page.getByTestId('secret-save').evaluate((b) => b.getBoundingClientRect().height)).toBeLessThan(40);
    await page.getByTestId('secret-provider').fill('twilio');
    await screenshot(page, 'settings-add-secret');
    await page.getByTestId('secret-save').click();
    await page.getByTestId('secret-status').waitFor(WAIT);

    // Masked in the table: never the value.
    const masked = await settings.getByTestId('secret-masked').allTextContents();
    expect(masked).toHaveLength(1);
    expect(masked[0]).not.toContain(AUTH_TOKEN.slice(0, 8));
    expect(await settings.textContent()).not.toContain(AUTH_TOKEN);
    await page.keyboard.press('Escape');
    await settings.waitFor({ state: 'detached', ...WAIT });

    // Re-verified on the server and pushed over the socket: the badge and the open detail update live.
    await row.locator('[data-testid="verdict-badge"][data-verdict="verified"]').waitFor(WAIT);
    await page.locator('[data-testid="verification"][data-verdict="verified"]').waitFor(WAIT);
    expect(await page.getByTestId('detail-signed-url').textContent()).toContain(`${PUBLIC}/sms?tenant=42`);
    const matched = page.locator('[data-testid="candidate"][data-matched="true"] [data-testid="candidate-url"]');
    expect(await matched.textContent()).toBe(`${PUBLIC}/sms?tenant=42`);
    expect(await page.locator('[data-testid="diagnosis"][data-code="host-rewritten"]').count()).toBe(1);
    expect(await stillSamePage(page)).toBe(true);

    // Rotation: a new current secret; the server keeps the old one by its label ('secrets-keep'), so the
    // page never needs the old value back.
    await page.getByTestId('settings-open').click();
    await page.getByTestId('secret-rotate').click();
    await page.getByTestId('secret-value').fill('9'.repeat(32));
    await page.getByTestId('secret-save').click();
    await expect.poll(() => settings.getByTestId('secret-row').count()).toBe(2);
    expect(await settings.locator('[data-testid="secret-row"] td:nth-child(2)').allTextContents()).toEqual(['twilio #1 (current)', 'twilio #2']);
    await page.getByTestId('settings-close').click();
    // Still verified, now by the previous secret, which the panel points out.
    await page.locator('[data-testid="diagnosis"][data-code="secret-rotated"]').waitFor(WAIT);
    expect(await row.getByTestId('verdict-badge').getAttribute('data-verdict')).toBe('verified');
    await screenshot(page, 'verification-secret-rotated');

    // Removing them one by one (by label) goes back to no-secret, live as well.
    await page.getByTestId('settings-open').click();
    await page.getByTestId('secret-remove').first().click();
    await expect.poll(() => settings.getByTestId('secret-row').count()).toBe(1);
    await page.getByTestId('secret-remove').first().click();
    await page.getByTestId('no-secrets').waitFor(WAIT);
    await page.getByTestId('settings-close').click();
    await row.locator('[data-testid="verdict-badge"][data-verdict="no-secret"]').waitFor(WAIT);
    expect(await stillSamePage(page)).toBe(true);
    expect(problems).toEqual([]);
  });

  it.skipIf(skipBrowserTests)('sets, replaces and removes an endpoint rule’s secret in Settings, re-verifying its requests live', async () => {
    const token = 'tm-e2e-token-7a1c9e3b5d';
    const hs = await h.start({ endpoints: [{ path: '/textmaster', provider: 'token', options: { from: 'query:token' } }] });
    const { page, problems } = await h.openPage(hs.urls.ui);
    await markNoReload(page);
    await send(hs.urls.capture, `/textmaster?token=${token}`, '{"job":1}', { 'Content-Type': 'application/json' });
    const row = rowFor(page, '/textmaster?token=[secret]').or(rowFor(page, `/textmaster?token=${token}`));
    await row.waitFor(WAIT);
    expect(await row.getByTestId('verdict-badge').getAttribute('data-verdict')).toBe('no-secret');

    await page.getByTestId('settings-open').click();
    const endpoints = page.getByTestId('endpoint-secrets');
    await endpoints.waitFor(WAIT);
    const endpointRow = endpoints.locator('[data-testid="endpoint-row"][data-path="/textmaster"]');
    expect(await endpointRow.getByTestId('endpoint-masked').textContent()).toBe('none');
    await endpointRow.getByTestId('endpoint-set').click();
    expect(await page.getByTestId('endpoint-value').getAttribute('type')).toBe('password');
    await page.getByTestId('endpoint-value').fill(token);
    await page.getByTestId('endpoint-save').click();
    await page.getByTestId('endpoint-form').waitFor({ state: 'detached', ...WAIT });
    await expect.poll(() => endpointRow.getByTestId('endpoint-masked').textContent()).toMatch(/•/);
    expect(await page.getByTestId('settings').textContent()).not.toContain(token);
    await screenshot(page, 'settings-endpoint-secret');
    await page.getByTestId('settings-close').click();
    await row.locator('[data-testid="verdict-badge"][data-verdict="verified"]').waitFor(WAIT);

    // Replace it with a wrong one: failed; remove it: back to no-secret. All live, no reload.
    await page.getByTestId('settings-open').click();
    await endpointRow.getByTestId('endpoint-set').click();
    await page.getByTestId('endpoint-value').fill('not-the-token-0000');
    await page.getByTestId('endpoint-save').click();
    await page.getByTestId('endpoint-form').waitFor({ state: 'detached', ...WAIT });
    await page.getByTestId('settings-close').click();
    await row.locator('[data-testid="verdict-badge"][data-verdict="failed"]').waitFor(WAIT);
    await page.getByTestId('settings-open').click();
    await endpointRow.getByTestId('endpoint-remove').click();
    await expect.poll(() => endpointRow.getByTestId('endpoint-masked').textContent()).toBe('none');
    await page.getByTestId('settings-close').click();
    await row.locator('[data-testid="verdict-badge"][data-verdict="no-secret"]').waitFor(WAIT);
    expect(await stillSamePage(page)).toBe(true);
    expect(problems).toEqual([]);
  });
});
