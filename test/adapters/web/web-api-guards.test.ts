import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
