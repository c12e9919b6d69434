import { useState } from 'preact/hooks';
import type { EndpointSecretInfo } from '../api/client.js';
import { GeneratedSecretNote, GenerateSecretButton } from './SecretGenerator.js';

export interface EndpointSecretsProps {
  endpoints: EndpointSecretInfo[];
  /** False against a server without the 'secrets-endpoints' feature: shown, not editable. */
  editable: boolean;
  busy: boolean;
  /** Set (null: remove) one rule's secret; resolves true once the server has it. */
  onSave(path: string, secret: string | null): Promise<boolean>;
}

/**
 * The endpoint rules from the config file (a path verified with a generic scheme: HMAC of an id, a
 * token in the URL) and their secrets, masked, with set / replace / remove. One rule holds one secret:
 * replacing it is the rotation.
 */
export function EndpointSecrets({ endpoints, editable, busy, onSave }: EndpointSecretsProps) {
  const [editing, setEditing] = useState<string | null>(null);
  const [value, setValue] = useState('');
  const [generated, setGenerated] = useState<string | null>(null);

  const startEditing = (path: string | null) => {
    setEditing(path);
    setValue('');
    setGenerated(null);
  };

  return (
    <section class="endpoint-secrets" data-testid="endpoint-secrets">
      <h3>Endpoint rules</h3>
      <table class="grid secrets">
        <thead>
          <tr>
            <th>Path</th>
            <th>Scheme</th>
            <th>Secret</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {endpoints.map((e) => (
            <tr key={e.path} data-testid="endpoint-row" data-path={e.path}>
              <td class="mono">{e.path}</td>
              <td>{e.provider}</td>
              <td class="mono" data-testid="endpoint-masked">
                {e.masked ?? <span class="muted">none</span>}
              </td>
              <td class="row-actions">
                {editable ? (
                  <>
                    <button type="button" data-testid="endpoint-set" onClick={() => startEditing(e.path)}>
                      {e.masked === null ? 'Set…' : 'Replace…'}
                    </button>
                    {e.masked !== null ? (
                      <button type="button" class="danger" data-testid="endpoint-remove" disabled={busy} onClick={() => void onSave(e.path, null)}>
                        Remove
                      </button>
                    ) : null}
                  </>
                ) : (
                  <span class="muted">config file</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing !== null ? (
        <form
          class="secret-form"
          data-testid="endpoint-form"
          autocomplete="off"
          onSubmit={(ev) => {
            ev.preventDefault();
            const secret = value.trim();
            if (!secret) return;
            void onSave(editing, secret).then((saved) => saved && startEditing(null));
          }}
        >
          <div class="row-fields">
            <label class="grow">
              Secret for <code>{editing}</code>
              <input
                type="password"
                value={value}
                class="mono"
                spellcheck={false}
                autocomplete="new-password"
                data-testid="endpoint-value"
                onInput={(ev) => {
                  setValue((ev.target as HTMLInputElement).value);
                  setGenerated(null);
                }}
              />
            </label>
            <GenerateSecretButton
              title="256 random bits; give the same value to whoever signs these requests"
              onGenerate={(s) => {
                setValue(s);
                setGenerated(s);
              }}
            />
          </div>
          <GeneratedSecretNote secret={generated} where="Configure the sender with it too" />
          <div class="form-actions">
            <button type="submit" class="primary" disabled={busy || !value.trim()} data-testid="endpoint-save">
              Save
            </button>
            <button type="button" onClick={() => startEditing(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
