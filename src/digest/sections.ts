import type { Config } from '../config/schema.js'
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../shared/clock.js'
import { formatMonthDay, localDay, localDaysBetween, startOfLocalDay } from '../shared/day.js'
import { TIERS, tierLabel, type Activity } from '../tiers/ladder.js'
import type { DigestContact, DigestSnapshot, NeverBoughtRow, SilentRow, TierChangeRow } from './types.js'
import { formatYuan } from '../shared/money.js'
import { countApprovals } from '../tiers/classify.js'
import { quoteEvidence, windowStart } from '../tiers/format.js'
import { parseRecent } from '../stats/recent.js'
import { seasonHint } from '../occasions/section.js'

/*
 * The digest's sections, docs/rules.md §4, each a pure function of the snapshot and `now`.
 * A section is a title and items; an item may span lines but is never split across messages.
 */

export interface Section {
  title: string
  items: string[]
}

/**
 * Where a section is read: the digest caps each list at `maxPerSection` and says what to send to see
 * the rest; /hot (the "rest" of the hot lists) shows more and does not point to itself; `/digest 全部`
 * (full) is the digest with every list up to FULL_PER_SECTION.
 */
export type ListMode = 'digest' | 'hot' | 'full'

/** How many entries /hot shows per section (the digest's cap, when that is larger). */
export const HOT_PER_SECTION = 30
/** How many entries `/digest 全部` shows per section (a chat message, not a spreadsheet: `tierbot export` has everything). */
export const FULL_PER_SECTION = 100

type Rows<T> = (snapshot: DigestSnapshot, now: number, config: Config, mode?: ListMode) => T

/** Entries a list shows: the configured cap in the digest, more in /hot and in the full digest. */
export function listCap(perSection: number, mode: ListMode = 'digest'): number {
  if (mode === 'hot') return Math.max(HOT_PER_SECTION, perSection)
  return mode === 'full' ? Math.max(FULL_PER_SECTION, perSection) : perSection
}

const capOf = (config: Config, mode: ListMode = 'digest') => listCap(config.digest.maxPerSection, mode)

/** `（还有 4 位，发 /hot 看更多）`: how many are not shown, and in the digest, where to see them. */
function moreLine(hidden: number, mode: ListMode = 'digest'): string {
  return mode === 'digest' ? `（还有 ${hidden} 位，发 /hot 看更多）` : `（还有 ${hidden} 位）`
}

/**
 * `（还有 4 条，发 /digest 全部 看全部）`: the rest of a list only the full digest shows (follow-ups,
 * birthdays…); there, and in /hot, just how many are left.
 */
export function restLine(hidden: number, unit: string, mode: ListMode = 'digest'): string {
  return mode === 'digest' ? `（还有 ${hidden} ${unit}，发 /digest 全部 看全部）` : `（还有 ${hidden} ${unit}）`
}

const isSnoozed = (c: DigestContact, now: number) => c.snoozedUntil !== null && c.snoozedUntil > now
/** Not chased: dormant customers wait to wake (seed 003); lost ones are gone (docs/rules.md §6). */
const isGone = (activity: Activity) => activity === 'dormant' || activity === 'lost'

export { formatYuan }

/** How long ago, as every digest section words it (刚刚, 20 分钟前, 昨天, 3 天前). */
export function formatAgo(at: number, now: number, tz: string): string {
  const ms = Math.max(0, now - at)
  // A question 50 minutes old is not 刚刚: the merchant judges how long the customer has waited.
  if (ms <= 10 * MINUTE_MS) return '刚刚'
  if (ms < HOUR_MS) return `${Math.floor(ms / MINUTE_MS)} 分钟前`
  if (ms < DAY_MS) return `${Math.floor(ms / HOUR_MS)} 小时前`
  const days = localDaysBetween(at, now, tz)
  // Worded as /tier words it (昨天), so one message is not "1 天前" here and "昨天" there.
  return days <= 1 ? '昨天' : `${days} 天前`
}

// Customers' words are quoted the same way in the digest, /hot and /why.
const quote = quoteEvidence

