import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBMIT_KEY } from '../../../adapters/render/adaptive-card.js';
import { startTestApp } from '../../helpers/app.js';
import { FakeConnector, invoke, mention, teamsMessage } from '../../helpers/fake-connector.js';
import { FakeSlack } from '../../helpers/fake-slack.js';
import { refuseNonLoopbackLookups } from '../../helpers/loopback-only.js';
import { Fuzzer } from '../../helpers/payload-fuzz.js';
import { blockActionsBody, eventBody, signature, SIGNING_SECRET, slashCommandBody } from '../../helpers/slack-requests.js';

/**
 * Seeded, bounded fuzzing of every endpoint over real HTTP: valid payloads mutated (wrong types, nulls, missing
 * and extra keys, huge strings), Slack's correctly signed. Nothing may answer 5xx or hang, throw, leave a
 * rejected promise, or make a handler fail; the server keeps serving. FUZZ_SEED=n replays another sequence.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const ROUNDS = { teams: 200, web: 150, slack: 250 };
const EXCEPTION_LOGS = ['request failed', 'teams turn failed', 'teams invoke failed', 'slack listener failed', 'handleMessage failed', 'handleAction failed', 'search failed'];

let slack: FakeSlack;
let connector: FakeConnector;
let app: Awaited<ReturnType<typeof startTestApp>>;
const lookups = refuseNonLoopbackLookups();
const crashes: string[] = [];
const onRejection = (reason: unknown) => crashes.push(`unhandledRejection: ${String(reason)}`);
const onException = (err: unknown) => crashes.push(`uncaughtException: ${String(err)}`);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  slack = await new FakeSlack().start();
  connector = await new FakeConnector().start();
  app = await startTestApp({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, TEAMS_ANONYMOUS: 'on' });
});
afterAll(async () => {
  await app?.stop();
  await slack?.close();
  await connector?.close();
  lookups.restore();
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
});

interface Outcome {
  what: string;
  status: number;
  ms: number;
}

async function send(url: string, body: string, headers: Record<string, string>, what: string): Promise<Outcome> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    return { what, status: res.status, ms: performance.now() - t0 };
  } catch (err) {
    return { what: `${what} → ${String(err)}`, status: 599, ms: performance.now() - t0 };
  }
}

function contentType(f: Fuzzer): string {
  return f.chance(0.9) ? 'application/json' : f.pick(['text/plain', 'application/x-www-form-urlencoded', '', 'application/json; charset=utf-8', 'application/JSON', 'application/json-patch+json']);
}

/** Mutated JSON (or JSON of an already mutated value), now and then cut short so it does not parse. */
function jsonBody(f: Fuzzer, seed: unknown, mutate = true): string {
  const text = JSON.stringify(mutate ? f.mutate(seed) : seed) ?? 'null';
  return f.chance(0.05) ? text.slice(0, f.int(text.length)) : text;
}

/** Fails on 5xx, slow answers, crashes, and handler failures logged since line `fromLine` of the log. */
function expectSurvived(outcomes: Outcome[], maxMs: number, fromLine: number) {
  const bad = outcomes.filter((o) => o.status >= 500 || o.ms > maxMs);
  expect(bad.map((o) => `${o.status} ${Math.round(o.ms)} ms ${o.what}`.slice(0, 2000)), `seed ${SEED}`).toEqual([]);
  expect(crashes, `seed ${SEED}`).toEqual([]);
  const exceptions = app.log.lines.slice(fromLine).filter((l) => EXCEPTION_LOGS.includes(l.message));
  expect(exceptions.map((l) => `${l.message}: ${JSON.stringify(l.extra)}`.slice(0, 400)), `seed ${SEED}`).toEqual([]);
  expect(lookups.refused).toEqual([]);
}

