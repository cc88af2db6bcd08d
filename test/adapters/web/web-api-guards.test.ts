import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { startTestApp } from '../../helpers/app.js';

/**
 * The local page's API answers the page only: JSON from its own origin. A page on another site (or another port
 * of this host) must not be able to drive it, with a preflight-free text/plain or form POST or with JSON.
 */
let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const chat = JSON.stringify({ text: '名册', session: 'guard-test' });
const post = (path: string, headers: Record<string, string>, body = chat) => fetch(`${app.url}${path}`, { method: 'POST', headers, body });
const own = () => new URL(app.url).host;

describe('content type', () => {
  it.each(['/api/chat', '/api/action'])('%s: a cross-site text/plain POST → 415', async (path) => {
    const res = await post(path, { 'content-type': 'text/plain', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(415);
  });

  it.each([['text/plain;charset=UTF-8'], ['multipart/form-data; boundary=x'], ['application/jsonp'], ['application/json-seq'], ['']])('%j → 415', async (type) => {
    expect((await post('/api/chat', { 'content-type': type })).status).toBe(415);
  });

  it('application/json with a charset is fine', async () => {
    expect((await post('/api/chat', { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
  });
});

describe('origin', () => {
  it.each([
    ['another site', { origin: 'https://evil.example' }],
    ['another port of this host', { origin: 'http://localhost:1' }],
    ['an opaque origin', { origin: 'null' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
  ])('a JSON POST from %s → 403', async (_name, headers) => {
    const res = await post('/api/chat', { 'content-type': 'application/json', ...headers });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'cross-origin requests are refused' });
    const action = await post('/api/action', { 'content-type': 'application/json', ...headers }, JSON.stringify({ value: 'x' }));
    expect(action.status).toBe(403);
  });

  it('the page itself (same origin), and clients that are not browsers, are answered', async () => {
    expect((await post('/api/chat', { 'content-type': 'application/json', origin: `http://${own()}`, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await post('/api/chat', { 'content-type': 'application/json' })).status).toBe(200);
  });
});

/** Raw node:http, because fetch will not let a test choose the Host header. */
function rawRequest(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  const target = new URL(app.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: target.port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('direct loopback callers only (the page has no login)', () => {
  it.each([
    ['a proxy (X-Forwarded-For)', { 'x-forwarded-for': '203.0.113.9' }],
    ['a proxy (Forwarded)', { forwarded: 'for=203.0.113.9' }],
    ['a tunnel (X-Real-IP)', { 'x-real-ip': '203.0.113.9' }],
    ['a rebound host name (Host: evil.example)', { host: 'evil.example' }],
    ['a look-alike host name', { host: '127.0.0.1.evil.example:3000' }],
  ])('%s → 403 for the page and its API, with how to reach it', async (_name, headers) => {
    for (const [method, path, body] of [['GET', '/'], ['GET', '/app.js'], ['POST', '/api/chat', chat], ['POST', '/api/action', JSON.stringify({ value: 'x' })]] as const) {
      const res = await rawRequest(method, path, { 'content-type': 'application/json', ...headers }, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(JSON.parse(res.body).error).toMatch(/direct loopback callers only/u);
    }
  });

  it.each(['localhost', '127.0.0.1', '[::1]'])('Host: %s is answered', async (host) => {
    const port = new URL(app.url).port;
    expect((await rawRequest('GET', '/', { host: `${host}:${port}` })).status).toBe(200);
    expect((await rawRequest('POST', '/api/chat', { host: `${host}:${port}`, 'content-type': 'application/json' }, chat)).status).toBe(200);
  });
});
