import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp } from '../../helpers/app.js';
import { FakeSlack } from '../../helpers/fake-slack.js';
import { SIGNING_SECRET } from '../../helpers/slack-requests.js';

/** Slack's start-up check runs in the background; its outcome is the adapter state and one log line. */
let slack: FakeSlack | undefined;
let app: Awaited<ReturnType<typeof startTestApp>> | undefined;

afterEach(async () => {
  await app?.stop();
  await slack?.close();
  app = slack = undefined;
});

describe('Slack start-up check', () => {
  it('Socket Mode with an app token Slack rejects: degraded, naming SLACK_APP_TOKEN; the bot token was fine', async () => {
    slack = await new FakeSlack().start();
    slack.script('/api/apps.connections.open', { body: { ok: false, error: 'invalid_auth' } });
    app = await startTestApp({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test', SLACK_API_URL: slack.apiUrl, PLAYGROUND: 'off' });
    const state = app.health.snapshot().slack;
    expect(state.state).toBe('degraded');
    expect(state.state === 'degraded' && state.reason).toMatch(/^SLACK_APP_TOKEN was rejected by Slack \(invalid_auth\): create an app-level token/u);
    expect(slack.callsTo('/api/auth.test')).toHaveLength(1);
    expect(app.log.lines.filter((l) => l.level === 'error').map((l) => l.message)).toEqual([state.state === 'degraded' && state.reason]);
  });

  it('recovers when Slack answers again: degraded while failing, then ok', async () => {
    slack = await new FakeSlack().start();
    slack.script('/api/auth.test', { status: 503, body: 'unavailable' }, { status: 503, body: 'unavailable' });
    app = await startTestApp({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, PLAYGROUND: 'off' });
    expect(app.health.snapshot().slack).toEqual({ state: 'degraded', reason: `Slack's Web API at ${slack.apiUrl} answered HTTP 503` });
    await expect.poll(() => app!.health.snapshot().slack, { timeout: 8000 }).toEqual({ state: 'ok' });
    expect(slack.callsTo('/api/auth.test')).toHaveLength(3);
    expect(app.log.lines.map((l) => l.message)).toContain('slack ready');
  });
});