describe(`endpoint fuzzing (seed ${SEED})`, () => {
  it(`/api/messages: ${ROUNDS.teams} mutated activities`, async () => {
    const f = new Fuzzer(SEED);
    const fromLine = app.log.lines.length;
    const seeds = [
      teamsMessage(connector.url, '\r\n<at>ssr-bot</at> 名册\r\n', { entities: [mention(), mention('Bob', '29:bob')] }),
      teamsMessage(connector.url, '13(d)', { kind: 'personal' }),
      teamsMessage(connector.url, '', { kind: 'personal', value: { [SUBMIT_KEY]: 'garbage' } }),
      invoke(connector.url, 'composeExtension/query', { commandId: 'searchRecommendations', parameters: [{ name: 'searchQuery', value: '名册' }], queryOptions: { skip: 0, count: 25 } }),
      invoke(connector.url, 'composeExtension/selectItem', { ssrUnit: 'ssr2017#13(d)-1', locale: 'zh' }),
      { ...teamsMessage(connector.url, ''), type: 'conversationUpdate', membersAdded: [{ id: '28:ssr-bot-id' }] },
      { ...teamsMessage(connector.url, '', { kind: 'personal' }), type: 'installationUpdate', action: 'add' },
    ];
    const outcomes: Outcome[] = [];
    for (let i = 0; i < ROUNDS.teams; i++) {
      const body = jsonBody(f, f.pick(seeds));
      outcomes.push(await send(`${app.url}/api/messages`, body, { 'content-type': contentType(f) }, `teams #${i} ${body.slice(0, 2000)}`));
    }
    expect(outcomes.filter((o) => o.status === 200).length).toBeGreaterThan(ROUNDS.teams / 10);
    expectSurvived(outcomes, 5000, fromLine);
  });

  it(`the local page API: ${ROUNDS.web} mutated requests`, async () => {
    const f = new Fuzzer(SEED + 1);
    const fromLine = app.log.lines.length;
    const first = await fetch(`${app.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '安全部门改革支助', session: 'fuzz' }) });
    const actions = ((await first.json()) as { reply: { actions: { value: string }[] } }).reply.actions;
    const seeds = [
      { path: '/api/chat', body: { text: '名册', session: 'fuzz', locale: 'zh' } },
      { path: '/api/chat', body: { text: 'digest on 09:00 UTC', session: 'fuzz' } },
      ...actions.slice(0, 3).map((a) => ({ path: '/api/action', body: { value: a.value, session: 'fuzz', locale: 'en' } })),
    ];
    const outcomes: Outcome[] = [];
    for (let i = 0; i < ROUNDS.web; i++) {
      const seed = f.pick(seeds);
      const body = jsonBody(f, seed.body);
      const headers: Record<string, string> = { 'content-type': contentType(f) };
      if (f.chance(0.1)) headers.origin = f.pick(['https://evil.example', app.url, 'null']);
      outcomes.push(await send(`${app.url}${seed.path}`, body, headers, `web ${seed.path} #${i} ${body.slice(0, 2000)}`));
    }
    expect(outcomes.filter((o) => o.status === 200).length).toBeGreaterThan(ROUNDS.web / 10);
    expectSurvived(outcomes, 5000, fromLine);
  });

  it(`/slack/events: ${ROUNDS.slack} mutated payloads with valid signatures, each answered within 3 s`, async () => {
    const f = new Fuzzer(SEED + 2);
    const fromLine = app.log.lines.length;
    const form = (raw: string) => Object.fromEntries(new URLSearchParams(raw));
    const seeds: { kind: 'form' | 'payload' | 'json'; body: unknown }[] = [
      { kind: 'form', body: form(slashCommandBody('名册', slack.responseUrl('fuzz-command'))) },
      { kind: 'payload', body: JSON.parse(form(blockActionsBody({ action_id: 'ssr:more:reply:0', value: '{"a":"more","q":"名册","o":3,"l":"zh"}' }, slack.responseUrl('fuzz-action'))).payload) },
      { kind: 'json', body: JSON.parse(eventBody({ type: 'app_mention', user: 'U1', text: '<@UBOT> 名册', ts: '1700000000.000100', channel: 'C1' }, 'EvFuzz')) },
      { kind: 'json', body: JSON.parse(eventBody({ type: 'message', channel_type: 'im', user: 'U1', text: '13(d)', ts: '1700000000.000200', channel: 'D1' }, 'EvFuzzDm')) },
      { kind: 'json', body: JSON.parse(eventBody({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home' }, 'EvFuzzHome')) },
      { kind: 'json', body: { token: 't', challenge: 'c', type: 'url_verification' } },
    ];
    const outcomes: Outcome[] = [];
    for (let i = 0; i < ROUNDS.slack; i++) {
      const seed = f.pick(seeds);
      const mutated = f.mutate(seed.body);
      // Fresh event ids, so the dedupe table does not short-cut the handlers.
      if (seed.kind === 'json' && mutated && typeof mutated === 'object' && typeof (mutated as { event_id?: unknown }).event_id === 'string') (mutated as { event_id: string }).event_id += `-${i}`;
      let body: string;
      let type: string;
      if (seed.kind === 'json') {
        body = jsonBody(f, mutated, false);
        type = 'application/json';
      } else {
        const fields = seed.kind === 'payload' ? { payload: JSON.stringify(mutated) ?? 'null' } : mutated && typeof mutated === 'object' ? (mutated as Record<string, unknown>) : { payload: String(mutated) };
        body = new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v) ?? ''])).toString();
        type = 'application/x-www-form-urlencoded';
      }
      const ts = Math.floor(Date.now() / 1000);
      outcomes.push(await send(`${app.url}/slack/events`, body, { 'content-type': type, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature(body, ts) }, `slack #${i} ${body.slice(0, 2000)}`));
    }
    expect(outcomes.filter((o) => o.status === 200).length).toBeGreaterThan(ROUNDS.slack / 10);
    expectSurvived(outcomes, 3000, fromLine);
    // Listeners run after the ack: let the last ones finish (and fail, if they would) before checking again.
    await app.idle();
    expectSurvived([], 3000, fromLine);
  });

  it('the server still answers afterwards', async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});
