import type { Check, Diagnosis, VerificationResult } from '../../../shared/verify/types.js';
import { CopyButton } from './CopyButton.js';
import { VerdictBadge } from './VerdictBadge.js';
import { urlAsSigned } from '../signed-url.js';

const SUMMARY: Record<string, string> = {
  verified: 'A configured secret reproduces the signature over the request as the provider sent it.',
  failed: 'The signature does not verify.',
  unsigned: 'No signature or token was found on this request, and no endpoint rule requires one.',
  'no-secret': 'A signature was found, but no secret for this provider is configured.',
};

/** A shared token is compared, not signed: the same verdicts in its words. */
const TOKEN_SUMMARY: Record<string, string> = {
  verified: 'The token sent matches a configured token.',
  failed: 'The token sent does not match.',
  'no-secret': 'A token was found, but no token is configured to compare it with.',
};

const OUTCOME: Record<Check['outcome'], string> = {
  match: 'matches',
  mismatch: 'does not match',
  missing: 'signature missing',
  stale: 'timestamp outside tolerance',
  'no-secret': 'no secret configured',
};

export interface VerificationPanelProps {
  verification: VerificationResult | null;
  /** Opens Settings to add a secret for this provider (shown for `no-secret`). */
  onAddSecret?(provider: string): void;
}

/**
 * Why a request verifies or not: the verdict, every check tried (secrets by label, never by value),
 * each diagnosis with its message and fix, and for URL-signed schemes the candidate URLs with the one
 * the signature matches highlighted — what the provider signed next to what the app sees.
 */
