import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS_DIR } from './bot.js';

/**
 * `node dist/adapters/main.js` as a real OS process (the build comes from test/global-setup.ts), with its
 * stdout JSON log lines collected. Loopback only: HOST is 127.0.0.1 and PORT 0 unless a test says otherwise.
 */
export const ROOT = new URL('../../', import.meta.url).pathname;

export interface LogLine {
  level: string;
  time: string;
  msg: string;
  [field: string]: unknown;
}

export class BotProcess {
  readonly lines: LogLine[] = [];
  stdout = '';
  stderr = '';
  url = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;

  constructor(
    readonly child: ChildProcess,
    readonly dbPath: string,
  ) {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      this.stdout += chunk;
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const line of parts) if (line.trim()) this.lines.push(JSON.parse(line) as LogLine);
    });
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async waitForLine(match: (l: LogLine) => boolean, ms = 15_000): Promise<LogLine> {
    const until = Date.now() + ms;
    for (;;) {
      const found = this.lines.find(match);
      if (found) return found;
      if (!this.alive) throw new Error(`process exited before the expected log line; stdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      if (Date.now() > until) throw new Error(`no matching log line within ${ms} ms; stdout:\n${this.stdout}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Waits until the human-readable output (stderr) matches: it is a separate pipe, so it may come after stdout's lines. */
  async waitForStderr(pattern: RegExp, ms = 15_000): Promise<void> {
    const until = Date.now() + ms;
    while (!pattern.test(this.stderr)) {
      if (!this.alive || Date.now() > until) throw new Error(`stderr never matched ${pattern}; stderr:\n${this.stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.alive) this.child.kill(signal);
    await this.exited;
  }
}

/** Spawns the compiled bot and waits for its "started" line (which carries the URL). */
export async function spawnBot(env: Record<string, string> = {}, opts: { waitStarted?: boolean } = {}): Promise<BotProcess> {
  const dbPath = env.DATABASE_PATH ?? join(mkdtempSync(join(tmpdir(), 'ssr-proc-')), 'bot.db');
  const child = spawn(process.execPath, ['dist/adapters/main.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      CORPUS_DIR,
      DATABASE_PATH: dbPath,
      // Never Microsoft's real login service: a test that configures Teams passes its fake's URL.
      MICROSOFT_LOGIN_URL: 'http://127.0.0.1:1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const bot = new BotProcess(child, dbPath);
  if (opts.waitStarted !== false) bot.url = String((await bot.waitForLine((l) => l.msg === 'started')).url);
  return bot;
}

/** A loopback port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

export async function askWeb(url: string, text: string): Promise<{ reply: { kind: string; total: number; actions: { kind: string; value: string }[] } }> {
  const res = await fetch(`${url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
  if (res.status !== 200) throw new Error(`/api/chat answered ${res.status}`);
  return (await res.json()) as never;
}
