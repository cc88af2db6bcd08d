import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { startApp } from '../app.js';
import { loadConfig } from '../config.js';
import { pinoLogger } from '../logger.js';
import { startBareBotbuilder } from './bare-botbuilder.js';
import type { LoadResult, LoadRound } from './http-load.js';

/**
 * Teams throughput against the local page's and against a bare botbuilder bot's (bare-botbuilder.ts: stock
 * CloudAdapter answering a fixed text, as the Slack bench has a bare Bolt app), in one run: the real app
 * (anonymous Teams, the real corpus, a SQLite file, JSON logs written as the bot writes them, to /dev/null) and,
 * in a separate process (http-load.ts), a fake connector and a keep-alive client at concurrency 16. A Teams
 * request is done when the reply has reached the connector; a page request when its JSON answer has arrived.
 * Rounds rotate which side goes first; each ratio is the median of the rounds' ratios, so a neighbour's burst on
 * this shared machine moves all sides of one round rather than the result. This process does nothing else, so
 * its CPU time per request is reported too: on a loaded machine it moves less than req/s.
 */
const QUESTIONS: { text: string; locale: string }[] = [
  { text: '如何利用外部专家？', locale: 'zh-CN' },
  { text: '13(d)', locale: 'zh-CN' },
  { text: '可预测的供资', locale: 'zh-CN' },
  { text: 'trust funds', locale: 'en-US' },
  { text: '会议有多少人参加', locale: 'zh-CN' },
  { text: 'When was the meeting held?', locale: 'en-US' },
  { text: '培训和装备', locale: 'zh-CN' },
  { text: 'rosters of experts', locale: 'en-US' },
  { text: '非国家行为体', locale: 'zh-CN' },
  { text: 'what does it say about trust funds?', locale: 'en-US' },
  { text: '安全部门治理是普遍议程', locale: 'zh-CN' },
  { text: '13(d)', locale: 'en-US' },
];

const BOT = { id: '28:ssr-bot-bench', name: 'ssr-bot' };
const KINDS = ['teams', 'web', 'bare'] as const;
type Kind = (typeof KINDS)[number];

