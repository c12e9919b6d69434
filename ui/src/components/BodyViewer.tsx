import { useMemo, useState } from 'preact/hooks';
import { decodeBase64 } from '../api/client.js';
import { formatSize, hexDump, isFormType, isJsonType, isValidJson, mediaType, prettyJson } from '../format.js';

type Kind = 'json' | 'form' | 'text' | 'binary' | 'empty';
type Mode = 'pretty' | 'raw' | 'hex';

/** Past this, text is cut until the user asks for all of it (a 25 MiB <pre> makes the page crawl). */
const TEXT_LIMIT = 512 * 1024;
const HEX_LIMIT = 64 * 1024;

export interface BodyViewerProps {
  /** Base64 body as stored. */
  body: string;
  /** UTF-8 text, or null when the body is binary. */
  bodyText: string | null;
  contentType: string | null;
  size: number;
  truncated: boolean;
}

function classify(bodyText: string | null, contentType: string | null, size: number): Kind {
  if (size === 0 && !bodyText) return 'empty';
  if (bodyText === null) return 'binary';
  const type = mediaType(contentType);
  if (isJsonType(type)) return isValidJson(bodyText) ? 'json' : 'text';
  if (isFormType(type)) return 'form';
  // No declared type: JSON is common enough among webhook senders to sniff.
  if (!type && /^\s*[[{]/.test(bodyText) && isValidJson(bodyText)) return 'json';
  return 'text';
}

/**
 * The captured body, decided from `bodyText` (null = binary) and the Content-Type: pretty JSON
 * (re-indented from the bytes received, not re-serialized), a table for form fields, plain text, or a
 * hex dump. Every value is rendered as text.
 */
export function BodyViewer(props: BodyViewerProps) {
  const { body, bodyText, contentType, size, truncated } = props;
  const kind = classify(bodyText, contentType, size);
  const defaultMode: Mode = kind === 'binary' ? 'hex' : kind === 'json' || kind === 'form' ? 'pretty' : 'raw';
  const [chosen, setMode] = useState<Mode | null>(null);
  const [showAll, setShowAll] = useState(false);
  const mode = chosen ?? defaultMode;

  const modes: Mode[] = kind === 'binary' ? ['hex'] : kind === 'json' || kind === 'form' ? ['pretty', 'raw', 'hex'] : ['raw', 'hex'];

  if (kind === 'empty') {
    return (
      <div class="body-viewer">
        <p class="muted" data-testid="body-view" data-kind="empty">
          (empty body)
        </p>
      </div>
    );
  }

  return (
    <div class="body-viewer">
      <div class="body-toolbar">
        <span class="body-kind" data-testid="body-kind">
          {kind === 'json' ? 'JSON' : kind === 'form' ? 'form fields' : kind === 'binary' ? 'binary' : 'text'}
        </span>
        {modes.length > 1 ? (
          <span class="segmented" role="tablist">
            {modes.map((m) => (
              <button
                key={m}
                type="button"
                role="tab"
                aria-selected={m === mode}
                class={m === mode ? 'active' : undefined}
                data-testid={`body-mode-${m}`}
                onClick={() => setMode(m)}
              >
                {m}
              </button>
            ))}
          </span>
        ) : null}
        {truncated ? (
          <span class="flag flag-warn" title="The body exceeded the size cap; only the first bytes were stored">
            truncated at {formatSize(size)}
          </span>
        ) : null}
      </div>
      <BodyContent
        kind={kind}
        mode={mode}
        body={body}
        bodyText={bodyText}
        showAll={showAll}
        onShowAll={() => setShowAll(true)}
      />
    </div>
  );
}

function BodyContent(props: {
  kind: Kind;
  mode: Mode;
  body: string;
  bodyText: string | null;
  showAll: boolean;
  onShowAll(): void;
}) {
  const { kind, mode, body, bodyText, showAll, onShowAll } = props;

  const text = useMemo(() => {
    if (mode === 'hex') {
      const bytes = decodeBase64(body);
      const limit = showAll ? bytes.length : HEX_LIMIT;
      return { value: hexDump(bytes, limit), cut: bytes.length > limit ? bytes.length - limit : 0, unit: 'bytes' };
    }
    if (mode === 'pretty' && kind === 'form') return null;
    const source = mode === 'pretty' && kind === 'json' ? prettyJson(bodyText ?? '') : (bodyText ?? '');
    const limit = showAll ? source.length : TEXT_LIMIT;
    return { value: source.slice(0, limit), cut: Math.max(0, source.length - limit), unit: 'characters' };
  }, [kind, mode, body, bodyText, showAll]);

  if (text === null) return <FormTable text={bodyText ?? ''} />;
  return (
    <>
      <pre class={`code body-${mode}`} data-testid="body-view" data-kind={kind} data-mode={mode}>
        {text.value}
      </pre>
      {text.cut > 0 ? (
        <p class="muted">
          {text.cut.toLocaleString()} more {text.unit} not shown.{' '}
          <button type="button" class="link" onClick={onShowAll}>
            Show all
          </button>
        </p>
      ) : null}
    </>
  );
}

function FormTable({ text }: { text: string }) {
  const fields = useMemo(() => Array.from(new URLSearchParams(text)), [text]);
  if (fields.length === 0) {
    return (
      <p class="muted" data-testid="body-view" data-kind="form" data-mode="pretty">
        (no form fields)
      </p>
    );
  }
  return (
    <table class="kv form-fields" data-testid="body-view" data-kind="form" data-mode="pretty">
      <tbody>
        {fields.map(([name, value], i) => (
          <tr key={i} data-testid="form-field">
            <th scope="row">{name}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
