import { fork, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { slashCommandBody } from '../../test/helpers/slack-requests.js';

/**
 * Slack slash-command throughput of this bot against a bare Bolt app, in one run on one machine: both servers
 * (slack-bench-server.ts, one process each) send their respond() POSTs and Web API calls to one fake Slack on
 * 127.0.0.1 in this process, and one keep-alive client drives signed slash commands at them in interleaved
 * rounds (who goes first alternates). A request is complete when its respond() POST has reached the fake, not
 * at the ack. The ratio is the median of the rounds' ratios, so load from other work on the machine, which
 * shifts both servers alike within a round, largely cancels out; the load average is reported with it.
 *
 * Alone: `node --import tsx adapters/bench/slack-throughput.ts`; SLACK_BENCH_ROUNDS, SLACK_BENCH_REQUESTS and
 * SLACK_BENCH_CPU_PROF=<dir> (`node --cpu-prof` of each server, in <dir>/<server>) tune it;
 * SLACK_BENCH_DISTINCT=1 makes every question new (a unique word appended), so the bot's kept searches never apply.
 */
export interface SlackThroughputOptions {
  rounds?: number;
  /** Requests per server per round. */
  requests?: number;
  concurrency?: number;
  /** Write a CPU profile of each server process into this folder. */
  cpuProfileDir?: string;
  /**
   * Append a word of its own to every question: each is then new to the bot, which searches it afresh. Without it
   * the 91 judged questions repeat, as a team's questions do, and the bot answers repeats from its kept searches.
   */
  distinctQuestions?: boolean;
}

export interface ServerRounds {
  /** Requests per second, one per round. */
  rps: number[];
  /** The server process's CPU time (user + system) per request, one per round. */
  cpuMs: number[];
  /** Every ack latency (signed POST sent → HTTP response read), ms, sorted. */
  ackMs: number[];
}

export interface SlackThroughput {
  rounds: number;
  requests: number;
  concurrency: number;
  distinctQuestions: boolean;
  bare: ServerRounds;
  ssr: ServerRounds;
  /** ssr-bot ÷ bare Bolt requests per second, one per round. */
  ratios: number[];
  /** 1-, 5- and 15-minute load averages before and after. */
  load: { before: number[]; after: number[] };
}

// The shape of a signing secret (32 hex characters); both servers and the client share it.
const SECRET = '5e1f0c2d3b4a59687766554433221100';
const QUESTIONS = ['dev-queries.json', 'extra-queries.json'].flatMap((f) => (JSON.parse(readFileSync(new URL(`../../test/fixtures/${f}`, import.meta.url), 'utf8')) as { q: string }[]).map((q) => q.q));

export async function slackThroughput(options: SlackThroughputOptions = {}): Promise<SlackThroughput> {
  const rounds = options.rounds ?? 6;
  const requests = options.requests ?? 1500;
  const concurrency = options.concurrency ?? 16;
  const before = loadavg();
  const fake = await fakeSlack();
  const servers: Record<'bare' | 'ssr', BenchServer | undefined> = { bare: undefined, ssr: undefined };
  const client = new Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    servers.bare = await startServer('bare', fake.url, options.cpuProfileDir);
    servers.ssr = await startServer('ssr', fake.url, options.cpuProfileDir);
    const result: Record<'bare' | 'ssr', ServerRounds> = { bare: { rps: [], cpuMs: [], ackMs: [] }, ssr: { rps: [], cpuMs: [], ackMs: [] } };
    const drive = (role: 'bare' | 'ssr', tag: string, n: number) => drivenRound({ server: servers[role]!, fake, client, tag, n, concurrency, distinct: options.distinctQuestions === true });
    // Warm-up (JIT, connection pools), not counted.
    for (const role of ['bare', 'ssr'] as const) await drive(role, `${role}-warm`, Math.min(500, requests));
    for (let r = 0; r < rounds; r++) {
      for (const role of r % 2 === 0 ? (['bare', 'ssr'] as const) : (['ssr', 'bare'] as const)) {
        const got = await drive(role, `${role}-${r}`, requests);
        result[role].rps.push((requests / got.ms) * 1000);
        result[role].cpuMs.push(got.cpuMs / requests);
        result[role].ackMs.push(...got.ackMs);
      }
    }
    for (const role of ['bare', 'ssr'] as const) result[role].ackMs.sort((a, b) => a - b);
    return { rounds, requests, concurrency, distinctQuestions: options.distinctQuestions === true, ...result, ratios: result.ssr.rps.map((s, i) => s / result.bare.rps[i]), load: { before, after: loadavg() } };
  } finally {
    client.destroy();
    await Promise.all(Object.values(servers).map((s) => s?.stop()));
    await fake.close();
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function formatSlackThroughput(t: SlackThroughput): string {
  const range = (xs: number[], digits: number) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
  const line = (label: string, s: ServerRounds) =>
    `  ${label.padEnd(38)}${median(s.rps).toFixed(0).padStart(6)} req/s (rounds ${range(s.rps, 0)}), CPU ${median(s.cpuMs).toFixed(2)} ms/request, ack p50 ${percentile(s.ackMs, 50).toFixed(1)} ms, p99 ${percentile(s.ackMs, 99).toFixed(1)} ms`;
  return [
    `Slack slash commands (ack + respond() reaching a fake response_url), concurrency ${t.concurrency}, ${t.rounds} interleaved rounds × ${t.requests} requests, load average ${t.load.before.map((l) => l.toFixed(2)).join(' ')} → ${t.load.after.map((l) => l.toFixed(2)).join(' ')}`,
    line('bare Bolt (ack, respond fixed text)', t.bare),
    line(t.distinctQuestions ? 'ssr-bot, every question new' : 'ssr-bot, 91 questions repeating', t.ssr),
    `  ratio ssr-bot / bare Bolt: ${median(t.ratios).toFixed(2)} (median of rounds; ${range(t.ratios, 2)}); by CPU per request ${(median(t.bare.cpuMs) / median(t.ssr.cpuMs)).toFixed(2)}`,
  ].join('\n');
}

interface BenchServer {
  url: string;
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

async function startServer(role: 'bare' | 'ssr', fakeUrl: string, cpuProfileDir: string | undefined): Promise<BenchServer> {
  // One folder per server: the module loader's thread writes a profile of its own beside the main thread's.
  const profile = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(cpuProfileDir, role)}`] : [];
  // The bot's log lines (stdout) go to /dev/null as a service manager's would go to a journal; errors show.
  const child = fork(fileURLToPath(new URL('./slack-bench-server.ts', import.meta.url)), [role, SECRET, fakeUrl], {
    execArgv: [...process.execArgv, ...profile],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const { url } = await nextMessage<{ url: string }>(child, 60_000);
  return {
    url,
    async cpuMs() {
      child.send('cpu');
      return (await nextMessage<{ cpuMs: number }>(child, 10_000)).cpuMs;
    },
    async stop() {
      if (child.exitCode === null) child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function nextMessage<T>(child: ChildProcess, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`no message from the bench server within ${ms} ms`)), ms);
    const onExit = (code: number | null) => fail(new Error(`the bench server exited (code ${code})`));
    const onMessage = (m: T) => {
      cleanup();
      resolve(m);
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage).off('exit', onExit);
    };
    const fail = (err: Error) => {
      cleanup();
      reject(err);
    };
    child.on('message', onMessage).on('exit', onExit);
  });
}

interface FakeSlack {
  url: string;
  /** Resolves when POST /respond/<id> has arrived. */
  responded(id: string): Promise<void>;
  close(): Promise<void>;
}

/** Slack's Web API (auth.test and ok for everything) and response_url endpoints, on 127.0.0.1 only. */
async function fakeSlack(): Promise<FakeSlack> {
  const waiting = new Map<string, { done: () => void; fail: (err: Error) => void; timer: NodeJS.Timeout }>();
  const server: Server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    let bytes = 0;
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => {
      const path = req.url ?? '';
      if (path.startsWith('/respond/')) {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        const w = waiting.get(path.slice('/respond/'.length));
        if (!w) return;
        clearTimeout(w.timer);
        waiting.delete(path.slice('/respond/'.length));
        if (bytes > 0) w.done();
        else w.fail(new Error(`empty respond() body at ${path}`));
        return;
      }
      const answer = path.endsWith('/auth.test') ? { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'ssr-bot' } : { ok: true };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    responded: (id) =>
      new Promise((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`no respond() POST for ${id} within 15 s`)), 15_000);
        waiting.set(id, { done, fail, timer });
      }),
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** `n` signed slash commands, `concurrency` at a time; the round ends when the last respond() has arrived. */
async function drivenRound(o: { server: BenchServer; fake: FakeSlack; client: Agent; tag: string; n: number; concurrency: number; distinct: boolean }): Promise<{ ms: number; cpuMs: number; ackMs: number[] }> {
  const target = new URL('/slack/events', o.server.url);
  const ackMs: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < o.n) {
      const i = next++;
      const id = `${o.tag}-${i}`;
      const question = QUESTIONS[i % QUESTIONS.length];
      // A word no document has (x, the round's tag, the number in base 36): the question is new to the bot, its answer the same.
      const body = slashCommandBody(o.distinct ? `${question} x${o.tag.replace(/\W/gu, '')}${i.toString(36)}` : question, `${o.fake.url}/respond/${id}`);
      const ts = String(Math.floor(Date.now() / 1000));
      const headers = {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(body)),
        'x-slack-request-timestamp': ts,
        'x-slack-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`,
      };
      const answered = o.fake.responded(id);
      const t0 = performance.now();
      const status = await post(target, body, headers, o.client);
      ackMs.push(performance.now() - t0);
      if (status !== 200) throw new Error(`ack status ${status} for ${id}`);
      await answered;
    }
  };
  const cpu0 = await o.server.cpuMs();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  const ms = performance.now() - t0;
  return { ms, cpuMs: (await o.server.cpuMs()) - cpu0, ackMs };
}

function post(url: URL, body: string, headers: Record<string, string>, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}


if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const env = process.env;
  const result = await slackThroughput({
    rounds: env.SLACK_BENCH_ROUNDS ? Number(env.SLACK_BENCH_ROUNDS) : undefined,
    requests: env.SLACK_BENCH_REQUESTS ? Number(env.SLACK_BENCH_REQUESTS) : undefined,
    cpuProfileDir: env.SLACK_BENCH_CPU_PROF,
    distinctQuestions: env.SLACK_BENCH_DISTINCT === '1',
  });
  console.log(formatSlackThroughput(result));
}
