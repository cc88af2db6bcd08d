import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../adapters/config.js';

const SECRET = '8f742231b10e8888abcd9900000085a5';
const GUID_A = '0f8fad5b-d9cb-469f-a165-70867728950e';
const GUID_B = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

/** The problems loadConfig reports for `env` (empty when it accepts it). */
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    expect((err as { code: string }).code).toBe('CONFIG_INVALID');
    return (err as { details: string[] }).details;
  }
}

describe('loadConfig', () => {
  it('works with nothing set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', corpusDir: './corpus', databasePath: './data/ssr-bot.db', botLocale: 'zh', digestTimeZone: 'UTC', playground: true });
    expect(c.slack).toBeUndefined();
    expect(c.teams.appId).toBeUndefined();
  });

  it('reports every problem at once with how to fix it', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'abc', BOT_LOCALE: 'fr', DIGEST_TIMEZONE: 'Mars/Base', SLACK_BOT_TOKEN: 'nope', MicrosoftAppId: 'id', PLAYGROUND: 'maybe' });
    } catch (err) {
      message = (err as Error).message;
      expect((err as { code: string }).code).toBe('CONFIG_INVALID');
    }
    expect(message).toMatch(/PORT="abc"/u);
    expect(message).toMatch(/BOT_LOCALE="fr".*zh or en/u);
    expect(message).toMatch(/DIGEST_TIMEZONE="Mars\/Base"/u);
    expect(message).toMatch(/SLACK_BOT_TOKEN.*xoxb-/u);
    expect(message).toMatch(/SLACK_SIGNING_SECRET is missing/u);
    expect(message).toMatch(/MicrosoftAppId="id" is not a GUID/u);
    expect(message).toMatch(/MicrosoftAppPassword is missing/u);
    expect(message).toMatch(/MicrosoftAppTenantId is missing/u);
    expect(message).toMatch(/PLAYGROUND/u);
  });

  it('turns Slack on with a token and a secret, and Socket Mode with an app token', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: SECRET }).slack).toMatchObject({ botToken: 'xoxb-1', signingSecret: SECRET, command: '/ssr' });
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack?.appToken).toBe('xapp-1');
  });

  it('turns Teams on with a GUID app id, a secret and a GUID tenant id', () => {
    expect(loadConfig({ MicrosoftAppId: GUID_A, MicrosoftAppPassword: 'Ab8Q~secret.value', MicrosoftAppTenantId: GUID_B }).teams).toEqual({ appId: GUID_A, appPassword: 'Ab8Q~secret.value', appType: 'SingleTenant', tenantId: GUID_B, mode: 'authenticated', loginUrl: 'https://login.microsoftonline.com' });
    expect(loadConfig({ MicrosoftAppId: GUID_A, MicrosoftAppPassword: 'x', MicrosoftAppType: 'MultiTenant' }).teams.appType).toBe('MultiTenant');
  });

  it('Teams is off unless asked: an app id means authenticated, TEAMS_ANONYMOUS=on anonymous', () => {
    expect(loadConfig({}).teams.mode).toBe('off');
    expect(loadConfig({ TEAMS_ANONYMOUS: 'on' }).teams.mode).toBe('anonymous');
    expect(loadConfig({ TEAMS_ANONYMOUS: 'on', HOST: '::1' }).teams.mode).toBe('anonymous');
    expect(loadConfig({ TEAMS_ANONYMOUS: 'on', HOST: '127.0.0.2' }).teams.mode).toBe('anonymous');
    const id = { MicrosoftAppId: '00000000-0000-0000-0000-0000000000aa', MicrosoftAppPassword: 'x', MicrosoftAppTenantId: '00000000-0000-0000-0000-0000000000bb' };
    expect(loadConfig(id).teams.mode).toBe('authenticated');
  });

  it.each(['0.0.0.0', '::', '192.168.1.5', 'localhost', '127.0.0.1.evil.example'])('TEAMS_ANONYMOUS=on with HOST=%s is refused with how to fix it', (host) => {
    expect(() => loadConfig({ TEAMS_ANONYMOUS: 'on', HOST: host })).toThrow(/TEAMS_ANONYMOUS=on needs HOST to be a loopback address.*HOST=127\.0\.0\.1/u);
  });

  it('TEAMS_ANONYMOUS must be on or off, and cannot be combined with an app id', () => {
    expect(() => loadConfig({ TEAMS_ANONYMOUS: 'yes' })).toThrow(/TEAMS_ANONYMOUS="yes" must be on or off/u);
    expect(() => loadConfig({ TEAMS_ANONYMOUS: 'on', MicrosoftAppId: GUID_A, MicrosoftAppPassword: 'b', MicrosoftAppTenantId: GUID_B })).toThrow(/both set/u);
  });
});

