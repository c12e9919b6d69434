/**
 * Provider ids and names for the Settings form and the filter menu. A plain list rather than an import
 * of shared/verify/registry.ts, which would pull every scheme (and its crypto) into the page bundle.
 * Kept in step with the registry by test/unit/verify/ui-provider-list.test.ts (the API refuses other ids).
 */
export const PROVIDERS: ReadonlyArray<{ id: string; title: string }> = [
  { id: 'calendly', title: 'Calendly' },
  { id: 'discord', title: 'Discord (interactions)' },
  { id: 'flash', title: 'Flash Payments (FlashFX)' },
  { id: 'hmac', title: 'Generic HMAC (configurable)' },
  { id: 'github', title: 'GitHub' },
  { id: 'gitlab', title: 'GitLab' },
  { id: 'hubspot', title: 'HubSpot' },
  { id: 'intercom', title: 'Intercom' },
  { id: 'lemonsqueezy', title: 'Lemon Squeezy' },
  { id: 'linear', title: 'Linear' },
  { id: 'mailgun', title: 'Mailgun' },
  { id: 'meta', title: 'Meta (Facebook, Instagram, WhatsApp)' },
  { id: 'paddle', title: 'Paddle Billing' },
  { id: 'pagerduty', title: 'PagerDuty (v3 webhooks)' },
  { id: 'sendgrid', title: 'SendGrid (Signed Event Webhook)' },
  { id: 'sentry', title: 'Sentry (integration platform)' },
  { id: 'token', title: 'Shared token (query or header)' },
  { id: 'shopify', title: 'Shopify' },
  { id: 'shopify-query', title: 'Shopify (query hmac / app proxy signature)' },
  { id: 'signalwire', title: 'SignalWire' },
  { id: 'slack', title: 'Slack' },
  { id: 'square', title: 'Square' },
  { id: 'standard-webhooks', title: 'Standard Webhooks / Svix' },
  { id: 'stripe', title: 'Stripe' },
  { id: 'trello', title: 'Trello' },
  { id: 'twilio', title: 'Twilio' },
  { id: 'twitch', title: 'Twitch EventSub' },
  { id: 'typeform', title: 'Typeform' },
  { id: 'zoom', title: 'Zoom' },
];
