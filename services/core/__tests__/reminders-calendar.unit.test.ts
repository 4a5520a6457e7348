import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, isCalendarDay, nextBirthday, startOfLocalDay } from '../src/features/birthdays/calendar.ts';

describe('time zones', () => {
  it('knows IANA names and refuses others', () => {
    expect(canonicalTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Mars/Olympus')).toBeNull();
    expect(canonicalTimeZone('')).toBeNull();
  });

  it('finds the start of a local day, across DST', () => {
    expect(startOfLocalDay(2026, 1, 15, 'Europe/Berlin').toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(startOfLocalDay(2026, 7, 15, 'Europe/Berlin').toISOString()).toBe('2026-07-14T22:00:00.000Z');
    expect(startOfLocalDay(2026, 3, 10, 'America/New_York').toISOString()).toBe('2026-03-10T04:00:00.000Z');
    expect(startOfLocalDay(2026, 6, 1, 'Asia/Kolkata').toISOString()).toBe('2026-05-31T18:30:00.000Z');
    // Santiago skips from 00:00 to 01:00 on its spring-forward day: the day starts at 01:00 local.
    expect(startOfLocalDay(2026, 9, 6, 'America/Santiago').toISOString()).toBe('2026-09-06T04:00:00.000Z');
  });
});

describe('nextBirthday', () => {
  const at = (iso: string) => new Date(iso);
  it('is this year when still ahead, next year when passed', () => {
    expect(nextBirthday(12, 25, 'UTC', at('2026-06-01T00:00:00Z')).toISOString()).toBe('2026-12-25T00:00:00.000Z');
    expect(nextBirthday(3, 1, 'UTC', at('2026-06-01T00:00:00Z')).toISOString()).toBe('2027-03-01T00:00:00.000Z');
  });
  it('counts strictly after: a birthday firing schedules next year', () => {
    const now = at('2026-12-25T00:00:00Z');
    expect(nextBirthday(12, 25, 'UTC', now).toISOString()).toBe('2027-12-25T00:00:00.000Z');
  });
  it("uses the guild's zone", () => {
    // It is already 25 December in Tokyo at 16:00 UTC on the 24th, so that birthday has begun: next one is 2027.
    expect(nextBirthday(12, 25, 'Asia/Tokyo', at('2026-12-24T16:00:00Z')).toISOString()).toBe(
      '2027-12-24T15:00:00.000Z',
    );
    expect(nextBirthday(12, 25, 'Asia/Tokyo', at('2026-12-24T14:00:00Z')).toISOString()).toBe(
      '2026-12-24T15:00:00.000Z',
    );
  });
  it('celebrates 29 February on the 28th in common years', () => {
    expect(nextBirthday(2, 29, 'UTC', at('2026-01-01T00:00:00Z')).toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(nextBirthday(2, 29, 'UTC', at('2027-03-01T00:00:00Z')).toISOString()).toBe('2028-02-29T00:00:00.000Z');
  });
  it('knows which days exist', () => {
    expect(isCalendarDay(2, 29)).toBe(true);
    expect(isCalendarDay(2, 30)).toBe(false);
    expect(isCalendarDay(4, 31)).toBe(false);
    expect(isCalendarDay(13, 1)).toBe(false);
  });
});
