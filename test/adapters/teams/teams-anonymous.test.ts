import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../../helpers/app.js';
import { FakeConnector, invoke, mention, postActivity, teamsMessage } from '../../helpers/fake-connector.js';
import { probeWhilePosting } from '../../helpers/latency-probe.js';
import { refuseNonLoopbackLookups } from '../../helpers/loopback-only.js';

/**
 * Anonymous local-tool mode (TEAMS_ANONYMOUS=on): what an attacker on the same host, behind a proxy, or on a
 * web page could try. Everything refused must leave the fake connector untouched.
 */
let connector: FakeConnector;
let app: Awaited<ReturnType<typeof startTestApp>>;
const lookups = refuseNonLoopbackLookups();

beforeAll(async () => {
  connector = await new FakeConnector().start();
  app = await startTestApp({ PLAYGROUND: 'off', TEAMS_ANONYMOUS: 'on' });
});
afterAll(async () => {
  await app?.stop();
  await connector?.close();
  lookups.restore();
});

const port = () => new URL(connector.url).port;
const personal = (serviceUrl: unknown, text = '名册') => ({ ...teamsMessage('', text, { kind: 'personal' }), serviceUrl });

/** The route refuses before botbuilder or the store see the request: after the status nothing can be sent any more. */
async function expectRefused(res: Response, status: number) {
  expect(res.status).toBe(status);
  const body = await res.text();
  expect(body).not.toMatch(/is not a function|TypeError|at .*\.js|stack/u);
  return body;
}

describe('serviceUrl', () => {
  it('a loopback serviceUrl is answered (the fake connector receives the reply)', async () => {
    const before = connector.posts().length;
    expect((await postActivity(app.url, personal(connector.url))).status).toBe(200);
    await connector.waitFor(before + 1);
  });

  it('another spelling of a loopback address is answered at the address as checked, and stored that way', async () => {
    const before = connector.posts().length;
    const activity = { ...personal(`http://0x7f.1:${port()}`), conversation: { conversationType: 'personal', tenantId: 'tenant-1', id: 'a:hex-spelling' } };
    expect((await postActivity(app.url, activity)).status).toBe(200);
    await connector.waitFor(before + 1);
    const stored = (await app.store.getConversation('teams:a:hex-spelling'))!.reference as { serviceUrl: string };
    expect(stored.serviceUrl).toBe(`http://127.0.0.1:${port()}/`);
  });

  it.each([
    ['a look-alike host name', () => `http://127.0.0.1.evil.example:${port()}/`],
    ['localhost (a name the resolver decides, not a literal address)', () => `http://localhost:${port()}/`],
    ['userinfo in the URL', () => `http://user:pw@127.0.0.1:${port()}/`],
    ['a non-http scheme', () => `file:///etc/passwd`],
    ['a non-loopback address', () => `https://smba.trafficmanager.net/emea/`],
    ['not a URL', () => 'not a url'],
  ])('%s → 400 and nothing is sent', async (_name, url) => {
    const before = connector.calls.length;
    const body = await expectRefused(await postActivity(app.url, personal(url())), 400);
    expect(body).toContain('loopback');
    expect(connector.calls.length).toBe(before);
    expect(lookups.refused).toEqual([]);
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
    ['a number', 42],
    ['an object', { href: 'http://127.0.0.1/' }],
  ])('%s → 400 with a generic body (never the public Bot Framework endpoint, never an internal error)', async (_name, serviceUrl) => {
    const before = connector.calls.length;
    const activity = personal(serviceUrl);
    if (serviceUrl === undefined) delete (activity as Record<string, unknown>).serviceUrl;
    const body = await expectRefused(await postActivity(app.url, activity), 400);
    expect(JSON.parse(body)).toEqual({ error: 'expected a Bot Framework activity' });
    expect(connector.calls.length).toBe(before);
    expect(lookups.refused).toEqual([]);
    expect(app.log.lines.some((l) => l.message === 'teams request refused' && String(l.extra?.problem).startsWith('serviceUrl'))).toBe(true);
  });

  it('a reply goes straight to the loopback connector, never through a proxy named in HTTP_PROXY', async () => {
    const proxy = await new FakeConnector().start();
    const direct = await new FakeConnector().start(); // a serviceUrl not seen before: its connector client is made now
    process.env.HTTP_PROXY = proxy.url;
    try {
      expect((await postActivity(app.url, personal(direct.url))).status).toBe(200);
      await direct.waitFor(1);
      expect(proxy.calls).toEqual([]);
    } finally {
      delete process.env.HTTP_PROXY;
      await proxy.close();
      await direct.close();
    }
  });

  it('digests never go to a non-loopback serviceUrl stored earlier', async () => {
    const address = 'teams:a:old-reference';
    await app.store.saveConversation({ address, reference: { serviceUrl: 'http://127.0.0.1.evil.example/', conversation: { id: 'a:old-reference' } }, updatedAt: new Date() });
    const before = connector.calls.length;
    await expect(app.delivery.send(address, app.bot.help('zh'))).rejects.toMatchObject({ failure: 'permanent' });
    expect(connector.calls.length).toBe(before);
  });
});

