import { describe, expect, it } from 'vitest'
import { localNoon, readDateWord, resolvePastDate, type DateWord } from '../../src/commands/date-words.js'
import { readCount } from '../../src/shared/local-date.js'

const TZ = 'Asia/Shanghai'
const at = (iso: string) => Date.parse(iso)

describe('readDateWord: whole date words only; date-shaped nonsense is refused, other text is not a date', () => {
  it.each([
    { text: '10月15日', want: { ok: true, date: { kind: 'month_day', month: 10, day: 15 } } },
    { text: '10月15号', want: { ok: true, date: { kind: 'month_day', month: 10, day: 15 } } },
    { text: '10月15', want: { ok: true, date: { kind: 'month_day', month: 10, day: 15 } } },
    { text: '10/15', want: { ok: true, date: { kind: 'month_day', month: 10, day: 15 } } },
    { text: '１０／１５', want: { ok: true, date: { kind: 'month_day', month: 10, day: 15 } } },
    { text: '2/29', want: { ok: true, date: { kind: 'month_day', month: 2, day: 29 } } },
    { text: '2026-10-15', want: { ok: true, date: { kind: 'full', year: 2026, month: 10, day: 15 } } },
    { text: '2026/1/5', want: { ok: true, date: { kind: 'full', year: 2026, month: 1, day: 5 } } },
    { text: '2025年12月31日', want: { ok: true, date: { kind: 'full', year: 2025, month: 12, day: 31 } } },
    { text: '昨天', want: { ok: true, date: { kind: 'relative', daysAgo: 1 } } },
    { text: '前天', want: { ok: true, date: { kind: 'relative', daysAgo: 2 } } },
    { text: '今天', want: { ok: true, date: { kind: 'relative', daysAgo: 0 } } },
    { text: '3天前', want: { ok: true, date: { kind: 'relative', daysAgo: 3 } } },
    { text: '十五天前', want: { ok: true, date: { kind: 'relative', daysAgo: 15 } } },
    { text: '明天', want: { ok: true, date: { kind: 'relative', daysAgo: -1 } } },
    { text: '2天后', want: { ok: true, date: { kind: 'relative', daysAgo: -2 } } },
    { text: '1000天前', want: { ok: true, date: { kind: 'relative', daysAgo: 1000 } } },
    { text: '十月十五日', want: { ok: true, date: { kind: 'month_day', month: 10, day: 15 } } },
    { text: '三月八号', want: { ok: true, date: { kind: 'month_day', month: 3, day: 8 } } },
    { text: '十二月三十一', want: { ok: true, date: { kind: 'month_day', month: 12, day: 31 } } },
    { text: '十三月五日', want: { ok: false, problem: 'unreadable' } },
    { text: '13月5日', want: { ok: false, problem: 'unreadable' } },
    { text: '2/30', want: { ok: false, problem: 'unreadable' } },
    { text: '2025-02-29', want: { ok: false, problem: 'unreadable' } },
    { text: '10月', want: { ok: false, problem: 'unreadable' } },
    { text: '2026-10', want: { ok: false, problem: 'unreadable' } },
    { text: '面膜两盒', want: null },
    { text: '10月15日那单', want: null },
    { text: '昨天那单', want: null },
    { text: '100', want: null },
    { text: '好几天前', want: null },
  ])('$text', ({ text, want }) => expect(readDateWord(text)).toEqual(want))

  it.each([['3', 3], ['三', 3], ['十', 10], ['十五', 15], ['二十', 20], ['两', 2], ['二十一', 21], ['x', null], ['', null]] as const)(
    'count %s → %s', (text, n) => expect(readCount(text)).toBe(n))
})

describe('resolvePastDate: the most recent such day in Asia/Shanghai, never the future', () => {
  const md = (month: number, day: number): DateWord => ({ kind: 'month_day', month, day })
  it.each([
    { name: 'a day earlier this year', word: md(10, 15), now: at('2026-11-30T10:00:00+08:00'), want: { ok: true, date: { year: 2026, month: 10, day: 15 }, today: false } },
    { name: 'today is today', word: md(11, 30), now: at('2026-11-30T10:00:00+08:00'), want: { ok: true, date: { year: 2026, month: 11, day: 30 }, today: true } },
    { name: 'a later month means last year', word: md(12, 20), now: at('2026-11-30T10:00:00+08:00'), want: { ok: true, date: { year: 2025, month: 12, day: 20 }, today: false } },
    { name: 'across the year boundary: 12/31 on 1 Jan', word: md(12, 31), now: at('2027-01-01T09:00:00+08:00'), want: { ok: true, date: { year: 2026, month: 12, day: 31 }, today: false } },
    { name: '昨天 on 1 Jan is 31 Dec', word: { kind: 'relative', daysAgo: 1 } as DateWord, now: at('2027-01-01T09:00:00+08:00'), want: { ok: true, date: { year: 2026, month: 12, day: 31 }, today: false } },
    { name: '昨天 at 00:30 Beijing (still the previous day in UTC)', word: { kind: 'relative', daysAgo: 1 } as DateWord, now: at('2026-06-01T00:30:00+08:00'), want: { ok: true, date: { year: 2026, month: 5, day: 31 }, today: false } },
    { name: '3天前 from 1 March of a common year', word: { kind: 'relative', daysAgo: 3 } as DateWord, now: at('2027-03-01T12:00:00+08:00'), want: { ok: true, date: { year: 2027, month: 2, day: 26 }, today: false } },
    { name: '29 Feb in a common year: the last leap year', word: md(2, 29), now: at('2027-03-10T12:00:00+08:00'), want: { ok: false, problem: 'too_old', date: { year: 2024, month: 2, day: 29 } } },
    { name: '29 Feb right after a leap day', word: md(2, 29), now: at('2028-03-01T12:00:00+08:00'), want: { ok: true, date: { year: 2028, month: 2, day: 29 }, today: false } },
    { name: 'tomorrow is refused', word: { kind: 'relative', daysAgo: -1 } as DateWord, now: at('2026-11-30T23:59:00+08:00'), want: { ok: false, problem: 'future', date: { year: 2026, month: 12, day: 1 } } },
    { name: 'a full date in the future is refused', word: { kind: 'full', year: 2026, month: 12, day: 1 } as DateWord, now: at('2026-11-30T10:00:00+08:00'), want: { ok: false, problem: 'future', date: { year: 2026, month: 12, day: 1 } } },
    { name: 'a year typed wrong is too old', word: { kind: 'full', year: 2016, month: 10, day: 15 } as DateWord, now: at('2026-11-30T10:00:00+08:00'), want: { ok: false, problem: 'too_old', date: { year: 2016, month: 10, day: 15 } } },
  ])('$name', ({ word, now, want }) => expect(resolvePastDate(word, now, TZ, 366)).toEqual(want))

  it('a past day is recorded at its local noon', () => {
    expect(new Date(localNoon({ year: 2026, month: 10, day: 15 }, TZ)).toISOString()).toBe('2026-10-15T04:00:00.000Z')
  })
})
