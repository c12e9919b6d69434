import { describe, expect, it } from 'vitest';
import { findEndpoint, pathMatches } from '../../../shared/verify/endpoints.js';
import { formatUrl, parseForwarded, parseUrl, urlDifferences, urlVariants, urlViews } from '../../../shared/verify/candidate-urls.js';
import { MAX_SEARCH_BODY, bodyVariants } from '../../../shared/verify/candidate-bodies.js';
import { configuredSecrets, shapeVariants } from '../../../shared/verify/candidate-secrets.js';
import { diagnose } from '../../../shared/verify/diagnose.js';
import { describeLocation, tunnelName } from '../../../shared/verify/fixes.js';
import { CapturedRequestView } from '../../../shared/verify/request-view.js';
import { schemeById } from '../../../shared/verify/registry.js';
import { enc, request, secrets } from './engine-helpers.js';

const view = (target: string, headers: Record<string, string>) => new CapturedRequestView(request({ target, headers }));
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('endpoints: path globs', () => {
  it.each([
    ['/textmaster', '/textmaster', true],
    ['/textmaster', '/textmaster/', false],
    ['/flash/*', '/flash/abc', true],
    ['/flash/*', '/flash/abc/def', false],
    ['/flash/*', '/flash/', true],
    ['/hooks/**', '/hooks', true],
    ['/hooks/**', '/hooks/a/b/c', true],
    ['/hooks/**', '/hooksx', false],
    ['/a/**/b', '/a/b', true],
    ['/a/**/b', '/a/x/y/b', true],
    ['/v?/hook', '/v2/hook', true],
    ['/api.v1/(x)', '/api.v1/(x)', true],
    ['/api.v1/(x)', '/apixv1/(x)', false],
    ['**', '/anything/at/all', true],
  ])('%s matches %s: %s', (glob, path, expected) => {
    expect(pathMatches(glob, path)).toBe(expected);
  });

  it('takes the first rule that matches, in the order written', () => {
    const rules = [
      { path: '/hooks/special', provider: 'token' },
      { path: '/hooks/*', provider: 'hmac' },
    ];
    expect(findEndpoint(rules, '/hooks/special')?.provider).toBe('token');
    expect(findEndpoint(rules, '/hooks/other')?.provider).toBe('hmac');
    expect(findEndpoint(rules, '/elsewhere')).toBeUndefined();
    expect(findEndpoint(undefined, '/x')).toBeUndefined();
  });
});

