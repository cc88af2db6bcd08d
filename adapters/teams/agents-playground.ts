import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../app.js';
import { loadConfig } from '../config.js';
import { describeError } from '../../src/errors.js';

/**
 * Microsoft 365 Agents Playground (npm @microsoft/m365agentsplayground, pinned): Microsoft's local emulator of
 * the Teams client, pointed at the bot's /api/messages in anonymous mode. `npm run teams:playground` starts the
 * bot and the playground together; the real-client test uses startAgentsPlayground() against its own bot.
 * Telemetry is off (--dt, no Application Insights statsbeat) and loopback-only.cjs keeps the process on loopback.
 */
export const PLAYGROUND_VERSION = '0.2.28';
const require = createRequire(import.meta.url);

export interface AgentsPlayground {
  /** The page to open: http://127.0.0.1:PORT/ */
  url: string;
  port: number;
  process: ChildProcess;
  /** What the playground printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3000/api/messages */
  endpoint: string;
  /** Loopback port for the playground; a free one when omitted. */
  port?: number;
  /** Let the playground open the system browser (off in tests). */
  openBrowser?: boolean;
  /** Refused non-loopback attempts are appended here (the test reads it). */
  guardLog?: string;
  startTimeoutMs?: number;
}

export async function startAgentsPlayground(options: PlaygroundOptions): Promise<AgentsPlayground> {
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  const installed = (require('@microsoft/m365agentsplayground/package.json') as { version: string }).version;
  if (installed !== PLAYGROUND_VERSION) throw new Error(`@microsoft/m365agentsplayground ${installed} is installed; this setup was written for ${PLAYGROUND_VERSION}. Run npm ci.`);
  const port = options.port ?? (await freeLoopbackPort());
  // Its working directory is where it looks for .m365agentsplayground.yml and writes devTools/: keep both out of the repo.
  const work = mkdtempSync(join(tmpdir(), 'ssr-playground-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy']) delete env[k];
  Object.assign(env, {
    APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    M365_AGENTS_PLAYGROUND_LOGFILE: join(work, 'm365agentsplayground.log'),
    ...(options.openBrowser ? {} : { TEAMSAPPTESTER_BROWSER: 'none' }),
    ...(options.guardLog ? { LOOPBACK_GUARD_LOG: options.guardLog } : {}),
  });
  const args = ['--require', require.resolve('./loopback-only.cjs'), cli, '-e', options.endpoint, '-c', 'msteams', '-p', String(port), '--su', `http://127.0.0.1:${port}/_connector`, '--dt'];
  const child = spawn(process.execPath, args, { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(kill);
  };
  try {
    const listening = await waitFor(() => /Listening on (\d+)/u.exec(output)?.[1], child, options.startTimeoutMs ?? 30_000);
    // It falls back to a random port when ours was taken; the connector URL would then point at the wrong one.
    if (Number(listening) !== port) throw new Error(`Agents Playground listens on ${listening}, not on the requested port ${port}`);
  } catch (err) {
    await stop();
    throw new Error(`Agents Playground ${PLAYGROUND_VERSION} did not start: ${(err as Error).message}\n${output}`);
  }
  return { url: `http://127.0.0.1:${port}/`, port, process: child, output: () => output, stop };
}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function waitFor<T>(value: () => T | undefined, child: ChildProcess, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no "Listening on" within ${ms} ms`)), ms);
    const poll = setInterval(() => {
      const v = value();
      if (v !== undefined) finish(undefined, v);
    }, 25);
    const onExit = (code: number | null) => finish(new Error(`the process exited (${code})`));
    child.once('exit', onExit);
    function finish(err?: Error, v?: T) {
      clearTimeout(timer);
      clearInterval(poll);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(v as T);
    }
  });
}

/** npm run teams:playground — the bot (anonymous Teams mode, loopback) and the playground, stopped together. */
async function main(): Promise<void> {
  await import('dotenv/config');
  const env = { ...process.env, HOST: '127.0.0.1', TEAMS_ANONYMOUS: 'on', MicrosoftAppId: '', MicrosoftAppPassword: '' };
  const app = await startApp(loadConfig(env));
  const endpoint = `${app.url.replace('localhost', '127.0.0.1')}/api/messages`;
  const playground = await startAgentsPlayground({ endpoint, openBrowser: true });
  playground.process.stderr?.pipe(process.stderr);
  console.error(`\nAgents Playground ${PLAYGROUND_VERSION}: ${playground.url}  (a Teams client for ${endpoint}; Ctrl-C stops both)`);
  const shutdown = async () => {
    await playground.stop();
    await app.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  playground.process.once('exit', (code) => {
    console.error(`Agents Playground exited (${code})`);
    void app.stop().then(() => process.exit(1));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(describeError(err));
    process.exit(1);
  });
}