export function VerificationPanel({ verification: v, onAddSecret }: VerificationPanelProps) {
  if (!v) {
    return (
      <section class="verification" data-testid="verification" data-verdict="none">
        <p class="muted">Not verified yet.</p>
      </section>
    );
  }
  const signedUrl = urlAsSigned(v);
  return (
    <section class={`verification verification-${v.verdict}`} data-testid="verification" data-verdict={v.verdict}>
      <div class="verification-head">
        <VerdictBadge verdict={v.verdict} provider={v.provider} />
        <span class="verification-summary">{(v.provider === 'token' ? TOKEN_SUMMARY[v.verdict] : undefined) ?? SUMMARY[v.verdict] ?? v.verdict}</span>
        {v.verdict === 'no-secret' && v.provider && onAddSecret ? (
          <button type="button" class="primary" data-testid="add-secret-for-provider" onClick={() => onAddSecret(v.provider!)}>
            Add a {v.provider} secret
          </button>
        ) : null}
      </div>

      {v.diagnoses.length > 0 ? (
        <ol class="diagnoses" data-testid="diagnoses">
          {v.diagnoses.map((d, i) => (
            <DiagnosisItem key={i} diagnosis={d} primary={i === 0} signed={v.provider !== 'token'} />
          ))}
        </ol>
      ) : null}

      {v.candidates && v.candidates.length > 0 ? (
        <div class="candidates-wrap">
          <h4>URLs the provider may have signed</h4>
          <table class="grid candidates" data-testid="candidates">
            <thead>
              <tr>
                <th />
                <th>URL</th>
                <th>Where it comes from</th>
              </tr>
            </thead>
            <tbody>
              {v.candidates.map((c, i) => (
                <tr key={i} class={c.matched ? 'matched' : undefined} data-testid="candidate" data-matched={c.matched ? 'true' : 'false'}>
                  <td class="candidate-mark" aria-label={c.matched ? 'signature matches' : 'no match'}>
                    {c.matched ? '✓' : '·'}
                  </td>
                  <td class="mono candidate-url" data-testid="candidate-url">
                    {c.url}
                  </td>
                  <td class="candidate-source">
                    {c.source}
                    {c.url === signedUrl ? <span class="flag flag-ok">signed URL</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {v.checks.length > 0 ? (
        <details class="checks-wrap" open={v.verdict !== 'verified'}>
          <summary>
            {v.checks.length} {v.checks.length === 1 ? 'check' : 'checks'} tried
          </summary>
          <table class="grid checks" data-testid="checks">
            <thead>
              <tr>
                <th>Provider</th>
                <th>Secret</th>
                <th>Outcome</th>
                <th>Detail</th>
              </tr>
            </thead>
            <tbody>
              {v.checks.map((c, i) => (
                <tr key={i} data-testid="check" data-outcome={c.outcome}>
                  <td>{c.provider}</td>
                  <td data-testid="check-secret">{c.secret ?? '—'}</td>
                  <td class={`outcome outcome-${c.outcome}`}>{OUTCOME[c.outcome] ?? c.outcome}</td>
                  <td class="mono">{c.detail ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </section>
  );
}

/** Text with `backtick` spans shown as code (as text nodes: diagnoses quote captured values). */
export function RichText({ text }: { text: string }) {
  const parts = text.split(/(`[^`]+`)/);
  return (
    <>
      {parts.map((p, i) => (p.length > 2 && p.startsWith('`') && p.endsWith('`') ? <code key={i}>{p.slice(1, -1)}</code> : p))}
    </>
  );
}

function DiagnosisItem({ diagnosis: d, primary, signed }: { diagnosis: Diagnosis; primary: boolean; signed: boolean }) {
  const keys = Array.from(new Set([...Object.keys(d.expected ?? {}), ...Object.keys(d.actual ?? {})]));
  // Only the sides this diagnosis has: a wrong secret says what was tried, not what the provider used
  // (nobody can know), and an empty "expected" column beside it read as a rendering fault.
  const sides = [
    ...(d.expected ? [{ title: signed ? 'Provider signed (expected)' : 'Expected', values: d.expected }] : []),
    ...(d.actual ? [{ title: 'Received (actual)', values: d.actual }] : []),
  ];
  const compare =
    keys.length > 0 ? (
      <table class="grid compare" data-testid="diagnosis-compare">
        <thead>
          <tr>
            <th />
            {sides.map((side) => (
              <th key={side.title}>{side.title}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => {
            const shown = sides.map((side) => show(side.values[k]));
            return (
              <tr key={k} class={sides.length === 2 && shown[0] !== shown[1] ? 'differs' : undefined}>
                <th scope="row">{fieldLabel(k)}</th>
                {shown.map((value, i) => (
                  <td key={sides[i]!.title} class="mono">
                    {value}
                    {k === 'url' && value && sides[i]!.values === d.expected ? <CopyButton text={value} label="copy" /> : null}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    ) : null;
  const fix = (
    <p class="diagnosis-fix" data-testid="diagnosis-fix">
      <strong>Fix: </strong>
      <RichText text={d.fix} />
    </p>
  );
  return (
    <li class={`diagnosis${primary ? ' primary' : ' secondary'}`} data-testid="diagnosis" data-code={d.code}>
      <p class="diagnosis-message" data-testid="diagnosis-message">
        <code class="diagnosis-code">{d.code}</code> <RichText text={d.message} />
      </p>
      {primary ? (
        <>
          {fix}
          {compare}
        </>
      ) : (
        // Further findings stay compact so the candidate URLs remain in view; the fix is one click away.
        <details class="diagnosis-more">
          <summary>fix{compare ? ' and comparison' : ''}</summary>
          {fix}
          {compare}
        </details>
      )}
    </li>
  );
}

/** Row labels for the fields diagnoses compare (shared/verify/diagnose.ts); others are spelled out from camelCase. */
const FIELD_LABELS: Record<string, string> = {
  url: 'URL',
  source: 'from',
  toleranceSeconds: 'tolerance (s)',
  receivedAt: 'received at',
  skewSeconds: 'clock skew (s)',
  shape: 'secret shape',
  secretsTried: 'secrets tried',
};

export function fieldLabel(key: string): string {
  return FIELD_LABELS[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function show(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(', ');
  return JSON.stringify(value);
}
