/**
 * The terminal feed of `hookscope start`: what a line says per verdict, that a burst costs at most a few
 * lines, and that nothing a sender puts in a request reaches the terminal as a control character.
 */
import { describe, expect, it } from 'vitest';
import { TerminalFeed } from '../../../server/live/terminal-feed.js';
import { terminalSafe } from '../../../server/terminal-safe.js';
import type { NewRequest } from '../../../server/store/repository.js';
import type { VerificationResult } from '../../../shared/verify/types.js';
import { NO_SCHEME } from '../../../shared/verify/no-scheme.js';

const UI = 'http://127.0.0.1:4401';
const AT = new Date(2026, 10, 24, 9, 5, 7);

function request(url: string, verification: VerificationResult | null = NO_SCHEME, extra: Partial<NewRequest> = {}): NewRequest {
  return {
    receivedAt: AT.getTime(),
    method: 'POST',
    url,
    path: url.split('?')[0]!,
    httpVersion: '1.1',
    remoteAddress: '127.0.0.1',
    headers: [],
    contentType: null,
    body: Buffer.from('x'),
    declaredSize: 1,
    truncated: false,
    verification,
    ...extra,
  };
}

const failed = (message: string): VerificationResult => ({
  provider: 'github',
  verdict: 'failed',
  checks: [],
  diagnoses: [{ code: 'wrong-secret', message, fix: 'use the secret GitHub shows' }],
});

function feedInto(out: string[]) {
  return new TerminalFeed((text) => out.push(...text.split('\n')), () => UI, () => AT);
}

describe('terminal feed', () => {
  it('prints one line per capture: verdict, and for a failure its first diagnosis and the link that opens it', () => {
    const out: string[] = [];
    const feed = feedInto(out);
    feed.captured([
      { seq: 7, row: request('/hooks/github', failed('None of the configured GitHub secrets reproduces the signature')) },
      { seq: 8, row: request('/hooks/stripe', { provider: 'stripe', verdict: 'verified', checks: [], diagnoses: [] }) },
      { seq: 9, row: request('/health') },
      { seq: 10, row: request('/big', NO_SCHEME, { truncated: true }) },
      { seq: 11, row: request('/odd', null) },
    ]);
    expect(out).toEqual([]); // written together, a moment later
    feed.close();
    expect(out).toEqual([
      `09:05:07  #7  POST /hooks/github  github FAILED wrong-secret: None of the configured GitHub secrets reproduces the signature  → ${UI}/?open=7`,
      '09:05:07  #8  POST /hooks/stripe  stripe verified',
      '09:05:07  #9  POST /health  unsigned',
      '09:05:07  #10  POST /big  unsigned  (body cut at the --max-body limit)',
      '09:05:07  #11  POST /odd  not verified',
    ]);
  });

  it('prints the app’s answer in forward mode, with the diagnosis when the answer changed the verdict', () => {
    const out: string[] = [];
    const feed = feedInto(out);
    feed.answered(3, { status: 200, headers: [], body: '', durationMs: 12.4 });
    feed.answered(4, { status: 401, headers: [], body: '', durationMs: 3 }, { provider: 'stripe', verdict: 'verified', checks: [], diagnoses: [{ code: 'app-rejected-valid', message: 'The signature is valid, yet the app answered 401', fix: '' }] });
    feed.answered(5, { status: 502, headers: [], body: '', durationMs: 1, error: 'connect ECONNREFUSED 127.0.0.1:3000' });
    feed.close();
    expect(out).toEqual([
      '09:05:07  #3  ↳ app answered 200 in 12 ms',
      '09:05:07  #4  ↳ app answered 401 in 3 ms — The signature is valid, yet the app answered 401',
      '09:05:07  #5  ↳ 502 to the caller: connect ECONNREFUSED 127.0.0.1:3000',
    ]);
  });

  it('keeps one request to one line: long URLs and diagnoses are cut', () => {
    const out: string[] = [];
    const feed = feedInto(out);
    feed.captured([{ seq: 1, row: request(`/long?${'a'.repeat(16_000)}`, failed(`x${'m'.repeat(5000)}`)) }]);
    feed.close();
    expect(out).toHaveLength(1);
    expect(out[0]!.length).toBeLessThan(450);
    expect(out[0]).toMatch(/a…  github FAILED wrong-secret: xm+…  → /);
  });

  it('prints at most ten lines per flush and counts the rest', () => {
    const out: string[] = [];
    const feed = feedInto(out);
    feed.captured(Array.from({ length: 2500 }, (_, i) => ({ seq: i + 1, row: request(`/load/${i + 1}`) })));
    feed.close();
    expect(out).toHaveLength(11);
    expect(out[9]).toBe('09:05:07  #10  POST /load/10  unsigned');
    expect(out[10]).toBe('… and 2,490 more (every one is in the inspector)');
    feed.captured([{ seq: 2501, row: request('/after') }]);
    feed.close();
    expect(out.slice(11)).toEqual(['09:05:07  #2501  POST /after  unsigned']); // the count starts over
  });

  it('never lets a control character from the request reach the terminal', () => {
    const out: string[] = [];
    const feed = feedInto(out);
    // A URL as node:http hands it over (bytes as latin1: 0x9b is the C1 escape) and a diagnosis quoting a header value.
    feed.captured([
      { seq: 1, row: request('/x\u001b[2J\u009b31m\u0007') },
      { seq: 2, row: request('/y', failed('header was "a\r\n\u001b]0;pwned\u0007"')) },
    ]);
    feed.close();
    expect(out).toHaveLength(2);
    for (const line of out) expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(out[0]).toContain('/x\\x1b[2J\\x9b31m\\x07');
    expect(out[1]).toContain('header was "a\\x0d\\x0a\\x1b]0;pwned\\x07"');
  });
});

describe('terminalSafe', () => {
  it('shows C0, DEL and C1 as \\xNN and leaves every other character alone', () => {
    expect(terminalSafe('tab\there\u007f\u0085')).toBe('tab\\x09here\\x7f\\x85');
    const printable = 'plain ASCII ~ é ü → 日本 🎉 \u00a0\u00ff';
    expect(terminalSafe(printable)).toBe(printable);
  });
});
