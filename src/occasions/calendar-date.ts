import { isLeapYear, isMonthDay, readCount } from '../shared/local-date.js'

/*
 * Recurring dates of the year: a solar day (3月8日), a lunar day (农历八月十五) or the nth weekday of a
 * month (5月第2个周日). Birthdays and festivals are both one of these. Reading and writing them needs no
 * calendar library (the config schema validates with this); placing them in a year is calendar-year.ts. Pure.
 */

export type CalendarDate =
  | { kind: 'solar'; month: number; day: number }
  /** leap: 闰月. */
  | { kind: 'lunar'; month: number; day: number; leap: boolean }
  /** weekday 0 = Sunday; nth 1–5. */
  | { kind: 'weekday'; month: number; nth: number; weekday: number }

/** A birthday: a solar or lunar day of the year. */
export type YearlyDate = Extract<CalendarDate, { kind: 'solar' | 'lunar' }>

const LUNAR_MONTHS: Record<string, number> = {
  正: 1, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 冬: 11, 十一: 11, 腊: 12, 十二: 12,
}
const LUNAR_MONTH_NAMES = ['', '正', '二', '三', '四', '五', '六', '七', '八', '九', '十', '冬', '腊']
const LUNAR_DAY_NAMES = ['', '初一', '初二', '初三', '初四', '初五', '初六', '初七', '初八', '初九', '初十',
  '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十',
  '廿一', '廿二', '廿三', '廿四', '廿五', '廿六', '廿七', '廿八', '廿九', '三十']
const WEEKDAYS: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 }

/** 初八, 十五, 廿三, 三十, 8, 15 → day of a lunar month. */
function readLunarDay(s: string): number | null {
  const named = LUNAR_DAY_NAMES.indexOf(s)
  if (named > 0) return named
  if (/^\d{1,2}$/.test(s)) return Number(s)
  const m = /^(?:二十|廿)([一二三四五六七八九])$/.exec(s)
  if (m) return 20 + readCount(m[1])!
  const n = readCount(s)
  return n !== null && n <= 30 ? n : null
}

function readLunarMonth(s: string): number | null {
  if (/^\d{1,2}$/.test(s)) return Number(s)
  return LUNAR_MONTHS[s] ?? null
}

/**
 * 3月8日, 3月8号, 3/8, 3.8 (as 3.8妇女节 is written), 03-08, 1990-03-08 (the year is not needed for a yearly date and is dropped),
 * 农历八月十五, 农历8月15, 阴历正月初一, 腊月廿三, 农历闰四月初八, 5月第2个周日. Null when not one of these.
 */
export function readCalendarDate(text: string): CalendarDate | null {
  const t = text.normalize('NFKC').replace(/\s+/g, '')
  let m = /^(?:农历|阴历|旧历)(闰)?(\S{1,2}?)月(\S{1,3}?)[日号]?$/.exec(t) ?? /^(闰)?([正冬腊])月(\S{1,3}?)[日号]?$/.exec(t)
  if (m) {
    const month = readLunarMonth(m[2])
    const day = readLunarDay(m[3])
    if (month === null || day === null || month < 1 || month > 12 || day < 1 || day > 30) return null
    return { kind: 'lunar', month, day, leap: Boolean(m[1]) }
  }
  m = /^(\d{1,2})月第([1-5一二三四五])个?(?:周|星期|礼拜)([日天一二三四五六])$/.exec(t)
  if (m) {
    const month = Number(m[1])
    const nth = readCount(m[2])!
    if (month < 1 || month > 12) return null
    return { kind: 'weekday', month, nth, weekday: WEEKDAYS[m[3]] }
  }
  m = /^(?:(\d{4})(?:[-/.]|年))?(\d{1,2})(?:月(\d{1,2})[日号]?|[-/.](\d{1,2}))$/.exec(t)
  if (m) {
    const month = Number(m[2])
    const day = Number(m[3] ?? m[4])
    if (!isMonthDay(month, day)) return null
    if (m[1] && month === 2 && day === 29 && !isLeapYear(Number(m[1]))) return null
    return { kind: 'solar', month, day }
  }
  return null
}

/** Why a date-shaped text is not a date a birthday can have; null when there is no clearer reason than 看不懂. */
export type NotADate =
  /** 2月30日, 4月31日, 1990年2月29日 (year: a common year). */
  | { kind: 'no_such_day'; month: number; day: number; year?: number }
  /** 八月十五: written in Chinese numerals without 农历 (正/冬/腊 months are lunar anyway). */
  | { kind: 'which_calendar'; month: number; day: number }

export function explainNotADate(text: string): NotADate | null {
  const t = text.normalize('NFKC').replace(/\s+/g, '')
  let m = /^(?:(\d{4})(?:[-/.]|年))?(\d{1,2})(?:月(\d{1,2})[日号]?|[-/.](\d{1,2}))$/.exec(t)
  if (m) {
    const year = m[1] ? Number(m[1]) : undefined
    const month = Number(m[2])
    const day = Number(m[3] ?? m[4])
    if (month < 1 || month > 12 || day < 1 || day > 31) return null
    if (!isMonthDay(month, day)) return { kind: 'no_such_day', month, day }
    if (year !== undefined && month === 2 && day === 29 && !isLeapYear(year)) return { kind: 'no_such_day', month, day, year }
    return null
  }
  m = /^([一二三四五六七八九]|十[一二]?)月(\S{1,3}?)[日号]?$/.exec(t)
  if (m) {
    const month = readLunarMonth(m[1])
    const day = readLunarDay(m[2])
    if (month !== null && day !== null && day >= 1 && isMonthDay(month, day)) return { kind: 'which_calendar', month, day }
  }
  return null
}

/** '3月8日', '农历八月十五', '农历闰四月初八', '5月第2个周日'. */
export function formatCalendarDate(d: CalendarDate): string {
  switch (d.kind) {
    case 'solar': return `${d.month}月${d.day}日`
    case 'lunar': return `农历${d.leap ? '闰' : ''}${LUNAR_MONTH_NAMES[d.month]}月${LUNAR_DAY_NAMES[d.day]}`
    case 'weekday': return `${d.month}月第${d.nth}个周${'日一二三四五六'[d.weekday]}`
    default: {
      const exhaustive: never = d
      return exhaustive
    }
  }
}
