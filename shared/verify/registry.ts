/**
 * Every scheme hookscope knows, in detection order: the more specific header sets first, so a request
 * carrying Svix headers is not taken for a generic one. Add a provider by importing its module here.
 */
import type { Scheme } from './scheme.js';
import { github } from './providers/github.js';

export const SCHEMES: readonly Scheme[] = [
  github,
];

export function schemeById(id: string): Scheme | undefined {
  return SCHEMES.find((s) => s.id === id);
}
