import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommand } from '../src/commands/parse-command.js';
import { VARIABLES, type Variable } from '../adapters/config-variables.js';
import { loadGlossary } from '../src/glossary/load-glossary.js';
import { MESSAGES } from '../src/i18n/messages.js';
import { startTestApp } from './helpers/app.js';
import { CORPUS_DIR, realBot } from './helpers/bot.js';

/** Facts the README states that the code decides: this test fails when either drifts. */
const root = new URL('..', import.meta.url).pathname;
const readme = readFileSync(`${root}README.md`, 'utf8');
const envExample = readFileSync(`${root}.env.example`, 'utf8');
const configSource = readFileSync(`${root}adapters/config.ts`, 'utf8');
const packageJson = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

/** The body of the README section `## title`, up to the next `## `. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  expect(start, `README has a "## ${title}" section`).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

/** Table rows of a section as cells. */
function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => /^\|/u.test(l) && !/^\|\s*-/u.test(l))
    .slice(1)
    .map((l) => l.slice(1, -1).split(' | ').map((c) => c.trim()));
}

const row = (v: Variable) => `| \`${v.name}\` | ${v.default === undefined ? '—' : `\`${v.default}\``} | ${v.description} |`;

describe('README ↔ configuration (adapters/config-variables.ts)', () => {
  it('the configuration table has one row per variable, with its default and description', () => {
    const documented = Object.fromEntries(tableRows(section('Configuration')).map((cells) => [cells[0].replace(/`/gu, ''), `| ${cells.join(' | ')} |`]));
    const expected = Object.fromEntries(VARIABLES.map((v) => [v.name, row(v)]));
    // On failure the message is the table to paste.
    expect(documented, `README → Configuration should read:\n${VARIABLES.map(row).join('\n')}`).toEqual(expected);
  });

  it('.env.example lists every variable once, empty or with its default', () => {
    const lines = envExample.split('\n').filter((l) => /^[A-Za-z_]+=/u.test(l));
    const listed = lines.map((l) => l.split('=')[0]);
    expect([...listed].sort()).toEqual(VARIABLES.map((v) => v.name).sort());
    for (const line of lines) {
      const [name, value] = [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)];
      const v = VARIABLES.find((x) => x.name === name) as Variable;
      if (value !== '') expect(value, `${name} in .env.example`).toBe(v.default);
    }
  });

  it('adapters/config.ts reads every listed variable (and the type lets it read no other)', () => {
    for (const v of VARIABLES) expect(configSource, v.name).toMatch(new RegExp(`(?:get|value)\\('${v.name}'\\)`, 'u'));
  });
});

describe('README ↔ corpus and index', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  beforeAll(async () => {
    app = await startTestApp(); // as `npm start` with nothing configured
  });
  afterAll(async () => {
    await app.stop();
  });

  it('states the /healthz answer and the unit counts the code has', async () => {
    const health = await (await fetch(`${app.url}/healthz`)).json();
    const bot = realBot();
    expect(health).toEqual({ ok: true, documents: 1, units: bot.corpus.units.length, indexed: bot.engine.size, ready: true, stopping: false, adapters: { web: { state: 'ok' }, slack: { state: 'off' }, teams: { state: 'off' } } });
    expect(readme).toContain(`\`${JSON.stringify(health)}\``);
    expect(readme).toContain(`parses into ${health.units} units, and search indexes the\n${health.indexed} that carry text`);
    expect(readme).toContain(`not the ${health.units - health.indexed} header,`);
    const english = bot.answers.translationEngines.get('en')!.size;
    expect(readme).toContain(`| this document (×1) | ${health.indexed} + ${english} English |`);
    expect(readme).toContain(`| ×1000, original only | ${(health.indexed * 1000).toLocaleString('en-US')} |`);
    expect(readme).toContain(`| ×1000, with the translation | ${((health.indexed + english) * 1000).toLocaleString('en-US')} |`);
  });

  it('states the number of recommendations and glossary entries', () => {
    expect(readme).toContain(`all ${realBot().corpus.bullets().length} recommendations`);
    expect(readme).toContain(`\`corpus/glossary.en-zh.tsv\`, ${loadGlossary(CORPUS_DIR).size} entries`);
    const askings = [...(realBot().corpus.documents[0].askings?.values() ?? [])];
    expect(readme).toContain(`${askings.flat().length} phrasings for the ${askings.length}\n   passages`);
  });
});

describe('README ↔ command grammar and help', () => {
  const rows = tableRows(section('Using it'));
  /** What the bot makes of a chat input: the grammar's command, or for a question what answer() decides. */
  const kindOf = (input: string) => {
    const c = parseCommand(input);
    return c.type === 'query' ? realBot().answer(input, 'zh', 0).kind : c.type;
  };

  it('every example in "Using it" is what its row says', () => {
    const expectedKinds = ['answer', 'reference', 'list', 'help', 'digest'];
    expect(rows).toHaveLength(expectedKinds.length);
    rows.forEach((cells, i) => {
      const examples = [...cells[0].matchAll(/`([^`]+)`/gu)].map((m) => m[1]);
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) expect(kindOf(example), `${example} (row ${i + 1})`).toBe(expectedKinds[i]);
    });
  });

  it('every command the in-chat help names is in the README table', () => {
    const table = rows.map((r) => r[0]).join('\n');
    for (const locale of ['zh', 'en'] as const) {
      for (const line of MESSAGES[locale].helpCommands('/ssr', realBot().corpus.shape())) {
        const [usage] = line.replace(/^\/ssr /u, '').split(' — ');
        if (/^(?:问题|question)$/u.test(usage)) continue;
        const forms = usage.startsWith('digest on') ? ['digest on', 'digest status', 'digest now', 'digest off'] : usage.split(' · ');
        for (const form of forms) expect(table, `help (${locale}) names "${form}"`).toContain(`\`${form}`);
      }
    }
  });

  it('every command the Teams app lists is in the README table and does what its title says', () => {
    const manifest = JSON.parse(readFileSync(`${root}adapters/teams/app-package/manifest.json`, 'utf8'));
    const table = rows.map((r) => r[0]).join('\n');
    for (const { title } of manifest.bots[0].commandLists[0].commands as { title: string }[]) {
      expect(table, title).toContain(`\`${title.split(' ')[0]}`);
      expect(kindOf(title), title).not.toBe('answer');
    }
  });
});

describe('README ↔ package.json', () => {
  it('every `npm run X` it mentions exists', () => {
    const mentioned = new Set([...readme.matchAll(/npm run (?:-s )?([\w:-]+)/gu)].map((m) => m[1]));
    expect(mentioned.size).toBeGreaterThan(5);
    for (const script of mentioned) expect(Object.keys(packageJson.scripts), `npm run ${script}`).toContain(script);
  });
});
