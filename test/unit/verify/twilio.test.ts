import { createHash, createHmac } from 'node:crypto';
import querystring from 'node:querystring';
import { describe, expect, it } from 'vitest';
import { twilio } from '../../../shared/verify/providers/twilio.js';
import { legacyQuerystring, sdkUrlForms } from '../../../shared/verify/providers/twilio-compat.js';
import { viewFromUrl } from '../../../shared/verify/request-view.js';
import { vector, vectorsFor, type Vector } from '../../helpers/vectors.js';

const encoder = new TextEncoder();

/** Vectors signed the Twilio way, sent with X-Twilio-Signature (SignalWire's vector C renamed to it). */
function twilioVectors(): Vector[] {
  return vectorsFor('twilio', 'twilio-bodySHA256').map((v) => ({ ...v, headers: asTwilioHeaders(v.headers) }));
}

function asTwilioHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name === 'X-SignalWire-Signature' ? 'X-Twilio-Signature' : name] = value;
  return out;
}

function changeOneByte(body: string): string {
  const last = body.at(-1);
  return body.slice(0, -1) + (last === '0' ? '1' : '0');
}

function withoutSignature(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'X-Twilio-Signature'));
}

function nodeSignature(secret: string, data: string): string {
  return createHmac('sha1', secret).update(data, 'utf8').digest('base64');
}

describe('twilio scheme', () => {
  for (const v of twilioVectors()) {
    const input = { url: v.url!, headers: v.headers, body: v.body };

    it(`accepts published vector ${v.id}`, () => {
      expect(twilio.verify(input, v.secret)).toMatchObject({ ok: true, outcome: 'match' });
    });

    it(`rejects ${v.id} with one body byte changed`, () => {
      expect(twilio.verify({ ...input, body: changeOneByte(v.body) }, v.secret)).toMatchObject({ ok: false, outcome: 'mismatch' });
    });

    it(`rejects ${v.id} with a wrong secret`, () => {
      expect(twilio.verify(input, v.secret + 'x')).toMatchObject({ ok: false, outcome: 'mismatch' });
    });

    it(`reports ${v.id} without its header as missing`, () => {
      expect(twilio.verify({ ...input, headers: withoutSignature(v.headers) }, v.secret)).toEqual({ ok: false, outcome: 'missing' });
    });

    it(`sign reproduces ${v.id} for the URL Twilio signed`, () => {
      const signedUrl = v.signed_url ?? v.url!;
      const out = twilio.sign(
        { method: 'POST', url: signedUrl, body: encoder.encode(v.body), timestamp: 0, id: 'x', headers: Object.entries(v.headers) },
        v.secret,
        {},
      );
      expect(out).toEqual({ url: signedUrl, headers: [['X-Twilio-Signature', v.expected_signature]] });
    });
  }

  it('agrees with the SDK on every candidate URL of diag-twilio-ngrok-url-variants', () => {
    const v = vector('diag-twilio-ngrok-url-variants');
    const view = viewFromUrl({ url: v.url!, headers: v.headers, body: v.body });
    const key = twilio.key(v.secret, {})!;
    const extracted = twilio.extract(view, {})!;
    for (const candidate of v.candidate_urls!) {
      const result = twilio.match({ url: candidate.url, body: view.body }, key, extracted, view, {});
      expect({ url: candidate.url, result }).toEqual({ url: candidate.url, result: candidate.twilio_sdk_accepts ? 'match' : null });
      // The vector also lists what each URL's own signature would be.
      const signed = twilio.sign({ method: 'POST', url: candidate.url, body: view.body, timestamp: 0, id: 'x', headers: Object.entries(v.headers) }, v.secret, {});
      expect(signed.headers).toEqual([['X-Twilio-Signature', candidate.hmac]]);
    }
  });

  it('round-trips sign -> verify for a form post', () => {
    const url = 'https://abc.ngrok-free.app/sms?tenant=42';
    const body = 'Body=caf%C3%A9+%26+more&From=%2B15005550006&To=%2B15005550001&To=%2B15005550002';
    const headers: Array<[string, string]> = [['Content-Type', 'application/x-www-form-urlencoded']];
    const out = twilio.sign({ method: 'POST', url, body: encoder.encode(body), timestamp: 0, id: 'x', headers }, 'token', {});
    expect(out.url).toBe(url);
    // Hand-computed: names sorted, values decoded, the repeated To values sorted.
    const expected = nodeSignature('token', `${url}Bodycafé & moreFrom+15005550006To+15005550001To+15005550002`);
    expect(out.headers).toEqual([['X-Twilio-Signature', expected]]);
    expect(twilio.verify({ url, headers: [...headers, ...out.headers], body }, 'token')).toMatchObject({ ok: true });
  });

  it('signs a JSON body by adding bodySHA256 to the URL, as Twilio does', () => {
    const url = 'https://example.com/status?x=1';
    const body = '{"MessageStatus":"delivered"}';
    const headers: Array<[string, string]> = [['Content-Type', 'application/json']];
    const out = twilio.sign({ method: 'POST', url, body: encoder.encode(body), timestamp: 0, id: 'x', headers }, 'token', {});
    const bodyHash = createHash('sha256').update(body).digest('hex');
    expect(out.url).toBe(`${url}&bodySHA256=${bodyHash}`);
    expect(out.headers).toEqual([['X-Twilio-Signature', nodeSignature('token', out.url)]]);
    expect(twilio.verify({ url: out.url, headers: [...headers, ...out.headers], body }, 'token')).toMatchObject({ ok: true });
    // The signature still matches the URL, but the body no longer hashes to bodySHA256.
    expect(twilio.verify({ url: out.url, headers: [...headers, ...out.headers], body: body + ' ' }, 'token')).toMatchObject({ ok: false });
  });

  it('reports the right digest sent as hex as an encoding mismatch', () => {
    const v = vector('twilio-sdk-canonical');
    const hex = Buffer.from(v.expected_signature, 'base64').toString('hex');
    const result = twilio.verify({ url: v.url!, headers: { ...v.headers, 'X-Twilio-Signature': hex }, body: v.body }, v.secret);
    expect(result).toMatchObject({ ok: false, outcome: 'encoding' });
  });

  it('never throws on malformed input', () => {
    for (const url of ['not a url', 'https://', 'https://[::1', '']) {
      for (const signature of ['', '!!!', 'a'.repeat(500)]) {
        expect(() => twilio.verify({ url, headers: { 'X-Twilio-Signature': signature }, body: '%%%&=&' }, 'token')).not.toThrow();
      }
    }
  });

  it('complains about SIDs pasted as the auth token', () => {
    expect(twilio.secretShape!.complain!('AC' + 'a'.repeat(32))).toMatch(/Account SID/);
    expect(twilio.secretShape!.complain!('SK' + '0'.repeat(32))).toMatch(/API Key SID/);
    expect(twilio.secretShape!.complain!('12345')).toBeNull();
    expect(twilio.secretShape!.complain!('0123456789abcdef0123456789abcdef')).toBeNull();
  });
});

