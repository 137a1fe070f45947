import type { Config } from '../config/schema.js'
import { readingText } from '../signals/replies.js'
import { parseRecent, type RecentEvent } from '../stats/recent.js'
import type { Reason } from './api.js'
import { type Activity, type Tier, tierLabel } from './ladder.js'
import { daysSince, formatDaySince, formatYuan, localDayNumber, localDayStart, quoteEvidence, windowStart } from './format.js'

/*
 * The trust ladder and activity from a contact's incremental stats. Pure and cheap. classifyState
 * (no reasons, with the next time boundary) is what ingest and the periodic pass store;
 * classifyContact adds the reasons for whoever reads a contact.
 */

/** The stats the rules read (a contact_stats row has all of these). */
export interface ClassifyStats {
  rounds: number
  privateInbound: number
  groupInteractions: number
  lastInboundAt: number | null
  orders: number
  spendFen: number
  refunds: number
  lastOrderAt: number | null
  referrals: number
  lastComplaintAt: number | null
  /** Newest signal events: parsed, or the JSON column as stored. */
  recent: RecentEvent[] | string
}

export interface ClassifyInput {
  /** Null when the contact has no stats row yet (never interacted): L0. */
  stats: ClassifyStats | null
  /** When the contact was added (or first seen); null when unknown. */
  addedAt: number | null
  pinnedTier: Tier | null
  /** When the customer deleted the account (or was removed); null or absent while a friend. */
  lostAt?: number | null
  /** Who ended the friendship (for the reason's words only; absent: the customer). */
  lostBy?: 'customer' | 'merchant' | null
}

export type ClassifyRules = Pick<Config, 'ladder' | 'activity'> & { timezone?: string }

export interface Classification {
  /** Effective rung: the pin if pinned, else the evidence rung. */
  tier: Tier
  evidenceTier: Tier
  pinnedTier: Tier | null
  activity: Activity
  reasons: Reason[]
}

const DEFAULT_TZ = 'Asia/Shanghai'

/** Place one contact on the ladder, with the rules and facts behind it. */
export function classifyContact(input: ClassifyInput, rules: ClassifyRules, now: number): Classification {
  const tz = rules.timezone ?? DEFAULT_TZ
  const evidence = classifyEvidence(input.stats, rules.ladder, tz, now, true)
  const activity = classifyActivity(input, evidence.tier, rules.activity, tz, now, true)
  const reasons: Reason[] = []
  if (input.pinnedTier !== null) {
    reasons.push({ rule: 'pin', text: `商家手动设为 ${tierLabel(input.pinnedTier)}（依据: ${tierLabel(evidence.tier)}）` })
  }
  reasons.push(...evidence.reasons, activity.reason!)
  return {
    tier: input.pinnedTier ?? evidence.tier,
    evidenceTier: evidence.tier,
    pinnedTier: input.pinnedTier,
    activity: activity.activity,
    reasons,
  }
}

/** What is stored per contact: the rung and activity without their reasons, and when they can next change. */
export interface TierStateCore {
  tier: Tier
  evidenceTier: Tier
  pinnedTier: Tier | null
  activity: Activity
  /** The first instant after `now` at which the state could differ with no new facts (null: never). */
  nextChangeAt: number | null
}

/**
 * The same placement as classifyContact without building reasons (the pass and ingest store no
 * reasons: they are written for whoever asks), plus the next time boundary.
 */
export function classifyState(input: ClassifyInput, rules: ClassifyRules, now: number): TierStateCore {
  const st = input.stats
  // Both the L3 rule and its edges read the events: parse the stored JSON once.
  if (st && typeof st.recent === 'string' && st.orders === 0 && st.rounds >= rules.ladder.roundsForL2) {
    input = { ...input, stats: { ...st, recent: parseRecent(st.recent) } }
  }
  const tz = rules.timezone ?? DEFAULT_TZ
  const evidence = classifyEvidence(input.stats, rules.ladder, tz, now, false)
  const activity = classifyActivity(input, evidence.tier, rules.activity, tz, now, false)
  return {
    tier: input.pinnedTier ?? evidence.tier,
    evidenceTier: evidence.tier,
    pinnedTier: input.pinnedTier,
    activity: activity.activity,
    nextChangeAt: nextChangeAt(input, rules, now),
  }
}

/*
 * When time alone can change a contact's state (rung, evidence rung or activity), given its facts
 * as they are: each rule with a clock in it has an edge, and the answer is the earliest edge after
 * `now`. Edges that cannot matter for this contact may be included (the pass then looks and finds
 * nothing); an edge that matters must never be missing or late.
 * - activity: last seen + silentAfterDays, + dormantAfterDays; never seen: added + newDays,
 *   added + strangerDormantDays;
 * - L5: the last complaint leaving its window;
 * - L3: each approval or intent leaving the approval window.
 * Days are the merchant's calendar days in the configured zone, so every edge is a local midnight.
 */