// Openers that fit the customer (docs/rules.md §2, seed 000 §5, seed 004): old customers get a welcome-back
// gift, a perk or simple care; L2/L3 get product value or a question about their needs — never a hard
// sell; a buyer whose last word was a complaint gets an apology first, not a promotion.
const OPENERS = {
  apology: '先道歉：“上次的事一直记在心上，想再跟你说声抱歉，最近用着还好吗？”',
  super: '专属福利：“最近有个只给老朋友的专属福利，帮你留了一份，要不要看看？”',
  paid: [
    '老客回归礼：“好久没聊啦～给老客留了一份回归小礼，想着第一个发给你🎁”',
    '关怀问候：“好久不见，最近还好吗？上次的东西用得怎么样？”',
  ],
  warm: [
    '新品价值：“最近上了一款新品，正好适合你之前聊到的情况，给你看看～”',
    '需求探寻：“最近有没有什么想解决的小烦恼？说说看，我帮你参谋参谋”',
  ],
} as const

/** The same customer gets the same opener in the digest and in /silent, whatever their place in the list. */
export function suggestOpener(r: Pick<SilentRow, 'contactId' | 'tier'> & Partial<Pick<SilentRow, 'lastComplaintAt' | 'lastOrderAt'>>): string {
  if (r.lastComplaintAt != null && r.lastComplaintAt >= (r.lastOrderAt ?? 0)) return OPENERS.apology
  if (r.tier >= 5) return OPENERS.super
  const list = r.tier >= 4 ? OPENERS.paid : OPENERS.warm
  return list[stableIndex(r.contactId, list.length)]
}

function stableIndex(id: string, n: number): number {
  let h = 0
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0
  return h % n
}

/** Wake-up list (docs/rules.md §2): silent ≥ L2, not snoozed, not messaged recently without an answer; ranked by value. */
export function rankWakeUps(snapshot: DigestSnapshot, now: number, config: Config): SilentRow[] {
  // "Messaged in the last 14 days": the whole 14th day back counts, as the merchant counts days.
  const noAnswerSince = windowStart(now, config.digest.noAnswerDays, config.timezone)
  return snapshot.silent
    .filter((r) => r.activity === 'silent' && r.tier >= 2 && !isSnoozed(r, now))
    .filter((r) => !(r.lastOutboundAt !== null && r.lastOutboundAt > r.lastInboundAt && r.lastOutboundAt >= noAnswerSince))
    .sort((a, b) => Number(isComplaintSleeper(b)) - Number(isComplaintSleeper(a)) || b.tier - a.tier || b.spendFen - a.spendFen || b.lastInboundAt - a.lastInboundAt)
}

/** Seed 004: the last paid experience ended in a complaint; reach out with an apology, not a promotion. */
export function isComplaintSleeper(r: SilentRow): boolean {
  return r.orders > 0 && r.lastComplaintAt != null && r.lastOrderAt != null && r.lastComplaintAt >= r.lastOrderAt
}

export function wakeUpSection(snapshot: DigestSnapshot, now: number, config: Config, n: number): Section | null {
  const ranked = rankWakeUps(snapshot, now, config)
  const shown = ranked.slice(0, n)
  if (shown.length === 0) return null
  const items = shown.map((r, i) => {
    const days = localDaysBetween(r.lastInboundAt, now, config.timezone)
    // Seed 004: the reason leads the entry, so the merchant opens with an apology, not a promotion.
    return `${i + 1}. ${isComplaintSleeper(r) ? '投诉后沉睡：' : ''}${r.name}｜${tierLabel(r.tier)}｜沉默 ${days} 天｜累计消费 ${formatYuan(r.spendFen)}\n` +
      `   建议开场 · ${suggestOpener(r)}`
  })
  const total = Math.max(snapshot.silentTotal, ranked.length)
  if (total > shown.length) items.push(`（共 ${total} 位沉默客户，发 /silent ${Math.min(total, 20)} 看更多）`)
  return { title: `😴 ${shown.length} 位沉默客户待唤醒`, items }
}

/** Complaints not answered yet: on the list every morning until answered in chat or marked /handled. */
export const openComplaintSection: Rows<Section | null> = (snapshot, now, config, mode) => {
  const rows = snapshot.openComplaints ?? []
  if (rows.length === 0) return null
  const total = Math.max(snapshot.openComplaintsTotal ?? 0, rows.length)
  const shown = rows.slice(0, capOf(config, mode))
  const items = shown.map((c) => `· ${c.name}（${tierLabel(c.tier)}）${formatMonthDay(c.at, config.timezone)}：${c.text ? quote(c.text) : '投诉'}`)
  if (total > shown.length) items.push(moreLine(total - shown.length, mode))
  items.push('回复了或发 /已处理 名字 后就不再提醒')
  return { title: `⚠️ ${total} 个投诉还没回复，先处理`, items }
}

