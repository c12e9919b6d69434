/**
 * Every scheme hookscope knows, in detection order: the more specific header sets first, so a request
 * carrying Svix headers is not taken for a generic one. Add a provider by importing its module here.
 */
import type { Scheme } from './scheme.js';
import { github } from './providers/github.js';
import { flash } from './providers/flash.js';
import { discord } from './providers/discord.js';
import { sendgrid } from './providers/sendgrid.js';
import { twitch } from './providers/twitch.js';
import { calendly } from './providers/calendly.js';
import { pagerduty } from './providers/pagerduty.js';
import { sentry } from './providers/sentry.js';
import { lemonsqueezy } from './providers/lemonsqueezy.js';
import { hmac } from './providers/hmac.js';
import { token } from './providers/token.js';
import { meta } from './providers/meta.js';
import { hubspot } from './providers/hubspot.js';
import { typeform } from './providers/typeform.js';
import { trello } from './providers/trello.js';
import { gitlab } from './providers/gitlab.js';
import { intercom } from './providers/intercom.js';
import { mailgun } from './providers/mailgun.js';
import { stripe } from './providers/stripe.js';
import { slack } from './providers/slack.js';
import { shopify } from './providers/shopify.js';
import { paddle } from './providers/paddle.js';
import { zoom } from './providers/zoom.js';
import { linear } from './providers/linear.js';
import { standardWebhooks } from './providers/standard-webhooks.js';
import { shopifyQuery } from './providers/shopify-query.js';
import { signalwire } from './providers/signalwire.js';
import { twilio } from './providers/twilio.js';
import { square } from './providers/square.js';

export const SCHEMES: readonly Scheme[] = [
  // Meta shares X-Hub-Signature-256 with GitHub: its detect needs Meta evidence and refuses X-GitHub-Event,
  // and it must come before github, whose detect takes any X-Hub-Signature-256.
  meta,
  github,
  hubspot,
  typeform,
  trello,
  gitlab,
  // X-Hub-Signature (sha1) is GitHub's legacy header too: intercom steps aside for GitHub and Meta requests.
  intercom,
  flash,
  discord,
  sendgrid,
  twitch,
  calendly,
  pagerduty,
  sentry,
  stripe,
  slack,
  shopify,
  paddle,
  zoom,
  linear,
  // SignalWire's compatibility callbacks may also carry X-Twilio-Signature: signalwire goes before twilio.
  signalwire,
  twilio,
  square,
  // webhook-id/-timestamp/-signature are the spec's unbranded names, used by many senders: after the branded sets.
  standardWebhooks,
  // X-Signature is a generic header name: Lemon Squeezy also needs X-Event-Name, and goes after the specific sets.
  lemonsqueezy,
  // No header at all: Mailgun is recognised by its body (signature block / event-data, or form fields).
  mailgun,
  // No header either: ?hmac= or ?signature= with Shopify's shop/path_prefix parameters (OAuth, app proxy).
  shopifyQuery,
  // Configured per endpoint (detect is always false): last, after every header-detected scheme.
  hmac,
  token,
];

export function schemeById(id: string): Scheme | undefined {
  return SCHEMES.find((s) => s.id === id);
}

/** Names people use for a scheme that has another id: Svix's signatures are Standard Webhooks'. */
const ALIASES: Readonly<Record<string, string>> = { svix: 'standard-webhooks' };

/** The scheme a user-typed provider name means (any case, aliases resolved), or undefined. */
export function schemeByName(name: string): Scheme | undefined {
  const typed = name.trim().toLowerCase();
  return schemeById(ALIASES[typed] ?? typed);
}

/**
 * Why a provider name is not one hookscope knows, in words: the nearest id when it looks like a typo
 * (two edits or fewer), then every id. For the config loader and the API.
 */
export function unknownProviderMessage(name: string): string {
  const ids = SCHEMES.map((s) => s.id);
  const known = `known: ${[...ids].sort().join(', ')}`;
  const typed = name.trim().toLowerCase();
  if (!typed) return `a provider is required; ${known}`;
  const near = ids.map((id) => ({ id, distance: editDistance(typed, id) })).sort((a, b) => a.distance - b.distance)[0];
  const hint = near && near.distance <= 2 ? ` (did you mean "${near.id}"?)` : '';
  return `unknown provider "${name}"${hint}; ${known}`;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
