/**
 * Endpoint rules from the config file: a path glob that pins a provider (and optionally its secret and
 * options) to the paths it covers, for providers that cannot be told apart by their headers.
 */
import type { SchemeOptions } from './types.js';

export interface EndpointRule {
  /** Glob over the request path (no query): `*` matches within one segment, `**` across segments. */
  path: string;
  provider: string;
  secret?: string;
  options?: SchemeOptions;
}

// Rules are few and requests many: compile each glob once.
const compiled = new Map<string, RegExp>();

/** The regular expression a path glob stands for, anchored at both ends. */
export function globToRegExp(glob: string): RegExp {
  let re = compiled.get(glob);
  if (re) return re;
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*' && glob[i + 1] === '*') {
      const slashBefore = source.endsWith('/');
      const slashAfter = glob[i + 2] === '/';
      i++;
      if (slashBefore && slashAfter) {
        // `/a/**/b` also covers `/a/b`: the `**` may stand for no segment at all.
        source = source.slice(0, -1) + '(?:/.*)?/';
        i++;
      } else if (slashBefore && i === glob.length - 1) {
        // `/hooks/**` also covers `/hooks` itself.
        source = source.slice(0, -1) + '(?:/.*)?';
      } else {
        source += '.*';
      }
    } else if (ch === '*') {
      source += '[^/]*';
    } else if (ch === '?') {
      source += '[^/]';
    } else {
      source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  re = new RegExp(`^${source}$`);
  compiled.set(glob, re);
  return re;
}

export function pathMatches(glob: string, path: string): boolean {
  return globToRegExp(glob).test(path);
}

/** The first rule whose glob covers `path` (rules are tried in the order the user wrote them). */
export function findEndpoint(rules: readonly EndpointRule[] | undefined, path: string): EndpointRule | undefined {
  return rules?.find((rule) => pathMatches(rule.path, path));
}
