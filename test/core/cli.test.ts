import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const cli = (args: string[], input?: string) => execFileSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: root, input, encoding: 'utf8', stdio: 'pipe' });

describe('npm run cli', () => {
  it('search --json --limit K QUERY prints one JSON object with full texts', () => {
    const out = JSON.parse(cli(['search', '--json', '--limit', '3', '一个愿景一个计划']));
    expect(out.query).toBe('一个愿景一个计划');
    expect(out.hits[0].ref).toBe('10');
    expect(out.hits[0].text).toContain('如“一个愿景，一个计划”的做法');
    expect(typeof out.hits[0].excerpt).toBe('string');
    expect(typeof out.hits[0].score).toBe('number');
    expect(out.hits.length).toBeLessThanOrEqual(3);
  });

  it('reads one query per stdin line and prints one JSON line each', () => {
    const lines = cli(['search', '--json', '--limit', '1'], '13(d)\n\n名册\n').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]).hits[0].ref).toBe('13(d)');
    expect(JSON.parse(lines[1]).hits[0].ref).toMatch(/^13\(g\)/u);
  });

  it('prints ranked results for a person, and usage on bad arguments', () => {
    expect(cli(['search', '名册'])).toContain('[建议 13(g)-2]');
    expect(() => cli(['search', '--limit', 'x', 'q'])).toThrow(/--limit/u);
    expect(() => cli([])).toThrow(/usage/u);
    expect(() => cli([])).toThrow(/ask \[--json\] TEXT +any chat command, printed as text/u);
  });
});
