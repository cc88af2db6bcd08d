import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { startApp } from '../app.js';
import { loadConfig } from '../config.js';

/**
 * One server of the Slack throughput bench (slack-throughput.ts forks this file twice), in its own process so
 * each has a core and a heap of its own: `bare` is the smallest Bolt app that acks and calls respond() with
 * fixed text; `ssr` is this bot as `npm start` runs it (loadConfig defaults, the corpus and glossary, pino
 * logging, metrics), Slack on over HTTP. Both talk only to the fake at argv[4] on 127.0.0.1.
 * Messages: the server sends {url} once listening; it answers 'cpu' with its CPU time so far and exits on 'stop'.
 */
const [role, signingSecret, fakeUrl] = process.argv.slice(2);
if (!fakeUrl?.startsWith('http://127.0.0.1:')) throw new Error('usage: slack-bench-server.ts bare|ssr <signing secret> http://127.0.0.1:<port>');

let stop: () => Promise<unknown>;
let url: string;
if (role === 'bare') {
  const receiver = new HTTPReceiver({ signingSecret, endpoints: '/slack/events', processBeforeResponse: false, logLevel: LogLevel.ERROR });
  const app = new App({ receiver, token: 'xoxb-bench', clientOptions: { slackApiUrl: `${fakeUrl}/api/` }, logLevel: LogLevel.ERROR });
  app.command('/ssr', async ({ ack, respond }) => {
    await ack();
    await respond({ response_type: 'ephemeral', text: 'A fixed answer.' });
  });
  const server = await receiver.start({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stop = () => receiver.stop();
} else if (role === 'ssr') {
  const dir = mkdtempSync(join(tmpdir(), 'ssr-slack-bench-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: join(dir, 'bot.db'), SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: `${fakeUrl}/api/` });
  const app = await startApp(config);
  if (!(await app.settled()) || !app.health.ready()) throw new Error(`the bot did not get ready: ${JSON.stringify(app.health.snapshot())}`);
  url = app.url;
  stop = () => app.stop();
} else {
  throw new Error(`unknown role ${role}: use bare or ssr`);
}

process.on('message', async (m) => {
  if (m === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send!({ cpuMs: (user + system) / 1000 });
  } else if (m === 'stop') {
    await stop();
    process.exit(0);
  }
});
process.send!({ url });
