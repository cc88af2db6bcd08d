import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../config.js';
import { startApp } from '../app.js';
import { recordingLogger } from '../logger.js';

/**
 * Part of `npm run bench`: start-up time (spawn → /healthz 200) of `npm start` (npm, the prestart staleness
 * check, then node dist/) and of `node dist/adapters/main.js` alone, the server's resident memory, and Slack
 * slash-command ack latency over loopback (signed POST → HTTP 200) against a local fake Slack Web API.
 */
function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function startupTimes(runs: number, command: string[], env: Record<string, string> = {}): Promise<{ times: number[]; rssMb: number[] }> {
  const times: number[] = [];
  const rssMb: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'ssr-bench-'));
    const port = 31000 + Math.floor(Math.random() * 2000);
    const t0 = performance.now();
    // Its own process group, so npm and the server it starts are stopped together.
    const child = spawn(command[0], command.slice(1), {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: join(dir, 'b.db'), SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: '', MicrosoftAppId: '', TEAMS_ANONYMOUS: '', ...env },
      stdio: 'ignore',
      detached: true,
    });
    try {
      for (;;) {
        if (performance.now() - t0 > 20_000) throw new Error('no /healthz within 20 s');
        const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
        if (ok) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      times.push(performance.now() - t0);
      if (command[0] === process.execPath) rssMb.push(Number(/VmRSS:\s+(\d+)/u.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }
  return { times: times.sort((a, b) => a - b), rssMb };
}

async function slackAckTimes(n: number): Promise<number[]> {
  const fake = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body = req.url?.includes('auth.test') ? { ok: true, user_id: 'UBOT', team_id: 'T1' } : { ok: true };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
  const fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  const secret = '0123456789abcdef0123456789abcdef'; // a signing secret's shape: 32 hex characters
  const app = await startApp(
    loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'ssr-bench-')), 'b.db'), SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: secret, SLACK_API_URL: `${fakeUrl}/api/`, PLAYGROUND: 'off' }),
    { log: recordingLogger(), platformRetries: 0 },
  );
  const times: number[] = [];
  const questions = ['如何利用外部专家？', '13(d)', '可预测的供资', 'trust funds', '目录'];
  try {
    for (let i = 0; i < n; i++) {
      const body = new URLSearchParams({ team_id: 'T1', channel_id: 'C1', user_id: 'U1', command: '/ssr', text: questions[i % questions.length], response_url: `${fakeUrl}/respond/${i}`, trigger_id: 't', api_app_id: 'A1' }).toString();
      const ts = Math.floor(Date.now() / 1000);
      const sig = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
      const t0 = performance.now();
      const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig }, body });
      await res.arrayBuffer();
      times.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`ack status ${res.status}`);
    }
  } finally {
    await app.stop();
    fake.close();
  }
  return times.sort((a, b) => a - b);
}

execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
const npmStart = await startupTimes(7, ['npm', 'start']);
const nodeDist = await startupTimes(7, [process.execPath, 'dist/adapters/main.js']);
const withTeams = await startupTimes(5, [process.execPath, 'dist/adapters/main.js'], { TEAMS_ANONYMOUS: 'on' });
const acks = await slackAckTimes(300);
console.log('\nadapter measurement                          p50 ms   p95 ms   max ms   n');
const row = (label: string, t: number[]) => console.log(`${label.padEnd(44)}${pct(t, 50).toFixed(1).padStart(7)}${pct(t, 95).toFixed(1).padStart(9)}${t[t.length - 1].toFixed(1).padStart(9)}${String(t.length).padStart(5)}`);
row('npm start → /healthz 200 (spawn)', npmStart.times);
row('node dist/adapters/main.js → /healthz 200', nodeDist.times);
row('… with Teams on (botbuilder loaded)', withTeams.times);
console.log(`server resident memory after start: ${Math.round(Math.max(...nodeDist.rssMb))} MB, with Teams ${Math.round(Math.max(...withTeams.rssMb))} MB (max of ${nodeDist.rssMb.length}/${withTeams.rssMb.length})`);
row('Slack slash command ack (loopback HTTP)', acks);

// Slack throughput against a bare Bolt app in the same run (ratio, not absolute numbers; slack-throughput.ts).
{
  const { formatSlackThroughput, slackThroughput } = await import('./slack-throughput.js');
  console.log(`\n${formatSlackThroughput(await slackThroughput())}`);
  console.log(`\n${formatSlackThroughput(await slackThroughput({ distinctQuestions: true }))}`);
}

// Teams throughput beside the local page's, at concurrency 16 (issue 15).
const { teamsThroughput, formatTeamsThroughput } = await import('./teams-throughput.js');
console.log(formatTeamsThroughput(await teamsThroughput()));
