import { DAY_MS } from '../shared/clock.js'
import { localDay, startOfLocalDay, zoneOffsetMs } from '../shared/day.js'

/*
 * ISO weeks (Monday first, `2026-W48`) over local calendar days. Day strings are zone-free, so the
 * arithmetic runs on UTC dates; only turning a day into an instant needs the merchant's zone.
 */

const WEEK_RE = /^(\d{4})-?W(\d{1,2})$/i

function toUtc(day: string): number {
  const [y, m, d] = day.split('-').map(Number)
  return Date.UTC(y, m - 1, d)
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

export function addDays(day: string, n: number): string {
  return fromUtc(toUtc(day) + n * DAY_MS)
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  return ((new Date(toUtc(day)).getUTCDay() + 6) % 7) + 1
}

/** The ISO week holding a day: the week belongs to the year of its Thursday. */
export function isoWeekOf(day: string): string {
  const thursday = addDays(day, 4 - isoWeekday(day))
  const year = Number(thursday.slice(0, 4))
  const week = Math.floor((toUtc(thursday) - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1
  return `${year}-W${String(week).padStart(2, '0')}`
}

/** Monday of an ISO week, or undefined when the text is not a week of that year. */
export function weekMonday(week: string): string | undefined {
  const m = WEEK_RE.exec(week.trim())
  if (!m) return undefined
  const year = Number(m[1])
  const n = Number(m[2])
  // Week 1 holds January 4th.
  const jan4 = `${year}-01-04`
  const monday = addDays(addDays(jan4, 1 - isoWeekday(jan4)), (n - 1) * 7)
  return n >= 1 && isoWeekOf(monday) === `${year}-W${String(n).padStart(2, '0')}` ? monday : undefined
}

/** `2026-W48` from `2026w48` / `2026-W48`, or undefined. */
export function normalizeWeek(input: string): string | undefined {
  const monday = weekMonday(input)
  return monday ? isoWeekOf(monday) : undefined
}

/** Epoch ms of local midnight starting `day` in the zone. */
export function dayStart(day: string, timeZone: string): number {
  const noonUtc = toUtc(day) + 12 * 3_600_000
  return startOfLocalDay(noonUtc - zoneOffsetMs(noonUtc, timeZone), timeZone)
}

/** The week that ended before `now`'s week (what the Monday report covers). */
export function previousWeek(now: number, timeZone: string): string {
  return isoWeekOf(addDays(localDay(now, timeZone), -7))
}

/**
 * The week a scheduled report covers: the one that ended last Sunday, or, when the schedule runs on a
 * Sunday (`0 20 * * 0`), the week ending that day.
 */
export function scheduledWeek(now: number, timeZone: string): string {
  const today = localDay(now, timeZone)
  return isoWeekday(today) === 7 ? isoWeekOf(today) : previousWeek(now, timeZone)
}

/** `11月23日` from a day string. */
export function monthDay(day: string): string {
  return `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`
}

/** `11/23` from a day string (axis labels). */
export function shortDay(day: string): string {
  return `${Number(day.slice(5, 7))}/${Number(day.slice(8, 10))}`
}