export function nextChangeAt(input: ClassifyInput, rules: ClassifyRules, now: number): number | null {
  let next = Infinity
  const tz = rules.timezone ?? DEFAULT_TZ
  // The first instant `days` local days after the day of `at`.
  const edge = (at: number, days: number) => {
    const when = localDayStart(localDayNumber(at, tz) + days, tz)
    if (when > now && when < next) next = when
  }
  const s = input.stats
  const a = rules.activity
  const last = lastSeen(s)
  if (last !== null) {
    // active while at most silentAfterDays days have passed: the day after the last one.
    edge(last, a.silentAfterDays + 1)
    edge(last, a.dormantAfterDays + 1)
  } else if (input.addedAt !== null) {
    edge(input.addedAt, a.newDays)
    edge(input.addedAt, a.strangerDormantDays + 1)
  }
  if (s) {
    const l = rules.ladder
    if (s.orders >= 1 && s.lastComplaintAt !== null) edge(s.lastComplaintAt, l.l5ComplaintWindowDays + 1)
    if (s.orders === 0 && s.rounds >= l.roundsForL2) {
      const events = typeof s.recent === 'string' ? parseRecent(s.recent) : s.recent
      for (const e of events) {
        if (e.kind === 'approval' || e.kind === 'intent') edge(e.at, l.approvalWindowDays + 1)
      }
    }
  }
  return next === Infinity ? null : next
}

function classifyEvidence(stats: ClassifyStats | null, rules: Config['ladder'], tz: string, now: number, explain: boolean): { tier: Tier; reasons: Reason[] } {
  const reasons: Reason[] = []
  if (!stats) {
    if (explain) reasons.push({ rule: 'no-inbound', text: '还没有互动' })
    return { tier: 0, reasons }
  }
  let recent: RecentEvent[] | undefined
  const events = () => (recent ??= typeof stats.recent === 'string' ? parseRecent(stats.recent) : stats.recent)

  // 付费才是信任: any payment that is not refunded is L4, whatever the conversation.
  if (stats.orders >= 1) {
    const complained = stats.lastComplaintAt !== null && stats.lastComplaintAt >= windowStart(now, rules.l5ComplaintWindowDays, tz)
    const bySpend = stats.spendFen >= rules.l5MinSpendFen
    const byReferral = stats.referrals >= rules.l5MinReferrals
    const l5 = stats.orders >= rules.l5MinOrders && (bySpend || byReferral)
    if (!explain) return { tier: l5 && !complained ? 5 : 4, reasons }
    // A transfer's amount is unknown until the merchant confirms it.
    const paid = `已付款 ${stats.orders} 单${stats.spendFen > 0 ? ` ${formatYuan(stats.spendFen)}` : '（金额待确认）'}${stats.refunds > 0 ? `（退款 ${stats.refunds} 单）` : ''}`
    if (l5 && !complained) {
      reasons.push(bySpend
        ? { rule: 'l5-spend', text: `${paid}，满 ${formatYuan(rules.l5MinSpendFen)}` }
        : { rule: 'l5-referral', text: `${paid}，推荐过 ${stats.referrals} 位朋友` })
      reasons.push({ rule: 'l5-no-complaint', text: `${rules.l5ComplaintWindowDays} 天内无投诉` })
      return { tier: 5, reasons }
    }
    reasons.push({ rule: 'paid', text: paid })
    if (complained && l5) {
      const last = events().find((e) => e.kind === 'complaint')
      const quote = last?.text ? ` ${quoteEvidence(last.text)}` : ''
      reasons.push({ rule: 'l5-complaint', text: `${rules.l5ComplaintWindowDays} 天内有投诉: ${formatDaySince(stats.lastComplaintAt!, tz, now)}${quote}` })
    }
    return { tier: 4, reasons }
  }
  if (explain && stats.refunds > 0) reasons.push({ rule: 'refunded', text: `付款已全部退款（${stats.refunds} 单）` })

  if (stats.rounds >= rules.roundsForL2) {
    const since = windowStart(now, rules.approvalWindowDays, tz)
    const inWindow = countApprovals(events(), since)
    const tier: Tier = inWindow.count >= rules.approvalsForL3 ? 3 : 2
    if (!explain) return { tier, reasons }
    reasons.push({ rule: 'rounds', text: `${stats.rounds} 轮私聊` })
    if (tier === 3) {
      // Text erased by retention leaves the day: the fact stays, the quote goes.
      const facts = inWindow.shown.map((e) => `${formatDaySince(e.at, tz, now)}${e.text ? ` ${quoteEvidence(e.text)}` : ''}`).join('、')
      reasons.push({ rule: 'approval-window', text: `认同或问价 ${inWindow.count} 次：${facts}${inWindow.count > inWindow.shown.length ? ' …' : ''}` })
      return { tier, reasons }
    }
    if (inWindow.count > 0 || events().length > 0) {
      const reading = newestReading(events(), 'approval', since)
      reasons.push({ rule: 'approval-window', text: `${rules.approvalWindowDays} 天内认同或问价 ${inWindow.count} 次（需 ${rules.approvalsForL3} 次）${reading}` })
    }
    return { tier, reasons }
  }

  if (stats.lastInboundAt !== null) {
    if (!explain) return { tier: 1, reasons }
    const parts: string[] = []
    if (stats.privateInbound > 0) parts.push(`私聊 ${stats.rounds} 轮（需 ${rules.roundsForL2} 轮）`)
    if (stats.groupInteractions > 0) parts.push(`群聊互动 ${stats.groupInteractions} 次`)
    reasons.push({ rule: 'inbound', text: parts.length > 0 ? parts.join('，') : '有过互动' })
    return { tier: 1, reasons }
  }
  if (explain) reasons.push({ rule: 'no-inbound', text: '还没有互动' })
  return { tier: 0, reasons }
}

