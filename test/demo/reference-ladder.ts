import { DEFAULT_CONFIG } from '../../src/config/schema.js'
import { DAY_MS } from '../../src/shared/clock.js'
import type { Activity, Tier } from '../../src/tiers/ladder.js'
import { MSG, type DemoScenario } from '../../src/demo/scenario.js'

/*
 * A deliberately naive reading of domain.md's default rules, used only to check that the demo
 * scenario's `expect` values are what those rules say (the real ladder is tested against the same data).
 */

const { signals, ladder, activity } = DEFAULT_CONFIG

function has(text: string, keywords: string[]): boolean {
  return keywords.some((k) => {
    let from = 0
    for (let i = text.indexOf(k, from); i >= 0; i = text.indexOf(k, from)) {
      const before = text.slice(Math.max(0, i - signals.negationWindow), i)
      if (!signals.negations.some((n) => before.includes(n))) return true
      from = i + 1
    }
    return false
  })
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
