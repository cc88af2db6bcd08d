import type { Server } from 'node:http';
import { closeServer, listenLoopback } from './loopback-server.js';
import type { Scripted } from './fake-slack.js';

/** A recording stand-in for the Bot Framework connector (the activity's serviceUrl) on 127.0.0.1. */
export interface ConnectorCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
  headers: Record<string, unknown>;
}

export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  private readonly queue: Scripted[] = [];
  private server!: Server;
  url = '';
  private n = 0;

  async start(): Promise<this> {
    const started = await listenLoopback((req, raw, res) => {
      let body: Record<string, unknown> = {};
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        body = { raw };
      }
      this.calls.push({ method: req.method ?? '', path: decodeURIComponent(req.url ?? ''), body, headers: req.headers });
      const scripted = this.queue.shift();
      if (scripted?.drop) {
        req.socket.destroy();
        return;
      }
      const status = scripted?.status ?? 200;
      const answer = scripted?.body ?? (req.url === '/v3/conversations' ? { id: `new-conversation-${++this.n}`, activityId: `act-${this.n}` } : { id: `act-${++this.n}` });
      res.writeHead(status, { 'content-type': 'application/json', ...scripted?.headers }).end(JSON.stringify(answer));
    });
    this.server = started.server;
    this.url = `${started.url}/`;
    return this;
  }

  script(...answers: Scripted[]): void {
    this.queue.push(...answers);
  }

  posts(): ConnectorCall[] {
    return this.calls.filter((c) => c.method === 'POST');
  }

  async waitFor(count: number, ms = 8000): Promise<ConnectorCall[]> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (this.posts().length >= count) return this.posts();
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`expected ${count} connector posts, got ${this.posts().length}`);
  }

  close(): Promise<void> {
    return closeServer(this.server);
  }
}

export const BOT_ID = '28:ssr-bot-id';

/** A message in the shapes Teams sends (msteams-docs: conversation basics, channel and group chat). */
export function teamsMessage(serviceUrl: string, text: string, opts: { kind?: 'personal' | 'groupChat' | 'channel'; id?: string; entities?: unknown[]; value?: unknown; locale?: string } = {}) {
  const kind = opts.kind ?? 'channel';
  const id = opts.id ?? `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const conversation =
    kind === 'channel'
      ? { isGroup: true, conversationType: 'channel', tenantId: 'tenant-1', id: `19:general@thread.tacv2;messageid=${id}` }
      : kind === 'groupChat'
        ? { isGroup: true, conversationType: 'groupChat', tenantId: 'tenant-1', id: '19:meeting_abc@thread.v2' }
        : { conversationType: 'personal', tenantId: 'tenant-1', id: 'a:1personal-conversation' };
  return {
    text,
    textFormat: 'plain',
    type: 'message',
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    id,
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:alice', name: 'Alice', aadObjectId: 'aad-alice' },
    conversation,
    recipient: { id: BOT_ID, name: 'ssr-bot' },
    entities: opts.entities ?? [{ locale: opts.locale ?? 'zh-CN', country: 'CN', platform: 'Web', timezone: 'Asia/Shanghai', type: 'clientInfo' }],
    channelData:
      kind === 'channel'
        ? { teamsChannelId: '19:general@thread.tacv2', teamsTeamId: '19:team@thread.tacv2', channel: { id: '19:general@thread.tacv2' }, team: { id: '19:team@thread.tacv2' }, tenant: { id: 'tenant-1' } }
        : { tenant: { id: 'tenant-1' } },
    locale: opts.locale ?? 'zh-CN',
    ...(opts.value !== undefined ? { value: opts.value } : {}),
  };
}

export function mention(name = 'ssr-bot', id = BOT_ID) {
  return { type: 'mention', text: `<at>${name}</at>`, mentioned: { id, name } };
}

export function invoke(serviceUrl: string, name: string, value: unknown) {
  return {
    type: 'invoke',
    name,
    value,
    id: `f:${Date.now()}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:alice', name: 'Alice', aadObjectId: 'aad-alice' },
    conversation: { isGroup: true, conversationType: 'groupChat', tenantId: 'tenant-1', id: '19:meeting_abc@thread.v2' },
    recipient: { id: BOT_ID, name: 'ssr-bot' },
    channelData: { tenant: { id: 'tenant-1' }, source: { name: 'compose' } },
    locale: 'zh-CN',
  };
}

export async function postActivity(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}
