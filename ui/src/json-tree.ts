import { JsonReindenter } from './json-reindenter.js';
/**
 * JSON for the collapsible tree, parsed from the text as received — literals kept exactly as written
 * (big integers, `1.0`, escapes) and duplicate keys kept in order, which JSON.parse would lose — and
 * parsed in time slices: the parser is an explicit-stack loop that stops when its budget is spent and
 * resumes on the next task, so a 25 MB body never blocks the page.
 */

export type JsonNode =
  | { t: 'object'; entries: Array<[key: string, value: JsonNode]> }
  | { t: 'array'; items: JsonNode[] }
  | { t: 'string'; raw: string }
  | { t: 'number' | 'boolean' | 'null'; raw: string };

type Frame =
  | { kind: 'object'; node: { t: 'object'; entries: Array<[string, JsonNode]> }; key: string | null; state: 'key' | 'colon' | 'value' | 'comma' }
  | { kind: 'array'; node: { t: 'array'; items: JsonNode[] }; state: 'value' | 'comma' };

export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
  }
}

const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

export class JsonTreeParser {
  private i = 0;
  private readonly stack: Frame[] = [];
  private root: JsonNode | null = null;
  private finished = false;

  constructor(private readonly text: string) {}

  get progress(): number {
    return this.text.length === 0 ? 1 : this.i / this.text.length;
  }

  /** Parses for about `budgetMs`; returns the tree when done, null when there is more to do. Throws JsonSyntaxError. */
  step(budgetMs = 8): JsonNode | null {
    if (this.finished) return this.root;
    const deadline = performance.now() + budgetMs;
    let n = 0;
    while (!this.finished) {
      // Checking the clock costs more than a token: look every 2048 tokens.
      if ((++n & 2047) === 0 && performance.now() > deadline) return null;
      this.token();
    }
    return this.root;
  }

  private skipSpace(): void {
    const s = this.text;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    this.i = i;
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(message, this.i);
  }

  private readString(): string {
    const s = this.text;
    const start = this.i;
    let i = start + 1;
    for (;;) {
      const c = s.charCodeAt(i);
      if (Number.isNaN(c)) {
        this.i = i;
        this.fail('unterminated string');
      }
      if (c === 34) break;
      if (c === 92) i += 2;
      else if (c < 0x20) {
        this.i = i;
        this.fail('control character in string');
      } else i++;
    }
    this.i = i + 1;
    return s.slice(start, i + 1);
  }

  /** A value begins at this.i: a scalar is attached to its parent, a container is pushed. */
  private value(): void {
    const c = this.text[this.i];
    let node: JsonNode;
    if (c === '{') {
      this.i++;
      const obj = { t: 'object' as const, entries: [] as Array<[string, JsonNode]> };
      this.attach(obj);
      this.stack.push({ kind: 'object', node: obj, key: null, state: 'key' });
      return;
    }
    if (c === '[') {
      this.i++;
      const arr = { t: 'array' as const, items: [] as JsonNode[] };
      this.attach(arr);
      this.stack.push({ kind: 'array', node: arr, state: 'value' });
      return;
    }
    if (c === '"') node = { t: 'string', raw: this.readString() };
    else {
      LITERAL.lastIndex = this.i;
      const m = LITERAL.exec(this.text);
      if (!m) this.fail('unexpected character');
      const raw = m[0];
      this.i += raw.length;
      node = { t: raw === 'true' || raw === 'false' ? 'boolean' : raw === 'null' ? 'null' : 'number', raw };
    }
    this.attach(node);
  }

  private attach(node: JsonNode): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      this.root = node;
      return;
    }
    if (top.kind === 'array') {
      top.node.items.push(node);
      top.state = 'comma';
    } else {
      top.node.entries.push([top.key!, node]);
      top.key = null;
      top.state = 'comma';
    }
  }

  private token(): void {
    this.skipSpace();
    const top = this.stack[this.stack.length - 1];
    const c = this.text[this.i];
    if (!top) {
      if (this.root !== null) {
        if (c !== undefined) this.fail('unexpected text after the JSON value');
        this.finished = true;
        return;
      }
      if (c === undefined) this.fail('empty document');
      this.value();
      return;
    }
    if (c === undefined) this.fail('unexpected end');
    if (top.kind === 'array') {
      if (top.state === 'value') {
        if (c === ']' && top.node.items.length === 0) {
          this.i++;
          this.stack.pop();
          return;
        }
        this.value();
        return;
      }
      if (c === ',') {
        this.i++;
        top.state = 'value';
        this.skipSpace();
        if (this.text[this.i] === ']') this.fail('trailing comma');
        return;
      }
      if (c === ']') {
        this.i++;
        this.stack.pop();
        return;
      }
      this.fail('expected , or ]');
    }
    switch (top.state) {
      case 'key':
        if (c === '}' && top.node.entries.length === 0) {
          this.i++;
          this.stack.pop();
          return;
        }
        if (c !== '"') this.fail('expected a key');
        top.key = this.readString();
        top.state = 'colon';
        return;
      case 'colon':
        if (c !== ':') this.fail('expected :');
        this.i++;
        top.state = 'value';
        return;
      case 'value':
        this.value();
        return;
      case 'comma':
        if (c === ',') {
          this.i++;
          top.state = 'key';
          this.skipSpace();
          if (this.text[this.i] !== '"') this.fail('expected a key');
          return;
        }
        if (c === '}') {
          this.i++;
          this.stack.pop();
          return;
        }
        this.fail('expected , or }');
    }
  }
}

/**
 * Parses `text` in slices of `sliceMs`, yielding to the page between slices. Resolves with the tree,
 * rejects with JsonSyntaxError, or with an AbortError when `signal` aborts.
 */
export function parseJsonTree(text: string, signal?: AbortSignal, sliceMs = 8): Promise<JsonNode> {
  const parser = new JsonTreeParser(text);
  return new Promise((resolve, reject) => {
    const run = () => {
      if (signal?.aborted) return reject(new DOMException('aborted', 'AbortError'));
      try {
        const done = parser.step(sliceMs);
        if (done) resolve(done);
        else setTimeout(run, 0);
      } catch (error) {
        reject(error);
      }
    };
    run();
  });
}

/** The string a JSON string literal stands for (escapes undone); the raw text if it does not parse. */
export function stringValue(raw: string): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.slice(1, -1);
  }
}

/** Number of direct children of a container. */
export function childCount(node: JsonNode): number {
  return node.t === 'object' ? node.entries.length : node.t === 'array' ? node.items.length : 0;
}

/**
 * Re-indents JSON text like prettyJson (format.ts) but in slices, so a 25 MB body is pretty-printed
 * without freezing the page. Same output as prettyJson.
 */
export function prettyJsonSliced(text: string, signal?: AbortSignal, sliceChars = 256 * 1024, indent = '  '): Promise<string> {
  const printer = new JsonReindenter(text, indent);
  return new Promise((resolve, reject) => {
    const run = () => {
      if (signal?.aborted) return reject(new DOMException('aborted', 'AbortError'));
      printer.advance(sliceChars);
      if (printer.done) resolve(printer.result());
      else setTimeout(run, 0);
    };
    run();
  });
}
