import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../../adapters/app.js';
import { ManualClock } from '../../../src/clock.js';
import { startTestApp } from '../../helpers/app.js';
import { FakeSlack } from '../../helpers/fake-slack.js';
import { postSigned, SIGNING_SECRET, slashCommandBody } from '../../helpers/slack-requests.js';
import { BACKENDS, newStoreLocation, refuseWrites, type StoreLocation } from '../../helpers/stores.js';

/**
 * Many workspaces install the app through Slack's OAuth flow, fully offline: the real Bolt app on two
 * replicas sharing one store (both backends); the fake Slack answers oauth.v2.access and auth.test. An install
 * finished on one replica serves the other at once; each workspace (and an Enterprise Grid organisation
 * installed org-wide) is answered, and gets its digests, with its own token — the Authorization header the
 * fake received says which; app_uninstalled and tokens_revoked remove the installation and stop its digests.
 */
const CLIENT_ID = '1111111111.2222222222';
const CLIENT_SECRET = '0123456789abcdef0123456789abcdef';
const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

describe.each(BACKENDS)('Slack OAuth install on %s', (backend) => {
  let slack: FakeSlack;
  let location: StoreLocation;
  let a: Awaited<ReturnType<typeof startTestApp>>;
  let b: Awaited<ReturnType<typeof startTestApp>>;
  const clock = new ManualClock('2026-11-26T08:00:00Z');

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    location = await newStoreLocation(backend);
    const env = {
      SLACK_CLIENT_ID: CLIENT_ID,
      SLACK_CLIENT_SECRET: CLIENT_SECRET,
      SLACK_STATE_SECRET: 'state-secret-of-at-least-32-characters!',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PLAYGROUND: 'off',
      ...(backend === 'postgres' ? { DATABASE_URL: location.target } : { DATABASE_PATH: location.target }),
    };
    a = await startTestApp(env, { clock, scheduler: false });
    b = await startTestApp(env, { clock, scheduler: false });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await slack?.close();
  });

  /** The install page on `app`, then Slack's redirect back with a code, carrying the state cookie as a browser would. */
  async function install(app: RunningApp, grant: Record<string, unknown>, auth: Record<string, unknown>) {
    const page = await fetch(`${app.url}/slack/install`);
    const cookie = page.headers.get('set-cookie') ?? '';
    const state = /slack-app-oauth-state=([^;]+)/u.exec(cookie)?.[1] ?? '';
    const html = await page.text();
    slack.script('/api/oauth.v2.access', { body: { ok: true, app_id: 'A1', authed_user: { id: 'U1' }, token_type: 'bot', scope: 'commands,chat:write', ...grant } });
    slack.script('/api/auth.test', { body: { ok: true, ...auth } });
    const done = await fetch(`${app.url}/slack/oauth_redirect?code=code-${grant.access_token}&state=${encodeURIComponent(state)}`, { headers: { cookie: `slack-app-oauth-state=${state}` }, redirect: 'manual' });
    return { page, html, state, done };
  }

  const event = (team: string, eventId: string, event: Record<string, unknown>, org?: string) =>
    JSON.stringify({
      token: 'legacy',
      team_id: team,
      enterprise_id: org ?? null,
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: eventId,
      event_time: 1700000000,
      event,
      authorizations: [{ enterprise_id: org ?? null, team_id: org ? null : team, user_id: 'UBOT', is_bot: true, is_enterprise_install: Boolean(org) }],
      is_ext_shared_channel: false,
    });
  const mention = (team: string, channel: string, eventId: string, org?: string) =>
    postSigned(`${b.url}/slack/events`, event(team, eventId, { type: 'app_mention', user: 'U7', text: '<@UBOT2> 名册', ts: '1700000000.000100', channel, event_ts: '1700000000.000100' }, org), JSON_TYPE);
  const postsTo = (channel: string) => slack.callsTo('/api/chat.postMessage').filter((c) => c.body.channel === channel);
  const command = (app: RunningApp, text: string, extra: Record<string, string>) => postSigned(`${app.url}/slack/events`, slashCommandBody(text, slack.responseUrl(`${extra.channel_id}-${text.replace(/\W+/gu, '-')}`), extra), FORM);

  it('a workspace installs on one replica; an event from it on the other is answered with its own token', async () => {
    const { page, html, state, done } = await install(a, { access_token: 'xoxb-team2', bot_user_id: 'UBOT2', team: { id: 'T2', name: 'Second' }, enterprise: null, is_enterprise_install: false }, { user_id: 'UBOT2', bot_id: 'B2', team_id: 'T2' });
    expect(page.status).toBe(200);
    expect(state.length).toBeGreaterThan(20);
    expect(html).toContain(`${new URL(slack.apiUrl).origin}/oauth/v2/authorize?`);
    expect(html).toContain(`client_id=${CLIENT_ID}`);
    expect(decodeURIComponent(html)).toContain('scope=commands,app_mentions:read,chat:write');
    expect(done.status).toBeLessThan(400);
    const [grant] = slack.callsTo('/api/oauth.v2.access');
    expect(grant.body).toMatchObject({ code: 'code-xoxb-team2', client_id: CLIENT_ID });
    expect(slack.callsTo('/api/auth.test').at(-1)!.headers.authorization).toBe('Bearer xoxb-team2');

    const res = await mention('T2', 'C21', 'Ev-T2-1');
    expect(res.status).toBe(200);
    const [post] = await slack.waitFor('/api/chat.postMessage', 1);
    expect(post.body.channel).toBe('C21');
    expect(post.headers.authorization).toBe('Bearer xoxb-team2');
    // A retry that reaches the other replica is not answered twice.
    await postSigned(`${a.url}/slack/events`, event('T2', 'Ev-T2-1', { type: 'app_mention', user: 'U7', text: '<@UBOT2> 名册', ts: '1700000000.000100', channel: 'C21' }), JSON_TYPE, { headers: { 'x-slack-retry-num': '1' } });
    await mention('T2', 'C22', 'Ev-T2-2');
    await slack.waitFor('/api/chat.postMessage', 2);
    expect(postsTo('C21')).toHaveLength(1);
  });

  it('an organisation installs org-wide (Enterprise Grid: no team): its workspaces are served with the organisation\'s token', async () => {
    const { done } = await install(b, { access_token: 'xoxb-org', bot_user_id: 'UBOTE', team: null, enterprise: { id: 'E1', name: 'Org' }, is_enterprise_install: true }, { user_id: 'UBOTE', bot_id: 'BE', url: 'https://org.enterprise.slack.com/' });
    expect(done.status).toBeLessThan(400);
    await mention('T5', 'C51', 'Ev-T5-1', 'E1');
    await slack.waitFor('/api/chat.postMessage', 3);
    expect(postsTo('C51').map((c) => c.headers.authorization)).toEqual(['Bearer xoxb-org']);
  });

  it('each workspace\'s digests go out with its own token', async () => {
    for (const [app, extra] of [
      [a, { team_id: 'T2', channel_id: 'C21' }],
      [b, { team_id: 'T5', channel_id: 'C51', enterprise_id: 'E1', is_enterprise_install: 'true' }],
    ] as const) {
      expect((await command(app, 'digest on 09:00 UTC', extra)).status).toBe(200);
      await slack.waitFor(`/respond/${extra.channel_id}-digest-on-09-00-UTC`, 1);
    }
    clock.set('2026-11-26T09:00:00Z');
    expect((await a.digests.tick()).posted.sort()).toEqual(['slack:T2:C21', 'slack:T5:C51']);
    const digests = slack.callsTo('/api/chat.postMessage').filter((c) => c.body.metadata);
    expect(Object.fromEntries(digests.map((c) => [c.body.channel, c.headers.authorization]))).toEqual({ C21: 'Bearer xoxb-team2', C51: 'Bearer xoxb-org' });
  });

  it('app_uninstalled and tokens_revoked remove the installation and disable its digests; its events are no longer answered', async () => {
    expect((await postSigned(`${a.url}/slack/events`, event('T2', 'Ev-un-1', { type: 'app_uninstalled' }), JSON_TYPE)).status).toBe(200);
    await expect.poll(async () => (await b.store.getSubscription('slack:T2:C21'))?.disabledReason).toBe('app_uninstalled');
    expect(await b.store.findInstallation('slack:T2')).toBeUndefined();
    // Only user tokens revoked: the bot stays.
    await postSigned(`${b.url}/slack/events`, event('T5', 'Ev-rv-0', { type: 'tokens_revoked', tokens: { oauth: ['U1'], bot: [] } }, 'E1'), JSON_TYPE);
    await postSigned(`${b.url}/slack/events`, event('T5', 'Ev-rv-1', { type: 'tokens_revoked', tokens: { oauth: [], bot: ['UBOTE'] } }, 'E1'), JSON_TYPE);
    await expect.poll(async () => (await a.store.getSubscription('slack:T5:C51'))?.disabledReason).toBe('tokens_revoked');
    expect(await a.store.findInstallation('slack:E1')).toBeUndefined();

    const before = slack.callsTo('/api/chat.postMessage').length;
    expect((await mention('T2', 'C23', 'Ev-T2-3')).status).toBe(200);
    await expect.poll(() => b.log.lines.some((l) => l.message.includes('Authorization of incoming event did not succeed'))).toBe(true);
    expect(slack.callsTo('/api/chat.postMessage').length).toBe(before);
    clock.set('2026-11-27T09:00:00Z');
    expect((await b.digests.tick()).posted).toEqual([]);
  });

  it('an installation the database cannot save is answered 503 with a way to try again, and nothing is stored', async () => {
    const refused = await refuseWrites(a.store, 'installations');
    try {
      const { done } = await install(a, { access_token: 'xoxb-team3', bot_user_id: 'UBOT3', team: { id: 'T3', name: 'Third' }, enterprise: null, is_enterprise_install: false }, { user_id: 'UBOT3', bot_id: 'B3', team_id: 'T3' });
      expect(done.status).toBe(503);
      expect(await done.text()).toContain('could not be saved');
    } finally {
      await refused.restore();
    }
    expect(await a.store.findInstallation('slack:T3')).toBeUndefined();
  });

  it('a redirect without the state cookie, with a forged state, or without a code is refused with 400, never 500', async () => {
    const { state } = await (async () => {
      const page = await fetch(`${a.url}/slack/install`);
      return { state: /slack-app-oauth-state=([^;]+)/u.exec(page.headers.get('set-cookie') ?? '')?.[1] ?? '' };
    })();
    const redirect = (query: string, cookie?: string) => fetch(`${a.url}/slack/oauth_redirect?${query}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
    const grants = slack.callsTo('/api/oauth.v2.access').length;
    for (const res of [
      await redirect(`code=x&state=${state}`),
      await redirect('code=x&state=forged', 'slack-app-oauth-state=forged'),
      await redirect(`state=${state}`, `slack-app-oauth-state=${state}`),
      await redirect('error=access_denied&state=x', 'slack-app-oauth-state=x'),
    ]) {
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('/slack/install');
    }
    expect(slack.callsTo('/api/oauth.v2.access').length).toBe(grants);
  });

  it('no Slack path takes an unsigned event or command, and HEAD on the OAuth pages is a 405, never a 500', async () => {
    const before = slack.calls.length;
    const unsigned = (path: string, body: string, type: string) => fetch(`${a.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
    const commandBody = slashCommandBody('13(d)', slack.responseUrl('unsigned'), { team_id: 'T2', channel_id: 'C9' });
    const uninstall = event('T2', 'EvUnsigned', { type: 'app_uninstalled' });
    expect((await unsigned('/slack/events', commandBody, FORM)).status).toBe(401);
    expect((await unsigned('/slack/events', uninstall, JSON_TYPE)).status).toBe(401);
    for (const path of ['/slack/install', '/slack/oauth_redirect']) {
      expect((await unsigned(path, uninstall, JSON_TYPE)).status).toBe(405);
      const head = await fetch(`${a.url}${path}`, { method: 'HEAD' });
      expect(head.status).toBe(405);
      expect(head.headers.get('allow')).toBe('GET');
    }
    expect(slack.calls.length).toBe(before);
  });
});
