import { describe, expect, it } from 'vitest';
import { gitlab } from '../../../shared/verify/providers/gitlab.js';
import { viewFromUrl } from '../../../shared/verify/request-view.js';
import { loadVectors } from '../../helpers/vectors.js';

const URL = 'https://example.com/gitlab';
const TOKEN = 'my-webhook-secret-token';
const BODY = '{"object_kind":"push","ref":"refs/heads/main"}';
const request = (headers: Record<string, string>, body = BODY) => ({ url: URL, headers: { 'X-Gitlab-Event': 'Push Hook', ...headers }, body });

describe('gitlab scheme', () => {
  for (const v of loadVectors().filter((x) => x.scheme === 'gitlab')) {
    it(`accepts published vector ${v.id}`, () => {
      expect(gitlab.verify({ url: v.url ?? URL, headers: v.headers, body: v.body }, v.secret).ok).toBe(true);
    });
  }

  it('is a token scheme: the token is compared as sent', () => {
    expect(gitlab.kind).toBe('token');
    expect(gitlab.verify(request({ 'X-Gitlab-Token': TOKEN }), TOKEN)).toEqual({ ok: true, outcome: 'match', secretIndex: 0 });
  });

  it('round-trips sign -> verify', () => {
    const out = gitlab.sign({ method: 'POST', url: URL, body: new TextEncoder().encode(BODY), timestamp: 0, id: 'x' }, TOKEN, {});
    expect(out.headers).toEqual([['X-Gitlab-Token', TOKEN]]);
    expect(gitlab.verify({ url: out.url, headers: out.headers, body: BODY }, TOKEN).ok).toBe(true);
  });

  it('does not depend on the body (nothing is signed), so a changed body still passes', () => {
    expect(gitlab.verify(request({ 'X-Gitlab-Token': TOKEN }, BODY + ' '), TOKEN).ok).toBe(true);
  });

  it('rejects a wrong token, a token differing in one character or in case, and a prefix', () => {
    for (const sent of ['another-token', 'my-webhook-secret-tokem', 'My-webhook-secret-token', 'my-webhook', `${TOKEN} `]) {
      expect(gitlab.verify(request({ 'X-Gitlab-Token': sent }), TOKEN)).toEqual({ ok: false, outcome: 'mismatch' });
    }
  });

  it('accepts the current token during rotation', () => {
    expect(gitlab.verify(request({ 'X-Gitlab-Token': TOKEN }), ['old-token', TOKEN])).toMatchObject({ ok: true, secretIndex: 1 });
  });

  it('reports a missing or empty token header as missing', () => {
    expect(gitlab.verify(request({}), TOKEN)).toEqual({ ok: false, outcome: 'missing' });
    expect(gitlab.verify(request({ 'X-Gitlab-Token': '' }), TOKEN)).toEqual({ ok: false, outcome: 'missing' });
  });

  it('detects by X-Gitlab-Event or X-Gitlab-Token, leaving signing-token-only deliveries to Standard Webhooks', () => {
    expect(gitlab.detect(viewFromUrl(request({})))).toBe(true);
    expect(gitlab.detect(viewFromUrl({ url: URL, headers: { 'X-Gitlab-Token': TOKEN } }))).toBe(true);
    const signedOnly = request({ 'webhook-id': 'abc', 'webhook-timestamp': '1700000000', 'webhook-signature': 'v1,xyz' });
    expect(gitlab.detect(viewFromUrl(signedOnly))).toBe(false);
    expect(gitlab.detect(viewFromUrl({ ...signedOnly, headers: { ...signedOnly.headers, 'X-Gitlab-Token': TOKEN } }))).toBe(true);
    expect(gitlab.detect(viewFromUrl({ url: URL, headers: { 'X-GitHub-Event': 'push' } }))).toBe(false);
  });

  it('complains about signing tokens and access tokens pasted as the secret token', () => {
    expect(gitlab.secretShape?.complain?.('whsec_dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0dGVzdHRlc3Q=')).toMatch(/signing token/);
    expect(gitlab.secretShape?.complain?.('glpat-AbCdEfGhIjKlMnOpQrSt')).toMatch(/access token/);
    expect(gitlab.secretShape?.complain?.(TOKEN)).toBeNull();
  });
});
