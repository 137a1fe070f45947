import { describe, expect, it } from 'vitest'
import { DAY_MS } from '../../src/shared/clock.js'
import { addContribution, decayScore, DEFAULT_INTENT_RULES, intentBand, keepTop, topContributions, weighMessage, type DatedContribution } from '../../src/views/intent.js'
import { classifyLifecycle, describeLifecycle, type LifecycleInput } from '../../src/views/lifecycle.js'
import { classifyValue, valueThresholds, type ValueInput } from '../../src/views/value.js'

const NOW = Date.parse('2026-06-17T15:00:00+08:00')
const ago = (days: number) => NOW - days * DAY_MS
const W = DEFAULT_INTENT_RULES.weights

describe('intent score (seed 003: 计算这些行为的权重分数)', () => {
  it.each([
    { name: 'a group message weighs 1', m: { chat: 'group', kind: 'text', buying: false, approval: false, question: false }, weight: 1, label: '群聊' },
    { name: 'a private message weighs 2', m: { chat: 'private', kind: 'text', buying: false, approval: false, question: false }, weight: 2, label: '私聊' },
    { name: 'approval adds 3', m: { chat: 'private', kind: 'text', buying: false, approval: true, question: false }, weight: 5, label: '认同' },
    { name: 'a question adds 5', m: { chat: 'private', kind: 'text', buying: false, approval: false, question: true }, weight: 7, label: '提问' },
    { name: 'a price or buying question adds 8, not 5 as well', m: { chat: 'private', kind: 'text', buying: true, approval: false, question: true }, weight: 10, label: '问价/想买' },
    { name: 'a red envelope adds 5', m: { chat: 'private', kind: 'red_envelope', buying: false, approval: false, question: false }, weight: 7, label: '发红包' },
  ] as const)('$name', ({ m, weight, label }) => expect(weighMessage(m, W)).toEqual({ weight, label }))

  it('half-life 14 days: a behaviour counts half after two weeks, a quarter after four', () => {
    expect(decayScore({ score: 8, at: ago(14) }, NOW, 14)).toBeCloseTo(4)
    expect(decayScore({ score: 8, at: ago(28) }, NOW, 14)).toBeCloseTo(2)
  })

  it('kept incrementally, the score equals the sum of aged weights, also for messages out of time order', () => {
    const events = [{ w: 10, at: ago(20) }, { w: 2, at: ago(3) }, { w: 8, at: ago(30) }, { w: 5, at: ago(1) }]
    let state = { score: 0, at: null as number | null }
    for (const e of events) state = addContribution(state, e.w, e.at, 14)
    const direct = events.reduce((sum, e) => sum + decayScore({ score: e.w, at: e.at }, NOW, 14), 0)
    expect(decayScore(state, NOW, 14)).toBeCloseTo(direct, 9)
  })

  it.each([
    { name: 'warm and active → 高', score: 25, activity: 'active', band: '高' },
    { name: '"万年沉默" are left alone: dormant is never 高', score: 99, activity: 'dormant', band: '中' },
    { name: 'some interest → 中', score: 8, activity: 'silent', band: '中' },
    { name: 'little → 低', score: 2, activity: 'active', band: '低' },
  ] as const)('$name', ({ score, activity, band }) => expect(intentBand(score, activity, DEFAULT_INTENT_RULES)).toBe(band))

  it('explains itself: the contributions that weigh most today, with their dates', () => {
    const top = topContributions([
      { weight: 10, label: '问价/想买', at: ago(40), text: '多少钱' },
      { weight: 7, label: '提问', at: ago(2), text: '适合敏感肌吗' },
      { weight: 2, label: '私聊', at: ago(1) },
    ], NOW, 14, 2)
    expect(top.map((c) => c.text ?? c.label)).toEqual(['适合敏感肌吗', '私聊'])
  })

  it.each([
    { name: 'a strong old message and a weak new one', items: [[10, 40], [7, 2], [2, 1]], added: [5, 0] },
    { name: 'ties keep the earlier item first (stable), as the sort does', items: [[3, 5], [3, 5], [3, 5], [3, 5], [3, 5]], added: [3, 5] },
    { name: 'the new one is the weakest: the kept list stays as it was', items: [[8, 1], [8, 2], [8, 3], [8, 4], [8, 5]], added: [1, 30] },
    { name: 'fewer than the limit', items: [[2, 3]], added: [2, 3] },
    { name: 'a message from the future is not aged', items: [[2, -1], [9, 20]], added: [2, 0] },
  ])('keeping the top five message by message gives what sorting everything gives: $name', ({ items, added }) => {
    const c = ([weight, days]: number[], i: number): DatedContribution => ({ weight, label: `#${i}`, at: ago(days) })
    const list = items.map(c)
    const next = c(added, 99)
    const sorted = topContributions([...list, next], NOW, 14, 5).map(({ now: _aged, ...rest }) => rest)
    expect(keepTop(list, next, NOW, 14, 5)).toEqual(sorted)
  })

  it('keeping the top message by message gives what sorting everything gives: 3000 random lists (ties, full lists, future dates)', () => {
    let seed = 11
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n
    for (let round = 0; round < 3000; round++) {
      const limit = 1 + rand(6)
      const c = (i: number): DatedContribution => ({ weight: [1, 2, 3, 5, 8][rand(5)], label: `#${i}`, at: ago(rand(4) === 0 ? -rand(3) : rand(30)) })
      let list: DatedContribution[] = Array.from({ length: rand(limit + 1) }, (_, i) => c(i))
      if (rand(3) > 0) list = topContributions(list, NOW, 14, limit).map(({ now: _aged, ...rest }) => rest)
      const next = c(99)
      const sorted = topContributions([...list, next], NOW, 14, limit).map(({ now: _aged, ...rest }) => rest)
      expect(keepTop(list, next, NOW, 14, limit)).toEqual(sorted)
    }
  })
})