/** How the newest line that did not count as `signal` was read ("；'不是很喜欢'：否定，不算认同"), or ''. */
function newestReading(events: RecentEvent[], signal: 'approval', since: number): string {
  const r = events.find((e) => e.kind === 'reading' && e.of === signal && e.at >= since)
  return r && r.as ? `；${readingText({ signal, as: r.as, text: r.text })}` : ''
}

/**
 * Approval or buying-intent events in the window, one per message (a message saying both counts once):
 * what the L3 rule counts. The digest and /hot count with this too, so every view gives the same number.
 */
export function countApprovals(events: RecentEvent[], since: number): { count: number; shown: RecentEvent[] } {
  const ids = new Set<string>()
  const shown: RecentEvent[] = []
  for (const e of events) {
    if ((e.kind !== 'approval' && e.kind !== 'intent') || e.at < since || ids.has(e.messageId)) continue
    ids.add(e.messageId)
    if (shown.length < 2) shown.push(e)
  }
  return { count: ids.size, shown }
}

/*
 * Silence is a separate dimension: it never lowers the rung. Reasons use absolute dates, not
 * "N 天前", so the same facts read the same on any day.
 */
function classifyActivity(input: ClassifyInput, evidenceTier: Tier, rules: Config['activity'], tz: string, now: number, explain: boolean): { activity: Activity; reason?: Reason } {
  // Lost beats every other state: a deleted customer is not silent and must never be chased (docs/rules.md §6).
  if (input.lostAt != null) {
    if (!explain) return { activity: 'lost' }
    return { activity: 'lost', reason: { rule: 'activity-lost', text: `${formatDaySince(input.lostAt, tz, now)} ${input.lostBy === 'merchant' ? '你删除了对方' : '删除了你'}` } }
  }
  const s = input.stats
  const last = lastSeen(s)
  if (last === null) {
    const added = input.addedAt
    if (added === null) return { activity: 'dormant', reason: { rule: 'activity-dormant', text: '从未互动' } }
    const days = daysSince(added, now, tz)
    const activity: Activity = evidenceTier === 0 && days < rules.newDays ? 'new'
      : days > rules.strangerDormantDays ? 'dormant'
      // Past the "too early to judge" days but not yet given up on.
      : 'silent'
    if (!explain) return { activity }
    const day = formatDaySince(added, tz, now)
    if (activity === 'new') return { activity, reason: { rule: 'activity-new', text: `新加好友（${day}）` } }
    if (activity === 'dormant') return { activity, reason: { rule: 'activity-dormant', text: `${day} 加好友，至今无互动` } }
    return { activity, reason: { rule: 'activity-silent', text: `${day} 加好友，还没有互动` } }
  }
  // Whole calendar days, as the merchant counts them: 30 days ago is active, whatever the hour.
  const days = daysSince(last, now, tz)
  const activity: Activity = days <= rules.silentAfterDays ? 'active' : days <= rules.dormantAfterDays ? 'silent' : 'dormant'
  if (!explain) return { activity }
  const day = formatDaySince(last, tz, now)
  if (activity === 'active') return { activity, reason: { rule: 'activity-active', text: `最近互动 ${day}` } }
  if (activity === 'silent') return { activity, reason: { rule: 'activity-silent', text: `最近互动 ${day}，已沉默` } }
  return { activity, reason: { rule: 'activity-dormant', text: `最近互动 ${day}，已沉睡` } }
}

/** A payment the merchant confirmed is the customer acting too, even without a message. */
function lastSeen(s: ClassifyStats | null): number | null {
  if (!s) return null
  if (s.lastOrderAt === null) return s.lastInboundAt
  if (s.lastInboundAt === null) return s.lastOrderAt
  return Math.max(s.lastInboundAt, s.lastOrderAt)
}
