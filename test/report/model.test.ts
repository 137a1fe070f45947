import { describe, expect, it } from 'vitest'
import { buildReportModel, netMoves, periodOf } from '../../src/report/model.js'
import { parseWeeklyTime } from '../../src/report/schedule.js'
import type { MoveRow } from '../../src/report/snapshot-store.js'
import { captionText, fullText } from '../../src/report/text.js'
import { isoWeekOf, normalizeWeek, previousWeek, weekMonday } from '../../src/report/week.js'
import { quietWeeks, snap } from './fixtures.js'

const OPTIONS = { weeks: 8, topMovers: 5 }
// Week 48 of 2026: Monday 23 November to Sunday 29 November; the report goes out Monday 30 November.
const W48 = periodOf('2026-W48', '2026-11-23', '2026-11-30')
const move = (contactId: string, name: string, from: number, to: number, at = 0): MoveRow => ({ contactId, name, from: from as 0, to: to as 0, at })

describe('ISO weeks in the merchant calendar', () => {
  it.each([
    { day: '2026-11-23', week: '2026-W48' },
    { day: '2026-11-29', week: '2026-W48' },
    { day: '2026-11-30', week: '2026-W49' },
    { day: '2027-01-01', week: '2026-W53' }, // a Friday: its Thursday is still in 2026
    { day: '2024-12-30', week: '2025-W01' }, // a Monday whose Thursday is in 2025
  ])('$day is in $week', ({ day, week }) => expect(isoWeekOf(day)).toBe(week))

  it.each([
    { input: '2026-W48', monday: '2026-11-23' },
    { input: '2026w48', monday: '2026-11-23' },
    { input: '2025-W01', monday: '2024-12-30' },
    { input: '2025-W53', monday: undefined }, // 2025 has 52 weeks
    { input: '2026-48', monday: undefined },
  ])('$input starts on $monday', ({ input, monday }) => expect(weekMonday(input)).toBe(monday))

  it('normalizes what the merchant types', () => expect(normalizeWeek('2026w9')).toBe('2026-W09'))

  it('the Monday report covers the week that just ended, in the configured zone', () => {
    // 00:30 Monday in Shanghai is still Sunday in UTC.
    const mondayMorning = Date.parse('2026-11-30T00:30:00+08:00')
    expect(previousWeek(mondayMorning, 'Asia/Shanghai')).toBe('2026-W48')
    expect(previousWeek(mondayMorning, 'UTC')).toBe('2026-W47')
  })
})

describe('the weekly schedule', () => {
  it.each([
    { expr: '0 9 * * 1', want: { weekday: 1, hour: 9, minute: 0 } },
    { expr: '30 8 * * 0', want: { weekday: 7, hour: 8, minute: 30 } },
    { expr: '0 0 9 * * 1', want: { weekday: 1, hour: 9, minute: 0 } },
    { expr: '0 9 * * 1-5', want: null },
    { expr: '0 9 * * *', want: null },
  ])('$expr', ({ expr, want }) => expect(parseWeeklyTime(expr)).toEqual(want))
})

