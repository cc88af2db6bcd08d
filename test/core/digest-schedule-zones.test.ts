import { describe, expect, it } from 'vitest';
import { addDays, scheduledInstant } from '../../src/digest/schedule.js';

/**
 * Every IANA zone Intl knows, every day of 2026, five times of day: each local day gets exactly one instant, on
 * that day, at the first minute at or after the chosen time. The one exception is a spring-forward gap that
 * runs to midnight (America/Nuuk, America/Scoresbysund at 23:00): then the day's last minute, and the test
 * lists those cases. Checked against Intl with another locale's format (an independent reading of the zone data).
 */
const TIMES = ['00:00', '02:30', '09:00', '23:00', '23:59'];
// ICU lists some zones under older names (America/Godthab for America/Nuuk): add the current ones asked about.
const ZONES = [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'America/Nuuk'])];
const FIRST_DAY = '2026-01-01';
const DAYS = 365;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const oracles = new Map<string, Intl.DateTimeFormat>();
/** "2026-03-28 22:59" in the zone, from Intl's Swedish format (ISO-like), not from the code under test. */
function wall(ms: number, zone: string): string {
  let f = oracles.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    oracles.set(zone, f);
  }
  return f.format(ms);
}

describe('digest schedule in every IANA zone', () => {
  it(`${ZONES.length} zones × ${DAYS} days × ${TIMES.length} times: one instant per local day, on it, first at/after the time`, () => {
    const problems: string[] = [];
    const dayEndsInGap: string[] = [];
    const days = Array.from({ length: DAYS }, (_, i) => addDays(FIRST_DAY, i));
    for (const zone of ZONES) {
      for (const time of TIMES) {
        const instants = days.map((d) => scheduledInstant(d, time, zone).getTime());
        for (let i = 0; i < days.length; i++) {
          const day = days[i];
          const at = instants[i];
          const fail = (why: string) => problems.push(`${zone} ${day} ${time} → ${new Date(at).toISOString()} (${wall(at, zone)}): ${why}`);
          const shown = wall(at, zone);
          const regular = (i === 0 || at - instants[i - 1] === DAY) && (i + 1 === days.length || instants[i + 1] - at === DAY);
          // A day 24 h after the one before and before the one after has no clock change near the time: exact.
          if (regular) {
            if (shown !== `${day} ${time}`) fail('not the chosen time on an ordinary day');
            continue;
          }
          if (shown.slice(0, 10) !== day) {
            fail('not on that day');
            continue;
          }
          if (i > 0 && at <= instants[i - 1]) fail('not after the previous day');
          if (shown.slice(11) < time) {
            // Allowed only when no minute at or after the time exists that day: the next minute is tomorrow.
            if (wall(at + MINUTE, zone).slice(0, 10) === day) fail('before the chosen time');
            else dayEndsInGap.push(`${zone} ${day} ${time}`);
            continue;
          }
          // The first such minute: a minute earlier is before the time (or yesterday), and so are the instants
          // one clock shift earlier, so the second of two 02:30s is never picked.
          for (const back of [1, 30, 60, 120]) {
            const earlier = wall(at - back * MINUTE, zone);
            if (earlier.slice(0, 10) === day && earlier.slice(11) >= time) fail(`${earlier} (${back} min earlier) already qualifies`);
          }
        }
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    // The case: Nuuk's spring-forward Saturday has no 23:xx; its digest comes at 22:59 that day.
    expect(dayEndsInGap).toEqual(
      expect.arrayContaining(['America/Nuuk 2026-03-28 23:00', 'America/Nuuk 2026-03-28 23:59', 'America/Scoresbysund 2026-03-28 23:00', 'America/Scoresbysund 2026-03-28 23:59']),
    );
    expect(dayEndsInGap.every((c) => /^America\/(?:Nuuk|Scoresbysund|Godthab) 2026-03-28 23:/u.test(c))).toBe(true);
    expect(scheduledInstant('2026-03-28', '23:00', 'America/Nuuk').toISOString()).toBe('2026-03-29T00:59:00.000Z');
  });
});
