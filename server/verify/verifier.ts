/**
 * Glue between captured rows and the pure verification engine: turns a stored row into the engine's
 * RequestParts and supplies the current secrets, endpoint rules and public URL.
 */
import type { NewRequest } from '../store/repository.js';
import type { RequestParts, VerificationResult } from '../../shared/verify/types.js';
import { verifyRequest } from '../../shared/verify/engine.js';
import type { SecretStore } from './secret-store.js';

export interface VerifierSource {
  secrets: SecretStore;
  publicUrl(): string | null;
}

export class Verifier {
  constructor(private readonly source: VerifierSource) {}

  verify(row: Pick<NewRequest, 'method' | 'url' | 'headers' | 'body' | 'receivedAt'>): VerificationResult {
    const parts: RequestParts = {
      method: row.method,
      target: row.url,
      headers: row.headers,
      body: row.body,
      receivedAt: Math.floor(row.receivedAt / 1000),
    };
    return verifyRequest(parts, {
      secrets: this.source.secrets.labelled(),
      endpoints: this.source.secrets.endpointRules(),
      publicUrl: this.source.publicUrl() ?? undefined,
    });
  }
}