describe('lifecycle (seed 004: 微店客户分层)', () => {
  const base: LifecycleInput = { orders: 0, lastInboundAt: ago(3), lastOrderAt: null, lastComplaintAt: null, tier: 2, activity: 'active' }
  it.each([
    { name: '潜在: interacted, never bought', input: {}, text: '潜在' },
    { name: 'never interacted, never bought is not yet 潜在', input: { lastInboundAt: null, tier: 0 }, text: '未互动' },
    { name: '新客: one order', input: { orders: 1, lastOrderAt: ago(5), tier: 4 }, text: '新客' },
    { name: '老客: 2–9 orders', input: { orders: 9, lastOrderAt: ago(5), tier: 4 }, text: '老客' },
    { name: '忠诚: 10 orders', input: { orders: 10, lastOrderAt: ago(5), tier: 4 }, text: '忠诚' },
    { name: '忠诚: a super user (L5) with fewer orders', input: { orders: 3, lastOrderAt: ago(5), tier: 5 }, text: '忠诚' },
    { name: '临时性沉默: silent, worth waking', input: { orders: 2, lastOrderAt: ago(60), tier: 4, activity: 'silent', lastInboundAt: ago(50) }, text: '老客（临时性沉默）' },
    { name: '永久性沉睡: dormant', input: { activity: 'dormant', lastInboundAt: ago(300) }, text: '潜在（永久性沉睡）' },
    { name: '多数沉睡客户来自不满意的购买体验: a sleeper whose last purchase ended in a complaint', input: { orders: 1, lastOrderAt: ago(90), lastComplaintAt: ago(85), tier: 4, activity: 'silent', lastInboundAt: ago(85) }, text: '新客（临时性沉默·投诉后沉睡）' },
    { name: 'a complaint before a later happy purchase does not flag the sleeper', input: { orders: 2, lastOrderAt: ago(60), lastComplaintAt: ago(120), tier: 4, activity: 'silent', lastInboundAt: ago(55) }, text: '老客（临时性沉默）' },
  ] as const)('$name', ({ input, text }) => expect(describeLifecycle(classifyLifecycle({ ...base, ...input }))).toBe(text))
})

describe('value class (seed 001: 消费频次 + 互动意愿 + 潜在价值)', () => {
  const buyers: ValueInput[] = [
    { orders: 12, spendFen: 360_000, firstOrderAt: ago(330), lastOrderAt: ago(10), intent: '高' },
    { orders: 4, spendFen: 80_000, firstOrderAt: ago(360), lastOrderAt: ago(50), intent: '中' },
    { orders: 1, spendFen: 9_900, firstOrderAt: ago(300), lastOrderAt: ago(300), intent: '低' },
    { orders: 2, spendFen: 30_000, firstOrderAt: ago(200), lastOrderAt: ago(100), intent: '中' },
    { orders: 6, spendFen: 150_000, firstOrderAt: ago(180), lastOrderAt: ago(20), intent: '中' },
  ]
  const t = valueThresholds(buyers, NOW)
  it.each([
    { name: 'A: buys monthly and asks about new products', input: buyers[0], cls: 'A' },
    { name: 'B: buys quarterly, interacts now and then', input: buyers[1], cls: 'B' },
    { name: 'C: bought once long ago and rarely interacts', input: buyers[2], cls: 'C' },
    { name: 'C: asked but never bought, rarely interacts', input: { orders: 0, spendFen: 0, firstOrderAt: null, lastOrderAt: null, intent: '低' }, cls: 'C' },
    { name: 'high potential without a purchase yet is worth time: B', input: { orders: 0, spendFen: 0, firstOrderAt: null, lastOrderAt: null, intent: '高' }, cls: 'B' },
  ] as const)('$name', ({ input, cls }) => expect(classifyValue(input, t, NOW).cls).toBe(cls))

  it('an account where nobody buys often calls nobody A for frequency alone', () => {
    const rare: ValueInput[] = Array.from({ length: 10 }, (_, i) => ({ orders: 1, spendFen: 10_000 * (i + 1), firstOrderAt: ago(200), lastOrderAt: ago(200), intent: '中' }))
    const rt = valueThresholds(rare, NOW)
    expect(rare.map((b) => classifyValue(b, rt, NOW).cls)).not.toContain('A')
  })

  it('says what decided it', () => {
    expect(classifyValue(buyers[0], t, NOW).reason).toBe('12 单 ¥3,600，约每月一单，意向高')
  })
})
