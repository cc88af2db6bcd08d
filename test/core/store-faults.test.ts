import { closeSync, mkdtempSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { decodeAction } from '../../src/reply/actions.js';
import { EventDeduper } from '../../src/store/event-dedupe.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { StoreError } from '../../src/store/store-errors.js';
import { setupDigests as setup } from '../helpers/digests.js';
import { holdLock } from '../helpers/store-faults.js';

/**
 * Storage faults on a real SQLite file: a write lock held by another OS process, a read-only connection,
 * damaged pages, and opening such files. The bot keeps answering, says plainly what could not be saved, and
 * the event loop is never held for long.
 */
const freshPath = () => join(mkdtempSync(join(tmpdir(), 'ssr-faults-')), 'bot.db');

describe('a write lock held by another process', () => {
  it('a subscription is refused in words within a second, reads still work, and the event loop stays free', async () => {
    const t = setup('2026-11-26T08:00:00Z');
    await t.say('digest on 09:00 UTC', 'slack:T1:C1');
    const lock = await holdLock(t.dbPath);
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    try {
      const started = performance.now();
      const r = await t.say('digest on 10:00 UTC 伙伴关系', 'slack:T1:C2');
      const took = performance.now() - started;
      expect(r.code).toBe('STORE_LOCKED');
      expect(r.message).toBe('无法保存你的订阅，请稍后再试。');
      expect(took).toBeLessThan(1000);
      const en = await t.bot.handleMessage({ address: 'slack:T1:C2', user: 'U1', text: 'digest on 10:00 UTC partnerships', locale: 'en-US' });
      expect(en.message).toBe('Could not save your subscription; try again later.');
      expect((await t.say('digest status', 'slack:T1:C1')).message).toContain('每天 09:00 (UTC)');
      expect((await t.say('digest off', 'slack:T1:C1')).message).toBe('现在无法取消每日建议，请稍后再试。');
      // A due digest is not sent while its attempt cannot be recorded first; the pass ends quickly.
      t.clock.set('2026-11-26T09:00:00Z');
      const tickStarted = performance.now();
      expect((await t.digests.tick()).posted).toEqual([]);
      expect(performance.now() - tickStarted).toBeLessThan(1000);
      expect(t.port.sent).toHaveLength(0);
      // Platform retries are still recognised in memory; the new id is answered even though it is not recorded.
      const dedupe = new EventDeduper(t.store, t.clock, { info() {}, error() {}, warn: (message) => void t.logs.push({ level: 'warn', message }) });
      expect(await dedupe.firstTime('Ev1')).toBe(true);
      expect(await dedupe.firstTime('Ev1')).toBe(false);
      expect(t.logs.some((l) => l.message.startsWith('event id not recorded'))).toBe(true);
    } finally {
      loop.disable();
      await lock.release();
    }
    // Nothing blocked the loop for long (before: 5 s per write).
    expect(loop.max / 1e6).toBeLessThan(250);
    expect((await t.say('digest on 10:00 UTC 伙伴关系', 'slack:T1:C2')).message).toContain('已订阅');
    await t.digests.tick();
    expect(t.port.sent.map((s) => s.address)).toEqual(['slack:T1:C1']);
  });

  it('opening a locked file waits a little, then says it is locked by another process', async () => {
    const path = freshPath();
    new SqliteStore(path).close();
    const lock = await holdLock(path);
    try {
      const started = performance.now();
      const err = await SqliteStore.open(path, { openWaitMs: 400 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect((err as StoreError).code).toBe('STORE_LOCKED');
      expect((err as StoreError).message).toContain('is locked by another process');
      expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    } finally {
      await lock.release();
    }
    (await SqliteStore.open(path)).close();
  });
});

describe('a read-only database', () => {
  it('commands that write say so; feedback too', async () => {
    const t = setup('2026-11-26T08:00:00Z');
    const answer = await t.say('名册');
    t.store.db.pragma('query_only = ON'); // SQLite now refuses every write with SQLITE_READONLY
    const r = await t.say('digest on 09:00 UTC');
    expect(r.code).toBe('STORE_READONLY');
    expect(r.message).toBe('无法保存你的订阅，请稍后再试。');
    const up = answer.actions.find((a) => a.kind === 'feedback' && (decodeAction(a.value) as { up?: boolean } | undefined)?.up)!;
    const fb = await t.bot.handleAction({ address: 'slack:T1:C1', user: 'U1', value: up.value });
    expect(fb.kind).toBe('error');
    expect(fb.message).toBe('谢谢反馈！但现在无法保存，请稍后再点一次。');
  });
});

describe('damaged pages', () => {
  it('reads and writes that hit them say so; questions are still answered', async () => {
    const path = freshPath();
    const t = setup('2026-11-26T08:00:00Z', path);
    await t.say('digest on 09:00 UTC');
    t.store.close();
    damagePages(path);
    const d = setup('2026-11-26T08:00:00Z', path);
    const status = await d.say('digest status');
    expect(status.code).toBe('STORE_CORRUPT');
    expect(status.message).toBe('现在无法读取每日建议的设置，请稍后再试。');
    expect((await d.say('digest on 09:00 UTC')).message).toBe('无法保存你的订阅，请稍后再试。');
    expect((await d.say('名册')).kind).toBe('answer');
    expect((await d.digests.tick()).posted).toEqual([]);
    expect(d.logs.some((l) => String(l.extra?.error).includes('STORE_CORRUPT'))).toBe(true);
  });

  it('a file that is not a database at all is refused at start with how to fix it', async () => {
    const path = freshPath();
    writeFileSync(path, 'this is not an SQLite database, but a text file of some length '.repeat(100));
    const err = await SqliteStore.open(path).catch((e: unknown) => e);
    expect((err as StoreError).code).toBe('STORE_CORRUPT');
    expect((err as StoreError).message).toMatch(/is damaged .*restore the file from a backup/u);
  });
});

/** Overwrites every page after the first (the schema) with garbage, as a bad disk block would. */
function damagePages(path: string): void {
  const pageSize = 4096;
  const size = statSync(path).size;
  const fd = openSync(path, 'r+');
  try {
    const garbage = Buffer.alloc(size - pageSize, 0xa5);
    writeSync(fd, garbage, 0, garbage.length, pageSize);
  } finally {
    closeSync(fd);
  }
}
