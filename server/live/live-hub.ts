/**
 * The live WebSocket (`/api/live`). Upgrades are authenticated by the API server before they reach us
 * (path, Host, Origin, per-run token). Broadcasts are coalesced — at most one message per client every
 * 50 ms — and a client that cannot keep up is dropped rather than allowed to slow capture down.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RequestSummary } from '../../shared/api.js';
import type { ServerEvent } from '../../shared/protocol.js';

const COALESCE_MS = 50;
const HEARTBEAT_MS = 30_000;
/** A client with more than this queued and unsent is stuck: drop it. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

interface Client {
  socket: WebSocket;
  alive: boolean;
}

export class LiveHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly clients = new Set<Client>();
  private pendingNew: RequestSummary[] = [];
  private pendingUpdated = new Map<string, RequestSummary>();
  private pendingOther: ServerEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private lastFlush = 0;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly hello: () => ServerEvent,
    /** Applied to every summary before it leaves (masks secrets a captured URL may carry). */
    private readonly present: (item: RequestSummary) => RequestSummary = (item) => item,
  ) {
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Complete an upgrade the API server has already authorised. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const client: Client = { socket: ws, alive: true };
      this.clients.add(client);
      ws.on('pong', () => (client.alive = true));
      ws.on('error', () => ws.terminate());
      ws.on('close', () => this.clients.delete(client));
      ws.on('message', () => {
        // Clients only ping; anything they send just proves they are alive.
        client.alive = true;
      });
      this.send(client, this.hello());
    });
  }

  publishNew(items: RequestSummary[]): void {
    if (this.clients.size === 0 || items.length === 0) return;
    for (const item of items) this.pendingNew.push(this.present(item));
    this.schedule();
  }

  publishUpdated(items: RequestSummary[]): void {
    if (this.clients.size === 0) return;
    for (const item of items) this.pendingUpdated.set(item.id, this.present(item));
    this.schedule();
  }

  publish(event: ServerEvent): void {
    if (this.clients.size === 0) return;
    this.pendingOther.push(event);
    this.schedule();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlush + COALESCE_MS - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = null;
    this.lastFlush = Date.now();
    const events: ServerEvent[] = [...this.pendingOther];
    if (this.pendingNew.length) events.push({ type: 'requests', items: this.pendingNew });
    if (this.pendingUpdated.size) events.push({ type: 'updated', items: [...this.pendingUpdated.values()] });
    this.pendingNew = [];
    this.pendingUpdated = new Map();
    this.pendingOther = [];
    const messages = events.map((e) => JSON.stringify(e));
    for (const client of this.clients) for (const m of messages) this.sendRaw(client, m);
  }

  private send(client: Client, event: ServerEvent): void {
    this.sendRaw(client, JSON.stringify(event));
  }

  private sendRaw(client: Client, message: string): void {
    if (client.socket.readyState !== client.socket.OPEN) return;
    if (client.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      client.socket.terminate();
      this.clients.delete(client);
      return;
    }
    client.socket.send(message);
  }

  private beat(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        client.socket.terminate();
        this.clients.delete(client);
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }

  close(): void {
    clearInterval(this.heartbeat);
    if (this.timer) clearTimeout(this.timer);
    for (const client of this.clients) client.socket.close(1001, 'hookscope is shutting down');
    this.clients.clear();
    this.wss.close();
  }
}