/** A 1:1 chat (even clients) or a channel post mentioning the bot (odd), as Teams sends them. */
function teamsActivity(serviceUrl: string, client: number, id: string, q: (typeof QUESTIONS)[number]) {
  const channel = client % 2 === 1;
  return {
    type: 'message',
    id,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:bench-user-${client}`, name: `User ${client}`, aadObjectId: `aad-bench-${client}` },
    conversation: channel
      ? { isGroup: true, conversationType: 'channel', tenantId: 'tenant-bench', id: `19:bench-${client}@thread.tacv2;messageid=${id}` }
      : { conversationType: 'personal', tenantId: 'tenant-bench', id: `a:bench-${client}` },
    recipient: BOT,
    text: channel ? `<at>${BOT.name}</at> ${q.text}` : q.text,
    textFormat: 'plain',
    locale: q.locale,
    entities: [
      ...(channel ? [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }] : []),
      { type: 'clientInfo', locale: q.locale, country: 'CN', platform: 'Web' },
    ],
    channelData: channel ? { teamsChannelId: `19:bench-${client}@thread.tacv2`, teamsTeamId: '19:team@thread.tacv2', tenant: { id: 'tenant-bench' } } : { tenant: { id: 'tenant-bench' } },
  };
}

export interface ThroughputSide {
  /** Requests per second, one per round. */
  rps: number[];
  /** CPU time of the bot's process per request (ms), one per round: steadier than req/s on a shared machine. */
  cpuMs: number[];
  p50: number;
  p99: number;
}

export interface TeamsThroughput {
  teams: ThroughputSide;
  web: ThroughputSide;
  bare: ThroughputSide;
  /** Median over the rounds of Teams req/s ÷ page req/s. */
  ratio: number;
  /** Median over the rounds of page CPU ms ÷ Teams CPU ms per request (the ratio on an idle machine). */
  cpuRatio: number;
  /** The same two against the bare botbuilder bot. */
  bareRatio: number;
  bareCpuRatio: number;
  rounds: number;
  concurrency: number;
  /** 1-minute load averages at the start and the end. */
  load: [number, number];
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function median(values: number[]): number {
  return pct([...values].sort((a, b) => a - b), 50);
}

export async function teamsThroughput(options: { rounds?: number; perRound?: number; concurrency?: number } = {}): Promise<TeamsThroughput> {
  const rounds = options.rounds ?? 8;
  const perRound = options.perRound ?? 480;
  const concurrency = options.concurrency ?? 16;
  const load0 = loadavg()[0];
  const client = fork(new URL('./http-load.ts', import.meta.url), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let clientGone: ((err: Error) => void) | undefined;
  client.once('exit', (code) => clientGone?.(new Error(`the load client exited (${code})`)));
  const nextMessage = <T>() =>
    new Promise<T>((resolve, reject) => {
      clientGone = reject;
      client.once('message', (m) => resolve(m as T));
    });
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  let bare: Awaited<ReturnType<typeof startBareBotbuilder>> | undefined;
  try {
    const { connectorUrl } = await nextMessage<{ connectorUrl: string }>();
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', TEAMS_ANONYMOUS: 'on', DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'ssr-bench-')), 'b.db') });
    app = await startApp(config, { log: pinoLogger({ destination: pino.destination({ dest: '/dev/null', sync: true }) }), scheduler: false });
    bare = await startBareBotbuilder();
    return await measure(app.url.replace('//localhost:', '//127.0.0.1:'), bare.url, connectorUrl);
  } finally {
    if (client.connected) client.send('stop');
    await app?.stop();
    await bare?.close();
  }

  async function measure(url: string, bareUrl: string, connectorUrl: string): Promise<TeamsThroughput> {
    let sent = 0;
    const run = async (kind: Kind): Promise<LoadResult & { cpuMs: number }> => {
      const bodies: string[] = [];
      const ids: string[] = [];
      for (let i = 0; i < perRound; i++) {
        const q = QUESTIONS[i % QUESTIONS.length];
        const slot = i % concurrency;
        const id = `bench-${++sent}`;
        ids.push(id);
        bodies.push(JSON.stringify(kind === 'web' ? { text: q.text, locale: q.locale, session: `bench-${slot}` } : teamsActivity(connectorUrl, slot, id, q)));
      }
      const round: LoadRound =
        kind === 'web'
          ? { url, path: '/api/chat', bodies, concurrency }
          : { url: kind === 'bare' ? bareUrl : url, path: '/api/messages', bodies, concurrency, awaitReplies: ids };
      const result = nextMessage<LoadResult>();
      const cpu0 = process.cpuUsage();
      client.send(round);
      const r = await result;
      const cpu = process.cpuUsage(cpu0);
      if (r.failures.length) throw new Error(`${kind}: ${r.failures.length} requests failed, e.g. ${r.failures[0]}`);
      return { ...r, cpuMs: (cpu.user + cpu.system) / 1000 / r.latencies.length };
    };
    const newSide = () => ({ rps: [] as number[], cpuMs: [] as number[], latencies: [] as number[] });
    const sides = { teams: newSide(), web: newSide(), bare: newSide() };
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    const bareRatios: number[] = [];
    const bareCpuRatios: number[] = [];
    // Warm-up (not counted): the JIT needs a few thousand requests of each kind to settle.
    for (let w = 0; w < 3; w++) for (const kind of KINDS) await run(kind);
    for (let r = 0; r < rounds; r++) {
      const order = [...KINDS.slice(r % KINDS.length), ...KINDS.slice(0, r % KINDS.length)];
      const rps: Record<string, number> = {};
      const cpuMs: Record<string, number> = {};
      for (const kind of order) {
        const result = await run(kind);
        rps[kind] = (result.latencies.length / result.ms) * 1000;
        cpuMs[kind] = result.cpuMs;
        sides[kind].rps.push(rps[kind]);
        sides[kind].cpuMs.push(result.cpuMs);
        sides[kind].latencies.push(...result.latencies);
      }
      ratios.push(rps.teams / rps.web);
      cpuRatios.push(cpuMs.web / cpuMs.teams);
      bareRatios.push(rps.teams / rps.bare);
      bareCpuRatios.push(cpuMs.bare / cpuMs.teams);
    }
    const side = (s: ReturnType<typeof newSide>): ThroughputSide => {
      const sorted = s.latencies.sort((a, b) => a - b);
      return { rps: s.rps, cpuMs: s.cpuMs, p50: pct(sorted, 50), p99: pct(sorted, 99) };
    };
    return {
      teams: side(sides.teams),
      web: side(sides.web),
      bare: side(sides.bare),
      ratio: median(ratios),
      cpuRatio: median(cpuRatios),
      bareRatio: median(bareRatios),
      bareCpuRatio: median(bareCpuRatios),
      rounds,
      concurrency,
      load: [load0, loadavg()[0]],
    };
  }
}

/** The result as the bench prints it. */
export function formatTeamsThroughput(t: TeamsThroughput): string {
  const row = (label: string, s: ThroughputSide) =>
    `${label.padEnd(40)}${median(s.rps).toFixed(0).padStart(6)}${Math.min(...s.rps).toFixed(0).padStart(7)}–${Math.max(...s.rps).toFixed(0).padEnd(6)}${s.p50.toFixed(1).padStart(7)}${s.p99.toFixed(1).padStart(9)}${median(s.cpuMs).toFixed(2).padStart(10)}`;
  return [
    `\nthroughput, concurrency ${t.concurrency}, ${t.rounds} rounds     req/s  (min–max)     p50 ms   p99 ms  CPU ms/req`,
    row('Teams message → reply at the connector', t.teams),
    row('local page POST /api/chat', t.web),
    row('bare botbuilder (fixed text reply)', t.bare),
    `Teams ÷ page, median of rounds: ${t.ratio.toFixed(2)} in req/s, ${t.cpuRatio.toFixed(2)} in bot CPU per request; load average (1 min) ${t.load[0].toFixed(2)} → ${t.load[1].toFixed(2)}`,
    `Teams ÷ bare botbuilder: ${t.bareRatio.toFixed(2)} in req/s, ${t.bareCpuRatio.toFixed(2)} in CPU per request`,
  ].join('\n');
}

// `node --import tsx adapters/bench/teams-throughput.ts`: this measurement alone (`npm run bench` runs it last).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(formatTeamsThroughput(await teamsThroughput()));