export const inquirySection: Rows<Section | null> = (snapshot, now, config, mode) => {
  // Up to 7 calendar days back: a question the list shows as 7 天前 is still on it, whatever the hour.
  const since = windowStart(now, config.digest.inquiryMaxAgeDays, config.timezone)
  const rows = snapshot.inquiries
    .filter((r) => !isGone(r.activity) && r.at >= since)
    .sort((a, b) => a.at - b.at)
  if (rows.length === 0) return null
  const shown = rows.slice(0, capOf(config, mode))
  const items = shown.map((r) => `· ${r.name}（${tierLabel(r.tier)}）${formatAgo(r.at, now, config.timezone)}问：${quote(r.text)}`)
  if (rows.length > shown.length) items.push(moreLine(rows.length - shown.length, mode))
  return { title: `💬 ${rows.length} 个购买咨询还没回复，先回这些`, items }
}

/** Interaction on N consecutive local days, ending today or yesterday (the digest runs in the morning). */
export function isWarmingUp(activeDays: string[], now: number, config: Config): boolean {
  const tz = config.timezone
  const n = config.digest.warmingConsecutiveDays
  const today = startOfLocalDay(now, tz)
  const set = new Set(activeDays)
  // Noon of each local day keeps the day arithmetic clear of DST edges.
  const dayAt = (back: number) => localDay(today - back * DAY_MS + 12 * HOUR_MS, tz)
  for (const end of [0, 1]) {
    let run = 0
    while (run < n && set.has(dayAt(end + run))) run++
    if (run === n) return true
  }
  return false
}

export const warmingSection: Rows<Section | null> = (snapshot, now, config, mode) => {
  const n = config.digest.warmingConsecutiveDays
  // Coming back day after day to complain is no moment to recommend: the complaint has its own line.
  const complainedSince = startOfLocalDay(now, config.timezone) - n * DAY_MS
  const rows = snapshot.warming.filter((r) => !isGone(r.activity) && !isSnoozed(r, now) && isWarmingUp(r.activeDays, now, config) &&
    !(r.lastComplaintAt != null && r.lastComplaintAt >= complainedSince))
  if (rows.length === 0) return null
  const items = rows.slice(0, capOf(config, mode)).map((r) => `· ${r.name}（${tierLabel(r.tier)}）`)
  if (rows.length > items.length) items.push(moreLine(rows.length - items.length, mode))
  return { title: `🔥 互动升温：连续 ${n} 天来聊，正是推荐的好时机`, items }
}

