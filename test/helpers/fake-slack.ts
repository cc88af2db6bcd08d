import type { IncomingMessage, Server } from 'node:http';
import { closeServer, listenLoopback } from './loopback-server.js';

/**
 * A recording stand-in for Slack's Web API and response_url endpoints on 127.0.0.1. Methods answer ok by
 * default; tests queue other answers per path (status, body, headers) to simulate 4xx/5xx/429.
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
}

export class FakeSlack {
  readonly calls: Recorded[] = [];
  private readonly queue = new Map<string, Scripted[]>();
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    ({ server: this.server, url: this.url } = await listenLoopback((req, raw, res) => {
      const path = (req.url ?? '').split('?')[0];
      this.calls.push({ path, headers: req.headers, body: parseBody(raw, String(req.headers['content-type'] ?? '')), raw });
      const scripted = this.queue.get(path)?.shift();
      const status = scripted?.status ?? 200;
      const body = scripted?.body ?? this.defaultBody(path);
      res.writeHead(status, { 'content-type': 'application/json', ...scripted?.headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
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

  private defaultBody(path: string): unknown {
    if (path === '/api/auth.test') return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', team: 'Test', user: 'ssr-bot' };
    if (path === '/api/chat.postMessage') return { ok: true, channel: 'C1', ts: `${Date.now() / 1000}` };
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
  for (const k of ['blocks', 'view', 'attachments']) {
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
