/**
 * The JSON re-indenter behind prettyJson and prettyJsonSliced: token by token over the text as
 * received (literals, escapes and duplicate keys kept), resumable so large bodies can be done in slices.
 */
export class JsonReindenter {
  private readonly out: string[] = [];
  private depth = 0;
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly indent = '  ',
  ) {}

  get done(): boolean {
    return this.i >= this.text.length;
  }

  /** Process about `chars` more characters of input (a string literal is always copied whole). */
  advance(chars = Infinity): void {
    const text = this.text;
    const n = text.length;
    const stop = Math.min(n, this.i + chars);
    let i = this.i;
    const pad = () => '\n' + this.indent.repeat(this.depth);
    while (i < stop) {
      const c = text[i]!;
      if (c === '"') {
        // Copy the whole string literal, escapes included.
        let j = i + 1;
        while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
        this.out.push(text.slice(i, j + 1));
        i = j + 1;
        continue;
      }
      switch (c) {
        case '{':
        case '[': {
          const close = c === '{' ? '}' : ']';
          let j = i + 1;
          while (j < n && isJsonSpace(text[j]!)) j++;
          if (text[j] === close) {
            this.out.push(c + close);
            i = j + 1;
            continue;
          }
          this.depth++;
          this.out.push(c + pad());
          break;
        }
        case '}':
        case ']':
          this.depth--;
          this.out.push(pad() + c);
          break;
        case ',':
          this.out.push(',' + pad());
          break;
        case ':':
          this.out.push(': ');
          break;
        case ' ':
        case '\t':
        case '\n':
        case '\r':
          break;
        default: {
          // A literal (number, true, false, null): copy up to the next structural character.
          let j = i + 1;
          while (j < n && !'{}[],:" \t\n\r'.includes(text[j]!)) j++;
          this.out.push(text.slice(i, j));
          i = j;
          continue;
        }
      }
      i++;
    }
    this.i = i;
  }

  result(): string {
    return this.out.join('');
  }
}

export function isJsonSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}
