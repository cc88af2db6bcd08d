import { execFileSync } from 'node:child_process';

/** The process tests run the compiled bot: build dist/ once per run when it is missing or older than the sources. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: new URL('..', import.meta.url).pathname, stdio: 'inherit' });
}
