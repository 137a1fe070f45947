import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/config/schema.js'
import { DAY_MS } from '../../src/shared/clock.js'
import type { RecentEvent } from '../../src/stats/recent.js'
import { classifyContact, classifyState, nextChangeAt, type ClassifyInput, type ClassifyStats } from '../../src/tiers/classify.js'

const RULES = { ladder: DEFAULT_CONFIG.ladder, activity: DEFAULT_CONFIG.activity, timezone: 'Asia/Shanghai' }
const NOW = Date.UTC(2026, 5, 30, 4) // 30 June 2026, noon in Shanghai
const daysAgo = (d: number) => NOW - d * DAY_MS
/** A local time in Shanghai. */
const sh = (local: string) => Date.parse(`${local}:00+08:00`)
/** Shanghai midnight starting the day `days` days after the day of `at`: when a day-counted rule turns. */
const midnight = (at: number, days: number) => Math.floor((at + 8 * 3_600_000) / DAY_MS) * DAY_MS - 8 * 3_600_000 + days * DAY_MS

function stats(over: Partial<ClassifyStats> = {}): ClassifyStats {
  return {
    rounds: 0, privateInbound: 0, groupInteractions: 0, lastInboundAt: daysAgo(1), orders: 0, spendFen: 0,
    refunds: 0, lastOrderAt: null, referrals: 0, lastComplaintAt: null, recent: [], ...over,
  }
}
const ev = (kind: RecentEvent['kind'], days: number, text: string, id = `${kind}-${days}`): RecentEvent =>
  ({ kind, at: daysAgo(days), text, messageId: id })
const input = (s: ClassifyStats | null, over: Partial<ClassifyInput> = {}): ClassifyInput =>
  ({ stats: s, addedAt: daysAgo(100), pinnedTier: null, ...over })
const classify = (i: ClassifyInput) => classifyContact(i, RULES, NOW)

describe('trust ladder rungs (docs/rules.md §1)', () => {
  it.each([
    { name: 'L0: no stats at all', input: input(null), tier: 0 },
    { name: 'L1: group messages only', input: input(stats({ groupInteractions: 4 })), tier: 1 },
    { name: 'L1: two rounds only', input: input(stats({ rounds: 2, privateInbound: 3 })), tier: 1 },
    { name: 'L2: three rounds', input: input(stats({ rounds: 3, privateInbound: 3 })), tier: 2 },
    { name: 'L2: three rounds and one approval is not enough for L3', input: input(stats({ rounds: 3, recent: [ev('approval', 5, '好用')] })), tier: 2 },
    { name: 'L3: three rounds and two approvals in 90 days', input: input(stats({ rounds: 3, recent: [ev('approval', 5, '太好用了'), ev('approval', 20, '喜欢')] })), tier: 3 },
    { name: 'L3: an intent counts like an approval', input: input(stats({ rounds: 3, recent: [ev('intent', 5, '多少钱'), ev('approval', 20, '喜欢')] })), tier: 3 },
    { name: 'L3 needs L2: approvals without rounds stay L1', input: input(stats({ rounds: 1, recent: [ev('approval', 5, '好用'), ev('approval', 6, '喜欢')] })), tier: 1 },
    { name: 'approval older than the window drops L3 to L2', input: input(stats({ rounds: 3, recent: [ev('approval', 5, '好用'), ev('approval', 91, '喜欢')] })), tier: 2 },
    { name: 'one message with approval and intent counts once', input: input(stats({ rounds: 3, recent: [ev('approval', 5, '喜欢怎么买', 'm1'), ev('intent', 5, '喜欢怎么买', 'm1')] })), tier: 2 },
    { name: 'L4: one payment and zero rounds', input: input(stats({ orders: 1, spendFen: 19_900, lastOrderAt: daysAgo(2) })), tier: 4 },
    { name: 'refunding the only payment falls back to the conversation', input: input(stats({ rounds: 3, orders: 0, refunds: 1 })), tier: 2 },
    { name: 'L5: 3 orders and ¥500, no complaint', input: input(stats({ orders: 3, spendFen: 50_000 })), tier: 5 },
    { name: 'L5: 3 orders and a referral instead of the spend', input: input(stats({ orders: 3, spendFen: 30_000, referrals: 1 })), tier: 5 },
    { name: 'not L5: 3 orders, ¥499, no referral', input: input(stats({ orders: 3, spendFen: 49_900 })), tier: 4 },
    { name: 'not L5: 2 orders even with ¥2000', input: input(stats({ orders: 2, spendFen: 200_000 })), tier: 4 },
    { name: 'a complaint demotes L5 to L4', input: input(stats({ orders: 3, spendFen: 62_000, lastComplaintAt: daysAgo(10), recent: [ev('complaint', 10, '质量差')] })), tier: 4 },
    { name: 'a complaint older than 180 days no longer blocks L5', input: input(stats({ orders: 3, spendFen: 62_000, lastComplaintAt: daysAgo(181) })), tier: 5 },
    // The windows count the merchant's calendar days (NOW is 30 June 2026, noon, Shanghai).
    { name: 'L3: an approval 90 days ago, early that morning, is still in the window', input: input(stats({ rounds: 3, recent: [ev('approval', 5, '好用'), { kind: 'approval', at: sh('2026-04-01T00:30'), text: '喜欢', messageId: 'a90' }] })), tier: 3 },
    { name: 'L2: an approval 91 days ago, late that evening, has left the window', input: input(stats({ rounds: 3, recent: [ev('approval', 5, '好用'), { kind: 'approval', at: sh('2026-03-31T23:30'), text: '喜欢', messageId: 'a91' }] })), tier: 2 },
    { name: 'L4: a complaint 180 days ago, early that morning, still blocks L5', input: input(stats({ orders: 3, spendFen: 62_000, lastComplaintAt: sh('2026-01-01T00:30') })), tier: 4 },
    { name: 'L5: a complaint 181 days ago, late that evening, no longer blocks L5', input: input(stats({ orders: 3, spendFen: 62_000, lastComplaintAt: sh('2025-12-31T23:30') })), tier: 5 },
    { name: 'silence never lowers a tier: L4 silent for 200 days', input: input(stats({ orders: 1, spendFen: 100, lastInboundAt: daysAgo(200), lastOrderAt: daysAgo(200) })), tier: 4 },
    { name: 'silence never lowers a tier: L2 silent for a year', input: input(stats({ rounds: 5, lastInboundAt: daysAgo(365) })), tier: 2 },
    { name: 'pin wins over evidence', input: input(stats({ rounds: 1 }), { pinnedTier: 4 }), tier: 4 },
  ])('$name', ({ input: i, tier }) => {
    expect(classify(i).tier).toBe(tier)
  })

  it('a pin keeps the evidence rung beside it', () => {
    const r = classify(input(stats({ rounds: 3 }), { pinnedTier: 5 }))
    expect(r).toMatchObject({ tier: 5, evidenceTier: 2, pinnedTier: 5 })
    expect(r.reasons[0].text).toBe('商家手动设为 L5 超级用户（依据: L2 认识我的人）')
  })
})

