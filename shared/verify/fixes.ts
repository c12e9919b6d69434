/**
 * The words: one message and one fix per diagnosis code, in the developer's language and naming the
 * concrete URLs, headers and seconds involved. Nothing here ever receives a secret value — only labels.
 */
import type { Diagnosis } from './types.js';
import { parseUrl } from './candidate-urls.js';

export interface ProviderInfo {
  id: string;
  title: string;
  /** Headers (or parameters) that carry the signature. */
  headers: readonly string[];
  signsUrl: boolean;
  kind: 'hmac' | 'token' | 'asymmetric';
  toleranceSeconds?: number;
}

type Words = Pick<Diagnosis, 'message' | 'fix'>;

const EXPRESS_PROXY = "In Express call `app.set('trust proxy', true)` and build the URL from `req.protocol` and `req.get('host')` plus `req.originalUrl`";

/** Who sits in front of hookscope, guessed from the public host name. */
export function tunnelName(url: string): string | null {
  const host = parseUrl(url)?.hostname.toLowerCase() ?? '';
  if (/(^|\.)ngrok(-free)?\.(app|io|dev)$/.test(host)) return 'ngrok';
  if (host.endsWith('.trycloudflare.com')) return 'Cloudflare Tunnel';
  if (host.endsWith('.loca.lt')) return 'localtunnel';
  if (host.endsWith('.devtunnels.ms')) return 'Dev Tunnels';
  return null;
}

/** How to hand the right URL to the provider's own verifier. */
function sdkUrlHint(p: ProviderInfo, signed: string): string {
  const u = parseUrl(signed);
  const host = u ? u.hostname + (u.port ? ':' + u.port : '') : '';
  switch (p.id) {
    case 'twilio':
      return `or pass your public URL to \`validateRequest\` (\`twilio.validateRequest(authToken, signature, '${signed}', params)\`); \`twilio.webhook()\` reads the Host header, so give it \`{ protocol: '${u?.proto ?? 'https'}', host: '${host}' }\` or \`{ url }\``;
    case 'signalwire':
      return `or pass your public URL (${signed}) to the SignalWire validator instead of one rebuilt from the request`;
    case 'square':
      return `or pass the notification URL exactly as registered in Square (${signed}) to the verifier`;
    default:
      return `or pass your public URL (${signed}) to the verifier instead of one rebuilt from the request`;
  }
}

function hostOf(url: string): string {
  const u = parseUrl(url);
  return u ? u.hostname + (u.port ? ':' + u.port : '') : url;
}

function portPhrase(url: string): string {
  const port = parseUrl(url)?.port;
  return port ? `with port :${port}` : 'without a port';
}

export interface UrlChange {
  /** The URL the provider signed (the one that reproduced the signature). */
  signed: string;
  /** The URL it was compared with. */
  seen: string;
  /** 'naive': what an app rebuilding the URL from its socket sees (a warning on a request that verifies);
   *  'rebuilt': the URL hookscope rebuilt as a correct verifier, which did not verify. */
  seenBy: 'naive' | 'rebuilt';
  /** Where `seen` came from ("forwarding headers (X-Forwarded-Proto)", "public URL", ...). */
  seenSource: string;
  /** Where `signed` came from ("scheme flipped", "X-Forwarded-Host", ...). */
  signedSource: string;
  /** True when Forwarded / X-Forwarded-* headers were present. */
  forwarded: boolean;
  /** Set when the change is a base64 `+` turned into a space in the signature itself: where it travels. */
  plusAsSpace?: string;
}

