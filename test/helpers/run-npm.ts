import { execFile, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VARIABLES } from '../../adapters/config-variables.js';

const root = new URL('../../', import.meta.url).pathname;

/**
 * The environment of an npm script run the way an admin runs it, but sealed: none of the configuration
 * variables of the calling shell, and dotenv reads `envFile` (default: a file that does not exist) instead of
 * the checkout's .env — so a developer's real tokens never leak in and no test reaches a real platform.
 */
export function sealedEnv(env: Record<string, string> = {}, envFile = join(tmpdir(), 'ssr-bot-no-such.env')): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const v of VARIABLES) delete base[v.name];
  // Never Microsoft's real login service (npm start checks a Teams secret at start): tests pass their fake's URL.
  return { ...base, DOTENV_CONFIG_PATH: envFile, DOTENV_CONFIG_QUIET: 'true', MICROSOFT_LOGIN_URL: 'http://127.0.0.1:1', ...env };
}

export interface RunOptions {
  env?: Record<string, string>;
  /** A .env file for dotenv to read, as `npm start` reads the checkout's. */
  envFile?: string;
}

/** `npm run SCRIPT -- ARGS`, asynchronously (fakes in this process keep answering); resolves with its exit code and output. */
export function runNpm(script: string, args: string[], options: RunOptions = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['run', '-s', script, '--', ...args], { cwd: root, env: sealedEnv(options.env, options.envFile), encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

export interface StartedBot {
  url: string;
  /** The start-up block `npm start` printed (on stderr; stdout has the JSON log lines). */
  banner: string;
  stop(): Promise<void>;
}

/** `npm start` as a process (its own process group, so stop() ends npm and node together), once its start-up block is out. */
export async function startNpm(options: RunOptions = {}, ms = 20_000): Promise<StartedBot> {
  const child = spawn('npm', ['start'], { cwd: root, env: sealedEnv(options.env, options.envFile), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
    await exited;
  };
  const until = Date.now() + ms;
  while (!/^ {2}database:/mu.test(err)) {
    if (child.exitCode !== null || Date.now() > until) {
      await stop();
      throw new Error(`npm start did not come up:\n${out}\n${err}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const url = /health: +(http:\/\/\S+)\/healthz/u.exec(err)![1];
  return { url, banner: err, stop };
}
