import { Lunar, LunarMonth, LunarYear } from 'lunar-typescript'
import { isLeapYear, type LocalDate } from '../shared/local-date.js'
import type { CalendarDate } from './calendar-date.js'

/*
 * Placing recurring dates in a year. Lunar arithmetic is lunar-typescript's (6tail's calendar, the one
 * Chinese calendar apps use), never a hand-made table. Pure.
 */

// Lunar conversions cost about a millisecond each, and every digest asks for a few per lunar birthday and
// festival: remembered (a lunar date in a given year never moves).
const MAX_CACHED = 10_000
const lunarCache = new Map<string, LocalDate>()
const seasonCache = new Map<number, Array<{ name: SeasonTerm; date: LocalDate }>>()

/**
 * Where the date falls in a given year: a solar year for solar and weekday dates, the lunar year
 * (starting at 春节) for lunar ones. Rules for days some years lack:
 * - 29 Feb in a common year → 28 Feb (celebrated on the last day of February);
 * - lunar day 30 in a 29-day month → day 29 (the month's last day);
 * - a 闰月 birthday in a year without that leap month → the ordinary month of that number;
 * - a 5th weekday the month does not have → the last such weekday.
 */
export function dateInYear(d: CalendarDate, year: number): LocalDate {
  switch (d.kind) {
    case 'solar':
      return { year, month: d.month, day: d.month === 2 && d.day === 29 && !isLeapYear(year) ? 28 : d.day }
    case 'lunar': {
      const key = `${year}:${d.leap ? -d.month : d.month}:${d.day}`
      let date = lunarCache.get(key)
      if (!date) {
        const leap = d.leap && LunarYear.fromYear(year).getLeapMonth() === d.month
        const month = leap ? -d.month : d.month
        const days = LunarMonth.fromYm(year, month)?.getDayCount() ?? 29
        const solar = Lunar.fromYmd(year, month, Math.min(d.day, days)).getSolar()
        date = { year: solar.getYear(), month: solar.getMonth(), day: solar.getDay() }
        if (lunarCache.size >= MAX_CACHED) lunarCache.clear()
        lunarCache.set(key, date)
      }
      return { ...date }
    }
    case 'weekday': {
      const firstDow = new Date(Date.UTC(year, d.month - 1, 1)).getUTCDay()
      let day = 1 + ((d.weekday - firstDow + 7) % 7) + (d.nth - 1) * 7
      const monthDays = new Date(Date.UTC(year, d.month, 0)).getUTCDate()
      while (day > monthDays) day -= 7
      return { year, month: d.month, day }
    }
    default: {
      const exhaustive: never = d
      return exhaustive
    }
  }
}

const dayNumber = (d: LocalDate) => Date.UTC(d.year, d.month - 1, d.day) / 86_400_000

/** Whole days from `a` to `b`. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return dayNumber(b) - dayNumber(a)
}

/** The next time the date falls, today included, and how many days ahead that is. */
export function nextOccurrence(d: CalendarDate, today: LocalDate): { date: LocalDate; daysAhead: number } {
  let best: { date: LocalDate; daysAhead: number } | null = null
  // A lunar date of lunar year Y can fall in January of Y+1 (腊月), so look at the year before too.
  for (const year of [today.year - 1, today.year, today.year + 1]) {
    const date = dateInYear(d, year)
    const ahead = daysBetween(today, date)
    if (ahead >= 0 && (best === null || ahead < best.daysAhead)) best = { date, daysAhead: ahead }
  }
  return best!
}

const SEASON_TERMS = ['立春', '立夏', '立秋', '立冬'] as const
export type SeasonTerm = typeof SEASON_TERMS[number]

/** The four 立X solar terms of a (solar) year, from the library's table of the lunar year around mid-year. */
export function seasonTerms(year: number): Array<{ name: SeasonTerm; date: LocalDate }> {
  let terms = seasonCache.get(year)
  if (!terms) {
    const table = Lunar.fromYmd(year, 6, 1).getJieQiTable()
    terms = SEASON_TERMS.map((name) => {
      const s = table[name]
      return { name, date: { year: s.getYear(), month: s.getMonth(), day: s.getDay() } }
    })
    if (seasonCache.size >= 200) seasonCache.clear()
    seasonCache.set(year, terms)
  }
  return terms
}

/** The season change (立春/立夏/立秋/立冬) within `windowDays` of today, either side; the nearest one. */
export function seasonChangeNear(today: LocalDate, windowDays: number): { name: SeasonTerm; date: LocalDate } | null {
  let best: { name: SeasonTerm; date: LocalDate; distance: number } | null = null
  for (const year of [today.year - 1, today.year, today.year + 1]) {
    for (const term of seasonTerms(year)) {
      const distance = Math.abs(daysBetween(today, term.date))
      if (distance <= windowDays && (best === null || distance < best.distance)) best = { ...term, distance }
    }
  }
  return best ? { name: best.name, date: best.date } : null
}
