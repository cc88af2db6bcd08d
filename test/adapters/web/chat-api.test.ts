import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../../helpers/app.js';

/** The local page's HTTP surface (no browser): headers of the page, and bad input to its chat API. */
let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app?.stop();
});

describe('local chat page', () => {
  it('is served with a CSP that forbids inline script and remote origins', async () => {
    const res = await fetch(app.url);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).not.toMatch(/<script>(?!\s*<\/script>)/u);
    expect(html).not.toMatch(/https?:\/\/(?!localhost)/u);
  });
});

describe('chat API bad input', () => {
  const post = (body: string, type = 'application/json') => fetch(`${app.url}/api/chat`, { method: 'POST', headers: { 'content-type': type }, body });
  it.each([
    ['broken JSON', '{"text": ', 400],
    ['an array', '[]', 400],
    ['a number as text', '{"text": 5}', 400],
    ['20,001 characters', JSON.stringify({ text: 'x'.repeat(20_001) }), 413],
    ['a 100 kB body', JSON.stringify({ text: 'x'.repeat(100_000) }), 413],
  ])('%s → %i', async (_name, body, status) => {
    expect((await post(body)).status).toBe(status);
  });
  it('wrong content type → 415; unknown action → error reply', async () => {
    expect((await post('text=1', 'application/x-www-form-urlencoded')).status).toBe(415);
    const r = await fetch(`${app.url}/api/action`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: 'garbage' }) });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { reply: { code: string } }).reply.code).toBe('ACTION_INVALID');
  });
});