describe('the chart model from daily snapshots', () => {
  const snapshots = [
    ...quietWeeks('2026-11-23', 7),
    snap('2026-11-23', { tiers: [10, 5, 3, 2, 1, 0], activity: [1, 15, 3, 2] }),
    snap('2026-11-25', null, { newFriends: 3, woken: 2, orders: 2, spendFen: 69_800, spendByTier: [0, 0, 0, 0, 19_900, 49_900] }),
    snap('2026-11-28', null, { newFriends: 1 }),
    // Monday morning's pass closes week 48.
    snap('2026-11-30', { tiers: [12, 4, 4, 2, 2, 1], activity: [3, 17, 2, 3] }),
  ]
  const model = buildReportModel(W48, snapshots, [], OPTIONS)

  it('funnel: counts at the end of the week and the change since the end of last week', () => {
    expect(model.funnel.map((r) => [r.code, r.count, r.change])).toEqual([
      ['L0', 12, 2], ['L1', 4, -1], ['L2', 4, 1], ['L3', 2, 0], ['L4', 2, 1], ['L5', 1, 1],
    ])
    expect(model.funnel[4].name).toBe('信任我的人')
    expect([model.total, model.totalChange]).toEqual([25, 4])
  })

  it('activity with its change', () => {
    expect(model.activity).toEqual({ new: 3, active: 17, silent: 2, dormant: 3, lost: 0 })
    expect(model.activityChange).toEqual({ new: 2, active: 2, silent: -1, dormant: 1, lost: 0 })
  })

  it('eight weeks of new friends, wake-ups and spend, the report week last', () => {
    expect(model.weeks).toHaveLength(8)
    expect(model.weeks[0].start).toBe('2026-10-05')
    expect(model.weeks.at(-1)).toMatchObject({ week: '2026-W48', newFriends: 4, woken: 2, orders: 2, spendFen: 69_800 })
    expect(model.weeks[6]).toMatchObject({ newFriends: 1, spendFen: 10_000 })
    expect(model.spendByTier).toEqual([0, 0, 0, 0, 19_900, 49_900])
  })

  it('a week before the first snapshot says it has no data', () => {
    const empty = buildReportModel(periodOf('2026-W30', '2026-07-20', '2026-11-30'), snapshots, [], OPTIONS)
    expect(empty.hasData).toBe(false)
    expect(captionText(empty)).toContain('这一周还没有记录到数据')
  })

  it('without last week recorded, changes are unknown rather than the whole count', () => {
    const first = buildReportModel(W48, [snap('2026-11-30', { tiers: [1, 1, 1, 1, 1, 1] })], [], OPTIONS)
    expect(first.hasData).toBe(true)
    expect(first.funnel.every((r) => r.change === null)).toBe(true)
    expect(first.totalChange).toBeNull()
  })

  it('the week in progress ends today and takes today\'s funnel', () => {
    const partial = buildReportModel(periodOf('2026-W49', '2026-11-30', '2026-12-02'),
      [...snapshots, snap('2026-12-02', { tiers: [12, 4, 4, 2, 2, 2] })], [], OPTIONS)
    expect(partial.period).toMatchObject({ end: '2026-12-02', partial: true })
    expect(partial.funnel[5]).toMatchObject({ count: 2, change: 1 })
  })

  it('the caption carries the headline numbers', () => {
    const text = captionText(buildReportModel(W48, snapshots, [move('c1', '林芳', 4, 5)], OPTIONS))
    expect(text).toContain('上周（11月23日–11月29日）')
    expect(text).toContain('客户 25 人（+4），已付费（L4 及以上）3 人（+2）')
    expect(text).toContain('新加好友 4 位，唤醒沉默客户 2 位')
    expect(text).toContain('成交 ¥698（2 单，比前一周 +¥598）')
    expect(text).toContain('升层 1 人：林芳 L4→L5')
  })

  it('the text version lists every rung, top first', () => {
    const text = fullText(model)
    expect(text.indexOf('L5 超级用户：1（+1）')).toBeLessThan(text.indexOf('L0 陌生人：12（+2）'))
  })
})

describe('top movers', () => {
  it.each([
    {
      name: 'several moves in a week count once, first rung → last rung',
      moves: [move('a', '张三', 1, 2), move('a', '张三', 2, 3)],
      up: ['张三 1→3'], down: [],
    },
    {
      name: 'up and back down is no move',
      moves: [move('a', '张三', 3, 4), move('a', '张三', 4, 3)],
      up: [], down: [],
    },
    {
      name: 'biggest jump first, then the higher rung',
      moves: [move('a', '甲', 4, 5), move('b', '乙', 1, 4), move('c', '丙', 2, 3), move('d', '丁', 5, 4)],
      up: ['乙 1→4', '甲 4→5', '丙 2→3'], down: ['丁 5→4'],
    },
  ])('$name', ({ moves, up, down }) => {
    const net = netMoves(moves)
    expect(net.up.map((m) => `${m.name} ${m.from}→${m.to}`)).toEqual(up)
    expect(net.down.map((m) => `${m.name} ${m.from}→${m.to}`)).toEqual(down)
  })

  it('the model lists the top N and counts all', () => {
    const moves = Array.from({ length: 7 }, (_, i) => move(`c${i}`, `客户${i}`, 1, 2))
    const model = buildReportModel(W48, [snap('2026-11-30', { tiers: [1, 1, 1, 1, 1, 1] })], moves, OPTIONS)
    expect(model.up).toHaveLength(5)
    expect(model.upTotal).toBe(7)
  })
})