export function protoRewritten(p: ProviderInfo, c: UrlChange): Words {
  const signedProto = parseUrl(c.signed)?.proto ?? 'https';
  const seenProto = parseUrl(c.seen)?.proto ?? 'http';
  const tunnel = tunnelName(c.signed);
  if (c.seenBy === 'naive') {
    const who = tunnel ? `${tunnel} terminates TLS` : 'the proxy in front of it terminates TLS';
    return {
      message: `${p.title} signed ${c.signed} but the request reached hookscope as ${seenProto}:// — ${who}. An app that rebuilds the URL from its socket computes the wrong signature.`,
      fix: `${EXPRESS_PROXY}, ${sdkUrlHint(p, c.signed)}.`,
    };
  }
  const why = c.forwarded
    ? `the forwarding headers say ${seenProto}`
    : `no X-Forwarded-Proto or Forwarded header said the original request was ${signedProto}, so a TLS-terminating proxy in front does not pass the scheme on`;
  return {
    message: `${p.title} signed ${c.signed}, but hookscope rebuilt ${c.seen} from ${c.seenSource}: ${why}.`,
    fix: `Make the proxy send \`X-Forwarded-Proto: ${signedProto}\` or start hookscope with \`--public-url ${signedProto}://${hostOf(c.signed)}\`. In your app use the ${signedProto} URL: ${EXPRESS_PROXY.charAt(0).toLowerCase() + EXPRESS_PROXY.slice(1)}, ${sdkUrlHint(p, c.signed)}.`,
  };
}

export function hostRewritten(p: ProviderInfo, c: UrlChange): Words {
  const signedHost = hostOf(c.signed);
  const seenHost = hostOf(c.seen);
  const tunnel = tunnelName(c.signed);
  if (c.seenBy === 'naive') {
    const who = tunnel === 'ngrok' ? 'ngrok rewrote the Host header (--host-header=rewrite)' : `${tunnel ?? 'the proxy in front'} rewrote the Host header`;
    return {
      message: `${p.title} signed ${c.signed} (host ${signedHost}) but the Host header that reached hookscope is ${seenHost} — ${who}. An app that builds the URL from the Host header computes the wrong signature.`,
      fix: `Build the URL from X-Forwarded-Host (Express: \`app.set('trust proxy', true)\`, then \`req.hostname\`) or from your public URL, ${sdkUrlHint(p, c.signed)}.`,
    };
  }
  return {
    message: `${p.title} signed ${c.signed}, with the host ${signedHost} (as in ${c.signedSource}), but hookscope rebuilt ${c.seen} from ${c.seenSource}, with the host ${seenHost}.`,
    fix: `Use ${signedHost} when rebuilding the URL, ${sdkUrlHint(p, c.signed)}. If ${signedHost} is your tunnel, start hookscope with \`--public-url ${parseUrl(c.signed)?.proto ?? 'https'}://${signedHost}\`.`,
  };
}

export function portMismatch(p: ProviderInfo, c: UrlChange): Words {
  // twilio-node tries the URL with its port removed and with the default port added, nothing else.
  const sdk = p.id === 'twilio' ? " (Twilio's SDK also tries the URL without its port and with the default port, but never another port)" : '';
  const seen = c.seenBy === 'naive' ? `an app rebuilding the URL from the request sees ${c.seen}` : `hookscope rebuilt ${c.seen} from ${c.seenSource}`;
  return {
    message: `${p.title} signed ${c.signed}, ${portPhrase(c.signed)}, but ${seen}, ${portPhrase(c.seen)}.`,
    fix: `Use the port exactly as in the URL configured at ${p.title}${sdk}: do not add X-Forwarded-Port or the local port to the URL, ${sdkUrlHint(p, c.signed)}.`,
  };
}

/** "(the signature matches with the trailing slash removed)" for a failure, '' for a warning. */
function matchedWith(c: UrlChange): string {
  return c.seenBy === 'rebuilt' ? ` (the signature matches with the ${c.signedSource.replace(/^the /, '')})` : '';
}

export function pathRewritten(p: ProviderInfo, c: UrlChange): Words {
  const signedPath = parseUrl(c.signed)?.path ?? c.signed;
  const seenPath = parseUrl(c.seen)?.path ?? c.seen;
  return {
    message: `${p.title} signed the path ${signedPath} (${c.signed}) but the request arrived at ${seenPath}${matchedWith(c)}: a proxy or router changed the path on the way.`,
    fix: `Verify against the URL exactly as registered at ${p.title}: ${c.signed}. In Express use \`req.originalUrl\` (a router's \`req.url\` loses its mount path), and configure the proxy not to strip or add a path prefix or trailing slash; ${sdkUrlHint(p, c.signed)}.`,
  };
}