describe('candidate URLs', () => {
  it('splits and joins URLs without normalising them', () => {
    for (const url of ['https://a.example:443/x/?q=a+b&r=%20', 'http://user:pw@[::1]:8080/p', 'https://h.example/sms?', 'http://h/']) {
      expect(formatUrl(parseUrl(url)!)).toBe(url);
    }
    expect(parseUrl('https://h.example')).toMatchObject({ path: '/', query: null });
    expect(parseUrl('not a url')).toBeNull();
  });

  it('reads the first element of RFC 7239 Forwarded, quoted or not, ignoring garbage', () => {
    expect(parseForwarded('for=1.2.3.4;Proto=HTTPS;host="a.example:8443", for=5.6.7.8;proto=http')).toEqual({ proto: 'https', host: 'a.example:8443' });
    expect(parseForwarded('proto=gopher;host=bad/host')).toEqual({});
    expect(parseForwarded(undefined)).toEqual({});
  });

  it('the correct view: forwarding headers, else the Host as received; the public URL first when known', () => {
    const behindNgrok = view('/sms?x=1', { Host: 'localhost:3000', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'abc.ngrok-free.app' });
    expect(urlViews(behindNgrok, {})).toMatchObject({
      naive: { url: 'http://localhost:3000/sms?x=1' },
      correct: [{ url: 'https://abc.ngrok-free.app/sms?x=1', source: 'forwarding headers (X-Forwarded-Proto, X-Forwarded-Host)' }],
      forwarded: true,
    });
    const direct = view('/sms', { Host: 'h.example' });
    expect(urlViews(direct, { publicUrl: 'https://pub.example/base/' }).correct.map((c) => c.url)).toEqual(['https://pub.example/sms', 'http://h.example/sms']);
    expect(urlViews(direct, { receivedScheme: 'https' }).naive.url).toBe('https://h.example/sms');
    const port = view('/p', { Host: 'h.example', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Port': '8443' });
    expect(urlViews(port, {}).correct[0]!.url).toBe('https://h.example:8443/p');
    const defaultPort = view('/p', { Host: 'h.example', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Port': '443' });
    expect(urlViews(defaultPort, {}).correct[0]!.url).toBe('https://h.example/p');
    const garbage = view('/p', { Host: 'h example', 'X-Forwarded-Proto': 'ftp', 'X-Forwarded-Host': 'a/b' });
    expect(urlViews(garbage, {})).toMatchObject({ naive: { url: 'http://localhost/p' }, forwarded: false });
  });

  it('varies one thing at a time, deduplicated, without the base', () => {
    const req = view('/api/sms?b=2&a=1+x', { Host: 'localhost:3000', 'X-Original-Host': 'orig.example', 'X-Forwarded-Prefix': '/pre' });
    const base = 'https://pub.example/api/sms?b=2&a=1+x';
    const variants = urlVariants(base, req, { publicUrl: 'https://pub.example/mount' });
    const bySource = Object.fromEntries(variants.map((v) => [v.source, v.url]));
    expect(bySource).toMatchObject({
      'scheme flipped': 'http://pub.example/api/sms?b=2&a=1+x',
      'Host header': 'https://localhost:3000/api/sms?b=2&a=1+x',
      'X-Original-Host': 'https://orig.example/api/sms?b=2&a=1+x',
      'default port :443 added': 'https://pub.example:443/api/sms?b=2&a=1+x',
      'trailing slash added': 'https://pub.example/api/sms/?b=2&a=1+x',
      'first path segment /api stripped': 'https://pub.example/sms?b=2&a=1+x',
      'public URL path prefix /mount added': 'https://pub.example/mount/api/sms?b=2&a=1+x',
      'X-Forwarded-Prefix /pre added': 'https://pub.example/pre/api/sms?b=2&a=1+x',
      'query string dropped': 'https://pub.example/api/sms',
      'query parameters sorted': 'https://pub.example/api/sms?a=1+x&b=2',
      '+ re-encoded as %20': 'https://pub.example/api/sms?b=2&a=1%20x',
      '+ read back as a space': 'https://pub.example/api/sms?b=2&a=1 x',
      'parameter b removed': 'https://pub.example/api/sms?a=1+x',
      'parameter a removed': 'https://pub.example/api/sms?b=2',
    });
    expect(variants.map((v) => v.url)).not.toContain(base);
    expect(new Set(variants.map((v) => v.url)).size).toBe(variants.length);
  });

  it('names what differs between two URLs', () => {
    expect(urlDifferences('https://a.example/x', 'http://a.example/x')).toEqual(['proto-rewritten']);
    expect(urlDifferences('https://a.example/x', 'http://localhost:3000/x')).toEqual(['proto-rewritten', 'host-rewritten']);
    expect(urlDifferences('https://a.example:8443/x', 'https://A.EXAMPLE/x')).toEqual(['port-mismatch']);
    expect(urlDifferences('https://a.example/x/', 'https://a.example/x?q')).toEqual(['path-rewritten', 'query-changed']);
    expect(urlDifferences('https://a.example/x', 'https://a.example/x')).toEqual([]);
  });
});

describe('candidate bodies', () => {
  it('offers newline, line-ending, JSON and charset variants, smallest change first, no duplicates', () => {
    const variants = bodyVariants(enc('{"b":1,\n"a":"é"}'), 'application/json');
    const changes = variants.map((v) => v.change);
    expect(changes).toEqual([
      'with a trailing newline added',
      'with LF line endings turned into CRLF',
      're-serialized compactly (JSON.stringify)',
      'pretty-printed with 2 spaces',
      'pretty-printed with 4 spaces',
      're-serialized with keys sorted',
      're-encoded from UTF-8 to Latin-1',
      'read as Latin-1 and re-encoded as UTF-8',
    ]);
    expect(decode(variants[2]!.body)).toBe('{"b":1,"a":"é"}');
    expect(decode(variants[5]!.body)).toBe('{"a":"é","b":1}');
    expect([...variants[6]!.body].slice(-3)).toEqual([0xe9, 0x22, 0x7d]);
  });

  it('removes a trailing CRLF and leaves non-JSON alone', () => {
    expect(bodyVariants(enc('plain text\r\n'), 'text/plain').map((v) => [v.change, decode(v.body)])).toEqual([
      ['without the trailing newline', 'plain text'],
      ['with CRLF line endings turned into LF', 'plain text\n'],
    ]);
  });

  it('skips the search for bodies over 1 MB', () => {
    expect(bodyVariants(new Uint8Array(MAX_SEARCH_BODY + 1), 'application/json')).toEqual([]);
  });
});

describe('candidate secrets', () => {
  it('puts the endpoint rule secret first and drops duplicate values', () => {
    const github = schemeById('github')!;
    const list = configuredSecrets(github, [...secrets('github', 'a-secret', 'b-secret'), ...secrets('stripe', 'c')], { path: '/gh', provider: 'github', secret: 'b-secret' }, {});
    expect(list.map((s) => s.label)).toEqual(['github (endpoint /gh)', 'github #1 (current)']);
  });

  it('reads the secret in other shapes, skipping keys already tried', () => {
    const stripe = schemeById('stripe')!;
    const shapes = shapeVariants(stripe, ' whsec_abc123 \n', {}, [enc(' whsec_abc123 \n')]);
    expect(shapes.map((s) => s.change)).toEqual([
      'once trimmed of surrounding whitespace or a newline',
      'without its whsec_ prefix',
      'when base64-decoded',
      'when hex-decoded',
    ]);
    expect(decode(shapes[1]!.key)).toBe('abc123');
    expect([...shapes[3]!.key]).toEqual([0xab, 0xc1, 0x23]);
  });
});

describe('diagnoses and words', () => {
  const info = { id: 'twilio', title: 'Twilio', headers: ['X-Twilio-Signature'], signsUrl: true, kind: 'hmac' as const };

  it('orders proofs before warnings and catch-alls, and drops repeats', () => {
    const url = { signed: 'https://a.example/x', seen: 'http://a.example/x', signedSource: 's', seenSource: 't', forwarded: false };
    const out = diagnose(info, [
      { code: 'wrong-secret', labels: [] },
      { code: 'proto-rewritten', seenBy: 'naive', ...url },
      { code: 'secret-rotated', matched: 'b', current: 'a' },
      { code: 'path-rewritten', seenBy: 'rebuilt', ...url },
      { code: 'timestamp-stale', skewSeconds: 400, toleranceSeconds: 300, timestamp: 1, receivedAt: 401 },
      { code: 'secret-rotated', matched: 'b', current: 'a' },
    ]);
    expect(out.map((d) => d.code)).toEqual(['timestamp-stale', 'path-rewritten', 'secret-rotated', 'proto-rewritten', 'wrong-secret']);
    expect(out.every((d) => d.message.length > 0 && d.fix.length > 0)).toBe(true);
  });

  it('names the tunnel and the place a token travels', () => {
    expect(tunnelName('https://abc.ngrok-free.app/x')).toBe('ngrok');
    expect(tunnelName('https://x.trycloudflare.com/')).toBe('Cloudflare Tunnel');
    expect(tunnelName('https://example.com/')).toBeNull();
    expect(describeLocation('query:token')).toBe('?token=');
    expect(describeLocation('header:X-Token')).toBe('the X-Token header');
  });
});
