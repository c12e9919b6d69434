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

export const SCHEMES: readonly Scheme[] = [
  github,
  flash,
  discord,
  sendgrid,
  twitch,
  calendly,
  pagerduty,
  sentry,
  // X-Signature is a generic header name: Lemon Squeezy also needs X-Event-Name, and goes after the specific sets.
  lemonsqueezy,
  // Configured per endpoint (detect is always false): last, after every header-detected scheme.
  hmac,
  token,
];

export function schemeById(id: string): Scheme | undefined {
  return SCHEMES.find((s) => s.id === id);
}
