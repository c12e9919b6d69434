import type { RequestParts, RequestView } from './types.js';
import { decodeFormLenient, fromUtf8 } from './encoding.js';

/** Wraps captured request parts with the lookups every scheme needs. Parsing is done lazily, once. */
export class CapturedRequestView implements RequestView {
  private text?: string;
  private form?: Array<[string, string]>;
  /** Lower-cased name → values, built on first lookup: detection asks ~30 schemes for headers. */
  private byName?: Map<string, string[]>;

  constructor(readonly parts: RequestParts) {}

  get method(): string {
    return this.parts.method;
  }
  get target(): string {
    return this.parts.target;
  }
  get body(): Uint8Array {
    return this.parts.body;
  }
  get path(): string {
    const q = this.parts.target.indexOf('?');
    return q === -1 ? this.parts.target : this.parts.target.slice(0, q);
  }
  get rawQuery(): string {
    const q = this.parts.target.indexOf('?');
    return q === -1 ? '' : this.parts.target.slice(q + 1);
  }

  header(name: string): string | undefined {
    return this.headerMap().get(lowerCase(name))?.[0];
  }

  headerAll(name: string): string[] {
    return [...(this.headerMap().get(lowerCase(name)) ?? [])];
  }

  private headerMap(): Map<string, string[]> {
    if (!this.byName) {
      this.byName = new Map();
      for (const [n, v] of this.parts.headers) {
        const key = n.toLowerCase();
        const list = this.byName.get(key);
        if (list) list.push(v);
        else this.byName.set(key, [v]);
      }
    }
    return this.byName;
  }

  bodyText(): string {
    return (this.text ??= fromUtf8(this.parts.body));
  }

  contentType(): string {
    return (this.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  }

  query(): Array<[string, string]> {
    const raw = this.rawQuery;
    return raw === '' ? [] : [...new URLSearchParams(raw)];
  }

  rawQueryParam(name: string): string | undefined {
    for (const pair of this.rawQuery.split('&')) {
      const eq = pair.indexOf('=');
      const key = eq === -1 ? pair : pair.slice(0, eq);
      if (decodeFormLenient(key) === name) return eq === -1 ? '' : pair.slice(eq + 1);
    }
    return undefined;
  }

  formParams(): Array<[string, string]> {
    if (this.form) return this.form;
    this.form = this.contentType() === 'application/x-www-form-urlencoded' ? [...new URLSearchParams(this.bodyText())] : [];
    return this.form;
  }
}

/**
 * Header names asked for are a small fixed set (the schemes' constants and configured names), looked up
 * ~40 times per request during detection: remember each one's lower case instead of recomputing it.
 */
const lowerCaseOf = new Map<string, string>();
const MAX_REMEMBERED_NAMES = 512;

function lowerCase(name: string): string {
  let lower = lowerCaseOf.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (lowerCaseOf.size < MAX_REMEMBERED_NAMES) lowerCaseOf.set(name, lower);
  }
  return lower;
}

/** Build a view from an absolute URL and loose inputs (tests, the `send` command, replays). */
export function viewFromUrl(input: {
  url: string;
  method?: string;
  headers?: ReadonlyArray<readonly [string, string]> | Record<string, string>;
  body?: Uint8Array | string;
  receivedAt?: number;
}): CapturedRequestView {
  const headers = Array.isArray(input.headers)
    ? (input.headers as ReadonlyArray<readonly [string, string]>)
    : Object.entries(input.headers ?? {});
  const body = typeof input.body === 'string' ? new TextEncoder().encode(input.body) : (input.body ?? new Uint8Array());
  return new CapturedRequestView({
    method: input.method ?? 'POST',
    target: targetOf(input.url),
    headers,
    body,
    receivedAt: input.receivedAt ?? Math.floor(Date.now() / 1000),
  });
}

/** The request-target (path + raw query) of an absolute URL, without re-encoding anything. */
export function targetOf(url: string): string {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*([^#]*)/.exec(url);
  const target = m ? m[1]! : url;
  return target.startsWith('/') ? target : '/' + target;
}
