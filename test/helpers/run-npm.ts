import { execFile } from 'node:child_process';
import { VARIABLES } from '../../src/config-variables.js';

const root = new URL('../../', import.meta.url).pathname;

/**
 * Runs `npm run SCRIPT -- ARGS` as an admin would, asynchronously (so fakes in this process can answer), with
 * every configuration variable blank unless `env` sets it: a developer's .env never leaks in (dotenv keeps
 * variables that are already set), so no test reaches a real platform.
 */
export function runNpm(script: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const blank = Object.fromEntries(VARIABLES.map((v) => [v.name, '']));
  return new Promise((resolve) => {
    execFile('npm', ['run', '-s', script, '--', ...args], { cwd: root, env: { ...process.env, ...blank, ...env }, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
