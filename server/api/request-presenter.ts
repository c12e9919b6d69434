/**
 * The last step before a stored request leaves the server (API, live socket, exports): configured
 * secret values are masked wherever a captured request carries them.
 */
import type { ForwardedResponse, RequestDetail, RequestSummary } from '../../shared/api.js';
import { decodeText } from '../store/text-body.js';
import type { SecretScrubber } from '../verify/secret-scrubber.js';

export class RequestPresenter {
  constructor(private readonly scrubber: SecretScrubber) {}

  /** Free text that may quote a secret: an export's description of what was searched for. */
  text(value: string): string {
    return this.scrubber.text(value);
  }

  summary(item: RequestSummary): RequestSummary {
    const url = this.scrubber.text(item.url);
    return url === item.url ? item : { ...item, url, path: this.scrubber.text(item.path) };
  }

  detail(item: RequestDetail): RequestDetail {
    const bodyText = this.scrubber.text(item.bodyText);
    return {
      ...item,
      ...this.summary(item),
      headers: this.scrubber.headers(item.headers),
      bodyText,
      // A body that carried a secret is served masked (the bytes shown match the text shown).
      body: this.bodyBytes(Buffer.from(item.body, 'base64'), item.bodyText).toString('base64'),
      response: item.response ? this.response(item.response) : null,
      attempts: item.attempts.map((a) => ({
        ...a,
        to: this.scrubber.text(a.to),
        request: { ...a.request, url: this.scrubber.text(a.request.url), headers: this.scrubber.headers(a.request.headers) },
      })),
    };
  }

  /** The app's answer (forward mode) can echo a secret back too. */
  private response(response: ForwardedResponse): ForwardedResponse {
    const body = Buffer.from(response.body, 'base64');
    return { ...response, headers: this.scrubber.headers(response.headers), body: this.bodyBytes(body, decodeText(body)).toString('base64') };
  }

  /** Body bytes on their way out: unchanged unless they carry a secret (as text, or as raw bytes). */
  bodyBytes(body: Buffer, text: string | null): Buffer {
    if (text === null) return this.scrubber.bytes(body);
    const scrubbed = this.scrubber.text(text);
    return scrubbed === text ? body : Buffer.from(scrubbed);
  }
}