/** Day-N follow-ups and the replenish reminder, counted in the merchant's local calendar days. */
export const followUpSection: Rows<Section | null> = (snapshot, now, config, mode) => {
  const tz = config.timezone
  const { followUpDays, replenishDays } = config.digest
  const lastOrderAt = new Map<string, number>()
  for (const o of snapshot.orders) lastOrderAt.set(o.contactId, Math.max(o.at, lastOrderAt.get(o.contactId) ?? 0))
  // Local-day windows computed once: thousands of recent orders must not each pay for Intl calls.
  const today = startOfLocalDay(now, tz)
  const windows = [...new Set([...followUpDays, replenishDays])].map((day) => {
    const start = startOfLocalDay(today - day * DAY_MS + 12 * HOUR_MS, tz)
    return { day, start, end: startOfLocalDay(start + DAY_MS + 12 * HOUR_MS, tz) }
  })
  const replenish = replenishText(now, config)
  const seen = new Set<string>()
  const items: Array<{ day: number; text: string }> = []
  for (const o of snapshot.orders) {
    if (isGone(o.activity) || isSnoozed(o, now)) continue
    const window = windows.find((w) => o.at >= w.start && o.at < w.end)
    if (!window) continue
    const day = window.day
    const amount = o.amountFen !== null ? ` ${formatYuan(o.amountFen)}` : ''
    const bought = `${day === 1 ? '昨天' : `${day} 天前`}下单${amount}`
    let text: string | undefined
    // Seed 004: after a complaint about this order, the next word is an apology, not a sale or a guide.
    if (o.lastComplaintAt != null && o.lastComplaintAt >= o.at) text = `${bought}，之后投诉过：先道歉，问问问题解决了没有，先别推销`
    // A later order makes the replenish reminder for an earlier one moot.
    else if (day === replenishDays && lastOrderAt.get(o.contactId) === o.at) text = `${bought}：${replenish}`
    else if (day === 1 && followUpDays.includes(1)) text = `${bought}：发一份使用指南`
    else if (day === 3 && followUpDays.includes(3)) text = `${bought}：问问“用着感觉怎么样?”`
    else if (followUpDays.includes(day)) text = `${bought}：回访一下使用感受`
    const key = `${o.contactId}:${day}`
    if (!text || seen.has(key)) continue
    seen.add(key)
    items.push({ day, text: `· ${o.name}（${tierLabel(o.tier)}）${text}` })
  }
  if (items.length === 0) return null
  items.sort((a, b) => a.day - b.day)
  const shown = items.slice(0, capOf(config, mode)).map((i) => i.text)
  if (items.length > shown.length) shown.push(restLine(items.length - shown.length, '条', mode))
  return { title: '📦 购后跟进', items: shown }
}

/** The replenish reminder; near 立春/立夏/立秋/立冬 it becomes the 换季 line (seed 001: 季节更替是场景触发信号). */
function replenishText(now: number, config: Config): string {
  const season = seasonHint(now, config)
  return season ? `${season}，差不多用完了，提醒补货，顺便推荐换季款` : '差不多用完了，提醒补货'
}

export const neverBoughtSection: Rows<Section | null> = (snapshot, now, config, mode) => {
  const rows = snapshot.neverBought.filter((r) => r.tier === 3 && !isGone(r.activity) && !isSnoozed(r, now) && !complainedLast(r))
  if (rows.length === 0) return null
  const items = rows.slice(0, capOf(config, mode)).map((r) => {
    const last = r.lastInboundAt !== null ? `，最近互动 ${formatAgo(r.lastInboundAt, now, config.timezone)}` : ''
    return `· ${r.name}：${approvalFacts(r, now, config)}${last}`
  })
  const total = Math.max(snapshot.neverBoughtTotal, rows.length)
  if (total > items.length) items.push(`（共 ${total} 位，发 /list L3 看名单）`)
  return { title: `🛒 可以促成第一单：${tierLabel(3)}，还没买过`, items }
}

/** The customer's newest approval, question or complaint is the complaint: no moment to sell (seed 004). */
function complainedLast(r: NeverBoughtRow): boolean {
  if (r.recent === undefined) return false
  const events = typeof r.recent === 'string' ? parseRecent(r.recent) : r.recent
  let last: { kind: string; at: number } | undefined
  for (const e of events) {
    if ((e.kind === 'approval' || e.kind === 'intent' || e.kind === 'complaint') && (!last || e.at > last.at)) last = e
  }
  return last?.kind === 'complaint'
}

/** What the L3 rule counts (approval or buying question, one per message, in the window), as /why says it. */
function approvalFacts(r: NeverBoughtRow, now: number, config: Config): string {
  if (r.recent === undefined) return `认同或问价 ${r.approvals + r.intents} 次`
  const events = typeof r.recent === 'string' ? parseRecent(r.recent) : r.recent
  const { count, shown } = countApprovals(events, windowStart(now, config.ladder.approvalWindowDays, config.timezone))
  // Text erased by retention leaves the count: the fact stays, the quote goes.
  const quoted = shown.filter((e) => e.text).map((e) => quote(e.text))
  // Put on L3 by hand with no such words yet: say so rather than "认同或问价 0 次".
  if (count === 0 && r.pinnedTier === 3) return '你手动设为 L3'
  return `认同或问价 ${count} 次${quoted.length > 0 ? `（${quoted.join('、')}）` : ''}`
}

