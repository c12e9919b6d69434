/**
 * Which scheme a request belongs to: the first in the list whose `detect` says yes.
 *
 * This runs on every captured request, and most captures are unsigned. Asking ~30 schemes in turn, each
 * looking up one to four header names, cost more than everything else the capture path does in
 * JavaScript. So schemes may declare `detectionHeaders` — lower-case names of which a request must carry
 * at least one for their `detect` to say yes — and an index from header name to scheme, built once per
 * scheme list, finds the schemes worth asking with one lookup per header the request actually has.
 * Schemes without the declaration (detection by body or query) are always asked. The order of the list
 * still decides between schemes that both say yes.
 */
import type { RequestView } from './types.js';
import type { Scheme } from './scheme.js';

interface DetectionIndex {
  /** Header name → positions (in the scheme list) of the schemes that declared it. */
  byHeader: Map<string, number[]>;
  /** Per position: true when the scheme is asked only if the request carries one of its headers. */
  gated: boolean[];
  /** Reused per call (detection is synchronous): which gated schemes the request's headers let through. */
  open: Uint8Array;
}

const indexes = new WeakMap<readonly Scheme[], DetectionIndex>();

export function detectScheme(schemes: readonly Scheme[], req: RequestView): Scheme | undefined {
  const index = indexFor(schemes);
  const open = index.open;
  open.fill(0);
  // The raw pairs, not the view's lower-cased map: for most requests no scheme asks, and the map is never built.
  for (const [name] of req.parts.headers) {
    const positions = index.byHeader.get(name.toLowerCase());
    if (positions) for (const position of positions) open[position] = 1;
  }
  for (let i = 0; i < schemes.length; i++) {
    if (index.gated[i] && open[i] === 0) continue;
    try {
      if (schemes[i]!.detect(req)) return schemes[i];
    } catch {
      // a broken detect must not cost the request its other schemes
    }
  }
  return undefined;
}

function indexFor(schemes: readonly Scheme[]): DetectionIndex {
  let index = indexes.get(schemes);
  if (!index) {
    const byHeader = new Map<string, number[]>();
    schemes.forEach((scheme, position) => {
      for (const name of scheme.detectionHeaders ?? []) {
        const key = name.toLowerCase();
        byHeader.set(key, [...(byHeader.get(key) ?? []), position]);
      }
    });
    const gated = schemes.map((scheme) => scheme.detectionHeaders !== undefined);
    index = { byHeader, gated, open: new Uint8Array(schemes.length) };
    indexes.set(schemes, index);
  }
  return index;
}
