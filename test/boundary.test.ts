import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
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
});
