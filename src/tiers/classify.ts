import type { Config } from '../config/schema.js'
import { DAY_MS } from '../shared/clock.js'
import { readingText } from '../signals/replies.js'
import { parseRecent, type RecentEvent } from '../stats/recent.js'
import type { Reason } from './api.js'
import { type Activity, type Tier, tierLabel } from './ladder.js'
import { formatDaySince, formatYuan, quoteEvidence } from './format.js'

/*
 * The trust ladder (domain.md §1) and activity (§2) from a contact's incremental stats. Pure and
 * cheap: the periodic pass runs it for every contact (100k in well under a second).
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
  const evidence = classifyEvidence(input.stats, rules.ladder, tz, now)
  const activity = classifyActivity(input, evidence.tier, rules.activity, tz, now)
  const reasons: Reason[] = []
  if (input.pinnedTier !== null) {
    reasons.push({ rule: 'pin', text: `商家手动设为 ${tierLabel(input.pinnedTier)}（依据: ${tierLabel(evidence.tier)}）` })
  }
  reasons.push(...evidence.reasons, activity.reason)
  return {
    tier: input.pinnedTier ?? evidence.tier,
    evidenceTier: evidence.tier,
    pinnedTier: input.pinnedTier,
    activity: activity.activity,
    reasons,
  }
}

function classifyEvidence(stats: ClassifyStats | null, rules: Config['ladder'], tz: string, now: number): { tier: Tier; reasons: Reason[] } {
  if (!stats) return { tier: 0, reasons: [{ rule: 'no-inbound', text: '还没有互动' }] }
  const reasons: Reason[] = []
  let recent: RecentEvent[] | undefined
  const events = () => (recent ??= typeof stats.recent === 'string' ? parseRecent(stats.recent) : stats.recent)

  // 付费才是信任: any payment that is not refunded is L4, whatever the conversation.
  if (stats.orders >= 1) {
    // A transfer's amount is unknown until the merchant confirms it.
    const paid = `已付款 ${stats.orders} 单${stats.spendFen > 0 ? ` ${formatYuan(stats.spendFen)}` : '（金额待确认）'}${stats.refunds > 0 ? `（退款 ${stats.refunds} 单）` : ''}`
    const complained = stats.lastComplaintAt !== null && stats.lastComplaintAt >= now - rules.l5ComplaintWindowDays * DAY_MS
    const bySpend = stats.spendFen >= rules.l5MinSpendFen
    const byReferral = stats.referrals >= rules.l5MinReferrals
    if (stats.orders >= rules.l5MinOrders && (bySpend || byReferral) && !complained) {
      reasons.push(bySpend
        ? { rule: 'l5-spend', text: `${paid}，满 ${formatYuan(rules.l5MinSpendFen)}` }
        : { rule: 'l5-referral', text: `${paid}，推荐过 ${stats.referrals} 位朋友` })
      reasons.push({ rule: 'l5-no-complaint', text: `${rules.l5ComplaintWindowDays} 天内无投诉` })
      return { tier: 5, reasons }
    }
    reasons.push({ rule: 'paid', text: paid })
    if (complained && stats.orders >= rules.l5MinOrders && (bySpend || byReferral)) {
      const last = events().find((e) => e.kind === 'complaint')
      const quote = last?.text ? ` ${quoteEvidence(last.text)}` : ''
      reasons.push({ rule: 'l5-complaint', text: `${rules.l5ComplaintWindowDays} 天内有投诉: ${formatDaySince(stats.lastComplaintAt!, tz, now)}${quote}` })
    }
    return { tier: 4, reasons }
  }
  if (stats.refunds > 0) reasons.push({ rule: 'refunded', text: `付款已全部退款（${stats.refunds} 单）` })

  if (stats.rounds >= rules.roundsForL2) {
    reasons.push({ rule: 'rounds', text: `${stats.rounds} 轮私聊` })
    const since = now - rules.approvalWindowDays * DAY_MS
    const inWindow = countApprovals(events(), since)
    if (inWindow.count >= rules.approvalsForL3) {
      // Text erased by retention leaves the day: the fact stays, the quote goes.
      const facts = inWindow.shown.map((e) => `${formatDaySince(e.at, tz, now)}${e.text ? ` ${quoteEvidence(e.text)}` : ''}`).join('、')
      reasons.push({ rule: 'approval-window', text: `认同或问价 ${inWindow.count} 次：${facts}${inWindow.count > inWindow.shown.length ? ' …' : ''}` })
      return { tier: 3, reasons }
    }
    if (inWindow.count > 0 || events().length > 0) {
      const reading = newestReading(events(), 'approval', since)
      reasons.push({ rule: 'approval-window', text: `${rules.approvalWindowDays} 天内认同或问价 ${inWindow.count} 次（需 ${rules.approvalsForL3} 次）${reading}` })
    }
    return { tier: 2, reasons }
  }

  if (stats.lastInboundAt !== null) {
    const parts: string[] = []
    if (stats.privateInbound > 0) parts.push(`私聊 ${stats.rounds} 轮（需 ${rules.roundsForL2} 轮）`)
    if (stats.groupInteractions > 0) parts.push(`群聊互动 ${stats.groupInteractions} 次`)
    reasons.push({ rule: 'inbound', text: parts.length > 0 ? parts.join('，') : '有过互动' })
    return { tier: 1, reasons }
  }
  reasons.push({ rule: 'no-inbound', text: '还没有互动' })
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
 * Silence is a separate dimension: it never lowers the rung (domain.md §2). Reasons use absolute
 * dates, not "N 天前", so the stored reasons change only when the facts do.
 */
