import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepAliveFetch } from '../../../adapters/slack/keep-alive-fetch.js';
import { closeServer, listenLoopback } from '../../helpers/loopback-server.js';

/**
 * The fetch Bolt's respond() and the Web API clients use (keep-alive node:http) against a real loopback server,
 * side by side with Node's own fetch where the callers read the outcome: the same answers, the same failure shapes.
 */
let server: Server;
let url: string;
const seen: { path: string; method: string; body: string; headers: Record<string, unknown>; port: number }[] = [];

beforeAll(async () => {
  ({ server, url } = await listenLoopback((req, raw, res) => {
    const path = req.url ?? '';
    seen.push({ path, method: req.method ?? '', body: raw, headers: req.headers, port: req.socket.remotePort ?? 0 });
    if (path === '/silent') return; // never answers
    if (path === '/moved') return void res.writeHead(302, { location: '/ok' }).end();
    if (path === '/broken') return void res.writeHead(500, { 'content-type': 'text/plain' }).end('boom');
    res.writeHead(200, { 'content-type': 'application/json', 'x-oauth-scopes': 'chat:write, commands', 'set-cookie': ['a=1', 'b=2'] });
    res.end(JSON.stringify({ ok: true, echo: raw }));
  }));
});
afterAll(async () => {
  await closeServer(server);
});

const ours = keepAliveFetch({ silentServerMs: 200 });

describe('keep-alive fetch', () => {
  it('posts the body and reads the answer as fetch does', async () => {
    const body = 'token=xoxb-1&text=%E4%BC%99%E4%BC%B4';
    const init = { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body };
    const [a, b] = [await ours(`${url}/api/chat.postMessage`, init), await fetch(`${url}/api/chat.postMessage`, init)];
    for (const res of [a, b]) {
      expect(res.ok).toBe(true);
      expect(res.status).toBe(200);
      expect(res.statusText).toBe('OK');
      expect(res.url).toBe(`${url}/api/chat.postMessage`);
      expect(res.headers.get('X-OAuth-Scopes')).toBe('chat:write, commands');
      expect(res.headers.get('retry-after')).toBeNull();
    }
    expect(await a.json()).toEqual(await b.json());
    expect(Object.fromEntries(a.headers.entries())['content-type']).toBe('application/json');
    const [mine, theirs] = seen.slice(-2);
    expect(mine.body).toBe(body);
    expect(mine.headers['content-length']).toBe(theirs.headers['content-length']);
    expect(mine.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('reuses one connection for consecutive requests', async () => {
    const before = seen.length;
    for (let i = 0; i < 3; i++) await (await ours(`${url}/respond/${i}`, { method: 'POST', body: '{}' })).text();
    const ports = seen.slice(before).map((s) => s.port);
    expect(new Set(ports).size).toBe(1);
  });

  it('a 5xx is an answer (ok false), not a failure', async () => {
    const res = await ours(`${url}/broken`, { method: 'POST', body: '{}' });
    expect(res.ok).toBe(false);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('boom');
  });

  it('fails like fetch when nothing listens: TypeError "fetch failed" with ECONNREFUSED as its cause', async () => {
    const gone = await listenLoopback(() => undefined);
    await closeServer(gone.server);
    const closed = `${gone.url}/api/auth.test`;
    const failures = await Promise.all([ours(closed, { method: 'POST', body: '' }), fetch(closed, { method: 'POST', body: '' })].map((p) => p.then(() => undefined, (e: unknown) => e)));
    for (const err of failures as (TypeError & { cause: { code: string } })[]) {
      expect(err).toBeInstanceOf(TypeError);
      expect(err.message).toBe('fetch failed');
      expect(err.cause.code).toBe('ECONNREFUSED');
    }
  });

  it('rejects with the signal\'s reason when the caller\'s timeout fires, like fetch', async () => {
    const failures = await Promise.all(
      [ours(`${url}/silent`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(50) }), fetch(`${url}/silent`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(50) })].map((p) =>
        p.then(() => undefined, (e: unknown) => e),
      ),
    );
    for (const err of failures as Error[]) expect(err.name).toBe('TimeoutError');
  });

  it('gives up on a silent server without a signal (respond() passes none)', async () => {
    const err = (await ours(`${url}/silent`, { method: 'POST', body: '{}' }).catch((e: unknown) => e)) as TypeError & { cause: { code: string } };
    expect(err).toBeInstanceOf(TypeError);
    expect(err.cause.code).toBe('ETIMEDOUT');
  });

  it('refuses a redirect when asked to, as the Web API client asks', async () => {
    const err = (await ours(`${url}/moved`, { method: 'POST', body: '{}', redirect: 'error' }).catch((e: unknown) => e)) as TypeError;
    expect(err).toBeInstanceOf(TypeError);
    expect(await fetch(`${url}/moved`, { method: 'POST', body: '{}', redirect: 'error' }).catch((e: unknown) => e)).toBeInstanceOf(TypeError);
  });
});