describe('activities botbuilder would fail on', () => {
  it.each([
    ['a conversation id with a control character (sent as an HTTP header)', { conversation: { id: 'a:1\u0007x', conversationType: 'personal' } }],
    ['a conversation name that is a number (the reply would not serialize)', { conversation: { id: 'a:1', name: 1.5 } }],
    ['entities that are not objects', { entities: [null, 5] }],
    ['text that is an object', { text: { toLowerCase: 1 } }],
    ['an invoke named "constructor"', { type: 'invoke', name: 'constructor', value: {} }],
  ])('%s → 400, generic body, nothing sent, no turn failure', async (_name, change) => {
    const before = connector.calls.length;
    const body = await expectRefused(await postActivity(app.url, { ...personal(connector.url), ...change }), 400);
    expect(JSON.parse(body)).toEqual({ error: 'expected a Bot Framework activity' });
    expect(connector.calls.length).toBe(before);
    expect(app.log.lines.filter((l) => l.message === 'teams turn failed')).toEqual([]);
  });
});

describe('callers', () => {
  it.each([
    ['Forwarded', { forwarded: 'for=203.0.113.9;proto=https' }],
    ['X-Forwarded-For', { 'x-forwarded-for': '203.0.113.9' }],
    ['X-Real-IP', { 'x-real-ip': '203.0.113.9' }],
    ['Origin (a browser)', { origin: 'https://evil.example' }],
    ['Sec-Fetch-Site (a browser)', { 'sec-fetch-site': 'cross-site' }],
  ])('a request relayed by a proxy or sent by a browser (%s) → 401, nothing sent', async (_name, headers) => {
    const before = connector.calls.length;
    await expectRefused(await postActivity(app.url, personal(connector.url), headers), 401);
    expect(connector.calls.length).toBe(before);
  });

  it.each([
    ['text/plain (no CORS preflight)', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['no content type', ''],
    ['a JSON look-alike', 'application/jsonp'],
  ])('a cross-site POST as %s → 415 before anything else', async (_name, type) => {
    const before = connector.calls.length;
    const res = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': type, origin: 'https://evil.example' }, body: JSON.stringify(personal(connector.url, 'digest on 09:00 UTC')) });
    await expectRefused(res, 415);
    expect(connector.calls.length).toBe(before);
    expect(await app.store.listSubscriptions()).toEqual([]);
  });

  it('application/json with a charset is accepted', async () => {
    const before = connector.posts().length;
    expect((await postActivity(app.url, personal(connector.url), { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
    await connector.waitFor(before + 1);
  });
});

describe('the message-extension search box', () => {
  const query = (text: string) => invoke(connector.url, 'composeExtension/query', { commandId: 'searchRecommendations', parameters: [{ name: 'searchQuery', value: text }] });

  it('searches only: "digest on 09:00 UTC" subscribes nothing, the same text as a message does', async () => {
    const address = 'teams:19:meeting_abc@thread.v2';
    for (const text of ['digest on 09:00 UTC', 'digest now', 'digest off']) {
      const res = await postActivity(app.url, query(text));
      expect(res.status).toBe(200);
      expect(((await res.json()) as { composeExtension: { type: string } }).composeExtension.type).toMatch(/^(result|message)$/u);
    }
    expect(await app.store.getSubscription(address)).toBeUndefined();
    expect(await app.store.listSubscriptions()).toEqual([]);
    // Control: typed as a chat message in the same meeting chat, the command does subscribe.
    const before = connector.posts().length;
    const msg = teamsMessage(connector.url, '<at>ssr-bot</at> digest on 09:00 UTC', { kind: 'groupChat', entities: [mention()] });
    expect((await postActivity(app.url, msg)).status).toBe(200);
    await connector.waitFor(before + 1);
    expect(await app.store.getSubscription(address)).toBeDefined();
    await app.store.deleteSubscription(address);
  });

  it('still finds references and questions', async () => {
    const res = await postActivity(app.url, query('13(d)'));
    expect(JSON.stringify(await res.json())).toContain('13(d)-1');
  });
});

describe('mention bomb', () => {
  it('2,000 mention entities in a ~180 KB body: answered, and /healthz keeps answering in under 1 s meanwhile', async () => {
    const entities = Array.from({ length: 2000 }, (_, i) => ({ type: 'mention', text: 'a', mentioned: { id: `29:user-${i}`, name: 'a' } }));
    const activity = teamsMessage(connector.url, `${'a '.repeat(20_000)}名册`, { kind: 'personal', entities });
    const body = JSON.stringify(activity);
    expect(body.length).toBeGreaterThan(150_000);
    const before = connector.posts().length;
    const result = await probeWhilePosting(app.url, '/api/messages', body, { 'content-type': 'application/json' });
    expect(result.status).toBe(200);
    expect(result.healthChecks).toBeGreaterThan(0);
    expect(result.maxHealthMs).toBeLessThan(1000);
    await connector.waitFor(before + 1);
  });
});
