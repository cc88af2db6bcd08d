import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { EventDeduper } from '../../src/store/event-dedupe.js';
import { BACKENDS, newStoreLocation, openStoreAt, openTestStore, rowsOf } from '../helpers/stores.js';

describe.each(BACKENDS)('EventDeduper on %s', (backend) => {
  it('answers an event id once, and prunes ids older than a day so the table stays small', async () => {
    const store = await openTestStore(backend);
    const clock = new ManualClock('2026-11-26T00:00:00Z');
    const dedupe = new EventDeduper(store, clock);
    expect(await dedupe.firstTime('Ev1')).toBe(true);
    expect(await dedupe.firstTime('Ev1')).toBe(false);
    expect(await dedupe.firstTime(undefined)).toBe(true);
    clock.advance(23 * 3600_000);
    expect(await dedupe.firstTime('Ev1')).toBe(false);
    clock.advance(2 * 3600_000);
    expect(await dedupe.firstTime('Ev2')).toBe(true); // triggers the hourly prune
    const count = async () => (await rowsOf<{ n: number }>(store, { sqlite: 'SELECT COUNT(*) AS n FROM handled_events', postgres: 'SELECT COUNT(*)::int AS n FROM handled_events' }))[0].n;
    await expect.poll(count).toBe(1);
  });

  it('a retry that reaches another process on the same database is not answered twice', async () => {
    const at = await newStoreLocation(backend);
    const clock = new ManualClock('2026-11-26T00:00:00Z');
    const [a, b] = [new EventDeduper(await openStoreAt(at), clock), new EventDeduper(await openStoreAt(at), clock)];
    const answers = await Promise.all([a.firstTime('Ev9'), b.firstTime('Ev9'), b.firstTime('Ev9'), a.firstTime('Ev9')]);
    expect(answers.filter(Boolean)).toHaveLength(1);
  });
});
