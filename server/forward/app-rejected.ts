/**
 * The forward-mode cross-check: hookscope verified the signature, yet the app answered 401/403 — the
 * app's own check is off. The diagnosis names the likely causes for this provider, most likely first:
 * the URL rebuilt from the wrong scheme/host (URL-signed schemes), the body parsed before verifying, the
 * wrong secret in the app, the app's clock. Only labels of secrets appear here, never values.
 */
import type { Diagnosis, VerificationResult } from '../../shared/verify/types.js';
import { schemeById } from '../../shared/verify/registry.js';

interface ProviderHints {
  /** How the provider's SDK wants the raw body (the usual bug for body-signed schemes). */
  rawBody?: string;
  /** Where the secret usually lives in an app, and mix-ups typical of this provider. */
  secret?: string;
  /** How to hand the right URL to the provider's verifier (URL-signed schemes). */
  url?: (signedUrl: string) => string;
}

const EXPRESS_RAW = "mount `express.raw({ type: '*/*' })` on the webhook route (not `express.json()`) and pass the Buffer";

const HINTS: Record<string, ProviderHints> = {
  stripe: {
    rawBody: "`stripe.webhooks.constructEvent(req.body, req.headers['stripe-signature'], secret)` needs the raw Buffer: " + EXPRESS_RAW,
    secret: 'STRIPE_WEBHOOK_SECRET must be the signing secret of this endpoint (whsec_…); `stripe listen` prints its own whsec_ for the events it forwards, different from the Dashboard endpoint\'s',
  },
  github: {
    rawBody: '`@octokit/webhooks` `verify(secret, payload, signature)` must get the raw body text, not `JSON.stringify(req.body)`: ' + EXPRESS_RAW,
    secret: "the app's webhook secret must be the one set on this webhook (repository or organization settings), not a token",
  },
  slack: {
    rawBody: "Slack signs `v0:timestamp:raw body`; Bolt does this itself, a hand-written check must use the raw body: " + EXPRESS_RAW,
    secret: 'SLACK_SIGNING_SECRET is the Signing Secret (Basic Information), not the bot token or the verification token',
  },
  shopify: {
    rawBody: 'X-Shopify-Hmac-Sha256 is over the raw body: ' + EXPRESS_RAW,
    secret: "the app must use the app's client secret (API secret key) or the webhook signing secret shown under Notifications",
  },
  twilio: {
    secret: 'TWILIO_AUTH_TOKEN must be the Auth Token of the account that owns the number (not an API key secret)',
    url: (u) => `\`twilio.webhook({ url: '${u}' })\` or \`twilio.validateRequest(authToken, signature, '${u}', req.body)\``,
  },
  signalwire: {
    secret: "the app must use the project's Signing Key (API Credentials page), not an API token",
    url: (u) => `pass '${u}' to the SignalWire validator instead of a URL rebuilt from the request`,
  },
  square: {
    rawBody: 'Square signs the notification URL + raw body: ' + EXPRESS_RAW,
    secret: "the app must use this subscription's signature key (Developer Dashboard → Webhooks)",
    url: (u) => `pass the notification URL exactly as registered ('${u}') to \`WebhooksHelper.verifySignature\``,
  },
  'standard-webhooks': {
    rawBody: '`new Webhook(secret).verify(payload, headers)` needs the raw body string: ' + EXPRESS_RAW,
    secret: 'the whsec_… secret of this endpoint, base64 part included',
  },
  paddle: { rawBody: 'Paddle signs `ts:raw body`: ' + EXPRESS_RAW, secret: "the endpoint's secret key from Notifications → the destination" },
  zoom: { rawBody: 'Zoom signs `v0:timestamp:raw body`: ' + EXPRESS_RAW, secret: "the app's Secret Token (Feature → Event Subscriptions)" },
  linear: { rawBody: 'Linear-Signature is over the raw body: ' + EXPRESS_RAW, secret: "the webhook's signing secret (Settings → API → Webhooks)" },
};

/** The stored verification with `app-rejected-valid` put first (replacing an earlier one). */
export function withAppRejected(verification: VerificationResult, status: number): VerificationResult {
  const diagnosis = appRejectedDiagnosis(verification, status);
  return { ...verification, diagnoses: [diagnosis, ...verification.diagnoses.filter((d) => d.code !== 'app-rejected-valid')] };
}

export function appRejectedDiagnosis(verification: VerificationResult, status: number): Diagnosis {
  const provider = verification.provider ?? 'unknown';
  const scheme = schemeById(provider);
  const title = scheme?.title ?? provider;
  const hints = HINTS[provider] ?? {};
  const matched = verification.checks.find((c) => c.outcome === 'match');
  const secretLabel = matched?.secret ?? null;
  const signedUrl = verification.signedUrl;
  const naive = verification.candidates?.find((c) => c.source === 'the Host header as received')?.url;

  const causes: string[] = [];
  if (scheme?.kind === 'token') {
    causes.push(`The app compares the token with another value or reads it from another place than the one hookscope matched${secretLabel ? ` (${secretLabel})` : ''}.`);
  } else {
    if (scheme?.signsUrl && signedUrl) {
      const arrived = naive && naive !== signedUrl ? ` — behind a tunnel or proxy the request reaches it as ${naive}` : '';
      causes.push(
        `URL rebuilt from the wrong scheme or host: ${title} signed ${signedUrl}, so the app must verify against exactly that URL${arrived}. In Express call \`app.set('trust proxy', true)\` and use \`req.protocol\`, \`req.get('host')\` and \`req.originalUrl\`, ${hints.url ? `or ${hints.url(signedUrl)}` : 'or pass the public URL to the verifier'}.`,
      );
    }
    causes.push(`Body parsed before verifying: ${hints.rawBody ?? `verify the raw body bytes before any parsing: ${EXPRESS_RAW}`}; never re-serialize (\`JSON.stringify(req.body)\`) to verify.`);
    causes.push(
      `Wrong secret in the app: hookscope verified it with ${secretLabel ?? 'the configured secret'}; ${hints.secret ? hints.secret : `the app must hold the same ${title} signing secret`}. After a rotation the app must accept the new secret too.`,
    );
    if (scheme?.toleranceSeconds) causes.push(`The app's clock or tolerance: ${title} allows ${scheme.toleranceSeconds} s; a machine clock that is off rejects fresh deliveries (enable NTP).`);
  }
  return {
    code: 'app-rejected-valid',
    message: `hookscope verified this ${title} signature${secretLabel ? ` with ${secretLabel}` : ''}, but your app answered ${status}: its own check rejects a genuine request.`,
    fix: `Likely causes, most likely first: ${causes.map((c, i) => `(${i + 1}) ${c}`).join(' ')}`,
    expected: { verdict: 'verified', ...(secretLabel ? { secret: secretLabel } : {}), ...(signedUrl ? { url: signedUrl } : {}) },
    actual: { appStatus: status, ...(naive && scheme?.signsUrl ? { receivedAs: naive } : {}) },
  };
}
