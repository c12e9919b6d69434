import { useEffect, useMemo, useState } from 'preact/hooks';
import type { DecodedBody } from '../api/client.js';
import { formatSize, isFormType, isJsonType, isValidJson, mediaType, prettyJson } from '../format.js';
import { JsonTreeParser, parseJsonTree, prettyJsonSliced, type JsonNode } from '../json-tree.js';
import { HexView } from './HexView.js';
import { JsonTree } from './JsonTree.js';
import { ProgressiveText } from './ProgressiveText.js';

type Kind = 'json' | 'form' | 'xml' | 'text' | 'binary' | 'empty' | 'encoded';
type Mode = 'tree' | 'pretty' | 'raw' | 'fields' | 'hex' | 'decoded';

/** Up to this size, JSON is parsed and pretty-printed synchronously; above, in slices. */
const SYNC_LIMIT = 256 * 1024;

const MODES: Record<Kind, Mode[]> = {
  json: ['tree', 'pretty', 'raw', 'hex'],
  form: ['fields', 'raw', 'hex'],
  xml: ['raw', 'hex'],
  text: ['raw', 'hex'],
  binary: ['hex'],
  encoded: ['decoded', 'hex'],
  empty: [],
};

const KIND_LABEL: Record<Kind, string> = {
  json: 'JSON',
  form: 'form fields',
  xml: 'XML',
  text: 'text',
  binary: 'binary',
  encoded: 'compressed',
  empty: 'empty',
};

const MODE_LABEL: Record<Mode, string> = {
  tree: 'tree',
  pretty: 'pretty',
  raw: 'text',
  fields: 'fields',
  hex: 'hex',
  decoded: 'decoded',
};

export interface BodyViewerProps {
  /** The body bytes (decoded lazily: base64 → bytes only when the hex view asks). */
  bytes(): Uint8Array;
  /** UTF-8 text, or null when the body is binary. */
  bodyText: string | null;
  contentType: string | null;
  /** Content-Encoding as received: gzip / deflate / br get a decoded view. */
  contentEncoding?: string | null;
  size: number;
  truncated: boolean;
  /** Loads the decoded (decompressed) body; absent where there is none (e.g. already decoded). */
  loadDecoded?(signal: AbortSignal): Promise<DecodedBody>;
  /** Prefix of the toolbar's test ids (`body-mode-tree`); the decoded body nested inside uses `decoded`. */
  testPrefix?: string;
}

function isCompressed(encoding: string | null | undefined, bytes: () => Uint8Array, size: number): boolean {
  const e = (encoding ?? '').trim().toLowerCase();
  if (e === 'gzip' || e === 'x-gzip' || e === 'deflate' || e === 'br') return true;
  if (size < 3) return false;
  const b = bytes();
  return b[0] === 0x1f && b[1] === 0x8b;
}

