import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

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
    expect(message).toMatch(/MicrosoftAppPassword is missing/u);
    expect(message).toMatch(/MicrosoftAppTenantId is missing/u);
    expect(message).toMatch(/PLAYGROUND/u);
  });

  it('turns Slack on with a token and a secret, and Socket Mode with an app token', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack).toMatchObject({ botToken: 'xoxb-1', signingSecret: 's', command: '/ssr' });
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack?.appToken).toBe('xapp-1');
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
    expect(() => loadConfig({ TEAMS_ANONYMOUS: 'on', MicrosoftAppId: 'a', MicrosoftAppPassword: 'b', MicrosoftAppTenantId: 'c' })).toThrow(/both set/u);
  });
});
