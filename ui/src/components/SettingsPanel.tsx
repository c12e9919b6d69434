import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiClientError, type ApiClient, type SecretEntry, type SecretInfo, type SecretsOnServer, type ServerInfo } from '../api/client.js';
import { EndpointSecrets } from './EndpointSecrets.js';
import { PROVIDERS } from '../providers.js';
import { GeneratedSecretNote, GenerateSecretButton } from './SecretGenerator.js';

export interface SettingsPanelProps {
  client: ApiClient;
  info: ServerInfo | null;
  /** Provider to preselect (from a `no-secret` request's "Add a secret"). */
  initialProvider: string | null;
  onClose(): void;
}

type Status = { kind: 'idle' } | { kind: 'busy' } | { kind: 'ok'; message: string } | { kind: 'error'; message: string };

/**
 * Signing secrets per provider: masked (the server never sends a value back), with add, rotate (the
 * new secret becomes current, the previous keeps verifying) and remove; and the secrets of the endpoint
 * rules from the config file (EndpointSecrets). Saving makes the server re-verify stored requests; their
 * badges update live through the socket.
 */
export function SettingsPanel({ client, info, initialProvider, onClose }: SettingsPanelProps) {
  const [server, setServer] = useState<SecretsOnServer | null>(null);
  // Endpoint secrets have their own section below.
  const secrets = useMemo(() => server?.secrets.filter((s) => s.source !== 'endpoint') ?? null, [server]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [provider, setProvider] = useState(initialProvider ?? '');
  const [value, setValue] = useState('');
  const [reveal, setReveal] = useState(false);
  const [generated, setGenerated] = useState<string | null>(null);
  const [rotate, setRotate] = useState(true);
  const [previous, setPrevious] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const dialog = useRef<HTMLDivElement>(null);
  const valueInput = useRef<HTMLInputElement>(null);
  const keepByLabel = info?.features.includes('secrets-keep') ?? false;

  useEffect(() => {
    const abort = new AbortController();
    client.getSecrets(abort.signal).then(setServer, (error: Error) => {
      if (error.name !== 'AbortError') setLoadError(error.message);
    });
    return () => abort.abort();
  }, [client]);

  useEffect(() => {
    (initialProvider ? valueInput.current : dialog.current?.querySelector<HTMLElement>('input, select'))?.focus();
  }, []);

  const byProvider = useMemo(() => {
    const map = new Map<string, SecretInfo[]>();
    for (const s of secrets ?? []) map.set(s.provider, [...(map.get(s.provider) ?? []), s]);
    return map;
  }, [secrets]);
  const existing = byProvider.get(provider.trim().toLowerCase()) ?? [];

  const apply = async (change: () => Promise<SecretsOnServer>, done: string) => {
    setStatus({ kind: 'busy' });
    try {
      setServer(await change());
      setStatus({ kind: 'ok', message: done });
      return true;
    } catch (error) {
      setStatus({ kind: 'error', message: error instanceof ApiClientError || error instanceof Error ? error.message : String(error) });
      return false;
    }
  };
  const save = (target: string, entries: SecretEntry[], done: string) => apply(() => client.putSecrets(target, entries), done);

  const submit = async () => {
    const p = provider.trim().toLowerCase();
    const v = value.trim();
    if (!p || !v) {
      setStatus({ kind: 'error', message: 'Choose a provider and enter its signing secret.' });
      return;
    }
    const entries: SecretEntry[] = [v];
    if (existing.length > 0 && rotate) {
      if (keepByLabel) entries.push(...existing.map((s) => ({ keep: s.label })));
      else {
        const kept = previous.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
        if (kept.length === 0) {
          setStatus({ kind: 'error', message: 'To rotate, paste the previous secret too (the page never receives it back), or choose Replace.' });
          return;
        }
        entries.push(...kept);
      }
    }
    const verb = existing.length === 0 ? 'Added' : rotate ? 'Rotated' : 'Replaced';
    if (await save(p, entries, `${verb} the ${p} secret. Stored requests are being re-verified; their badges update live.`)) {
      setValue('');
      setPrevious('');
      setGenerated(null);
    }
  };

  const remove = (p: string, label: string | null) => {
    const keep = (byProvider.get(p) ?? []).filter((s) => s.label !== label);
    // Without keep-by-label the page cannot send back values it never sees: remove means remove all.
    const entries: SecretEntry[] = label === null || !keepByLabel ? [] : keep.map((s) => ({ keep: s.label }));
    void save(p, entries, label === null || !keepByLabel ? `Removed the ${p} secrets.` : `Removed ${label}.`);
  };

  return (
    <div class="modal-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div class="modal settings" role="dialog" aria-modal="true" aria-labelledby="settings-title" data-testid="settings" ref={dialog}>
        <header class="modal-head">
          <h2 id="settings-title">Signing secrets</h2>
          <button type="button" class="icon" aria-label="Close settings" data-testid="settings-close" onClick={onClose}>
            ✕
          </button>
        </header>
        <p class="muted">
          hookscope verifies each request with these. Values never leave the server: you see them masked. Several secrets for one provider
          are a rotation; the first is current.
        </p>
        <p class="muted small" data-testid="secrets-lifetime">
          Secrets added or changed here last until hookscope stops. To keep one, put it in <code>hookscope.config.json</code> (or pass{' '}
          <code>--secret provider=value</code>, or <code>env:NAME</code> to read it from the environment).
        </p>

        {loadError ? <p class="error-text">{loadError}</p> : null}
        {secrets === null && !loadError ? <p class="muted">Loading…</p> : null}
        {secrets !== null && secrets.length === 0 ? <p data-testid="no-secrets">No provider secrets yet.</p> : null}
        {secrets !== null && secrets.length > 0 ? (
          <table class="grid secrets" data-testid="secrets-table">
            <thead>
              <tr>
                <th>Provider</th>
                <th>Secret</th>
                <th>Value</th>
                <th>From</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {secrets.map((s, i) => (
                <tr key={`${s.provider}-${s.label}-${i}`} data-testid="secret-row" data-provider={s.provider}>
                  <td>{s.provider}</td>
                  <td>{s.label}</td>
                  <td class="mono" data-testid="secret-masked">
                    {s.masked}
                  </td>
                  <td class="muted">{s.source}</td>
                  <td class="row-actions">
                    <button
                      type="button"
                      data-testid="secret-rotate"
                      onClick={() => {
                        setProvider(s.provider);
                        setRotate(true);
                        valueInput.current?.focus();
                      }}
                    >
                      Rotate…
                    </button>
                    <button
                      type="button"
                      class="danger"
                      data-testid="secret-remove"
                      title={keepByLabel ? `Remove ${s.label}` : `Remove every ${s.provider} secret`}
                      onClick={() => remove(s.provider, keepByLabel ? s.label : null)}
                    >
                      {keepByLabel ? 'Remove' : 'Remove all'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}

        <form
          class="secret-form"
          data-testid="secret-form"
          autocomplete="off"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <h3>{existing.length > 0 ? `Rotate or replace the ${provider.trim().toLowerCase()} secret` : 'Add a secret'}</h3>
          <div class="row-fields">
            <label>
              Provider
              <input
                list="provider-ids"
                value={provider}
                placeholder="stripe"
                data-testid="secret-provider"
                onInput={(e) => setProvider((e.target as HTMLInputElement).value)}
              />
              <datalist id="provider-ids">
                {PROVIDERS.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.title}
                  </option>
                ))}
              </datalist>
            </label>
            <label class="grow">
              Signing secret
              <input
                ref={valueInput}
                type={reveal ? 'text' : 'password'}
                value={value}
                class="mono"
                spellcheck={false}
                autocomplete="new-password"
                placeholder="paste it from the provider's dashboard"
                data-testid="secret-value"
                onInput={(e) => {
                  setValue((e.target as HTMLInputElement).value);
                  setGenerated(null);
                }}
              />
            </label>
            <label class="check">
              <input type="checkbox" checked={reveal} onChange={(e) => setReveal((e.target as HTMLInputElement).checked)} /> show
            </label>
            <GenerateSecretButton
              testId="secret-generate"
              title="For providers where you choose the secret (generic HMAC, shared tokens): 256 random bits"
              onGenerate={(s) => {
                setValue(s);
                setGenerated(s);
              }}
            />
          </div>
          <GeneratedSecretNote secret={generated} where="Paste it into the provider's settings too" testId="secret-generated" />
          {existing.length > 0 ? (
            <div class="rotation">
              <label class="check">
                <input type="radio" name="rotate" checked={rotate} onChange={() => setRotate(true)} data-testid="secret-mode-rotate" /> Rotate: the new
                secret becomes current and requests signed with the previous one keep verifying
              </label>
              {rotate && !keepByLabel ? (
                <label>
                  Previous secret(s) to keep accepting, one per line (hookscope never sends secrets back to this page)
                  <textarea class="mono" rows={2} value={previous} onInput={(e) => setPrevious((e.target as HTMLTextAreaElement).value)} />
                </label>
              ) : null}
              <label class="check">
                <input type="radio" name="rotate" checked={!rotate} onChange={() => setRotate(false)} data-testid="secret-mode-replace" /> Replace: drop
                the {existing.length === 1 ? 'current secret' : `${existing.length} current secrets`}
              </label>
            </div>
          ) : null}
          <div class="form-actions">
            <button type="submit" class="primary" disabled={status.kind === 'busy'} data-testid="secret-save">
              {existing.length === 0 ? 'Add secret' : rotate ? 'Rotate' : 'Replace'}
            </button>
            {status.kind === 'ok' ? (
              <span class="ok-text" role="status" data-testid="secret-status">
                {status.message}
              </span>
            ) : null}
            {status.kind === 'error' ? (
              <span class="error-text" role="alert" data-testid="secret-error">
                {status.message}
              </span>
            ) : null}
          </div>
        </form>
        {server && server.endpoints.length > 0 ? (
          <EndpointSecrets
            endpoints={server.endpoints}
            editable={info?.features.includes('secrets-endpoints') ?? false}
            busy={status.kind === 'busy'}
            onSave={(path, secret) =>
              apply(
                () => client.putEndpointSecret(path, secret),
                secret === null ? `Removed the secret of ${path}.` : `Set the secret of ${path}. Stored requests are being re-verified; their badges update live.`,
              )
            }
          />
        ) : null}
        <p class="muted small">
          Endpoint rules themselves (a path, its scheme and options: generic HMAC, tokens on a path) are written in <code>hookscope.config.json</code>.
        </p>
      </div>
    </div>
  );
}
