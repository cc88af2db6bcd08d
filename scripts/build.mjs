// `npm run build`: TypeScript → dist/ (tsc), plus the files the compiled code reads beside itself (the local
// page's public/). `--if-stale` builds only when dist/ is missing or older than a source file; `npm start`
// (scripts/start.mjs) does that first, so `npm install && npm start` works on a fresh clone and an edited
// checkout never runs old code.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const stamp = join(root, 'dist', '.build-stamp');
const sources = ['src', 'adapters', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
const assets = [['adapters/web/public', 'dist/adapters/web/public']];

function newestMtime(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), s.mtimeMs);
}

function stale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return sources.some((p) => existsSync(join(root, p)) && newestMtime(join(root, p)) > built);
}

/** Builds dist/; with `ifStale`, only when it is missing or older than the sources. Exits the process on a failed build. */
export function build({ ifStale = false } = {}) {
  if (ifStale && !stale()) return;
  const started = Date.now();
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('build failed: fix the TypeScript errors above (npm run typecheck), then start again.');
    process.exit(result.status ?? 1);
  }
  for (const [from, to] of assets) cpSync(join(root, from), join(root, to), { recursive: true });
  writeFileSync(stamp, new Date().toISOString());
  console.error(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) build({ ifStale: process.argv.includes('--if-stale') });
