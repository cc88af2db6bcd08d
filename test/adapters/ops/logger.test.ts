import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { maskTokens, pinoLogger } from '../../../adapters/logger.js';
import { boltLogger } from '../../../adapters/slack/bolt-logger.js';

function capture(level: 'info' | 'debug' = 'info') {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l) lines.push(JSON.parse(l));
      done();
    },
  });
  return { log: pinoLogger({ level, destination }), lines };
}

describe('pino logger', () => {
  it('writes JSON lines with level (a name), ISO time and msg, plus the fields', () => {
    const { log, lines } = capture();
    log.info('hello', { n: 1 });
    log.debug('hidden at info');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'hello', n: 1 });
    expect(new Date(String(lines[0].time)).toISOString()).toBe(lines[0].time);
  });

  it('never writes secrets: credential fields are redacted and tokens in text are masked', () => {
    const { log, lines } = capture();
    log.error('call failed for xoxb-123-456-abcdef', {
      token: 'xoxb-123-456-abcdef',
      config: { signingSecret: 's3cret', appPassword: 'pw' },
      request: { headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc' } },
      error: 'WebAPIPlatformError: invalid_auth for xapp-1-A1-999',
    });
    const text = JSON.stringify(lines);
    for (const secret of ['xoxb-123', 's3cret', '"pw"', 'eyJhbGci', 'xapp-1-A1']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ token: '[redacted]', config: { signingSecret: '[redacted]', appPassword: '[redacted]' } });
    expect(lines[0].msg).toBe('call failed for xoxb-[redacted]');
  });

  it('redacts three levels deep, inside arrays and in child loggers; dates and numbers are written as they are', () => {
    const { log, lines } = capture();
    const at = new Date('2026-01-02T03:04:05.000Z');
    log.child({ component: 'x', password: 'child-pw' }).warn('deep', {
      a: { b: { cookie: 'c00kie', note: 'xoxp-1-2-3-abcdef' } },
      installs: [{ botToken: 'xoxb-9-9-9-zzzzzz', team: 'T1' }],
      at,
      n: 3,
    });
    const text = JSON.stringify(lines);
    for (const secret of ['child-pw', 'c00kie', 'xoxp-1-2', 'xoxb-9-9']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ component: 'x', password: '[redacted]', a: { b: { cookie: '[redacted]', note: 'xoxp-[redacted]' } }, installs: [{ botToken: '[redacted]', team: 'T1' }], at: at.toISOString(), n: 3 });
  });

  it('maskTokens leaves ordinary text alone', () => {
    expect(maskTokens('如何利用外部专家？ xoxo-hugs')).toBe('如何利用外部专家？ xoxo-hugs');
  });

  it("Bolt's logger interface writes through it, tagged component=bolt", () => {
    const { log, lines } = capture('debug');
    const bolt = boltLogger(log);
    bolt.warn('http request failed', new Error('boom'));
    bolt.debug('details');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'warn', component: 'bolt', msg: 'http request failed Error: boom' }),
      expect.objectContaining({ level: 'debug', component: 'bolt', msg: 'details' }),
    ]);
  });
});
