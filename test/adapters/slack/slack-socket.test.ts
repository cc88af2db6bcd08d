import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { FakeSlack } from '../../helpers/fake-slack.js';
import { startTestApp } from '../../helpers/app.js';

/**
 * Socket Mode against a local WebSocket server speaking Slack's envelope protocol: apps.connections.open
 * returns its URL, it says hello, sends envelopes and expects {envelope_id} acks.
 */
let slack: FakeSlack;
let wss: WebSocketServer;
let socket: WebSocket;
const acks: Record<string, unknown>[] = [];
let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  slack = await new FakeSlack().start();
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const wsUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`;
  slack.script('/api/apps.connections.open', ...Array.from({ length: 5 }, () => ({ body: { ok: true, url: wsUrl } })));
  const connected = new Promise<void>((resolve) => {
    wss.on('connection', (ws) => {
      socket = ws;
      ws.on('message', (data) => acks.push(JSON.parse(String(data))));
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'local', approximate_connection_time: 3600 }, connection_info: { app_id: 'A1' } }));
      resolve();
    });
  });
  app = await startTestApp({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test', SLACK_API_URL: slack.apiUrl, PLAYGROUND: 'off' });
  await connected;
});

afterAll(async () => {
  await app.stop();
  for (const c of wss.clients) c.terminate();
  await new Promise((r) => wss.close(r));
  await slack.close();
});

async function waitAck(id: string) {
  const until = Date.now() + 5000;
  while (Date.now() < until) {
    const a = acks.find((x) => x.envelope_id === id);
    if (a) return a;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no ack for ${id}`);
}

describe('Slack Socket Mode', () => {
  it('opens the connection with the app token', () => {
    const open = slack.callsTo('/api/apps.connections.open')[0];
    expect(JSON.stringify(open.headers)).toContain('xapp-test');
    expect(app.surfaces).toContain('slack-socket');
  });

  it('tells an HTTP caller of /slack/events that this bot uses Socket Mode', async () => {
    const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"url_verification","challenge":"c"}' });
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body.error).toBe('slack_uses_socket_mode');
    expect(body.message).toMatch(/npm run slack:manifest -- --socket-mode.*remove SLACK_APP_TOKEN/u);
  });

  it('acks a slash command envelope and answers through response_url', async () => {
    socket.send(
      JSON.stringify({
        envelope_id: 'env-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: { token: 't', team_id: 'T1', team_domain: 'x', channel_id: 'C1', channel_name: 'ssr', user_id: 'U1', user_name: 'alice', command: '/ssr', text: '13(d)', api_app_id: 'A1', response_url: slack.responseUrl('sock-1'), trigger_id: '1.2.3' },
      }),
    );
    await waitAck('env-1');
    const [call] = await slack.waitFor('/respond/sock-1');
    expect(call.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(call.body.blocks)).toContain('13(d)-1');
  });

  it('answers an app_mention events_api envelope in its thread', async () => {
    socket.send(
      JSON.stringify({
        envelope_id: 'env-2',
        type: 'events_api',
        accepts_response_payload: false,
        retry_attempt: 0,
        retry_reason: '',
        payload: { token: 't', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: 'EvSock1', event_time: 1, event: { type: 'app_mention', user: 'U1', text: '<@UBOT> 名册', ts: '1700000000.9', channel: 'C9', event_ts: '1700000000.9' } },
      }),
    );
    await waitAck('env-2');
    const [post] = await slack.waitFor('/api/chat.postMessage');
    expect(post.body.channel).toBe('C9');
    expect(post.body.thread_ts).toBe('1700000000.9');
  });
});