describe('twilio URL forms (twilio-node 6.2.0 validateRequest)', () => {
  it('tries the URL as received, any port removed, the default port added, then normalised forms', () => {
    expect(sdkUrlForms('https://mycompany.com:1234/myapp.php?a=1', 'twilio').map((f) => f.url)).toEqual([
      'https://mycompany.com/myapp.php?a=1',
      'https://mycompany.com:1234/myapp.php?a=1',
    ]);
    expect(sdkUrlForms("https://u:p@Host.com/a?Body=It's+fine", 'twilio')).toEqual([
      { url: "https://u:p@Host.com/a?Body=It's+fine", source: 'as received' },
      { url: "https://u:p@Host.com:443/a?Body=It's+fine", source: 'as received, default port added' },
      { url: 'https://u:p@host.com/a?Body=It%27s+fine', source: 'normalised by new URL()' },
      { url: 'https://u:p@host.com:443/a?Body=It%27s+fine', source: 'normalised by new URL(), default port added' },
      { url: "https://u:p@host.com/a?Body=It's%20fine", source: 'legacy querystring re-encoding' },
      { url: "https://u:p@host.com:443/a?Body=It's%20fine", source: 'legacy querystring re-encoding, default port added' },
    ]);
  });

  it("re-encodes queries exactly like Node's querystring module", () => {
    const queries = ['a&&b', '=x', 'a=1&a=2&b=3', 'b=1&2=x&1=y', "Body=It's+amazing", 'x=%zz', 'x=%C3%A9', 'x=%C3', 'a=1#frag', 'a[]=1&a[]=2', '%41=%42', 'é=ü😀', 'x=a%20b+c&x=%'];
    for (const q of queries) {
      const expected = `https://h/p?${querystring.stringify(querystring.parse(q))}`;
      expect(legacyQuerystring(`https://h/p?${q}`)).toBe(expected);
    }
    expect(legacyQuerystring('https://h/p')).toBe('https://h/p');
    expect(legacyQuerystring('https://h/p?')).toBe('https://h/p?');
  });
});
