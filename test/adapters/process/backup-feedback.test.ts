import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askWeb, ROOT, spawnBot, type BotProcess } from '../../helpers/bot-process.js';

/** Operations on the database of a running bot: `npm run backup` and `npm run cli -- feedback`. */
let bot: BotProcess;
const tsx = (script: string, args: string[], env: Record<string, string>) =>
  execFileSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', stdio: 'pipe' });

beforeAll(async () => {
  bot = await spawnBot();
  const vote = async (q: string, up: boolean) => {
    const { reply } = await askWeb(bot.url, q);
    const action = reply.actions.filter((a) => a.kind === 'feedback')[up ? 0 : 1];
    const res = await fetch(`${bot.url}/api/action`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: action.value }) });
    expect(res.status).toBe(200);
  };
  await vote('名册', true);
  await vote('名册', true);
  await vote('名册', false);
  await vote('trust funds', true);
});

afterAll(async () => {
  await bot?.kill();
});

describe('npm run backup', () => {
  it('copies the live database consistently (integrity_check ok) with every stored vote, and never overwrites', () => {
    const dest = join(dirname(bot.dbPath), 'copies', 'b1.db');
    const out = tsx('src/backup.ts', [dest], { DATABASE_PATH: bot.dbPath });
    expect(out).toMatch(/backed up .* integrity_check ok/u);
    const copy = new Database(dest, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT COUNT(*) AS n FROM feedback').get()).toEqual({ n: 4 });
    copy.close();
    expect(() => tsx('src/backup.ts', [dest], { DATABASE_PATH: bot.dbPath })).toThrow(/already exists/u);
    expect(bot.alive).toBe(true);
  });

  it('names a timestamped file under backups/ by default', () => {
    const out = tsx('src/backup.ts', [], { DATABASE_PATH: bot.dbPath });
    const path = /→ (\S+)/u.exec(out)![1];
    expect(path).toMatch(/backups\/ssr-bot-\d{8}T\d{6}Z\.db$/u);
    expect(existsSync(path)).toBe(true);
  });
});

describe('npm run cli -- feedback', () => {
  it('reports 👍/👎 per recommendation and per question (--json for machines)', () => {
    const report = JSON.parse(tsx('src/cli.ts', ['feedback', '--json'], { DATABASE_PATH: bot.dbPath })) as {
      units: { ref: string; up: number; down: number }[];
      questions: { query: string; ref: string; up: number; down: number }[];
    };
    expect(report.questions).toEqual(expect.arrayContaining([expect.objectContaining({ query: 'trust funds', up: 1, down: 0 })]));
    const rosterVotes = report.questions.filter((q) => q.query === '名册');
    expect(rosterVotes.reduce((n, q) => n + q.up, 0)).toBe(2);
    expect(rosterVotes.reduce((n, q) => n + q.down, 0)).toBe(1);
    expect(report.units.reduce((n, u) => n + u.up + u.down, 0)).toBe(4);
    expect(report.units[0].ref).toMatch(/^13\(/u);
    const text = tsx('src/cli.ts', ['feedback'], { DATABASE_PATH: bot.dbPath });
    expect(text).toContain('per recommendation');
    expect(text).toContain('名册');
  });

  it('says where it looked when there is no database', () => {
    expect(() => tsx('src/cli.ts', ['feedback'], { DATABASE_PATH: '/nonexistent/x.db' })).toThrow(/No database at \/nonexistent\/x\.db/u);
  });
});