export function queryChanged(p: ProviderInfo, c: UrlChange): Words {
  if (c.plusAsSpace) {
    return {
      message: `The signature in ${c.plusAsSpace} is right except that each \`+\` of its base64 arrived as a space (%20 or a bare +): the URL was decoded and rebuilt on the way, so the signature no longer matches as received.`,
      fix: 'URL-encode the signature when you build the callback URL (`encodeURIComponent(signature)`, so `+` travels as `%2B`), or sign with base64url, which has no `+` or `/`; read the raw query value when you verify.',
    };
  }
  const show = (url: string) => {
    const q = parseUrl(url)?.query;
    return q === null || q === undefined ? '(no query string)' : `?${q}`;
  };
  return {
    message: `${p.title} signed the query ${show(c.signed)} but the request arrived with ${show(c.seen)}${matchedWith(c)}.`,
    fix: `Verify against the raw query string as received (Express: \`req.originalUrl\`); do not rebuild it from parsed parameters, which reorders and re-encodes them (a \`+\` becomes a space). Make sure no proxy drops or adds parameters; ${sdkUrlHint(p, c.signed)}.`,
  };
}

export function bodyModified(p: ProviderInfo, change: string): Words {
  return {
    message: `The signature matches the body ${change}, not the bytes hookscope received: the body was rewritten between the signer and here (a proxy, or a sender that signs one serialization and sends another).`,
    fix: "Verify the raw body bytes before any parsing: in Express use `express.raw({ type: 'application/json' })` (or `express.raw({ type: '*/*' })`) on the webhook route and pass the Buffer to the verifier — never `JSON.stringify(req.body)`. Check that no proxy or middleware re-encodes the body.",
  };
}

export function timestampStale(p: ProviderInfo, t: { skewSeconds: number; toleranceSeconds: number; timestamp: number; receivedAt: number }): Words {
  const seconds = Math.abs(t.skewSeconds);
  const when = t.skewSeconds > 0 ? `${seconds} seconds older than` : `${seconds} seconds ahead of`;
  const replay = t.skewSeconds > 3600
    ? 'This looks like a replay of an old delivery: replay it with a fresh signature (`hookscope replay <id> --resign`), or resend it from the provider dashboard.'
    : `Check this machine's clock (enable NTP, e.g. \`timedatectl set-ntp true\`): a clock ${seconds} seconds off rejects every ${p.title} delivery. For a replay, re-sign it (\`hookscope replay <id> --resign\`).`;
  return {
    message: `The ${p.title} signature is right, but its timestamp ${t.timestamp} (${iso(t.timestamp)}) is ${when} the time hookscope received it (${iso(t.receivedAt)}); ${p.title} allows ${t.toleranceSeconds} seconds.`,
    fix: replay,
  };
}

function iso(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}

export function secretRotated(p: ProviderInfo, s: { matched: string; current: string | null; otherProvider?: string }): Words {
  if (s.otherProvider) {
    return {
      message: `The signature matches the secret configured for ${s.otherProvider} (${s.matched}), not ${s.current ? `the ${p.title} secret ${s.current}` : `a ${p.title} secret (none is configured)`}.`,
      fix: `Configure that secret for ${p.id} (\`--secret ${p.id}=...\` or under "secrets"."${p.id}" in hookscope.config.json), and check whether it really belongs to ${s.otherProvider}.`,
    };
  }
  return {
    message: `${p.title} signed with ${s.matched}, not the current secret ${s.current}: ${p.title} is still using the previous secret, or the current one was configured by mistake.`,
    fix: `Keep both secrets while ${p.title} rotates and make your app accept both; once deliveries verify with ${s.current}, remove ${s.matched}. If ${s.matched} is in fact the live one, list it first.`,
  };
}

