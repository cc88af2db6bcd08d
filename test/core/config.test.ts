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
});
