import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManifestUtil } from '@microsoft/app-manifest';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { parse } from 'yaml';
import { validateSlackManifest, type SlackManifest } from '../adapters/slack/manifest.js';
import { FakeLogin } from './helpers/fake-login.js';
import { FakeSlack } from './helpers/fake-slack.js';
import { runNpm, startNpm, type StartedBot } from './helpers/run-npm.js';
import { postSigned, SIGNING_SECRET, slashCommandBody } from './helpers/slack-requests.js';

/**
 * The README's Slack and Teams set-up sections, step by step and in their order, as an admin does them: the
 * same npm commands as processes, values written into a .env file, `npm start` as a process. Slack and Entra ID
 * are the loopback fakes; where a step happens in Slack's or Azure's own pages, the fake plays what the page
 * does (it grants the manifest's scopes on install, sends url_verification signed with the signing secret).
 * Each step must leave the admin able to take the next one.
 */
const require = createRequire(import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'ssr-walkthrough-'));
const PUBLIC = 'https://ssr-bot.contoso.net';
const challenge = JSON.stringify({ token: 'legacy', challenge: 'c4a11e9ge-from-slack', type: 'url_verification' });
let slack: FakeSlack;

/** Step "copy … to .env": the values an admin pastes, plus the stand-in for Slack's address. */
function writeEnv(name: string, values: Record<string, string>): string {
  const file = join(dir, name);
  writeFileSync(file, Object.entries(values).map(([k, v]) => `${k}=${v}`).join('\n'));
  return file;
}
const database = (name: string) => ({ PORT: '0', DATABASE_PATH: join(dir, `${name}.db`) });

beforeAll(async () => {
  slack = await new FakeSlack().start();
});
afterAll(async () => {
  await slack.close();
});

