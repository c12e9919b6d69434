import { it } from 'vitest';
import { hmac } from '/work/main/shared/verify/crypto.js';
import { twilio } from '/work/main/shared/verify/providers/twilio.js';
import { CapturedRequestView } from '/work/main/shared/verify/request-view.js';

it('scratch', () => {
  const body = new TextEncoder().encode('A=' + 'x'.repeat(1000) + '&B=c+d');
  const key = new TextEncoder().encode('secret-value-1');
  for (let i = 0; i < 200; i++) hmac('sha1', key, body);
  let t0 = performance.now();
  for (let i = 0; i < 500; i++) hmac('sha1', key, body);
  console.log('hmac sha1 1KB µs', (performance.now() - t0) / 500 * 1000);
  for (let i = 0; i < 200; i++) hmac('sha256', key, body);
  t0 = performance.now();
  for (let i = 0; i < 500; i++) hmac('sha256', key, body);
  console.log('hmac sha256 1KB µs', (performance.now() - t0) / 500 * 1000);
  const req = new CapturedRequestView({ method: 'POST', target: '/sms', headers: [['Content-Type', 'application/x-www-form-urlencoded'], ['X-Twilio-Signature', 'abc=']], body, receivedAt: 0 });
  const ex = twilio.extract(req, {})!;
  for (let i = 0; i < 200; i++) twilio.match({ url: 'https://a.b/sms?x=1', body }, key, ex, req, {});
  t0 = performance.now();
  for (let i = 0; i < 500; i++) twilio.match({ url: 'https://a.b/sms?x=1', body }, key, ex, req, {});
  console.log('twilio match µs', (performance.now() - t0) / 500 * 1000);
});