function classifyActivity(input: ClassifyInput, evidenceTier: Tier, rules: Config['activity'], tz: string, now: number): { activity: Activity; reason: Reason } {
  // Lost beats every other state: a deleted customer is not silent and must never be chased (domain.md §6).
  if (input.lostAt != null) {
    return { activity: 'lost', reason: { rule: 'activity-lost', text: `${formatDaySince(input.lostAt, tz, now)} 删除了好友，已流失` } }
  }
  const s = input.stats
  const last = lastSeen(s)
  if (last === null) {
    const added = input.addedAt
    if (added === null) return { activity: 'dormant', reason: { rule: 'activity-dormant', text: '从未互动' } }
    if (evidenceTier === 0 && now - added < rules.newDays * DAY_MS) {
      return { activity: 'new', reason: { rule: 'activity-new', text: `新加好友（${formatDaySince(added, tz, now)}）` } }
    }
    if (now - added > rules.strangerDormantDays * DAY_MS) {
      return { activity: 'dormant', reason: { rule: 'activity-dormant', text: `${formatDaySince(added, tz, now)} 加好友，至今无互动` } }
    }
    // Past the "too early to judge" days but not yet given up on.
    return { activity: 'silent', reason: { rule: 'activity-silent', text: `${formatDaySince(added, tz, now)} 加好友，还没有互动` } }
  }
  const since = now - last
  const day = formatDaySince(last, tz, now)
  if (since <= rules.silentAfterDays * DAY_MS) return { activity: 'active', reason: { rule: 'activity-active', text: `最近互动 ${day}` } }
  if (since <= rules.dormantAfterDays * DAY_MS) return { activity: 'silent', reason: { rule: 'activity-silent', text: `最近互动 ${day}，已沉默` } }
  return { activity: 'dormant', reason: { rule: 'activity-dormant', text: `最近互动 ${day}，已沉睡` } }
}

/** A payment the merchant confirmed is the customer acting too, even without a message. */
function lastSeen(s: ClassifyStats | null): number | null {
  if (!s) return null
  if (s.lastOrderAt === null) return s.lastInboundAt
  if (s.lastInboundAt === null) return s.lastOrderAt
  return Math.max(s.lastInboundAt, s.lastOrderAt)
}
