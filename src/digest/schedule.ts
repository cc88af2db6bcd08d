/**
 * Time-zone arithmetic for daily digests, on Intl's time-zone data. Rules, for every local day:
 * - a local time that exists once is taken as is; one that exists twice (fall back) at its first occurrence;
 * - one that does not exist (spring forward) moves to the first valid minute after the gap;
 * - when the gap runs to the end of the day (America/Nuuk and America/Scoresbysund jump from 23:00 to 00:00
 *   on their spring-forward Saturday), that day's digest comes at its last minute, 22:59, so every local day
 *   keeps exactly one instant on that day. (croner, which did this before, found no such minute that day and
 *   answered with the same date a year later: the day's digest was never posted.)
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One cached formatter per zone: creating one costs far more than formatting with it. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The local wall clock of an instant as milliseconds of a UTC calendar ("2026-03-28 23:00" → Date.UTC(2026, 2, 28, 23)). */
function wallClock(ms: number, timeZone: string): number {
  // "03/28/2026, 23:00:00": format() is several times faster than formatToParts().
  const m = /^(\d+)\/(\d+)\/(\d+), (\d+):(\d+):(\d+)$/u.exec(formatterFor(timeZone).format(ms));
  if (!m) throw new Error(`unexpected date format for ${timeZone}`);
  const [, mo, d, y, h, mi, s] = m.map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** Offset of local time from UTC at an instant, in milliseconds (whole seconds). */
function offsetAt(ms: number, timeZone: string): number {
  const floored = Math.floor(ms / 1000) * 1000;
  return wallClock(floored, timeZone) - floored;
}

/** The calendar date of `instant` in `timeZone`, as YYYY-MM-DD. */
export function localDate(instant: Date, timeZone: string): string {
  return new Date(wallClock(instant.getTime(), timeZone)).toISOString().slice(0, 10);
}

/** Local wall-clock time of an instant, "YYYY-MM-DD HH:MM". */
export function localDateTime(instant: Date, timeZone: string): string {
  return new Date(wallClock(instant.getTime(), timeZone)).toISOString().slice(0, 16).replace('T', ' ');
}

/** The instant at which local time `hhmm` happens on local `date` in `timeZone` (rules above). */
export function scheduledInstant(date: string, hhmm: string, timeZone: string): Date {
  const [h, mi] = hhmm.split(':').map(Number);
  const [y, mo, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const [before, after] = offsetsAround(date, timeZone);
  if (before === after) return new Date(wall - before);
  const valid = [wall - before, wall - after].filter((t) => offsetAt(t, timeZone) === wall - t).sort((a, b) => a - b);
  if (valid.length) return new Date(valid[0]);
  // In the gap: the change happens between the two readings; its instant is the first valid minute after.
  const change = findChange(wall - after, wall - before, timeZone);
  if (localDate(new Date(change), timeZone) === date) return new Date(change);
  return new Date(Math.floor((change - 1) / MINUTE) * MINUTE);
}

const noonOffsets = new Map<string, number>();

/**
 * Offsets at UTC noon two days before `date` and the day after it: all of local `date` lies between them in
 * every zone (UTC+14 … UTC−12). Equal offsets mean no clock change that day (zones change at most once within
 * three days). Neighbouring dates share these readings, so they are cached.
 */
function offsetsAround(date: string, timeZone: string): [number, number] {
  const [y, mo, d] = date.split('-').map(Number);
  const day = Date.UTC(y, mo - 1, d) / (24 * HOUR);
  return [noonOffset(day - 2, timeZone), noonOffset(day + 1, timeZone)];
}

function noonOffset(day: number, timeZone: string): number {
  const key = `${timeZone} ${day}`;
  let offset = noonOffsets.get(key);
  if (offset === undefined) {
    offset = offsetAt(day * 24 * HOUR + 12 * HOUR, timeZone);
    if (noonOffsets.size >= 10_000) noonOffsets.clear();
    noonOffsets.set(key, offset);
  }
  return offset;
}

/** The first instant (to the second) in (lo, hi] whose offset differs from the offset at lo. */
function findChange(lo: number, hi: number, timeZone: string): number {
  const start = offsetAt(lo, timeZone);
  let a = Math.floor(lo / 1000);
  let b = Math.ceil(hi / 1000);
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (offsetAt(mid * 1000, timeZone) === start) a = mid;
    else b = mid;
  }
  return b * 1000;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
