import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWithPlatformFakes } from '../helpers/app.js';
import { corpusCopy, SECOND_DOCUMENT_DIR } from '../helpers/corpus-dirs.js';
import { postActivity, teamsMessage, type FakeConnector } from '../helpers/fake-connector.js';
import type { FakeSlack } from '../helpers/fake-slack.js';
import { postSigned, slashCommandBody } from '../helpers/slack-requests.js';

/**
 * A corpus of two documents (the shipped one and the small wps2019 fixture) through the three real surfaces at
 * once: Slack (Bolt over signed HTTP), Teams (botbuilder, anonymous) and the local page's chat API.
 */
let running: Awaited<ReturnType<typeof startWithPlatformFakes>>;
let slack: FakeSlack;
let connector: FakeConnector;
let app: typeof running.app;

beforeAll(async () => {
  running = await startWithPlatformFakes({ CORPUS_DIR: corpusCopy(SECOND_DOCUMENT_DIR) });
  ({ slack, connector, app } = running);
});
afterAll(async () => {
  await running?.stop();
});

let n = 0;

/** The first document-qualified label a surface shows: the reply's title, else its best hit. */
const firstLabel = (shown: string) => shown.match(/(ssr2017|wps2019) · [^*"\\]+/u)?.[0];

/** Each surface answers `text` with the text its user sees: Block Kit blocks, the Adaptive Card, the page's card. */
const surfaces: Record<string, (text: string) => Promise<string>> = {
  async slack(text) {
    const id = `two-${++n}`;
    const res = await postSigned(`${app.url}/slack/events`, slashCommandBody(text, slack.responseUrl(id)), 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    const [call] = await slack.waitFor(`/respond/${id}`);
    return JSON.stringify((call.body as { blocks: unknown }).blocks);
  },
  async teams(text) {
    const before = connector.posts().length;
    const res = await postActivity(app.url, teamsMessage(connector.url, text, { kind: 'personal' }));
    expect(res.status).toBe(200);
    const posts = await connector.waitFor(before + 1);
    const [attachment] = posts[posts.length - 1].body.attachments as { contentType: string; content: unknown }[];
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    return JSON.stringify(attachment.content);
  },
  async page(text) {
    const res = await fetch(`${app.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json', origin: app.url }, body: JSON.stringify({ text, session: 'two-docs' }) });
    expect(res.status).toBe(200);
    // The page draws the Adaptive Card of its payload.
    return JSON.stringify(((await res.json()) as { card: unknown }).card);
  },
};

describe.each(Object.keys(surfaces))('two documents on %s', (surface) => {
  const say = (text: string) => surfaces[surface](text);

  it('a search whose best hit is in the second document names that document', async () => {
    const shown = await say('女性 招聘');
    // A search title restates the question, so the first label is the best hit's.
    expect(firstLabel(shown)).toMatch(/^wps2019 · .*3\(a\)-1$/u);
    // Matched terms are highlighted, so the unit's text is checked past its last highlight.
    expect(shown).toContain('的歧视性要求');
  });

  it('qualified references reach each document', async () => {
    const second = await say('wps2019 第2段');
    expect(firstLabel(second)).toBe('wps2019 · 第2段');
    expect(second).toContain('招聘和晋升制度需要改革');
    const first = await say('ssr2017 13(d)');
    expect(firstLabel(first)).toBe('ssr2017 · 建议 13(d)');
    expect(first).toContain('13(d)-3');
    expect(first).not.toContain('wps2019');
  });

  it('an unqualified reference means the default document, and the reply says which', async () => {
    const shown = await say('13(d)');
    expect(firstLabel(shown)).toBe('ssr2017 · 建议 13(d)');
    expect(shown).toContain('13(d)-3');
    expect(shown).not.toContain('wps2019');
  });

  it('help and list show both documents', async () => {
    const help = await say('help');
    expect(help).toContain('ssr2017 — ');
    expect(help).toContain('wps2019 — ');
    // The intro names every loaded document, from the corpus, not from a fixed text.
    expect(help).toMatch(/I answer questions about “[^”]+” and “[^”]+”/u);
    const list = await say('list');
    expect(list).toMatch(/ssr2017 · [\s\S]*wps2019 · /u);
  });
});
