import type { LiveStatus } from '../api/client.js';

/** Shown while the live socket is down; the client keeps retrying (backoff capped at ~2 s). */
export function ConnectionBanner({ status, error }: { status: LiveStatus; error?: string | null }) {
  if (status === 'lost') {
    return (
      <div class="banner banner-warn" role="status" aria-live="polite" data-testid="live-banner">
        Live connection lost — reconnecting…
      </div>
    );
  }
  if (error) {
    return (
      <div class="banner banner-error" role="alert" data-testid="error-banner">
        {error}
      </div>
    );
  }
  return null;
}
