import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

function files(dir: string, ext = /\.ts$/u): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p, ext) : ext.test(p) ? [p] : [];
  });
}

/** Source files of a tree: code, pages and styles (not icons or the platform's app-package data). */
const SOURCE = /\.(ts|js|mjs|cjs|html|css)$/u;
const HAN = /\p{Script=Han}/u;
const PLATFORM_WORD = /\b(slack|teams)\b/iu;

/** The offending lines of a file, "path:line: text". */
function linesMatching(file: string, pattern: RegExp): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => (pattern.test(line) ? [`${relative(root, file)}:${i + 1}: ${line.trim().slice(0, 80)}`] : []));
}

const IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/gu;

describe('architecture boundary', () => {
  it('the core (src/) imports no platform SDK and nothing from adapters/', () => {
    const offenders: string[] = [];
    for (const f of files(join(root, 'src'))) {
      for (const m of readFileSync(f, 'utf8').matchAll(IMPORT)) {
        const spec = m[1];
        if (/^@slack\//u.test(spec) || /^botbuilder/u.test(spec) || /^@microsoft\//u.test(spec) || /adapters\//u.test(spec) || spec === 'adaptivecards') {
          offenders.push(`${relative(root, f)} imports ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('adapters do not import each other', () => {
    const offenders: string[] = [];
    const adapters = join(root, 'adapters');
    for (const f of files(adapters)) {
      const own = relative(adapters, f).split('/')[0];
      for (const m of readFileSync(f, 'utf8').matchAll(IMPORT)) {
        const other = /\.\.\/(slack|teams|web)\//u.exec(m[1]);
        if (other && other[1] !== own && !f.endsWith('main.ts') && !relative(adapters, f).startsWith('server')) offenders.push(`${relative(root, f)} imports ${m[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('adapters hold no Chinese text outside tests and benchmarks: words belong to src/i18n and the corpus', () => {
    const adapters = join(root, 'adapters');
    const offenders = files(adapters, SOURCE)
      .filter((f) => !relative(adapters, f).startsWith('bench/'))
      .flatMap((f) => linesMatching(f, HAN));
    expect(offenders).toEqual([]);
  });

  it('no file under src/ names Slack or Teams, in code or comments (the i18n included): platform knowledge lives in adapters/', () => {
    const offenders = files(join(root, 'src'), SOURCE).flatMap((f) => linesMatching(f, PLATFORM_WORD));
    expect(offenders).toEqual([]);
  });

  it('no comment cites a document that is not in the repository', () => {
    const offenders = [...files(join(root, 'src'), SOURCE), ...files(join(root, 'adapters'), SOURCE)].flatMap((f) => linesMatching(f, /DESIGN\.md/u));
    expect(offenders).toEqual([]);
  });

  it('the checks above can fail: they catch a planted line', () => {
    expect(HAN.test('const t = "目录";')).toBe(true);
    expect(PLATFORM_WORD.test('// see Slack retries')).toBe(true);
    expect(PLATFORM_WORD.test('teams: 1')).toBe(true);
    expect(PLATFORM_WORD.test('const steamship = 1;')).toBe(false);
  });
});
