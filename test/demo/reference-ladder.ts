import { DEFAULT_CONFIG } from '../../src/config/schema.js'
import { DAY_MS } from '../../src/shared/clock.js'
import type { Activity, Tier } from '../../src/tiers/ladder.js'
import { MSG, type DemoScenario } from '../../src/demo/scenario.js'

/*
 * A deliberately naive reading of docs/rules.md's default rules, used only to check that the demo
 * scenario's `expect` values are what those rules say (the real ladder is tested against the same data).
 */

const { signals, ladder, activity } = DEFAULT_CONFIG

function has(text: string, keywords: string[]): boolean {
  return keywords.some((keyword) => {
    // A `*` slot in a keyword ('闺蜜*想') is read here as the bare keyword or with one word in the slot.
    const k = keyword.includes('*') ? findSlotted(text, keyword) : keyword
    if (k === null) return false
    let from = 0
    for (let i = text.indexOf(k, from); i >= 0; i = text.indexOf(k, from)) {
      const before = text.slice(Math.max(0, i - signals.negationWindow), i)
      if (!signals.negations.some((n) => before.includes(n))) return true
      from = i + 1
    }
    return false
  })
}

function findSlotted(text: string, keyword: string): string | null {
  const parts = keyword.split('*')
  const m = new RegExp(parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.{0,2}')).exec(text)
  return m ? m[0] : null
}

export interface Evidence {
  rounds: number
  signals90: number
  payments: number
  spendFen: number
  referrals: number
  complaints180: number
  lastInbound: number | null
  tier: Tier
  activity: Activity
}

export function judgeScenario(scenario: DemoScenario): Map<string, Evidence> {
  const { now } = scenario
  const out = new Map<string, Evidence>()
  for (const c of scenario.customers) {
    const mine = scenario.steps.filter((s) => s.kind === 'message' && (s.talkerId === c.id || s.listenerId === c.id))
    let rounds = 0, pending = false, signals90 = 0, payments = 0, referrals = 0, complaints180 = 0
    let lastInbound: number | null = null
    for (const s of mine) {
      if (s.kind !== 'message') continue
      const inbound = s.talkerId === c.id
      if (inbound) lastInbound = Math.max(lastInbound ?? 0, s.at)
      if (s.roomId) continue
      if (!inbound) {
        if (pending) rounds++
        pending = false
        continue
      }
      pending = true
      if (s.type === MSG.transfer) payments++
      const age = now - s.at
      const signal = s.type === MSG.redEnvelope || (s.type === MSG.text && (has(s.text, signals.approval) || has(s.text, signals.intent)))
      if (signal && age <= ladder.approvalWindowDays * DAY_MS) signals90++
      if (s.type === MSG.text && has(s.text, signals.referral)) referrals++
      if (s.type === MSG.text && has(s.text, signals.complaint) && age <= ladder.l5ComplaintWindowDays * DAY_MS) complaints180++
    }
    const spendFen = scenario.payments.filter((p) => p.contactId === c.id).reduce((sum, p) => sum + p.amountFen, 0)
    let tier: Tier = lastInbound === null ? 0 : 1
    if (rounds >= ladder.roundsForL2) tier = signals90 >= ladder.approvalsForL3 ? 3 : 2
    if (payments >= 1) tier = 4
    if (payments >= ladder.l5MinOrders && (spendFen >= ladder.l5MinSpendFen || referrals >= ladder.l5MinReferrals) && complaints180 === 0) tier = 5
    let act: Activity
    if (lastInbound === null) {
      const addedDays = c.addedAt === null ? Infinity : (now - c.addedAt) / DAY_MS
      act = addedDays < activity.newDays ? 'new' : addedDays > activity.strangerDormantDays ? 'dormant' : 'active'
    } else {
      const days = (now - lastInbound) / DAY_MS
      act = days <= activity.silentAfterDays ? 'active' : days <= activity.dormantAfterDays ? 'silent' : 'dormant'
    }
    out.set(c.id, { rounds, signals90, payments, spendFen, referrals, complaints180, lastInbound, tier, activity: act })
  }
  return out
}

export interface DigestMaterial {
  inquiries: string[]
  warming: string[]
  followUps: Array<{ contactId: string; daysSincePurchase: number }>
  replenish: string[]
}

/** Calendar days in Shanghai (UTC+8, no DST), counted back from `now`'s day. */
function daysBack(now: number, at: number): number {
  const day = (t: number) => Math.floor((t + 8 * 3_600_000) / DAY_MS)
  return day(now) - day(at)
}

/** The digest sections docs/rules.md §4 builds from the log, read naively from the scenario. */
export function judgeDigest(scenario: DemoScenario): DigestMaterial {
  const { now } = scenario
  const out: DigestMaterial = { inquiries: [], warming: [], followUps: [], replenish: [] }
  for (const c of scenario.customers) {
    const mine = scenario.steps.filter((s) => s.kind === 'message' && (s.talkerId === c.id || s.listenerId === c.id))
    const privateMsgs = mine.filter((s) => s.kind === 'message' && !s.roomId)
    const last = privateMsgs.at(-1)
    if (last?.kind === 'message' && last.talkerId === c.id && last.type === MSG.text && has(last.text, signals.intent)
      && daysBack(now, last.at) <= 7) out.inquiries.push(c.id)
    const days = new Set(mine.filter((s) => s.kind === 'message' && s.talkerId === c.id).map((s) => daysBack(now, s.at)))
    if ([...days].some((d) => d <= 7 && days.has(d + 1) && days.has(d + 2))) out.warming.push(c.id)
    const transfers = privateMsgs.filter((s) => s.kind === 'message' && s.type === MSG.transfer && s.talkerId === c.id)
    const lastBuy = transfers.at(-1)
    if (lastBuy) {
      const d = daysBack(now, lastBuy.at)
      if (d === 1 || d === 3) out.followUps.push({ contactId: c.id, daysSincePurchase: d })
      if (d === 30) out.replenish.push(c.id)
    }
  }
  return out
}
