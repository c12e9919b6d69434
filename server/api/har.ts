/**
 * HAR 1.2 export of captured requests (with the forwarded response when there is one), for browser
 * dev tools and other HAR viewers. Callers pass requests already masked by the presenter.
 */
import type { RequestDetail } from '../../shared/api.js';

export function toHar(requests: RequestDetail[], version: string, comment?: string): unknown {
  return {
    log: {
      version: '1.2',
      creator: { name: 'hookscope', version },
      ...(comment ? { comment } : {}),
      entries: requests.map((r) => {
        const host = r.headers.find(([n]) => n.toLowerCase() === 'host')?.[1] ?? 'localhost';
        const url = `http://${host}${r.url}`;
        const query = safeQuery(url);
        const response = r.response;
        return {
          startedDateTime: r.receivedAt,
          time: response?.durationMs ?? 0,
          request: {
            method: r.method,
            url,
            httpVersion: `HTTP/${r.httpVersion}`,
            cookies: [],
            headers: r.headers.map(([name, value]) => ({ name, value })),
            queryString: query,
            headersSize: -1,
            bodySize: r.size,
            ...(r.size > 0
              ? { postData: r.bodyText !== null ? { mimeType: r.contentType ?? '', text: r.bodyText } : { mimeType: r.contentType ?? 'application/octet-stream', text: r.body, encoding: 'base64' } }
              : {}),
          },
          response: response
            ? {
                status: response.status,
                statusText: '',
                httpVersion: 'HTTP/1.1',
                cookies: [],
                headers: response.headers.map(([name, value]) => ({ name, value })),
                content: { size: Buffer.from(response.body, 'base64').length, mimeType: response.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '', text: response.body, encoding: 'base64' },
                redirectURL: '',
                headersSize: -1,
                bodySize: -1,
              }
            : { status: 0, statusText: 'not forwarded', httpVersion: 'HTTP/1.1', cookies: [], headers: [], content: { size: 0, mimeType: '' }, redirectURL: '', headersSize: -1, bodySize: -1 },
          cache: {},
          timings: { send: 0, wait: response?.durationMs ?? 0, receive: 0 },
          comment: r.verification ? `hookscope: ${r.verification.provider ?? 'unknown'} ${r.verification.verdict}${r.verification.diagnoses[0] ? ` (${r.verification.diagnoses[0].code})` : ''}` : '',
        };
      }),
    },
  };
}

function safeQuery(url: string): Array<{ name: string; value: string }> {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}
