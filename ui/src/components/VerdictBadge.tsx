import type { Verdict } from '../../../shared/verify/types.js';

const LABELS: Record<Verdict, string> = {
  verified: 'verified',
  failed: 'failed',
  unsigned: 'unsigned',
  'no-secret': 'no secret',
};

const TITLES: Record<Verdict, string> = {
  verified: 'A configured secret reproduces the signature over the request as the provider sent it',
  failed: 'A signature or token is present (or required) and the check does not pass',
  unsigned: 'No signature or token was found and no endpoint requires one',
  'no-secret': 'A provider signature was detected but no secret for it is configured',
};

/** The verdict as a coloured pill; the first diagnosis code (why) rides along in the tooltip. */
export function VerdictBadge({ verdict, provider, diagnosis }: { verdict: Verdict | null; provider?: string | null; diagnosis?: string | null }) {
  if (!verdict) {
    return (
      <span class="badge badge-none" data-testid="verdict-badge" data-verdict="none" title="Not verified yet">
        —
      </span>
    );
  }
  // Unknown verdicts (a newer server) still render, neutrally.
  const known = verdict in LABELS;
  return (
    <span
      class={`badge badge-${known ? verdict : 'none'}`}
      data-testid="verdict-badge"
      data-verdict={verdict}
      data-diagnosis={diagnosis ?? undefined}
      title={`${known ? TITLES[verdict] : verdict}${diagnosis ? ` — ${diagnosis}` : ''}`}
    >
      {known ? LABELS[verdict] : verdict}
      {provider ? <span class="badge-provider">{provider}</span> : null}
    </span>
  );
}
