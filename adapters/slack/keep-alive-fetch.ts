import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { webApi } from '@slack/bolt';

/**
 * The `fetch` Bolt's respond() and the Web API clients call (both take it as `clientOptions.fetch`): node:http(s)
 * over keep-alive agents. A reply is one small POST; through Node's own fetch (a Request/Response pair, WHATWG
 * streams) it cost ~0.4 ms of CPU here, about half of what a whole bare Bolt request costs; this way ~0.13 ms.
 *
 * Only what those callers use: string bodies (FormData, i.e. file uploads, goes to the global fetch), no redirects
 * followed, no compression asked for. Failures take fetch's shapes — TypeError "fetch failed" with the socket
 * error as `cause`, the signal's reason when aborted — so slack-errors.ts and slack-start.ts read them unchanged.
 */
/** Idle connections close after this (undici's default too): before servers' usual 5 s, so a reused one is rarely half-closed. */
const IDLE_MS = 4000;
/** A request without a signal (respond(), the listeners' client) gives up on a silent server after this. */
const SILENT_SERVER_MS = 30_000;

export function keepAliveFetch(options: { silentServerMs?: number } = {}): webApi.FetchFunction {
  const silentMs = options.silentServerMs ?? SILENT_SERVER_MS;
  const http = new HttpAgent({ keepAlive: true, timeout: IDLE_MS });
  const https = new HttpsAgent({ keepAlive: true, timeout: IDLE_MS });
  return (input, init = {}) => {
    const url = typeof input === 'string' ? new URL(input) : input;
    const { body, signal } = init;
    if ((body !== undefined && typeof body !== 'string') || (url.protocol !== 'http:' && url.protocol !== 'https:')) return globalThis.fetch(input, init);
    const failed = (cause: unknown) => (signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause }));
    return new Promise((resolve, reject) => {
      const secure = url.protocol === 'https:';
      const headers = body === undefined ? init.headers : { ...init.headers, 'content-length': String(Buffer.byteLength(body)) };
      const req = (secure ? httpsRequest : httpRequest)(url, { method: init.method ?? 'GET', headers, agent: secure ? https : http, signal, timeout: silentMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => reject(failed(err)));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (init.redirect === 'error' && status >= 300 && status < 400) reject(failed(new Error(`unexpected redirect (HTTP ${status})`)));
          else resolve(new BufferedResponse(url.href, status, res.statusMessage ?? '', res.headers, Buffer.concat(chunks)));
        });
      });
      req.on('error', (err) => reject(failed(err)));
      req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${silentMs} ms`), { code: 'ETIMEDOUT' })));
      req.end(body);
    });
  };
}

type FetchResponse = Awaited<ReturnType<webApi.FetchFunction>>;

class BufferedResponse implements FetchResponse {
  readonly ok: boolean;
  readonly headers: FetchResponse['headers'];

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    raw: IncomingHttpHeaders,
    private readonly body: Buffer,
  ) {
    this.ok = status >= 200 && status < 300;
    const joined = (v: string | string[] | undefined) => (v === undefined ? null : Array.isArray(v) ? v.join(', ') : v);
    this.headers = {
      get: (name) => joined(raw[name.toLowerCase()]),
      entries: () => Object.keys(raw).map((k) => [k, joined(raw[k])!] as [string, string]),
    };
  }

  async text(): Promise<string> {
    return this.body.toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body.toString('utf8'));
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return new Uint8Array(this.body).buffer;
  }
}
