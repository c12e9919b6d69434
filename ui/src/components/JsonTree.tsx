import { useState } from 'preact/hooks';
import { formatCount } from '../format.js';
import { childCount, stringValue, type JsonNode } from '../json-tree.js';

/** Children shown per container before "show more" (a 100k-item array must not render at once). */
const PAGE = 100;
/** Containers up to this depth start expanded. */
const OPEN_DEPTH = 3;

export interface JsonTreeProps {
  root: JsonNode;
  /** Bumped by "expand all" / "collapse all" to reset every node's state. */
  generation: number;
  expandAll: boolean;
}

/**
 * Collapsible JSON tree. Keys and values are text nodes (never markup); numbers and other literals
 * are shown exactly as received; strings with their escapes undone.
 */
export function JsonTree({ root, generation, expandAll }: JsonTreeProps) {
  return (
    <div class="json-tree code" data-testid="body-view" data-kind="json" data-mode="tree" data-complete="true" role="tree" tabIndex={0}>
      <TreeNode key={generation} node={root} depth={0} label={null} last expandAll={expandAll} path="$" />
    </div>
  );
}

/** Escapes undone for reading (`\u00e9` → é), but control characters stay visible as escapes. */
function visible(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function Scalar({ node }: { node: JsonNode }) {
  if (node.t === 'string') return <span class="jt-string">"{visible(stringValue(node.raw))}"</span>;
  if (node.t === 'number') return <span class="jt-number">{node.raw}</span>;
  if (node.t === 'boolean') return <span class="jt-boolean">{node.raw}</span>;
  return <span class="jt-null">null</span>;
}

function TreeNode(props: { node: JsonNode; depth: number; label: string | null; last: boolean; expandAll: boolean; path: string }) {
  const { node, depth, label, last, expandAll, path } = props;
  const count = childCount(node);
  const container = node.t === 'object' || node.t === 'array';
  const [open, setOpen] = useState(expandAll || depth < OPEN_DEPTH);
  const [limit, setLimit] = useState(PAGE);
  const key = label === null ? null : (
    <>
      <span class="jt-key">{visible(stringValue(label))}</span>
      <span class="jt-punct">: </span>
    </>
  );
  const comma = last ? null : <span class="jt-punct">,</span>;

  if (!container || count === 0) {
    return (
      <div class="jt-row" role="treeitem" data-path={path}>
        <span class="jt-toggle-space" />
        {key}
        {container ? <span class="jt-punct">{node.t === 'object' ? '{}' : '[]'}</span> : <Scalar node={node} />}
        {comma}
      </div>
    );
  }
  const [openCh, closeCh] = node.t === 'object' ? ['{', '}'] : ['[', ']'];
  const summary = node.t === 'object' ? `${count} ${count === 1 ? 'key' : 'keys'}` : `${count} ${count === 1 ? 'item' : 'items'}`;
  const children: preact.JSX.Element[] = [];
  if (open) {
    const shown = Math.min(count, limit);
    for (let i = 0; i < shown; i++) {
      const isLast = i === count - 1;
      if (node.t === 'object') {
        const [k, v] = node.entries[i]!;
        children.push(<TreeNode key={i} node={v} depth={depth + 1} label={k} last={isLast} expandAll={expandAll} path={`${path}.${i}`} />);
      } else {
        children.push(<TreeNode key={i} node={node.items[i]!} depth={depth + 1} label={null} last={isLast} expandAll={expandAll} path={`${path}[${i}]`} />);
      }
    }
  }
  return (
    <div class="jt-node" role="treeitem" aria-expanded={open} data-path={path}>
      <div class="jt-row">
        <button type="button" class="jt-toggle" aria-label={open ? 'Collapse' : 'Expand'} data-testid="json-toggle" onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'}
        </button>
        {key}
        <span class="jt-punct">{openCh}</span>
        {open ? null : (
          <>
            <button type="button" class="jt-summary" onClick={() => setOpen(true)}>
              {summary}
            </button>
            <span class="jt-punct">{closeCh}</span>
            {comma}
          </>
        )}
      </div>
      {open ? (
        <>
          <div class="jt-children" role="group">
            {children}
            {count > limit ? (
              <div class="jt-row">
                <span class="jt-toggle-space" />
                <button type="button" class="link" onClick={() => setLimit(limit + PAGE)}>
                  show {formatCount(Math.min(PAGE, count - limit))} more of {formatCount(count - limit)}
                </button>
              </div>
            ) : null}
          </div>
          <div class="jt-row">
            <span class="jt-toggle-space" />
            <span class="jt-punct">{closeCh}</span>
            {comma}
          </div>
        </>
      ) : null}
    </div>
  );
}
