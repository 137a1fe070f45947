import { DAY_MS } from '../shared/clock.js'
import { zoneOffsetMs } from '../shared/day.js'
import { isFullDate, isMonthDay, localToday, readCount, type LocalDate } from '../shared/local-date.js'

/*
 * Calendar dates the merchant types (`10月15日`, `10/15`, `2026-10-15`, `昨天`, `3天前`). Two pure steps:
 * `readDateWord` reads one token into a value without knowing today; `resolvePastDate` places that value
 * on the calendar for a `now` and a zone. Only whole tokens count, so `10月15日那单` stays ordinary text.
 */

export type DateWord =
  /** Days before today: 0 today, 1 昨天, -1 明天 (refused later as future). */
  | { kind: 'relative'; daysAgo: number }
  /** A month and day without a year: the most recent such day up to today. */
  | { kind: 'month_day'; month: number; day: number }
  | { kind: 'full'; year: number; month: number; day: number }

export type DateRead = { ok: true; date: DateWord } | { ok: false; problem: 'unreadable' } | null

const RELATIVE: Record<string, number> = { 今天: 0, 今日: 0, 昨天: 1, 昨日: 1, 前天: 2, 大前天: 3, 明天: -1, 后天: -2 }

/**
 * One token → a date value, `{ ok: false }` when it is shaped like a date but is none (`13月5日`,
 * `2026-02-30`), or null when it is not date-shaped at all (ordinary text).
 */
export function readDateWord(token: string): DateRead {
  const t = token.normalize('NFKC').trim()
  if (t in RELATIVE) return { ok: true, date: { kind: 'relative', daysAgo: RELATIVE[t] } }
  let m = /^(\S{1,4}?)天(前|以前|之前|后|以后|之后)$/.exec(t)
  if (m) {
    const n = readCount(m[1])
    if (n === null) return null
    return { ok: true, date: { kind: 'relative', daysAgo: m[2].endsWith('前') ? n : -n } }
  }
  m = /^(\d{4})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})[日号]?$/.exec(t)
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
    return isFullDate(year, month, day) ? { ok: true, date: { kind: 'full', year, month, day } } : { ok: false, problem: 'unreadable' }
  }
  m = /^(\d{1,2})(?:月(\d{1,2})[日号]?|[/-](\d{1,2}))$/.exec(t)
  if (m) {
    const [month, day] = [Number(m[1]), Number(m[2] ?? m[3])]
    return isMonthDay(month, day) ? { ok: true, date: { kind: 'month_day', month, day } } : { ok: false, problem: 'unreadable' }
  }
  // 十月十五日: the month and day in Chinese numerals (a date, not a note that leaves the payment at today).
  m = /^([一二两三四五六七八九十]{1,3})月([一二两三四五六七八九十]{1,3})[日号]?$/.exec(t)
  if (m) {
    const [month, day] = [readCount(m[1]), readCount(m[2])]
    return month !== null && day !== null && isMonthDay(month, day) ? { ok: true, date: { kind: 'month_day', month, day } } : { ok: false, problem: 'unreadable' }
  }
  // Date-shaped but none of the forms above (`10月`, `2026-10`, `十月十五`): say so rather than keep it as a note.
  if (/^\d{1,4}(?:[-/]\d{1,2}){1,2}$/.test(t) || /^\d{1,4}年?\d{0,2}月\d{0,2}[日号]?$/.test(t)) return { ok: false, problem: 'unreadable' }
  return null
}

export type ResolvedDate =
  | { ok: true; date: LocalDate; today: boolean }
  | { ok: false; problem: 'future' | 'too_old'; date: LocalDate }

const utcDay = (d: LocalDate) => Date.UTC(d.year, d.month - 1, d.day)
const fromUtcDay = (ms: number): LocalDate => {
  const d = new Date(ms)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}

/**
 * A date value as a day on or before today in the zone. A month and day without a year is the most
 * recent such day (29 Feb: the last leap year's). Later than today → `future`; more than `maxPastDays`
 * back → `too_old` (a year typed wrong, most likely).
 */
export function resolvePastDate(word: DateWord, now: number, timeZone: string, maxPastDays: number): ResolvedDate {
  const today = localToday(now, timeZone)
  const todayMs = utcDay(today)
  let date: LocalDate
  switch (word.kind) {
    case 'relative': date = fromUtcDay(todayMs - word.daysAgo * DAY_MS); break
    case 'full': date = { year: word.year, month: word.month, day: word.day }; break
    case 'month_day': {
      let year = today.year
      while (!isFullDate(year, word.month, word.day) || utcDay({ year, month: word.month, day: word.day }) > todayMs) year--
      date = { year, month: word.month, day: word.day }
      break
    }
    default: {
      const exhaustive: never = word
      return exhaustive
    }
  }
  const ms = utcDay(date)
  if (ms > todayMs) return { ok: false, problem: 'future', date }
  if (todayMs - ms > maxPastDays * DAY_MS) return { ok: false, problem: 'too_old', date }
  return { ok: true, date, today: ms === todayMs }
}

/** Local noon of a day in the zone: clear of midnight and of any DST jump. */
export function localNoon(date: LocalDate, timeZone: string): number {
  const noonUtc = Date.UTC(date.year, date.month - 1, date.day, 12)
  return noonUtc - zoneOffsetMs(noonUtc, timeZone)
}

/** '10月15日', or '2025年10月15日' when not in `thisYear`. */
export function formatLocalDate(date: LocalDate, thisYear?: number): string {
  return `${date.year === thisYear ? '' : `${date.year}年`}${date.month}月${date.day}日`
}
