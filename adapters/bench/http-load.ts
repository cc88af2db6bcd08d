import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * The client side of adapters/bench/teams-throughput.ts, in a process of its own so that its work does not
 * share the bot's event loop: a fake Bot Framework connector on 127.0.0.1 (answers every POST with an id and
 * notes which activity it replies to) and a keep-alive load generator. Started with an IPC channel; the bench
 * sends one `LoadRound` at a time and gets a `LoadResult` back.
 */
export interface LoadRound {
  url: string;
  path: string;
  bodies: string[];
  concurrency: number;
  /** Per body: the activity id whose reply must reach the connector before the request counts as done. */
  awaitReplies?: string[];
}

export interface LoadResult {
  ms: number;
  latencies: number[];
  failures: string[];
}

const REPLY_TIMEOUT_MS = 10_000;

/** activity id → resolves when the connector received the reply to it (or it arrived before anyone waited). */
const arrived = new Set<string>();
const waiting = new Map<string, () => void>();

function replyArrived(activityId: string): void {
  const wake = waiting.get(activityId);
  if (wake) {
    waiting.delete(activityId);
    wake();
  } else arrived.add(activityId);
}

function replyTo(activityId: string): Promise<void> {
  if (arrived.delete(activityId)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(activityId);
      reject(new Error(`no reply to ${activityId} reached the connector`));
    }, REPLY_TIMEOUT_MS);
    waiting.set(activityId, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** POST /v3/conversations/{conversation}/activities/{replyToId}: the reply to that activity. */
const connector = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const parts = (req.url ?? '').split('/');
    if (req.method === 'POST' && parts[4] === 'activities' && parts[5]) replyArrived(decodeURIComponent(parts[5]));
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"reply"}');
  });
});
connector.keepAliveTimeout = 60_000;

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function post(url: URL, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function runRound(round: LoadRound): Promise<LoadResult> {
  const url = new URL(round.url);
  const latencies: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < round.bodies.length; i = next++) {
      const t0 = performance.now();
      try {
        const reply = round.awaitReplies ? replyTo(round.awaitReplies[i]) : undefined;
        reply?.catch(() => undefined); // awaited below unless the POST fails first
        const status = await post(url, round.path, round.bodies[i]);
        if (status !== 200) throw new Error(`HTTP ${status}`);
        await reply;
        latencies.push(performance.now() - t0);
      } catch (err) {
        failures.push((err as Error).message);
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: round.concurrency }, worker));
  return { ms: performance.now() - t0, latencies, failures: failures.slice(0, 5) };
}

connector.listen(0, '127.0.0.1', () => {
  process.send!({ connectorUrl: `http://127.0.0.1:${(connector.address() as AddressInfo).port}/` });
});
process.on('message', (m: LoadRound | 'stop') => {
  if (m === 'stop') {
    agent.destroy();
    connector.close();
    process.disconnect();
    return;
  }
  void runRound(m).then((r) => process.send!(r));
});