describe('activity (docs/rules.md §2)', () => {
  it.each([
    { name: 'new: added 3 days ago, still L0', input: input(null, { addedAt: daysAgo(3) }), activity: 'new' },
    { name: 'dormant: L0 for more than 30 days since added', input: input(null, { addedAt: daysAgo(31) }), activity: 'dormant' },
    { name: 'between new and dormant, a stranger who never wrote is silent', input: input(null, { addedAt: daysAgo(10) }), activity: 'silent' },
    { name: 'active: last inbound exactly 30 days ago', input: input(stats({ lastInboundAt: daysAgo(30) })), activity: 'active' },
    // Days are the merchant's calendar days in Asia/Shanghai (NOW is 30 June, noon): the hour does not count.
    { name: 'active: 31 May, early morning, is 30 days ago', input: input(stats({ lastInboundAt: sh('2026-05-31T00:01') })), activity: 'active' },
    { name: 'silent: 30 May, just before midnight, is 31 days ago', input: input(stats({ lastInboundAt: sh('2026-05-30T23:59') })), activity: 'silent' },
    { name: 'silent: last inbound exactly 180 days ago', input: input(stats({ lastInboundAt: daysAgo(180) })), activity: 'silent' },
    { name: 'silent: 180 days ago, early that morning', input: input(stats({ lastInboundAt: sh('2026-01-01T00:30') })), activity: 'silent' },
    { name: 'dormant: 181 days ago, late that evening', input: input(stats({ lastInboundAt: sh('2025-12-31T23:30') })), activity: 'dormant' },
    { name: 'new: added 6 days ago (24 June), late evening', input: input(null, { addedAt: sh('2026-06-24T23:50') }), activity: 'new' },
    { name: 'no longer new: added 7 days ago (23 June), late evening', input: input(null, { addedAt: sh('2026-06-23T23:50') }), activity: 'silent' },
    { name: 'stranger 30 days after being added is not dormant yet', input: input(null, { addedAt: sh('2026-05-31T00:10') }), activity: 'silent' },
    { name: 'stranger 31 days after being added is dormant', input: input(null, { addedAt: sh('2026-05-30T23:50') }), activity: 'dormant' },
    { name: 'a confirmed payment counts as activity', input: input(stats({ lastInboundAt: daysAgo(100), orders: 1, lastOrderAt: daysAgo(2) })), activity: 'active' },
  ])('$name', ({ input: i, activity }) => {
    expect(classify(i).activity).toBe(activity)
  })
})

