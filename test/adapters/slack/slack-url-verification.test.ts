import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../helpers/fake-slack.js';
import { startTestApp } from '../../helpers/app.js';
import { postSigned, SIGNING_SECRET, slashCommandBody } from '../../helpers/slack-requests.js';

/**
 * Slack verifies the Event Subscriptions request URL as soon as the admin saves it, before the bot has its
 * token and secret. Until then the route says what to set (503 + JSON), and after a restart with them the
 * same request — what *Retry* sends — is answered with the challenge.
 */
const verification = JSON.stringify({ token: 'legacy-verification-token', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' });
let slack: FakeSlack;

beforeAll(async () => {
  slack = await new FakeSlack().start();
});
afterAll(async () => {
  await slack.close();
});

describe('POST /slack/events while Slack is not configured', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  beforeAll(async () => {
    app = await startTestApp({ PLAYGROUND: 'off' });
  });
  afterAll(async () => {
    await app.stop();
  });

  it('answers url_verification with 503 and a body that says which variables to set and to press Retry', async () => {
    const res = await postSigned(`${app.url}/slack/events`, verification, 'application/json');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/u);
    const body = await res.json();
    expect(body).toMatchObject({ error: 'slack_not_configured', missing: ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'] });
    expect(body.message).toMatch(/SLACK_BOT_TOKEN \(OAuth & Permissions.*SLACK_SIGNING_SECRET \(Basic Information.*press Retry.*Event Subscriptions/u);
    expect(JSON.stringify(body)).not.toContain('3eZbrw1a');
    expect(app.log.lines).toContainEqual(expect.objectContaining({ level: 'warn', message: 'slack request refused', extra: expect.objectContaining({ reason: 'slack_not_configured' }) }));
  });

  it('answers anything else there the same way, and other methods with 405', async () => {
    const command = await postSigned(`${app.url}/slack/events`, slashCommandBody('help', slack.responseUrl('x')), 'application/x-www-form-urlencoded');
    expect(command.status).toBe(503);
    expect((await command.json()).error).toBe('slack_not_configured');
    expect((await fetch(`${app.url}/slack/events`)).status).toBe(405);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});

describe('the same request after the secrets are set and the bot restarted (Retry)', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  beforeAll(async () => {
    app = await startTestApp({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, PLAYGROUND: 'off' });
  });
  afterAll(async () => {
    await app.stop();
  });

  it('is answered with the challenge when signed with the signing secret', async () => {
    const res = await postSigned(`${app.url}/slack/events`, verification, 'application/json');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('is refused when signed with another secret (a wrong SLACK_SIGNING_SECRET fails verification)', async () => {
    const res = await postSigned(`${app.url}/slack/events`, verification, 'application/json', { secret: 'a'.repeat(32) });
    expect(res.status).toBe(401);
  });
});
