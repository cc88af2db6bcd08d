import { Worker } from 'node:worker_threads';

/**
 * Sends one request and meanwhile polls GET /healthz every 50 ms, both from a worker thread: the server runs
 * on this thread, so a blocked event loop here would also stop a client here from noticing. Resolves with the
 * request's status and time, and the slowest /healthz answer while it ran.
 */
export interface ProbeResult {
  status: number;
  requestMs: number;
  maxHealthMs: number;
  healthChecks: number;
}

const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { url, path, headers, body } = workerData;
  const t0 = performance.now();
  let status = 0, requestMs = 0, done = false, maxHealthMs = 0, healthChecks = 0;
  const request = fetch(url + path, { method: 'POST', headers, body }).then(async (r) => {
    await r.arrayBuffer();
    status = r.status;
    requestMs = performance.now() - t0;
  }).finally(() => { done = true; });
  do {
    await new Promise((r) => setTimeout(r, 50));
    const h0 = performance.now();
    const h = await fetch(url + '/healthz');
    await h.arrayBuffer();
    maxHealthMs = Math.max(maxHealthMs, performance.now() - h0);
    healthChecks++;
  } while (!done);
  await request;
  parentPort.postMessage({ status, requestMs, maxHealthMs, healthChecks });
})().catch((err) => parentPort.postMessage({ error: String(err) }));
`;

export async function probeWhilePosting(url: string, path: string, body: string, headers: Record<string, string>): Promise<ProbeResult> {
  const worker = new Worker(PROBE, { eval: true, workerData: { url, path, headers, body } });
  try {
    const result = await new Promise<ProbeResult & { error?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    if (result.error) throw new Error(result.error);
    return result;
  } finally {
    await worker.terminate();
  }
}
