import type { IncomingMessage, Server } from 'node:http';
import { closeServer, listenLoopback } from './loopback-server.js';

/**
 * A recording stand-in for Slack's Web API and response_url endpoints on 127.0.0.1. Methods answer ok by
 * default; tests queue other answers per path (status, body, headers) to simulate 4xx/5xx/429.
 *
 * chat.postMessage stores the message (with its `metadata`) the moment the request arrives — before the
 * answer, which can be delayed (`postDelayMs`) — as Slack would: a client that dies while waiting has posted.
 * conversations.history returns a channel's stored messages newest first, after `oldest`, paged with cursors,
 * and metadata only with include_all_metadata; `historyScope = false` answers missing_scope.
 */
export interface Recorded {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  raw: string;
}

export interface Scripted {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Use this answer only for a matching request (e.g. one channel); others take the next unconditioned one. */
  when?: (body: Record<string, unknown>) => boolean;
  /** Store the posted message even though the answer is an error (Slack stored it, the answer got lost). */
  store?: boolean;
  /** Record the request, then cut the connection without an answer. */
  drop?: boolean;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export class FakeSlack {
  readonly calls: Recorded[] = [];
  /** Every message chat.postMessage stored, in order. */
  readonly messages: StoredMessage[] = [];
  historyScope = true;
  postDelayMs = 0;
  /** chat.postMessage answers that were written back (not those whose client had gone). */
  answered = 0;
  /** Slack's clock for message timestamps; tests with a manual clock point it there. */
  now: () => number = Date.now;
  private readonly queue = new Map<string, Scripted[]>();
  private server!: Server;
  private lastTs = 0;
  url = '';

  async start(): Promise<this> {
    ({ server: this.server, url: this.url } = await listenLoopback((req, raw, res) => {
      const path = (req.url ?? '').split('?')[0];
      const body = parseBody(raw, String(req.headers['content-type'] ?? ''));
      this.calls.push({ path, headers: req.headers, body, raw });
      const scripted = this.take(path, body);
      let answer = scripted?.body ?? this.defaultBody(path, body);
      let delay = 0;
      if (path === '/api/chat.postMessage') {
        delay = this.postDelayMs;
        if (!scripted || scripted.store) answer = { ...this.store(body), ...(scripted?.body as object | undefined) };
      }
      const reply = () => {
        if (res.destroyed) return;
        if (path === '/api/chat.postMessage') this.answered++;
        res.writeHead(scripted?.status ?? 200, { 'content-type': 'application/json', ...scripted?.headers });
        res.end(typeof answer === 'string' ? answer : JSON.stringify(answer));
      };
      if (delay > 0) setTimeout(reply, delay);
      else reply();
    }));
    return this;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/respond/${id}`;
  }

  script(path: string, ...answers: Scripted[]): void {
    this.queue.set(path, [...(this.queue.get(path) ?? []), ...answers]);
  }

  callsTo(path: string): Recorded[] {
    return this.calls.filter((c) => c.path === path);
  }

  /** Messages stored in a channel, oldest first. */
  messagesIn(channel: string): StoredMessage[] {
    return this.messages.filter((m) => m.channel === channel);
  }

  /** Waits until `count` calls reached `path` (or fails after `ms`). */
  async waitFor(path: string, count = 1, ms = 5000): Promise<Recorded[]> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const got = this.callsTo(path);
      if (got.length >= count) return got;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`timed out waiting for ${count} call(s) to ${path}; got ${this.callsTo(path).length}: ${this.calls.map((c) => c.path).join(', ')}`);
  }

  private take(path: string, body: Record<string, unknown>): Scripted | undefined {
    const queued = this.queue.get(path);
    if (!queued) return undefined;
    const i = queued.findIndex((s) => !s.when || s.when(body));
    return i < 0 ? undefined : queued.splice(i, 1)[0];
  }

  private store(body: Record<string, unknown>): Record<string, unknown> {
    // Unique, increasing timestamps like Slack's "1700000000.000100".
    this.lastTs = Math.max(this.lastTs + 1, this.now() * 1000);
    const ts = `${Math.floor(this.lastTs / 1e6)}.${String(this.lastTs % 1e6).padStart(6, '0')}`;
    const channel = String(body.channel ?? '');
    const metadata = body.metadata as StoredMessage['metadata'];
    this.messages.push({ channel, ts, text: String(body.text ?? ''), ...(metadata ? { metadata } : {}) });
    return { ok: true, channel, ts };
  }

  private history(body: Record<string, unknown>): unknown {
    if (!this.historyScope) return { ok: false, error: 'missing_scope', needed: 'channels:history', provided: 'chat:write' };
    const oldest = Number(body.oldest ?? 0);
    const limit = Math.min(Number(body.limit ?? 100), 1000);
    const start = Number(body.cursor ?? 0);
    const withMeta = body.include_all_metadata === true || body.include_all_metadata === 'true';
    const all = this.messagesIn(String(body.channel))
      .filter((m) => Number(m.ts) > oldest)
      .reverse();
    const page = all.slice(start, start + limit).map((m) => ({ type: 'message', ts: m.ts, text: m.text, bot_id: 'BBOT', ...(withMeta && m.metadata ? { metadata: m.metadata } : {}) }));
    const more = start + limit < all.length;
    return { ok: true, messages: page, has_more: more, response_metadata: { next_cursor: more ? String(start + limit) : '' } };
  }

  private defaultBody(path: string, body: Record<string, unknown>): unknown {
    if (path === '/api/auth.test') return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', team: 'Test', user: 'ssr-bot' };
    if (path === '/api/conversations.history') return this.history(body);
    if (path.startsWith('/respond/')) return 'ok';
    return { ok: true };
  }

  close(): Promise<void> {
    return closeServer(this.server);
  }
}

function parseBody(raw: string, type: string): Record<string, unknown> {
  if (!raw) return {};
  if (type.includes('application/json')) {
    try {
      return JSON.parse(raw);
    } catch {
      return { raw };
    }
  }
  const form = Object.fromEntries(new URLSearchParams(raw));
  for (const k of ['blocks', 'view', 'attachments', 'metadata']) {
    if (typeof form[k] === 'string') {
      try {
        (form as Record<string, unknown>)[k] = JSON.parse(form[k]);
      } catch {
        /* keep the string */
      }
    }
  }
  return form;
}
