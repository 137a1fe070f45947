import { localParts } from './day.js'

/*
 * Calendar days as plain values (no zone, no time): what a merchant means by "10月15日". Pure helpers shared
 * by late payments (commands/date-words.ts) and occasions (birthdays, festivals).
 */

export interface LocalDate { year: number; month: number; day: number }

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 }

/** 3, 15, 三, 十五, 二十 → number; null when not a count. */
export function readCount(s: string): number | null {
  if (/^\d{1,4}$/.test(s)) return Number(s)
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s)
  if (!m || s === '') return null
  if (!m[2]) return m[3] ? null : CN_DIGITS[m[1]!] ?? null
  return (m[1] ? CN_DIGITS[m[1]] : 1) * 10 + (m[3] ? CN_DIGITS[m[3]] : 0)
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** A month/day that exists in some year (29 Feb does). */
export function isMonthDay(month: number, day: number): boolean {
  return Number.isInteger(month) && Number.isInteger(day) && month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1]
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

/** A day that exists in its year (no 29 Feb in a common year). */
export function isFullDate(year: number, month: number, day: number): boolean {
  return isMonthDay(month, day) && (month !== 2 || day !== 29 || isLeapYear(year))
}

/** Today in the zone. */
export function localToday(now: number, timeZone: string): LocalDate {
  const p = localParts(now, timeZone)
  return { year: p.year, month: p.month, day: p.day }
}
