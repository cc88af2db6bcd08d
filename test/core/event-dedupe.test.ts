import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { EventDeduper } from '../../src/store/event-dedupe.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';

describe('EventDeduper', () => {
  it('answers an event id once, and prunes ids older than a day so the table stays small', async () => {
    const store = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'ssr-dedupe-')), 'd.db'));
    const clock = new ManualClock('2026-11-26T00:00:00Z');
    const dedupe = new EventDeduper(store, clock);
    expect(await dedupe.firstTime('Ev1')).toBe(true);
    expect(await dedupe.firstTime('Ev1')).toBe(false);
    expect(await dedupe.firstTime(undefined)).toBe(true);
    clock.advance(23 * 3600_000);
    expect(await dedupe.firstTime('Ev1')).toBe(false);
    clock.advance(2 * 3600_000);
    expect(await dedupe.firstTime('Ev2')).toBe(true); // triggers the hourly prune
    const count = () => (store.db.prepare('SELECT COUNT(*) AS n FROM handled_events').get() as { n: number }).n;
    expect(count()).toBe(1);
    store.close();
  });
});
