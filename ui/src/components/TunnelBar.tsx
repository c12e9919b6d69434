import type { ServerInfo, TunnelView } from '../api/client.js';
import { CopyButton } from './CopyButton.js';

export interface TunnelBarProps {
  info: ServerInfo | null;
  /** `GET /api/tunnel`, when the server has the 'tunnel' feature. */
  tunnel: TunnelView | null;
  /** Path (and query) of the open request: the paste-ready URL uses it. */
  path: string | null;
  provider: string | null;
}

const SOURCE: Record<string, string> = { flag: '--public-url', ngrok: 'ngrok agent' };

/**
 * The public URL(s) providers call, and the exact URL to paste into the provider's dashboard (the
 * public URL plus the path of the open request), each with a copy button. Without a known public URL
 * it says how to get one.
 */
export function TunnelBar({ info, tunnel, path, provider }: TunnelBarProps) {
  // Without the tunnel feature there is nothing to show beyond a --public-url (the top bar shows the capture URL).
  if (!info || (!info.features.includes('tunnel') && !info.publicUrl)) return null;
  const publicUrl = tunnel?.publicUrl ?? info.publicUrl;
  const others = (tunnel?.tunnels ?? []).filter((t) => t.publicUrl !== publicUrl || t.pointsAt !== 'hookscope');
  if (!publicUrl) {
    const port = portOf(info.captureUrl);
    const command = `ngrok http ${port ?? 4400}`;
    return (
      <div class="tunnel-bar tunnel-none" data-testid="tunnel-bar" data-state="none">
        {/* One span per phrase: the bar is a flex row, and loose text would become separate, gapped items. */}
        <span>
          <span class="muted">No public URL known.</span> Expose the capture port <code data-testid="capture-url">{info.captureUrl}</code> with{' '}
          <code>{command}</code>
        </span>
        <CopyButton text={command} label="copy" />
        <span class="muted">or start hookscope with --public-url.</span>
        {others.map((t) => (
          <TunnelWarning key={t.publicUrl} tunnel={t} />
        ))}
      </div>
    );
  }
  const base = publicUrl.replace(/\/+$/, '');
  const paste = base + (path ?? '/');
  return (
    <div class="tunnel-bar" data-testid="tunnel-bar" data-state="public">
      <span class="tunnel-label">Public URL</span>
      <code data-testid="public-url">{publicUrl}</code>
      {tunnel?.source ? <span class="muted">({SOURCE[tunnel.source] ?? tunnel.source})</span> : null}
      <CopyButton text={publicUrl} label="copy" testId="copy-public-url" />
      <span class="tunnel-sep" />
      <span class="tunnel-label">Paste into {provider ? `${provider}'s` : "the provider's"} dashboard</span>
      <code data-testid="paste-url">{paste}</code>
      <CopyButton text={paste} label="copy" testId="copy-paste-url" />
      {others.map((t) => (
        <TunnelWarning key={t.publicUrl} tunnel={t} />
      ))}
    </div>
  );
}

function TunnelWarning({ tunnel }: { tunnel: TunnelView['tunnels'][number] }) {
  if (tunnel.pointsAt === 'hookscope') {
    return (
      <span class="tunnel-other">
        also <code>{tunnel.publicUrl}</code>
      </span>
    );
  }
  return (
    <span class="tunnel-warn" data-testid="tunnel-warning">
      <code>{tunnel.publicUrl}</code> → {tunnel.addr}: {tunnel.advice ?? (tunnel.pointsAt === 'app' ? 'points at your app directly, bypassing hookscope' : 'does not point at hookscope')}
    </span>
  );
}

function portOf(url: string): string | null {
  const m = /:(\d+)(?:\/|$)/.exec(url);
  return m ? m[1]! : null;
}