export function secretFormat(p: ProviderInfo, s: { label: string; change?: string; advice?: string; complaint?: string; shape?: string; unusable?: boolean }): Words {
  const shape = s.shape ? ` ${p.title} expects ${s.shape}.` : '';
  if (s.complaint) {
    return {
      message: `${s.label}: ${s.complaint}`,
      fix: `Copy the webhook signing secret from ${p.title}'s dashboard (the one for this endpoint) instead.${shape}`,
    };
  }
  if (s.unusable) {
    return {
      message: `The configured secret ${s.label} cannot be used as a ${p.title} key.${shape}`,
      fix: `Copy the signing secret for this endpoint from ${p.title} exactly as shown.`,
    };
  }
  return {
    message: `The signature matches the configured secret ${s.label} only ${s.change}: the value is configured in another shape than the sender uses.${shape}`,
    fix: s.advice ?? `Configure the secret exactly as ${p.title} shows it.`,
  };
}

export function encodingMismatch(p: ProviderInfo): Words {
  const header = p.headers.join(' / ') || 'the signature';
  return {
    message: `${header} holds the right digest for this request, but in another encoding (hex vs base64) or without the prefix ${p.title} expects.`,
    fix: `Make the sender encode the signature as ${p.title} does, or set the endpoint's \`encoding\` option (hex, base64, base64url) and prefix to what the sender uses.`,
  };
}

export function signatureMissing(p: ProviderInfo, why: { rule?: string }): Words {
  const header = p.headers.join(' / ') || 'signature';
  const reason = why.rule ? `the endpoint rule ${why.rule} requires a ${p.title} signature` : `a ${p.title} secret is configured, so a signature is expected`;
  return {
    message: `No ${header} on this request, but ${reason}.`,
    fix: why.rule
      ? `Check that the sender signs this endpoint and that the rule's \`signatureFrom\`/\`from\` option names where it puts the signature; make sure no proxy strips ${header}.`
      : `Check that signing is enabled for this webhook at ${p.title} and that no proxy strips ${header}. If this endpoint is not ${p.title}'s, add an endpoint rule for it.`,
  };
}

/** `query:token` → "?token=", `header:X-Token` → "the X-Token header". */
export function describeLocation(spec: string): string {
  const [where, ...rest] = spec.split(':');
  const name = rest.join(':');
  if (where === 'query' && name) return `?${name}=`;
  if (where === 'header' && name) return `the ${name} header`;
  return spec;
}

export function tokenMismatch(p: ProviderInfo, t: { labels: readonly string[]; where?: string }): Words {
  const where = t.where ? describeLocation(t.where) : p.headers.join(' / ') || 'the request';
  const configured = t.labels.length > 1 ? `any of the configured tokens (${t.labels.join(', ')})` : `the configured token (${t.labels[0] ?? 'none'})`;
  return {
    message: `A token is present in ${where} but it does not match ${configured}.`,
    fix: `Compare the token in the webhook URL or header registered at the sender with the one configured for this endpoint; a proxy that rewrites the query string breaks it too.`,
  };
}

export function wrongSecret(p: ProviderInfo, w: { labels: readonly string[]; signedUrl?: string }): Words {
  const tried = p.signsUrl ? 'URL forms, body normalizations, secret shapes or other providers\' secrets' : 'body normalizations, secret shapes or other providers\' secrets';
  return {
    message: `None of the configured ${p.title} secrets (${w.labels.join(', ') || 'none'}) reproduces the signature, and nothing hookscope tried (${tried}) does either.`,
    fix: `Check that you copied the signing secret of this very endpoint (not another endpoint's, or the test-mode one)${w.signedUrl ? ` and that the URL configured at ${p.title} is exactly ${w.signedUrl}` : ''}. If the body was changed before it reached hookscope, nothing here can recover it.`,
  };
}

/** Forward mode: the request verifies, yet the app said 401/403 — its own check is off. */
export function appRejectedValid(p: ProviderInfo, r: { status: number; signedUrl?: string }): Words {
  return {
    message: `The ${p.title} signature is valid, but your app answered ${r.status}: its own verification rejects a genuine request.`,
    fix: `Verify the raw body bytes (\`express.raw()\`), use the current secret${r.signedUrl ? ` and the public URL ${r.signedUrl}` : ''}; see the other diagnoses for what an app behind a tunnel gets wrong.`,
  };
}