describe('reasons say which rule and which facts', () => {
  it.each([
    { name: 'rounds', input: input(stats({ rounds: 3 })), text: '3 轮私聊' },
    { name: 'approvals with dates and words', input: input(stats({ rounds: 3, recent: [ev('approval', 58, '太好用了'), ev('intent', 60, '多少钱')] })), text: '认同或问价 2 次：5月3日 “太好用了”、5月1日 “多少钱”' },
    { name: 'a red envelope is not quoted as words', input: input(stats({ rounds: 3, recent: [ev('approval', 58, '红包'), ev('intent', 60, '多少钱')] })), text: '认同或问价 2 次：5月3日 发了红包、5月1日 “多少钱”' },
    { name: 'paid orders and spend', input: input(stats({ orders: 2, spendFen: 39_800 })), text: '已付款 2 单 ¥398' },
    { name: 'amount not known yet', input: input(stats({ orders: 1, spendFen: 0 })), text: '已付款 1 单（金额待确认）' },
    { name: 'L5 by spend', input: input(stats({ orders: 3, spendFen: 62_050 })), text: '已付款 3 单 ¥620.50，满 ¥500' },
    { name: 'complaint blocking L5', input: input(stats({ orders: 3, spendFen: 62_000, lastComplaintAt: daysAgo(58), recent: [ev('complaint', 58, '质量差')] })), text: '180 天内有投诉: 5月3日 “质量差”' },
    { name: 'group-only L1', input: input(stats({ groupInteractions: 4 })), text: '群聊互动 4 次' },
    { name: 'silent since a date', input: input(stats({ lastInboundAt: daysAgo(58) })), text: '最近互动 5月3日，已沉默' },
    { name: 'dates from another year carry the year', input: input(stats({ lastInboundAt: daysAgo(240) })), text: '最近互动 2025年11月2日，已沉睡' },
  ])('$name', ({ input: i, text }) => {
    expect(classify(i).reasons.map((r) => r.text)).toContain(text)
  })

  it('accepts the stored JSON of recent events', () => {
    const recent = JSON.stringify([ev('approval', 5, '好用'), ev('approval', 6, '喜欢')])
    expect(classify(input(stats({ rounds: 3, recent }))).tier).toBe(3)
  })
})

describe('the next time boundary: when time alone can change the state, at a local midnight (the daily pass reads only these)', () => {
  const A = DEFAULT_CONFIG.activity
  const L = DEFAULT_CONFIG.ladder
  it.each([
    { name: 'active: the first instant past silentAfterDays', input: input(stats({ lastInboundAt: daysAgo(1) })), at: midnight(daysAgo(1), A.silentAfterDays + 1) },
    { name: 'silent: the first instant past dormantAfterDays', input: input(stats({ lastInboundAt: daysAgo(40) })), at: midnight(daysAgo(40), A.dormantAfterDays + 1) },
    { name: 'dormant with nothing else: never', input: input(stats({ lastInboundAt: daysAgo(400) })), at: null },
    { name: 'a payment counts as last seen', input: input(stats({ lastInboundAt: daysAgo(50), orders: 1, lastOrderAt: daysAgo(3) })), at: midnight(daysAgo(3), A.silentAfterDays + 1) },
    { name: 'new friend: new ends after newDays', input: input(null, { addedAt: daysAgo(2) }), at: midnight(daysAgo(2), A.newDays) },
    { name: 'stranger past newDays: dormant after strangerDormantDays', input: input(null, { addedAt: daysAgo(10) }), at: midnight(daysAgo(10), A.strangerDormantDays + 1) },
    { name: 'L5 with an old complaint: the complaint leaving its window comes first', input: input(stats({ lastInboundAt: daysAgo(100), orders: 3, spendFen: 60_000, lastOrderAt: daysAgo(100), lastComplaintAt: daysAgo(170) })), at: midnight(daysAgo(170), L.l5ComplaintWindowDays + 1) },
    { name: 'L3: the oldest approval leaving the window', input: input(stats({ lastInboundAt: daysAgo(60), rounds: 3, recent: [ev('approval', 60, '好用'), ev('intent', 85, '多少钱')] })), at: midnight(daysAgo(85), L.approvalWindowDays + 1) },
    { name: 'approvals do not matter once paid', input: input(stats({ lastInboundAt: daysAgo(300), rounds: 3, orders: 1, lastOrderAt: daysAgo(300), recent: [ev('approval', 85, '好用')] })), at: null },
  ])('$name', ({ input: i, at }) => {
    expect(nextChangeAt(i, RULES, NOW)).toBe(at)
  })

  it('nothing changes before the boundary, and something does at it', () => {
    const i = input(stats({ lastInboundAt: daysAgo(1), rounds: 3, recent: [ev('approval', 5, '好用'), ev('intent', 85, '多少钱')] }))
    const before = classifyState(i, RULES, NOW)
    const at = before.nextChangeAt!
    const { nextChangeAt: _a, ...justBefore } = classifyState(i, RULES, at - 1)
    const { nextChangeAt: _b, ...now } = before
    expect(justBefore).toEqual(now)
    expect(classifyState(i, RULES, at).tier).toBe(2)
  })
})
