import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../../helpers/app.js';
import { FakeSlack } from '../../helpers/fake-slack.js';
import { blockActionsBody, eventBody, postSigned, SIGNING_SECRET, slashCommandBody } from '../../helpers/slack-requests.js';

/**
 * Correctly signed requests whose body has the wrong shape: each gets a 4xx with a generic body within Slack's
 * 3 s, nothing is posted anywhere, and no promise is left rejected. (Before: `null` got no response at all.)
 */
let slack: FakeSlack;
let app: Awaited<ReturnType<typeof startTestApp>>;
let events: string;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  slack = await new FakeSlack().start();
  app = await startTestApp({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, PLAYGROUND: 'off' });
  events = `${app.url}/slack/events`;
});
afterAll(async () => {
  await app?.stop();
  await slack?.close();
  process.off('unhandledRejection', onRejection);
});

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const command = (omit: string) => {
  const form = new URLSearchParams(slashCommandBody('13(d)', 'http://127.0.0.1:9/respond/x'));
  form.delete(omit);
  return form.toString();
};
const action = (change: (payload: Record<string, unknown>) => void) => {
  const payload = JSON.parse(new URLSearchParams(blockActionsBody({ action_id: 'ssr:full:0:0', value: 'x' }, 'http://127.0.0.1:9/respond/y')).get('payload')!);
  change(payload);
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
};
const event = (e: unknown) => {
  const body = JSON.parse(eventBody({ type: 'app_mention' }, `EvBad${Math.random()}`));
  body.event = e;
  return JSON.stringify(body);
};

describe('signed payloads of the wrong shape', () => {
  it.each([
    ['body null', 'null', JSON_TYPE],
    ['body a number', '5', JSON_TYPE],
    ['body a string', '"event_callback"', JSON_TYPE],
    ['body an array', '[{"type":"event_callback"}]', JSON_TYPE],
    ['body an empty object', '{}', JSON_TYPE],
    ['payload=null', 'payload=null', FORM],
    ['payload=[]', 'payload=%5B%5D', FORM],
    ['"event": null', event(null), JSON_TYPE],
    ['"event": "x"', event('app_mention'), JSON_TYPE],
    ['an event without a type', event({ text: 'hi' }), JSON_TYPE],
    ['an app_mention without a channel', event({ type: 'app_mention', text: '<@UBOT> 名册', ts: '1.2', user: 'U1' }), JSON_TYPE],
    ['an event whose user is null', event({ type: 'app_mention', text: 'x', ts: '1.2', channel: 'C1', user: null }), JSON_TYPE],
    ['authorizations: [null]', JSON.stringify({ ...JSON.parse(eventBody({ type: 'app_mention', channel: 'C1', ts: '1.2' }, 'EvAuthNull')), authorizations: [null] }), JSON_TYPE],
    ['a slash command without channel_id', command('channel_id'), FORM],
    ['a slash command without response_url', command('response_url'), FORM],
    ['a slash command with two texts', `${command('text')}&text=a&text=b`, FORM],
    ['a button press without response_url', action((p) => delete p.response_url), FORM],
    ['a button press without actions', action((p) => (p.actions = [])), FORM],
    ['a button press whose action is null', action((p) => (p.actions = [null])), FORM],
    ['a button press whose user is null', action((p) => (p.user = null)), FORM],
    // Found by the endpoint fuzzer (Bolt indexes objects with these, or dereferences them unchecked):
    ['a team id "constructor"', action((p) => (p.team = { id: 'constructor' })), FORM],
    ['a button press whose channel is null', action((p) => (p.channel = null)), FORM],
    ['a button press with a "name" (an options request to Bolt)', action((p) => (p.name = null)), FORM],
    ['an event type "__proto__"', event({ type: '__proto__', channel: 'C1', ts: '1.2' }), JSON_TYPE],
    ['an event whose channel is null', event({ type: 'reaction_added', channel: null }), JSON_TYPE],
    ['another app\'s slash command', slashCommandBody('x', 'http://127.0.0.1:9/respond/z', { command: '/other' }), FORM],
    ['a view submission (no listener)', new URLSearchParams({ payload: JSON.stringify({ type: 'view_submission', user: { id: 'U1' }, team: { id: 'T1' }, view: { id: 'V1' } }) }).toString(), FORM],
    ['an unknown type', '{"type":"something_else"}', JSON_TYPE],
  ])('%s → 400 with a generic body, in under 3 s', async (_name, body, type) => {
    const before = slack.calls.length;
    const t0 = performance.now();
    const res = await postSigned(events, body, type, { headers: {} });
    const ms = performance.now() - t0;
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'bad request' });
    expect(ms).toBeLessThan(3000);
    // Refused before Bolt dispatches: no listener runs after the 400.
    expect(slack.calls.length).toBe(before);
    expect(rejections).toEqual([]);
    expect(app.log.lines.some((l) => l.message === 'slack request refused')).toBe(true);
  });

  it('the same shapes unsigned are 401, as Bolt answers', async () => {
    const res = await postSigned(events, 'null', JSON_TYPE, { badSignature: true });
    expect(res.status).toBe(401);
  });

  it('a body over 1 MB → 413', async () => {
    const res = await postSigned(events, JSON.stringify({ type: 'event_callback', pad: 'x'.repeat(1_100_000) }), JSON_TYPE);
    expect(res.status).toBe(413);
  });

  it('the server still serves, and valid requests still work', async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const res = await postSigned(events, slashCommandBody('13(d)', slack.responseUrl('after')), FORM);
    expect(res.status).toBe(200);
    await slack.waitFor('/respond/after');
    const ssl = await postSigned(events, 'ssl_check=1&token=x', FORM, { badSignature: true });
    expect(ssl.status).toBe(200);
    // ssl_check is the one body Slack does not sign: a command smuggled into it is answered 200 and never run.
    const smuggled = await postSigned(events, `ssl_check=1&${slashCommandBody('13(d)', slack.responseUrl('smuggled'))}`, FORM, { badSignature: true });
    expect(smuggled.status).toBe(200);
    const later = await postSigned(events, slashCommandBody('13(d)', slack.responseUrl('after-smuggled')), FORM);
    expect(later.status).toBe(200);
    await slack.waitFor('/respond/after-smuggled');
    expect(slack.calls.some((c) => c.path.includes('smuggled') && !c.path.includes('after'))).toBe(false);
    const challenge = await postSigned(events, JSON.stringify({ type: 'url_verification', challenge: 'abc', token: 't' }), JSON_TYPE);
    expect(await challenge.json()).toEqual({ challenge: 'abc' });
    expect(rejections).toEqual([]);
  });
});
