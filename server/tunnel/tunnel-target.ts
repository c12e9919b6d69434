/**
 * Where a tunnel sends its traffic, from the agent's `config.addr` ("4400", "localhost:4400",
 * "http://localhost:4400", "https://127.0.0.1:8443"): to hookscope's capture port, straight to the app,
 * or elsewhere — and what to change when it is not hookscope.
 */
import { isLoopbackHost } from '../replay/target-policy.js';

export interface Addr {
  host: string;
  port: number | null;
}

export function parseAddr(addr: string): Addr | null {
  const value = addr.trim();
  if (/^\d{1,5}$/.test(value)) return { host: 'localhost', port: Number(value) };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    return { host: url.hostname, port };
  } catch {
    return null;
  }
}

function sameMachine(a: string, b: string): boolean {
  const wild = (h: string) => h === '0.0.0.0' || h === '[::]' || h === '::';
  return a.toLowerCase() === b.toLowerCase() || (isLoopbackHost(a) && (isLoopbackHost(b) || wild(b)));
}

export function classifyTunnel(addr: string, capture: URL, forward: URL | null): { pointsAt: 'hookscope' | 'app' | 'other'; advice?: string } {
  const parsed = parseAddr(addr);
  const capturePort = Number(capture.port || 80);
  const pointHere = `point it at hookscope's capture port instead: \`ngrok http ${capturePort}\``;
  if (parsed && parsed.port === capturePort && sameMachine(parsed.host, capture.hostname)) return { pointsAt: 'hookscope' };
  if (parsed && forward) {
    const forwardPort = Number(forward.port || (forward.protocol === 'https:' ? 443 : 80));
    if (parsed.port === forwardPort && sameMachine(parsed.host, forward.hostname)) {
      return {
        pointsAt: 'app',
        advice: `This tunnel goes straight to your app (${addr}), past hookscope, so its webhooks are neither captured nor verified here: ${pointHere} (hookscope already forwards to ${forward.origin}). Meanwhile, import what the tunnel saw with POST /api/tunnel/import.`,
      };
    }
  }
  return {
    pointsAt: 'other',
    advice: forward
      ? `This tunnel sends traffic to ${addr}, neither hookscope (${capture.host}) nor your app (${forward.host}): ${pointHere}.`
      : `This tunnel sends traffic to ${addr}, not to hookscope (${capture.host}). If that is your app, ${pointHere} and start hookscope with \`--forward http://${parsed ? `${parsed.host}:${parsed.port}` : addr}\` so it still gets every request.`,
  };
}
