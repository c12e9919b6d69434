/**
 * The secrets hookscope verifies with: from the command line, the config file and the API. Order per
 * provider is rotation order — the first is current. Values never leave this module except to the
 * engine; everything shown anywhere else is masked.
 */
import type { EndpointSecretInfo, SecretInfo } from '../../shared/api.js';
import type { ConfiguredSecret, EndpointConfig } from '../config.js';

export interface LabelledSecret {
  provider: string;
  value: string;
  label: string;
}

export class SecretStore {
  private secrets: ConfiguredSecret[];
  /**
   * Derived views, rebuilt only when the secrets change: verification (every capture) and masking
   * (every response) read them far more often than the API changes them.
   */
  private cache: { labelled: LabelledSecret[]; values: string[] } | null = null;
  /** Our own copies: setting an endpoint's secret must not change the caller's config objects. */
  private readonly endpoints: EndpointConfig[];

  constructor(initial: ConfiguredSecret[], endpoints: EndpointConfig[]) {
    this.secrets = [...initial];
    this.endpoints = endpoints.map((e) => ({ ...e }));
  }

  /** Secrets with stable labels ("stripe #1 (current)", "stripe #2"), rotation order kept. */
  labelled(): LabelledSecret[] {
    return this.derived().labelled;
  }

  private derived(): { labelled: LabelledSecret[]; values: string[] } {
    if (this.cache) return this.cache;
    const seen = new Map<string, number>();
    const labelled = this.secrets.map((s) => {
      const n = (seen.get(s.provider) ?? 0) + 1;
      seen.set(s.provider, n);
      return { provider: s.provider, value: s.value, label: `${s.provider} #${n}${n === 1 ? ' (current)' : ''}` };
    });
    const values = [...this.secrets.map((s) => s.value), ...this.endpoints.flatMap((e) => (e.secret ? [e.secret] : []))];
    return (this.cache = { labelled, values });
  }

  endpointRules(): EndpointConfig[] {
    return this.endpoints;
  }

  /**
   * Replace all secrets of one provider (rotation order = array order). An entry `{ keep: label }` keeps
   * a secret already configured, by its label, so the UI can rotate without ever seeing a value.
   * Throws a RangeError naming an unknown label (nothing is changed then).
   */
  setProvider(provider: string, entries: Array<string | { keep: string }>): void {
    const key = provider.toLowerCase();
    const labelled = this.labelled();
    const next: ConfiguredSecret[] = entries.map((entry) => {
      if (typeof entry === 'string') return { provider: key, value: entry, source: 'api' as const };
      const index = labelled.findIndex((s) => s.provider === key && s.label === entry.keep);
      if (index === -1) throw new RangeError(`no ${key} secret labelled ${JSON.stringify(entry.keep)}`);
      return this.secrets[index]!;
    });
    this.secrets = [...this.secrets.filter((s) => s.provider !== key), ...next];
    this.cache = null;
  }

  /**
   * Set (or with null, remove) the secret of the endpoint rule whose path is exactly `path`; the rule's
   * scheme and options stay as configured. Throws a RangeError for a path no rule has.
   */
  setEndpointSecret(path: string, secret: string | null): void {
    const rule = this.endpoints.find((e) => e.path === path);
    if (!rule) throw new RangeError(`no endpoint rule for ${JSON.stringify(path)} (rules come from hookscope.config.json)`);
    if (secret === null) delete rule.secret;
    else rule.secret = secret;
    this.cache = null;
  }

  endpointView(): EndpointSecretInfo[] {
    return this.endpoints.map((e) => ({ path: e.path, provider: e.provider, masked: e.secret === undefined ? null : maskSecret(e.secret) }));
  }

  view(): SecretInfo[] {
    const labels = this.labelled();
    const fromConfig = this.secrets.map((s, i) => ({ provider: s.provider, label: labels[i]!.label, masked: maskSecret(s.value), source: s.source }));
    const fromEndpoints = this.endpoints
      .filter((e) => e.secret !== undefined)
      .map((e) => ({ provider: e.provider, label: `endpoint ${e.path}`, masked: maskSecret(e.secret!), source: 'endpoint' as const }));
    return [...fromConfig, ...fromEndpoints];
  }

  /** Every secret value, for scrubbing logs and exports (the same array until the secrets change). */
  values(): readonly string[] {
    return this.derived().values;
  }
}

/**
 * Keep a recognisable prefix (whsec_, sk_test_) and the last 2 characters; never more than a quarter of
 * the secret, so short secrets reveal almost nothing.
 */
export function maskSecret(value: string): string {
  if (value.length <= 8) return '•'.repeat(8);
  const prefix = /^[a-zA-Z]{2,8}_(?:test_|live_)?/.exec(value)?.[0] ?? '';
  const shown = prefix.length <= value.length / 4 ? prefix : '';
  return `${shown}${'•'.repeat(8)}${value.slice(-2)}`;
}
