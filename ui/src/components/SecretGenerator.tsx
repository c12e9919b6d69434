import { generateSecret } from '../../../shared/verify/secret-generator.js';
import { CopyButton } from './CopyButton.js';

/** "Generate": 256 random bits, for senders where you choose the secret (generic HMAC, shared tokens). */
export function GenerateSecretButton({ title, testId, onGenerate }: { title: string; testId?: string; onGenerate(secret: string): void }) {
  return (
    <button type="button" data-testid={testId} title={title} onClick={() => onGenerate(generateSecret(32))}>
      Generate
    </button>
  );
}

/** After generating: the other side needs the same value, so offer to copy it (it is never shown again). */
export function GeneratedSecretNote({ secret, where, testId }: { secret: string | null; where: string; testId?: string }) {
  if (!secret) return null;
  return (
    <p class="generated" data-testid={testId}>
      Generated a 256-bit secret. {where}: <CopyButton text={secret} label="Copy it" />
    </p>
  );
}