describe('values the platforms would reject are named with where the right one is', () => {
  const slack = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: SECRET };
  const teams = { MicrosoftAppId: GUID_A, MicrosoftAppPassword: 'Ab8Q~secret.value', MicrosoftAppTenantId: GUID_B };

  it.each([
    ['a user token as bot token', { ...slack, SLACK_BOT_TOKEN: 'xoxp-1-2-abc' }, /SLACK_BOT_TOKEN does not start with xoxb- — that is a user token: .*Bot User OAuth Token.*OAuth & Permissions/u],
    ['the app token as bot token', { ...slack, SLACK_BOT_TOKEN: 'xapp-1-A1-abc' }, /SLACK_BOT_TOKEN does not start with xoxb- — that is the app-level token, which belongs in SLACK_APP_TOKEN/u],
    ['a legacy token', { ...slack, SLACK_BOT_TOKEN: 'xoxa-2-abc' }, /SLACK_BOT_TOKEN does not start with xoxb-: .*"OAuth & Permissions"/u],
    ['a bot token as app token', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' }, /SLACK_APP_TOKEN does not start with xapp- — that is the bot token.*Basic Information" → App-Level Tokens.*connections:write/u],
    ['a short signing secret', { ...slack, SLACK_SIGNING_SECRET: 'test-signing-secret' }, /SLACK_SIGNING_SECRET is not a signing secret \(32 hexadecimal characters; this value has 19 characters\): copy Signing Secret from "Basic Information" → App Credentials/u],
    ['a 32-character non-hex secret', { ...slack, SLACK_SIGNING_SECRET: 'Z'.repeat(32) }, /SLACK_SIGNING_SECRET is not a signing secret/u],
    ['an app id that is not a GUID', { ...teams, MicrosoftAppId: 'x' }, /MicrosoftAppId="x" is not a GUID .*Azure Bot → Configuration/u],
    ['a tenant id that is not a GUID', { ...teams, MicrosoftAppTenantId: 'abc' }, /MicrosoftAppTenantId="abc" is not a GUID .*App Tenant ID/u],
    ['SingleTenant without a tenant id', { MicrosoftAppId: GUID_A, MicrosoftAppPassword: 'x', MicrosoftAppType: 'SingleTenant' }, /MicrosoftAppTenantId is missing: a SingleTenant bot needs its Directory \(tenant\) ID — Azure portal/u],
    ['the secret id instead of its value', { ...teams, MicrosoftAppPassword: GUID_B }, /MicrosoftAppPassword looks like a GUID, which is the Secret ID: copy the secret's Value/u],
    ['a password without an app id', { MicrosoftAppPassword: 'x' }, /MicrosoftAppPassword is set but MicrosoftAppId is not/u],
  ])('%s', (_name, env, expected) => {
    const found = problems(env);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(expected);
  });

  it('never repeats a secret in its messages', () => {
    const text = problems({ SLACK_BOT_TOKEN: 'xoxp-123456-qzqzbot', SLACK_SIGNING_SECRET: 'qzqzsigning', SLACK_APP_TOKEN: 'xoxb-qzqzapp', MicrosoftAppPassword: 'qzqzpassword' }).join('\n');
    expect(text).toMatch(/SLACK_BOT_TOKEN.*\n.*SLACK_SIGNING_SECRET.*\n.*SLACK_APP_TOKEN.*\n.*MicrosoftAppPassword/u);
    expect(text).not.toMatch(/qzqz/u);
  });
});
