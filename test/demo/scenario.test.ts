import { describe, expect, it } from 'vitest'
import { buildScenario, MSG, summarizeScenario } from '../../src/demo/scenario.js'
import { DAY_MS } from '../../src/shared/clock.js'
import { judgeDigest, judgeScenario } from './reference-ladder.js'

const NOW = Date.UTC(2026, 4, 20, 2, 0, 0) // 10:00 in Shanghai
const scenario = buildScenario(NOW)
const judged = judgeScenario(scenario)
const messages = scenario.steps.filter((s) => s.kind === 'message')

describe('demo scenario', () => {
  it('is a shop with ≥ 30 customers and 2 groups whose ids contain @', () => {
    expect(scenario.account).toEqual({ id: 'demo-shop', name: '小美的店' })
    expect(scenario.customers.length).toBeGreaterThanOrEqual(30)
    expect(scenario.rooms.map((r) => r.topic)).toEqual(['宝妈交流群', '新品体验群'])
    expect(scenario.rooms.every((r) => r.id.includes('@'))).toBe(true)
  })

  it('summarizes itself for the demo printout', () => {
    expect(summarizeScenario(scenario)).toEqual({
      customers: scenario.customers.length, rooms: 2, messages: messages.length,
      friendships: scenario.customers.filter((c) => c.friend).length, days: 212,
    })
  })

  it('is deterministic and all in the past', () => {
    expect(buildScenario(NOW)).toEqual(scenario)
    expect(scenario.steps.every((s) => s.at <= NOW)).toBe(true)
    expect(new Set(scenario.steps.map((s) => s.id)).size).toBe(scenario.steps.length)
    const times = scenario.steps.map((s) => s.at)
    expect(times).toEqual([...times].sort((a, b) => a - b))
  })

  it('has history over 90 days and some older than 180 days (dormant)', () => {
    const oldest = Math.min(...messages.map((s) => s.at))
    expect((NOW - oldest) / DAY_MS).toBeGreaterThan(180)
    expect(messages.filter((s) => NOW - s.at > 90 * DAY_MS).length).toBeGreaterThan(5)
  })

  it('has names shared in full or in part, for name resolution', () => {
    const count = (name: string) => scenario.customers.filter((c) => c.name === name).length
    expect(count('王芳')).toBe(2)
    expect(count('张三')).toBe(2)
    expect(scenario.customers.some((c) => c.name === '张三丰')).toBe(true)
    expect(scenario.customers.find((c) => c.remark === '张三 宝妈')).toBeDefined()
  })

  it.each([0, 1, 2, 3, 4, 5])('ladder: rung L%i occurs', (tier) => {
    expect(scenario.customers.some((c) => c.expect.tier === tier)).toBe(true)
  })

  it.each(['new', 'active', 'silent', 'dormant'])('activity: state %s occurs', (state) => {
    expect(scenario.customers.some((c) => c.expect.activity === state)).toBe(true)
  })

  it('wake-up list: silent customers on L2 and above exist', () => {
    const silent = scenario.customers.filter((c) => c.expect.activity === 'silent' && c.expect.tier >= 2)
    expect(new Set(silent.map((c) => c.expect.tier))).toEqual(new Set([2, 3, 4, 5]))
  })

  it.each(scenario.customers.map((c) => [c.id, c.name, c] as const))(
    'default rules put %s %s where `expect` says', (id, _name, customer) => {
      const evidence = judged.get(id)!
      expect({ tier: evidence.tier, activity: evidence.activity }, customer.why).toEqual(customer.expect)
    })

  it('L5 → L4 on a complaint: a customer with L5 payments and a complaint is expected on L4', () => {
    const fallen = scenario.customers.filter((c) => {
      const e = judged.get(c.id)!
      return e.payments >= 3 && e.spendFen >= 50_000 && e.complaints180 > 0
    })
    expect(fallen.map((c) => c.expect.tier)).toEqual([4])
  })

  it('digest material: unanswered inquiries today/yesterday, warming, follow-ups on day 1 and 3', () => {
    for (const id of scenario.highlights.unansweredInquiries) {
      const last = messages.filter((s) => s.talkerId === id || s.listenerId === id).at(-1)!
      expect(last.talkerId).toBe(id)
      expect(NOW - last.at).toBeLessThan(2 * DAY_MS)
    }
    expect(scenario.highlights.unansweredInquiries.length).toBeGreaterThanOrEqual(2)
    expect(scenario.highlights.warming.length).toBeGreaterThanOrEqual(1)
    expect(scenario.highlights.followUps.map((f) => f.daysSincePurchase).sort()).toEqual([1, 3])
  })

  it.each([
    ['unanswered buying questions', 'inquiries', 'unansweredInquiries'],
    ['warming up (3 consecutive days)', 'warming', 'warming'],
    ['follow-ups on day 1 and day 3', 'followUps', 'followUps'],
    ['replenish after 30 days', 'replenish', 'replenish'],
  ] as const)('digest: exactly the highlighted customers qualify for %s', (_what, judged, highlighted) => {
    expect(judgeDigest(scenario)[judged]).toEqual(scenario.highlights[highlighted])
  })

  it.each([0, 1, 2, 3, 4, 5].map((h) => NOW + h * 3_600_000 * 4).concat(Date.UTC(2026, 4, 19, 16, 30)))('digest material holds whatever the hour of now (%i; not 00:00–00:20 local)', (now) => {
    const s = buildScenario(now)
    expect(judgeDigest(s)).toEqual({
      inquiries: s.highlights.unansweredInquiries, warming: s.highlights.warming,
      followUps: s.highlights.followUps, replenish: s.highlights.replenish,
    })
  })

  it('payments: transfers of every L4/L5 customer, confirmed amounts pointing at their transfers, one left unconfirmed', () => {
    const transfers = messages.filter((s) => s.type === MSG.transfer)
    const byId = new Map(transfers.map((s) => [s.id, s]))
    for (const p of scenario.payments) {
      expect(byId.get(p.transferMessageId)?.talkerId).toBe(p.contactId)
      expect(p.at).toBeGreaterThan(byId.get(p.transferMessageId)!.at)
    }
    const confirmed = new Set(scenario.payments.map((p) => p.transferMessageId))
    expect(transfers.filter((t) => !confirmed.has(t.id)).length).toBeGreaterThanOrEqual(1)
  })

  it('uses every message kind the log must keep', () => {
    const kinds = new Set(messages.map((s) => s.type))
    for (const type of Object.values(MSG)) expect(kinds.has(type)).toBe(true)
    expect(messages.some((s) => s.roomId && s.talkerId === 'demo-shop')).toBe(true)
  })
})
