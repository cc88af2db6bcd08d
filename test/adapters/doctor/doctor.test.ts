import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../../../adapters/slack/scopes.js';
import { FakeLogin, invalidSecret } from '../../helpers/fake-login.js';
import { FakeSlack } from '../../helpers/fake-slack.js';
import { runNpm } from '../../helpers/run-npm.js';
import { SIGNING_SECRET } from '../../helpers/slack-requests.js';

/** `npm run doctor` as a process against the fake Slack Web API and a fake Entra ID token endpoint. */
const APP_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const TENANT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const ALL_SCOPES = Object.keys(BOT_SCOPES).join(',');
const AUTH_OK = { ok: true, url: 'https://unteam.slack.com/', team: 'UN Team', user: 'ssr-bot', team_id: 'T1', user_id: 'UBOT', bot_id: 'BBOT' };

let slack: FakeSlack;
let login: FakeLogin;

beforeAll(async () => {
  slack = await new FakeSlack().start();
  login = await new FakeLogin().start();
});
afterAll(async () => {
  await slack.close();
  await login.close();
});
beforeEach(() => {
  slack.calls.length = 0;
  login.requests.length = 0;
});

const slackHttp = () => ({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl });
const teams = () => ({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'Ab8Q~not.a.real.secret', MicrosoftAppTenantId: TENANT });
const doctor = (env: Record<string, string>, args: string[] = []) => runNpm('doctor', ['--login-url', login.url, ...args], { env });
const scopes = (list: string) => ({ body: AUTH_OK, headers: { 'x-oauth-scopes': list } });