describe('README → Slack → Socket Mode', () => {
  let manifest: SlackManifest;
  let envFile: string;
  let bot: StartedBot | undefined;
  let wss: WebSocketServer;
  let socket: Promise<WebSocket>;
  afterAll(async () => {
    await bot?.stop();
    for (const c of wss?.clients ?? []) c.terminate();
    await new Promise((r) => wss?.close(r));
  });

  it('1. npm run slack:manifest -- --socket-mode writes a manifest Slack accepts', async () => {
    const out = join(dir, 'socket.yml');
    const run = await runNpm('slack:manifest', ['--socket-mode', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    manifest = parse(readFileSync(out, 'utf8'));
    expect(validateSlackManifest(manifest)).toEqual([]);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it('2–4. app created from it, app-level token and bot token into .env', async () => {
    // Slack grants on install exactly the scopes the manifest asks for; Socket Mode hands out a WebSocket URL.
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    socket = new Promise((resolve) => wss.on('connection', (ws) => {
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' } }));
      resolve(ws);
    }));
    slack.script('/api/auth.test', { body: { ok: true, team: 'UN', team_id: 'T1', user: 'ssr-bot', user_id: 'UBOT', bot_id: 'BBOT' }, headers: { 'x-oauth-scopes': manifest.oauth_config.scopes.bot.join(',') } });
    const wsUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`;
    slack.script('/api/apps.connections.open', ...Array.from({ length: 3 }, () => ({ body: { ok: true, url: wsUrl } })));
    envFile = writeEnv('socket.env', { SLACK_APP_TOKEN: 'xapp-1-A1-1111-abcdef', SLACK_BOT_TOKEN: 'xoxb-1111-2222-abcdef', SLACK_API_URL: slack.apiUrl });
  });

  it('5. npm run doctor finds no problem; npm start says Slack: Socket Mode', async () => {
    const doctor = await runNpm('doctor', [], { envFile });
    expect(doctor.code, doctor.stdout).toBe(0);
    expect(doctor.stdout).not.toContain('[FAIL]');
    expect(doctor.stdout).toMatch(/\[ok\] +app-level token accepted/u);
    bot = await startNpm({ envFile, env: database('socket') });
    expect(bot.banner).toContain('Slack:         Socket Mode (command /ssr)');
  });

  it('6. /ssr help answers', async () => {
    const ws = await socket;
    ws.send(JSON.stringify({ envelope_id: 'e1', type: 'slash_commands', accepts_response_payload: true, payload: { team_id: 'T1', channel_id: 'C1', user_id: 'U1', command: '/ssr', text: 'help', response_url: slack.responseUrl('socket-help'), trigger_id: '1.2.3' } }));
    const [answer] = await slack.waitFor('/respond/socket-help', 1, 10_000);
    expect(JSON.stringify(answer.body.blocks)).toMatch(/ssr-bot/u);
  });
});

describe('README → Slack → HTTP mode', () => {
  let urls: string[];
  let scopes: string[];
  let envFile: string;
  let bot: StartedBot | undefined;
  afterAll(async () => {
    await bot?.stop();
  });

  it('1. npm run slack:manifest -- --url fills in the three request URLs', async () => {
    const out = join(dir, 'http.yml');
    const run = await runNpm('slack:manifest', ['--url', PUBLIC, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const manifest: SlackManifest = parse(readFileSync(out, 'utf8'));
    expect(validateSlackManifest(manifest)).toEqual([]);
    scopes = manifest.oauth_config.scopes.bot;
    urls = [manifest.settings.event_subscriptions!.request_url!, manifest.settings.interactivity!.request_url!, manifest.features.slash_commands![0].url!];
    expect(new Set(urls)).toEqual(new Set([`${PUBLIC}/slack/events`]));
  });

  it('2. creating the app verifies the URL before the bot has secrets: it answers 503 with what to set', async () => {
    const unconfigured = await startNpm({ env: database('http-before') });
    try {
      expect(unconfigured.banner).toMatch(/Slack is off: .*\/slack\/events answers 503 until SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET/u);
      const res = await postSigned(`${unconfigured.url}/slack/events`, challenge, 'application/json');
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body.missing).toEqual(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']);
      expect(body.message).toMatch(/press Retry/u);
    } finally {
      await unconfigured.stop();
    }
  });

  it('3. signing secret and bot token into .env (the installation granted the manifest\'s scopes)', () => {
    slack.script('/api/auth.test', { body: { ok: true, team: 'UN', team_id: 'T1', user: 'ssr-bot', user_id: 'UBOT', bot_id: 'BBOT' }, headers: { 'x-oauth-scopes': scopes.join(',') } });
    envFile = writeEnv('http.env', { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-1111-2222-abcdef', SLACK_API_URL: slack.apiUrl });
  });

  it('4. npm run doctor -- --url prints the same three URLs; npm start serves /slack/events', async () => {
    const doctor = await runNpm('doctor', ['--url', PUBLIC], { envFile });
    expect(doctor.code, doctor.stdout).toBe(0);
    const printed = [...doctor.stdout.matchAll(/Slack: .*Request URL: +(\S+)/gu)].map((m) => m[1]);
    expect(printed).toEqual([urls[0], urls[1], urls[2]]);
    bot = await startNpm({ envFile, env: database('http') });
    expect(bot.banner).toMatch(/Slack: +http:\/\/localhost:\d+\/slack\/events \(HTTP, command \/ssr\)/u);
  });

  it('5. Retry on Event Subscriptions is answered with the challenge; then /ssr help answers', async () => {
    const retry = await postSigned(`${bot!.url}/slack/events`, challenge, 'application/json');
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ challenge: 'c4a11e9ge-from-slack' });
    const command = await postSigned(`${bot!.url}/slack/events`, slashCommandBody('help', slack.responseUrl('http-help')), 'application/x-www-form-urlencoded');
    expect(command.status).toBe(200);
    const [answer] = await slack.waitFor('/respond/http-help', 1, 10_000);
    expect(JSON.stringify(answer.body.blocks)).toMatch(/ssr-bot/u);
  });
});

describe('README → Microsoft Teams', () => {
  const APP_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
  let login: FakeLogin;
  let envFile: string;
  let bot: StartedBot | undefined;
  beforeAll(async () => {
    login = await new FakeLogin().start();
  });
  afterAll(async () => {
    await bot?.stop();
    await login.close();
  });

  it('2. app id, tenant id, type and the secret value into .env', () => {
    envFile = writeEnv('teams.env', { MicrosoftAppId: APP_ID, MicrosoftAppTenantId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'Ab8Q~secret.value' });
  });

  it('3. npm run doctor -- --url gets a token and prints the messaging endpoint', async () => {
    const doctor = await runNpm('doctor', ['--url', PUBLIC, '--login-url', login.url], { envFile });
    expect(doctor.code, doctor.stdout).toBe(0);
    expect(doctor.stdout).toMatch(/\[ok\] +Bot Framework token issued/u);
    expect(doctor.stdout).toContain(`Messaging endpoint: ${PUBLIC}/api/messages`);
  });

  it('5. npm start serves /api/messages with the app id, refusing requests without a Bot Framework token', async () => {
    bot = await startNpm({ envFile, env: { ...database('teams'), MICROSOFT_LOGIN_URL: login.url } });
    expect(bot.banner).toContain(`/api/messages (authenticated: app id ${APP_ID}, SingleTenant)`);
    // The secret is checked in the background with the same token request as the doctor's.
    await expect.poll(() => fetch(`${bot!.url}/readyz`).then((r) => r.status), { timeout: 10_000 }).toBe(200);
    expect(login.requests.at(-1)?.form.client_id).toBe(APP_ID);
    const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'help', channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/amer/', conversation: { id: 'a:1' }, from: { id: '29:1' }, recipient: { id: `28:${APP_ID}` } }) });
    expect(res.status).toBe(401);
  });

  it('6. npm run teams:package -- --url builds an uploadable package with the app id from .env', async () => {
    const out = join(dir, 'teams.zip');
    const run = await runNpm('teams:package', ['--url', PUBLIC, '--out', out], { envFile });
    expect(run.code, run.stderr).toBe(0);
    const manifest = JSON.parse(new TextDecoder().decode(unzipSync(new Uint8Array(readFileSync(out)))['manifest.json']));
    expect(manifest).toMatchObject({ id: APP_ID, developer: { websiteUrl: PUBLIC }, validDomains: ['ssr-bot.contoso.net'] });
    const schema = JSON.parse(readFileSync(require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`), 'utf8'));
    expect(await ManifestUtil.validateManifestAgainstSchema(manifest, schema)).toEqual([]);
  });
});
