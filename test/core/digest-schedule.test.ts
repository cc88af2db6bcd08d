import { describe, expect, it } from 'vitest';
import { addDays, localDate, localDateTime, scheduledInstant } from '../../src/digest/schedule.js';

describe('digest schedule arithmetic', () => {
  it('places a local time in its zone', () => {
    expect(scheduledInstant('2026-11-26', '09:00', 'Asia/Shanghai').toISOString()).toBe('2026-11-26T01:00:00.000Z');
    expect(scheduledInstant('2026-11-26', '09:00', 'UTC').toISOString()).toBe('2026-11-26T09:00:00.000Z');
    expect(scheduledInstant('2026-07-01', '09:00', 'Europe/Vienna').toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(scheduledInstant('2026-11-26', '00:00', 'Pacific/Kiritimati').toISOString()).toBe('2026-11-25T10:00:00.000Z');
  });
  it('moves a time that does not exist (spring forward) to the first valid minute', () => {
    expect(scheduledInstant('2026-03-29', '02:30', 'Europe/Vienna').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(scheduledInstant('2026-03-08', '02:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:00:00.000Z');
  });
  it('takes the first of a time that exists twice (fall back)', () => {
    expect(scheduledInstant('2026-10-25', '02:30', 'Europe/Vienna').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });
  it('local dates and times', () => {
    expect(localDate(new Date('2026-11-26T20:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-27');
    expect(localDate(new Date('2026-11-26T20:00:00Z'), 'America/Los_Angeles')).toBe('2026-11-26');
    expect(localDateTime(new Date('2026-11-26T01:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-26 09:00');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
