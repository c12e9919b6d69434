/** Loads the published signature test vectors from ../shared/vectors (beside the checkout). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export interface Vector {
  id: string;
  scheme: string;
  provenance: string;
  secret: string;
  public_key?: string;
  url: string | null;
  signed_url?: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  params?: Record<string, string | string[]>;
  string_to_sign: string | null;
  expected_signature: string;
  candidate_urls?: Array<{ url: string; hmac: string; twilio_sdk_accepts: boolean }>;
  notes?: string;
  [key: string]: unknown;
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** The vectors live in the workspace's shared/ folder, a sibling of the repository. */
export const VECTORS_PATH = process.env.HOOKSCOPE_VECTORS ?? path.resolve(here, '../../../shared/vectors/vectors.json');

export function loadVectors(): Vector[] {
  return (JSON.parse(readFileSync(VECTORS_PATH, 'utf8')) as { vectors: Vector[] }).vectors;
}

export function vectorsFor(...schemes: string[]): Vector[] {
  const found = loadVectors().filter((v) => schemes.includes(v.scheme));
  if (found.length === 0) throw new Error(`no vectors for ${schemes.join(', ')} in ${VECTORS_PATH}`);
  return found;
}

export function vector(id: string): Vector {
  const found = loadVectors().find((v) => v.id === id);
  if (!found) throw new Error(`vector ${id} not found in ${VECTORS_PATH}`);
  return found;
}