/** Why a rung fell, worded as what to do (silence never lowers a rung: these are the causes that can). */
function whyDown(c: TierChangeRow, config: Config): string {
  if (c.cause === 'pin') return '（你手动设的）'
  if (c.cause === 'refund') return '（付款退了）'
  // A message takes L5 away only by a complaint (L5 needs none in the window).
  if (c.cause === 'message' && c.from === 5) return '（收到投诉，先道歉处理）'
  // L3 → L2: the approvals aged out, noticed by the periodic pass or at the customer's next message.
  if ((c.cause === 'time' || c.cause === 'message') && c.from === 3 && c.to === 2) {
    return `（${config.ladder.approvalWindowDays} 天内的认同不到 ${config.ladder.approvalsForL3} 次了：多分享内容，先别推销）`
  }
  return ''
}

export const changesSection: Rows<Section | null> = (snapshot, now, config, mode) => {
  const tz = config.timezone
  const changes = snapshot.changes.filter((c) => c.from !== c.to)
  const items = changes.slice(0, capOf(config, mode))
    .map((c) => c.to > c.from ? `· ${c.name} ↑ ${tierLabel(c.from)} → ${tierLabel(c.to)}` : `· ${c.name} ↓ ${tierLabel(c.from)} → ${tierLabel(c.to)}${whyDown(c, config)}`)
  if (changes.length > items.length) {
    const up = changes.filter((c) => c.to > c.from).length
    items.push(`（共 ${changes.length} 位：↑ ${up} · ↓ ${changes.length - up}${mode === 'digest' ? '；发 /digest 全部 看全部' : ''}）`)
  }
  const imports = snapshot.imports ?? []
  if (imports.length > 0) {
    const sum = (k: 'messages' | 'orders' | 'changes') => imports.reduce((n, i) => n + i[k], 0)
    items.push(`· 📥 导入了历史记录：消息 ${sum('messages')} 条、订单 ${sum('orders')} 笔，${sum('changes')} 位客户因此定级（不逐一列出）`)
  }
  // Complaints still open have their own section at the top.
  const open = new Set((snapshot.openComplaints ?? []).map((c) => c.contactId))
  const received = snapshot.complaints.filter((c) => !open.has(c.contactId))
  const complaints = received.slice(0, capOf(config, mode))
  for (const c of complaints) {
    items.push(`· ⚠️ ${c.name}（${tierLabel(c.tier)}）${formatMonthDay(c.at, tz)}投诉${c.text ? `：${quote(c.text)}` : ''}，尽快处理`)
  }
  if (received.length > complaints.length) items.push(restLine(received.length - complaints.length, '条投诉', mode))
  if (items.length === 0) return null
  return { title: '📈 等级变化和投诉（自上次日报）', items }
}

/**
 * Why the wake-up list has fewer people than the funnel's 沉默 (issue 18 §9): the list leaves out
 * those below L2, snoozed ones and ones the merchant wrote to recently without an answer; 沉睡 are never chased.
 */
function explainWakeUpCount(snapshot: DigestSnapshot, config: Config): string | null {
  const f = snapshot.funnel
  const out = snapshot.silentLeftOut
  if (!out || f.activity.silent === 0) return null
  const parts: string[] = []
  if (out.belowL2 > 0) parts.push(`${out.belowL2} 位还不到 L2`)
  if (out.snoozed > 0) parts.push(`${out.snoozed} 位你暂停了提醒`)
  if (out.nudged > 0) parts.push(`${out.nudged} 位 ${config.digest.noAnswerDays} 天内你发过消息还没回`)
  if (parts.length === 0) return null
  const dormant = f.activity.dormant > 0 ? `；沉睡的 ${f.activity.dormant} 位不追，等他们自己来` : ''
  return `（沉默 ${f.activity.silent} 位里待唤醒 ${snapshot.silentTotal} 位，其余：${parts.join('，')}${dormant}）`
}

export const funnelSection: Rows<Section> = (snapshot, _now, config) => {
  const f = snapshot.funnel
  const items = [...TIERS].reverse().map((t) => `${tierLabel(t)}：${f.tiers[t]}`)
  items.push(`沉默 ${f.activity.silent} · 沉睡 ${f.activity.dormant}${f.activity.lost > 0 ? ` · 流失 ${f.activity.lost}` : ''} · 共 ${f.total} 人`)
  const why = explainWakeUpCount(snapshot, config)
  if (why) items.push(why)
  return { title: '📊 客户分布', items }
}
