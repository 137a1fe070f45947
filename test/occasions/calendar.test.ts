import { describe, expect, it } from 'vitest'
import { readCalendarDate, formatCalendarDate, type CalendarDate } from '../../src/occasions/calendar-date.js'
import { dateInYear, nextOccurrence, seasonChangeNear } from '../../src/occasions/calendar-year.js'
import { upcomingFestivals } from '../../src/occasions/festivals.js'
import { DEFAULT_CONFIG } from '../../src/config/schema.js'

const ymd = (d: { year: number; month: number; day: number }) => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`
const lunar = (month: number, day: number, leap = false): CalendarDate => ({ kind: 'lunar', month, day, leap })
const day = (s: string) => {
  const [year, month, d] = s.split('-').map(Number)
  return { year, month, day: d }
}

/*
 * Published dates (the official 公历/农历 tables, as printed in Chinese calendars and the State Council's
 * holiday notices), checked against lunar-typescript.
 */
const PUBLISHED = [
  { year: 2026, 春节: '2026-02-17', 元宵: '2026-03-03', 七夕: '2026-08-19', 中秋: '2026-09-25', 母亲节: '2026-05-10', 父亲节: '2026-06-21' },
  { year: 2027, 春节: '2027-02-06', 元宵: '2027-02-20', 七夕: '2027-08-08', 中秋: '2027-09-15', 母亲节: '2027-05-09', 父亲节: '2027-06-20' },
  { year: 2028, 春节: '2028-01-26', 元宵: '2028-02-09', 七夕: '2028-08-26', 中秋: '2028-10-03', 母亲节: '2028-05-14', 父亲节: '2028-06-18' },
  { year: 2029, 春节: '2029-02-13', 元宵: '2029-02-27', 七夕: '2029-08-16', 中秋: '2029-09-22', 母亲节: '2029-05-13', 父亲节: '2029-06-17' },
  { year: 2030, 春节: '2030-02-03', 元宵: '2030-02-17', 七夕: '2030-08-05', 中秋: '2030-09-12', 母亲节: '2030-05-12', 父亲节: '2030-06-16' },
]

describe('festival dates 2026–2030 against the published table', () => {
  const festivals = Object.fromEntries(DEFAULT_CONFIG.occasions.festivals.map((f) => [f.name, readCalendarDate(f.date)!]))
  for (const row of PUBLISHED) {
    it.each(['春节', '元宵', '七夕', '中秋', '母亲节', '父亲节'] as const)(`${row.year} %s`, (name) => {
      expect(ymd(dateInYear(festivals[name], row.year))).toBe(row[name])
    })
  }
})

describe('readCalendarDate: how merchants write yearly dates', () => {
  it.each([
    { text: '3月8日', want: { kind: 'solar', month: 3, day: 8 } },
    { text: '3月8号', want: { kind: 'solar', month: 3, day: 8 } },
    { text: '3/8', want: { kind: 'solar', month: 3, day: 8 } },
    { text: '03-08', want: { kind: 'solar', month: 3, day: 8 } },
    { text: '1990-03-08', want: { kind: 'solar', month: 3, day: 8 } },
    { text: '2月29日', want: { kind: 'solar', month: 2, day: 29 } },
    { text: '1992年2月29日', want: { kind: 'solar', month: 2, day: 29 } },
    { text: '1991年2月29日', want: null },
    { text: '2月30日', want: null },
    { text: '农历八月十五', want: lunar(8, 15) },
    { text: '农历8月15', want: lunar(8, 15) },
    { text: '阴历正月初一', want: lunar(1, 1) },
    { text: '腊月廿三', want: lunar(12, 23) },
    { text: '农历冬月二十', want: lunar(11, 20) },
    { text: '农历十一月初八', want: lunar(11, 8) },
    { text: '农历闰四月初八', want: lunar(4, 8, true) },
    { text: '农历十三月初一', want: null },
    { text: '5月第2个周日', want: { kind: 'weekday', month: 5, nth: 2, weekday: 0 } },
    { text: '6月第三个星期日', want: { kind: 'weekday', month: 6, nth: 3, weekday: 0 } },
    { text: '下周', want: null },
  ])('$text', ({ text, want }) => expect(readCalendarDate(text)).toEqual(want))

  it.each([
    [lunar(8, 15), '农历八月十五'], [lunar(1, 1), '农历正月初一'], [lunar(12, 23), '农历腊月廿三'], [lunar(4, 8, true), '农历闰四月初八'],
    [{ kind: 'solar', month: 3, day: 8 } as CalendarDate, '3月8日'],
  ])('written back as %j → %s, and read again the same', (date, text) => {
    expect(formatCalendarDate(date)).toBe(text)
    expect(readCalendarDate(text)).toEqual(date)
  })
})

describe('birthdays: the next day they fall, today included', () => {
  it.each([
    { name: 'month end, on the day', date: { kind: 'solar', month: 1, day: 31 }, today: '2027-01-31', next: '2027-01-31', ahead: 0 },
    { name: 'month end, the day after → next year', date: { kind: 'solar', month: 1, day: 31 }, today: '2027-02-01', next: '2028-01-31', ahead: 364 },
    { name: '30 April from 28 April', date: { kind: 'solar', month: 4, day: 30 }, today: '2026-04-28', next: '2026-04-30', ahead: 2 },
    { name: 'across the year boundary: 1 Jan from 28 Dec', date: { kind: 'solar', month: 1, day: 1 }, today: '2026-12-28', next: '2027-01-01', ahead: 4 },
    { name: '31 Dec from 31 Dec', date: { kind: 'solar', month: 12, day: 31 }, today: '2026-12-31', next: '2026-12-31', ahead: 0 },
    { name: '29 Feb in a common year → 28 Feb', date: { kind: 'solar', month: 2, day: 29 }, today: '2027-02-20', next: '2027-02-28', ahead: 8 },
    { name: '29 Feb in a leap year', date: { kind: 'solar', month: 2, day: 29 }, today: '2028-02-20', next: '2028-02-29', ahead: 9 },
    { name: '29 Feb, 1 March of a common year → next year (a leap one)', date: { kind: 'solar', month: 2, day: 29 }, today: '2027-03-01', next: '2028-02-29', ahead: 365 },
    { name: 'lunar 腊月廿三 falls in January of the next solar year', date: lunar(12, 23), today: '2027-01-10', next: '2027-01-30', ahead: 20 },
    { name: 'lunar day 30 in a 29-day month → the 29th', date: lunar(8, 30), today: '2026-10-01', next: '2026-10-09', ahead: 8 },
    { name: '闰六月 in a year that has it', date: lunar(6, 1, true), today: '2025-07-01', next: '2025-07-25', ahead: 24 },
    { name: '闰六月 in a year without it → 六月', date: lunar(6, 1, true), today: '2026-07-01', next: '2026-07-14', ahead: 13 },
  ] as Array<{ name: string; date: CalendarDate; today: string; next: string; ahead: number }>)('$name', ({ date, today, next, ahead }) => {
    const r = nextOccurrence(date, day(today))
    expect(ymd(r.date)).toBe(next)
    expect(r.daysAhead).toBe(ahead)
  })
})

describe('festivals in their reminder window', () => {
  const fest = DEFAULT_CONFIG.occasions.festivals
  it.each([
    { today: '2026-05-06', names: ['母亲节'] },
    { today: '2026-05-16', names: ['520'] },
    { today: '2026-09-20', names: ['中秋'] },
    { today: '2026-09-26', names: ['国庆'] },
    { today: '2026-07-01', names: [] },
    { today: '2026-12-28', names: ['元旦'] },
    { today: '2027-01-28', names: ['春节'] },
  ])('$today → $names', ({ today, names }) => {
    expect(upcomingFestivals(fest, day(today)).map((u) => u.festival.name)).toEqual(names)
  })
})

describe('season changes (换季): 立春 立夏 立秋 立冬 from the solar-term table', () => {
  it.each([
    { today: '2026-08-03', want: { name: '立秋', date: '2026-08-07' } },
    { today: '2026-11-12', want: { name: '立冬', date: '2026-11-07' } },
    { today: '2027-01-30', want: { name: '立春', date: '2027-02-04' } },
    { today: '2026-07-01', want: null },
  ])('$today', ({ today, want }) => {
    const r = seasonChangeNear(day(today), 7)
    expect(r && { name: r.name, date: ymd(r.date) }).toEqual(want)
  })
})

describe('festival calendar in the config', () => {
  it('a festival with a date that is none is refused with the path and the forms', async () => {
    const { parseConfig } = await import('../../src/config/load.js')
    expect(() => parseConfig({ occasions: { festivals: [{ name: '店庆', date: '9月31日', line: '店庆快乐' }] } }))
      .toThrow(/occasions\.festivals\.0\.date.*3月8日/s)
  })

  it('a custom list replaces the defaults, with documented defaults per festival', async () => {
    const { parseConfig } = await import('../../src/config/load.js')
    const config = parseConfig({ occasions: { festivals: [{ name: '店庆', date: '9月9日', line: '店庆快乐' }] } })
    expect(config.occasions.festivals).toEqual([{ name: '店庆', date: '9月9日', line: '店庆快乐', daysAhead: 5, personas: [], minTier: 'L3' }])
  })
})
