/**
 * Fetches and parses one large request detail off the main thread. The JSON of a 25 MB body is ~60 MB
 * (base64 plus text); parsing it on the page would freeze it for hundreds of milliseconds. The body
 * comes back as bytes in a transferred buffer (no copy), the text as one string.
 */
import type { RequestDetail } from '../../../shared/api.js';
import type { DetailWorkerReply } from './client.js';

interface Job {
  url: string;
  token: string;
}

function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const scope = self as unknown as { onmessage: ((e: MessageEvent<Job>) => void) | null; postMessage(msg: DetailWorkerReply, transfer?: Transferable[]): void };

scope.onmessage = async (event) => {
  const { url, token } = event.data;
  try {
    const res = await fetch(url, { cache: 'no-store', headers: { Accept: 'application/json', ...(token ? { 'X-Hookscope-Token': token } : {}) } });
    const text = await res.text();
    const data = JSON.parse(text) as RequestDetail & { error?: { code: string; message: string } };
    if (!res.ok) {
      scope.postMessage({ ok: false, status: res.status, code: data.error?.code ?? `http_${res.status}`, message: data.error?.message ?? `HTTP ${res.status}` });
      return;
    }
    const bytes = decodeBase64(data.body ?? '');
    // The text crosses as a string (a flat copy, no parse); the bytes are transferred, not copied.
    const detail = { ...data, body: '' };
    scope.postMessage({ ok: true, detail, bytes }, [bytes.buffer]);
  } catch (error) {
    scope.postMessage({ ok: false, status: 0, code: 'network', message: (error as Error).message || 'could not load the request' });
  }
};