describe('npm run doctor', () => {
  it('succeeds when Slack and Teams accept the credentials and every scope is granted, and prints the URLs to paste', async () => {
    slack.script('/api/auth.test', scopes(ALL_SCOPES));
    const { code, stdout } = await doctor({ ...slackHttp(), ...teams() }, ['--url', 'https://bot.example.org/']);
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/\[ok\] +valid — Slack: HTTP; Teams: app 0f8fad5b-d9cb-469f-a165-70867728950e \(SingleTenant\)/u);
    expect(stdout).toMatch(/\[ok\] +bot token accepted by .*auth\.test: workspace UN Team \(T1\), bot user @ssr-bot \(UBOT\)/u);
    expect(stdout).toMatch(/\[ok\] +all 8 scopes the bot uses are granted/u);
    expect(stdout).toMatch(/\[ok\] +Bot Framework token issued for app 0f8fad5b-d9cb-469f-a165-70867728950e \(SingleTenant, tenant 7c9e6679/u);
    expect(stdout).toMatch(/Event Subscriptions → Request URL: +https:\/\/bot\.example\.org\/slack\/events/u);
    expect(stdout).toMatch(/Interactivity & Shortcuts → Request URL: +https:\/\/bot\.example\.org\/slack\/events/u);
    expect(stdout).toMatch(/Slash Commands → \/ssr → edit → Request URL: +https:\/\/bot\.example\.org\/slack\/events/u);
    expect(stdout).toMatch(/Messaging endpoint: https:\/\/bot\.example\.org\/api\/messages/u);
    expect(stdout).toMatch(/No problems found\.$/mu);
    // What reached the platforms: the bot token on auth.test, the client credentials at the tenant's endpoint.
    expect(slack.callsTo('/api/auth.test')[0].headers.authorization).toBe('Bearer xoxb-1-2-abc');
    expect(login.requests).toEqual([
      { path: `/${TENANT}/oauth2/v2.0/token`, form: { grant_type: 'client_credentials', client_id: APP_ID, client_secret: 'Ab8Q~not.a.real.secret', scope: 'https://api.botframework.com/.default' } },
    ]);
  });

  it('fails on invalid_auth, saying where the right token is', async () => {
    slack.script('/api/auth.test', { body: { ok: false, error: 'invalid_auth' } });
    const { code, stdout } = await doctor(slackHttp());
    expect(code).toBe(1);
    expect(stdout).toMatch(/\[FAIL\] SLACK_BOT_TOKEN was refused by Slack \(invalid_auth\): copy the current Bot User OAuth Token \(xoxb-…\) from OAuth & Permissions/u);
    expect(stdout).toMatch(/1 problem found/u);
  });

  it('fails on a missing scope, naming it, the feature it breaks and how to add it', async () => {
    slack.script('/api/auth.test', scopes(Object.keys(BOT_SCOPES).filter((s) => s !== 'channels:history').join(',')));
    const { code, stdout } = await doctor(slackHttp());
    expect(code).toBe(1);
    expect(stdout).toMatch(/\[FAIL\] scope channels:history is missing — digest reconciliation in public channels .* will not work: add it under OAuth & Permissions → Scopes → Bot Token Scopes .* Reinstall to Workspace/u);
    expect(stdout).not.toMatch(/scope (?!channels:history)\S+ is missing/u);
  });

  it('only warns about scopes no feature needs', async () => {
    slack.script('/api/auth.test', scopes(Object.keys(BOT_SCOPES).filter((s) => s !== 'im:write').join(', ')));
    const { code, stdout } = await doctor(slackHttp());
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/\[warn\] scope im:write is missing/u);
  });

  it('checks the app-level token in Socket Mode and has no request URLs to paste', async () => {
    slack.script('/api/auth.test', scopes(ALL_SCOPES));
    slack.script('/api/apps.connections.open', { body: { ok: false, error: 'invalid_auth' } });
    const { code, stdout } = await doctor({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A1-abc', SLACK_API_URL: slack.apiUrl }, ['--url', 'https://bot.example.org']);
    expect(code).toBe(1);
    expect(slack.callsTo('/api/apps.connections.open')[0].headers.authorization).toBe('Bearer xapp-1-A1-abc');
    expect(stdout).toMatch(/\[FAIL\] SLACK_APP_TOKEN was refused by Slack \(invalid_auth\): generate an app-level token with scope connections:write under Basic Information → App-Level Tokens/u);
    expect(stdout).toMatch(/Socket Mode: Slack needs no request URLs/u);
    expect(stdout).not.toMatch(/Event Subscriptions/u);
  });

  it('in OAuth mode (many workspaces) checks no single token and prints the redirect URL and the install page', async () => {
    const env = { SLACK_CLIENT_ID: '1111111111.2222222222', SLACK_CLIENT_SECRET: '0123456789abcdef0123456789abcdef', SLACK_STATE_SECRET: 'x'.repeat(40), SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl };
    const { code, stdout } = await doctor(env, ['--url', 'https://bot.example.org']);
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/Slack: HTTP, OAuth install for many workspaces/u);
    expect(stdout).toMatch(/OAuth mode \(SLACK_CLIENT_ID\): each workspace's bot token comes from its installation/u);
    expect(stdout).toMatch(/OAuth & Permissions → Redirect URLs: +https:\/\/bot\.example\.org\/slack\/oauth_redirect/u);
    expect(stdout).toMatch(/install page to share \(Manage Distribution\): +https:\/\/bot\.example\.org\/slack\/install/u);
    expect(slack.calls).toEqual([]);
  });

  it('fails on a client secret Entra ID refuses, and asks a MultiTenant bot\'s token from botframework.com', async () => {
    login.script(invalidSecret(APP_ID));
    const { code, stdout } = await doctor({ ...teams(), MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' });
    expect(code).toBe(1);
    expect(login.requests[0].path).toBe('/botframework.com/oauth2/v2.0/token');
    expect(stdout).toMatch(/\[FAIL\] MicrosoftAppPassword is not a valid client secret for this app: create a new client secret .* copy its Value, not its Secret ID \(AADSTS7000215\)\./u);
  });

  it('stops at invalid configuration, reaching no platform', async () => {
    const { code, stdout } = await doctor({ ...slackHttp(), SLACK_SIGNING_SECRET: 'short', MicrosoftAppId: 'x' });
    expect(code).toBe(1);
    expect(stdout).toMatch(/\[FAIL\] SLACK_SIGNING_SECRET is not a signing secret/u);
    expect(stdout).toMatch(/\[FAIL\] MicrosoftAppId="x" is not a GUID/u);
    expect(slack.calls).toHaveLength(0);
    expect(login.requests).toHaveLength(0);
  });

  it('refuses a plain-http --url before calling any platform', async () => {
    const { code, stderr } = await doctor(slackHttp(), ['--url', 'http://bot.example.org']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--url "http:\/\/bot\.example\.org" must start with https:\/\//u);
    expect(slack.calls).toHaveLength(0);
  });

  it('says when Slack cannot be reached at all', async () => {
    const closed = await new FakeSlack().start();
    const url = closed.apiUrl;
    await closed.close();
    const { code, stdout } = await doctor({ ...slackHttp(), SLACK_API_URL: url });
    expect(code).toBe(1);
    expect(stdout).toMatch(/\[FAIL\] could not reach http:\/\/127\.0\.0\.1:\d+\/api\/ \(.*\): check the network, a proxy, or SLACK_API_URL/u);
  });
});