function classify(props: BodyViewerProps): Kind {
  const { bodyText, contentType, size } = props;
  if (size === 0 && !bodyText) return 'empty';
  if (props.loadDecoded && isCompressed(props.contentEncoding, props.bytes, size)) return 'encoded';
  if (bodyText === null) return 'binary';
  const type = mediaType(contentType);
  const large = bodyText.length > SYNC_LIMIT;
  // Large bodies are not validated up front (JSON.parse would block); the tree parser reports errors.
  if (isJsonType(type)) return large || isValidJson(bodyText) ? 'json' : 'text';
  if (isFormType(type)) return 'form';
  if (type.endsWith('/xml') || type.endsWith('+xml')) return 'xml';
  // No declared type: JSON is common enough among webhook senders to sniff.
  if ((!type || type === 'text/plain') && /^\s*[[{]/.test(bodyText) && (large || isValidJson(bodyText))) return 'json';
  if (!type && /^\s*<[?!a-zA-Z]/.test(bodyText)) return 'xml';
  return 'text';
}

/**
 * A captured body: a collapsible JSON tree, pretty JSON (re-indented from the bytes received, never
 * re-serialized), a form-fields table, text with wrapping, a hex dump, or the gzip/deflate/br-decoded
 * body. Large bodies are parsed in slices and rendered progressively. Everything is rendered as text.
 */
export function BodyViewer(props: BodyViewerProps) {
  const kind = useMemo(() => classify(props), [props.bodyText, props.contentType, props.size, props.contentEncoding]);
  const modes = MODES[kind];
  const [chosen, setMode] = useState<Mode | null>(null);
  const [wrap, setWrap] = useState(true);
  const [treeGen, setTreeGen] = useState(0);
  const [expandAll, setExpandAll] = useState(false);
  const mode = chosen && modes.includes(chosen) ? chosen : modes[0]!;

  if (kind === 'empty') {
    return (
      <div class="body-viewer">
        <p class="muted" data-testid="body-view" data-kind="empty" data-complete="true">
          (empty body)
        </p>
      </div>
    );
  }

  const textMode = mode === 'raw' || mode === 'pretty';
  return (
    <div class="body-viewer">
      <div class="body-toolbar">
        <span class="body-kind" data-testid={`${props.testPrefix ?? 'body'}-kind`}>
          {KIND_LABEL[kind]}
        </span>
        {modes.length > 1 ? (
          <span class="segmented" role="tablist" aria-label="Body view">
            {modes.map((m) => (
              <button
                key={m}
                type="button"
                role="tab"
                aria-selected={m === mode}
                class={m === mode ? 'active' : undefined}
                data-testid={`${props.testPrefix ?? 'body'}-mode-${m}`}
                onClick={() => setMode(m)}
              >
                {MODE_LABEL[m]}
              </button>
            ))}
          </span>
        ) : null}
        {textMode ? (
          <label class="check">
            <input type="checkbox" checked={wrap} onChange={(e) => setWrap((e.target as HTMLInputElement).checked)} data-testid="body-wrap" /> wrap
          </label>
        ) : null}
        {mode === 'tree' ? (
          <span class="tree-tools">
            <button
              type="button"
              class="link"
              onClick={() => {
                setExpandAll(true);
                setTreeGen((g) => g + 1);
              }}
            >
              expand all
            </button>
            <button
              type="button"
              class="link"
              onClick={() => {
                setExpandAll(false);
                setTreeGen((g) => g + 1);
              }}
            >
              collapse
            </button>
          </span>
        ) : null}
        {props.truncated ? (
          <span class="flag flag-warn" title="The body exceeded the size cap; only the first bytes were stored">
            truncated at {formatSize(props.size)}
          </span>
        ) : null}
      </div>
      <BodyContent {...props} kind={kind} mode={mode} wrap={wrap} treeGen={treeGen} expandAll={expandAll} />
    </div>
  );
}

function BodyContent(props: BodyViewerProps & { kind: Kind; mode: Mode; wrap: boolean; treeGen: number; expandAll: boolean }) {
  const { kind, mode, wrap, bodyText } = props;
  const text = bodyText ?? '';
  switch (mode) {
    case 'hex':
      return <HexView bytes={props.bytes()} kind={kind} />;
    case 'fields':
      return <FormTable text={text} />;
    case 'tree':
      return <TreeMode text={text} generation={props.treeGen} expandAll={props.expandAll} wrap={wrap} />;
    case 'pretty':
      return <PrettyMode text={text} wrap={wrap} />;
    case 'decoded':
      return <DecodedMode load={props.loadDecoded!} contentType={props.contentType} />;
    default:
      return <ProgressiveText text={text} wrap={wrap} kind={kind} mode="raw" />;
  }
}

type Async<T> = { state: 'pending' } | { state: 'done'; value: T } | { state: 'error'; error: Error };

function TreeMode({ text, generation, expandAll, wrap }: { text: string; generation: number; expandAll: boolean; wrap: boolean }) {
  const sync = text.length <= SYNC_LIMIT;
  const syncResult = useMemo<Async<JsonNode> | null>(() => {
    if (!sync) return null;
    try {
      return { state: 'done', value: new JsonTreeParser(text).step(Infinity)! };
    } catch (error) {
      return { state: 'error', error: error as Error };
    }
  }, [text, sync]);
  const [asyncResult, setAsync] = useState<Async<JsonNode>>({ state: 'pending' });
  useEffect(() => {
    if (sync) return;
    const abort = new AbortController();
    setAsync({ state: 'pending' });
    parseJsonTree(text, abort.signal).then(
      (value) => setAsync({ state: 'done', value }),
      (error: Error) => {
        if (error.name !== 'AbortError') setAsync({ state: 'error', error });
      },
    );
    return () => abort.abort();
  }, [text, sync]);
  const result = syncResult ?? asyncResult;
  if (result.state === 'pending') return <Pending what={`Parsing ${formatSize(text.length)} of JSON…`} />;
  if (result.state === 'error') {
    return (
      <>
        <p class="muted">Not valid JSON ({result.error.message}); shown as text.</p>
        <ProgressiveText text={text} wrap={wrap} kind="json" mode="raw" />
      </>
    );
  }
  return <JsonTree root={result.value} generation={generation} expandAll={expandAll} />;
}

function PrettyMode({ text, wrap }: { text: string; wrap: boolean }) {
  const sync = text.length <= SYNC_LIMIT;
  const syncValue = useMemo(() => (sync ? prettyJson(text) : null), [text, sync]);
  const [asyncValue, setAsync] = useState<string | null>(null);
  useEffect(() => {
    if (sync) return;
    const abort = new AbortController();
    setAsync(null);
    prettyJsonSliced(text, abort.signal).then(setAsync, () => {});
    return () => abort.abort();
  }, [text, sync]);
  const value = syncValue ?? asyncValue;
  if (value === null) return <Pending what={`Formatting ${formatSize(text.length)} of JSON…`} />;
  return <ProgressiveText text={value} wrap={wrap} kind="json" mode="pretty" />;
}

function Pending({ what }: { what: string }) {
  return (
    <p class="muted" data-testid="body-pending" aria-busy="true">
      {what}
    </p>
  );
}

function DecodedMode({ load, contentType }: { load: (signal: AbortSignal) => Promise<DecodedBody>; contentType: string | null }) {
  const [result, setResult] = useState<Async<DecodedBody>>({ state: 'pending' });
  useEffect(() => {
    const abort = new AbortController();
    setResult({ state: 'pending' });
    load(abort.signal).then(
      (value) => setResult({ state: 'done', value }),
      (error: Error) => {
        if (error.name !== 'AbortError') setResult({ state: 'error', error });
      },
    );
    return () => abort.abort();
  }, [load]);
  if (result.state === 'pending') return <Pending what="Decompressing…" />;
  if (result.state === 'error') return <p class="error-text">Could not decode the body: {result.error.message}</p>;
  const d = result.value;
  let bytes: Uint8Array | null = null;
  return (
    <div class="decoded" data-testid="decoded-body" data-encoding={d.encoding}>
      <p class="muted decoded-meta">
        {d.encoding} → {formatSize(d.size)}
        {d.truncated ? (
          <span class="flag flag-warn" data-testid="decoded-truncated">
            cut at {formatSize(d.limit ?? d.size)}
          </span>
        ) : null}
        {d.error ? <span class="error-text"> — {d.error}</span> : null}
      </p>
      <BodyViewer
        bytes={() => (bytes ??= decodeB64(d.body))}
        bodyText={d.bodyText}
        contentType={contentType}
        size={d.size}
        truncated={false}
        testPrefix="decoded"
      />
    </div>
  );
}

function decodeB64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function FormTable({ text }: { text: string }) {
  const fields = useMemo(() => Array.from(new URLSearchParams(text)), [text]);
  if (fields.length === 0) {
    return (
      <p class="muted" data-testid="body-view" data-kind="form" data-mode="fields" data-complete="true">
        (no form fields)
      </p>
    );
  }
  return (
    <table class="kv form-fields" data-testid="body-view" data-kind="form" data-mode="fields" data-complete="true">
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
