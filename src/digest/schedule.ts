import { Cron } from 'croner';

/**
 * Time-zone arithmetic for daily digests; croner does the DST work. A local time that does not exist on a
 * day (spring forward) moves to the first valid minute after it; one that exists twice (fall back) is taken
 * at its first occurrence.
 */

/** The calendar date of `instant` in `timeZone`, as YYYY-MM-DD. */
export function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** The instant at which local time `hhmm` happens on local `date` in `timeZone`. */
export function scheduledInstant(date: string, hhmm: string, timeZone: string): Date {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = hhmm.split(':').map(Number);
  const job = new Cron(`${mi} ${h} ${d} ${mo} *`, { timezone: timeZone, paused: true });
  try {
    // Start the search 36 hours before the date's UTC midnight: before the local day starts in any zone.
    const next = job.nextRun(new Date(Date.UTC(y, mo - 1, d) - 36 * 3600_000));
    if (!next) throw new Error(`no run for ${date} ${hhmm} ${timeZone}`);
    if (localDate(next, timeZone) === date) return next;
    // Spring forward swallowed the minute and croner moved past midnight: take the day's first valid minute.
    return job.nextRun(new Date(next.getTime() - 24 * 3600_000)) ?? next;
  } finally {
    job.stop();
  }
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Local wall-clock time of an instant, "YYYY-MM-DD HH:MM". */
export function localDateTime(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
