import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askWeb, closedPort, ROOT, spawnBot, type BotProcess } from '../../helpers/bot-process.js';
import { freshDatabaseUrl, startPostgres, type TestPostgres } from '../../helpers/postgres.js';

/** The compiled bot as an OS process with DATABASE_URL: start-up against a server that is not there, and the operator commands. */
let pg: TestPostgres;
let url: string;
let bot: BotProcess | undefined;
const tsx = (script: string, args: string[], env: Record<string, string>) =>
  execFileSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', stdio: 'pipe' });

beforeAll(async () => {
  pg = await startPostgres();
  url = await freshDatabaseUrl(pg.url);
});
afterAll(async () => {
  await bot?.kill();
  await pg?.stop();
});

describe('npm start with DATABASE_URL', () => {
  it('a server that refuses the connection: exits 1 with one coded line naming DATABASE_URL, password hidden', async () => {
    const port = await closedPort();
    const refused = await spawnBot({ DATABASE_URL: `postgres://ssrbot:s3cret@127.0.0.1:${port}/ssrbot` }, { waitStarted: false });
    const { code } = await refused.exited;
    expect(code).toBe(1);
    const output = refused.stdout + refused.stderr;
    expect(output).toMatch(new RegExp(`STORE_UNREACHABLE: The PostgreSQL server at postgres://ssrbot:\\*\\*\\*@127\\.0\\.0\\.1:${port}/ssrbot does not answer .*Check DATABASE_URL`, 'u'));
    expect(output).not.toContain('s3cret');
  });

  it('serves from PostgreSQL; cli feedback reads it; backup says to use pg_dump', async () => {
    bot = await spawnBot({ DATABASE_URL: url });
    await bot.waitForStderr(/database: +PostgreSQL postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres/u);
    const { reply } = await askWeb(bot.url, '名册');
    const up = reply.actions.filter((a) => a.kind === 'feedback')[0];
    expect((await fetch(`${bot.url}/api/action`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: up.value }) })).status).toBe(200);

    const report = JSON.parse(tsx('src/cli.ts', ['feedback', '--json'], { DATABASE_URL: url })) as { questions: { query: string; up: number; down: number }[] };
    expect(report.questions).toEqual([expect.objectContaining({ query: '名册', up: 1, down: 0 })]);
    let failure: { status?: number; stderr?: string } = {};
    try {
      tsx('src/backup.ts', [], { DATABASE_URL: url });
    } catch (err) {
      failure = err as typeof failure;
    }
    expect(failure.status).toBe(2);
    expect(failure.stderr).toMatch(/DATABASE_URL is set: .*pg_dump/u);
  });
});
