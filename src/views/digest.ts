import { seasonHint } from '../occasions/section.js'
import type { Config } from '../config/schema.js'
import { formatMonthDay, localDaysBetween } from '../shared/day.js'
import { displayNamesFor } from '../contacts/names.js'
import type { Db } from '../store/client.js'
import { tierLabel, type Tier } from '../tiers/ladder.js'
import { decayScore, type DatedContribution } from './intent.js'
import { isReplenishDue, replenishDue } from './rhythm.js'
import { formatAgo, listCap, restLine, type ListMode } from '../digest/sections.js'

/*
 * The views' part of the morning digest: "高意向，还没成交" (seed 003: push the warm ones to close),
 * "老客该复购了" (seed 004: from each customer's own buying rhythm), and the referral thank-you (seed
 * 001's 推荐奖励). The loader reads; the sections are pure functions of what it read and `now`.
 */

export interface HotUnsoldRow { contactId: string; name: string; tier: Tier; score: number; at: number | null; top: string }
export interface ReplenishRow { contactId: string; name: string; tier: Tier; orderTimes: number[] }
export interface ThanksRow { contactId: string; name: string; count: number }

export interface ViewsDigest {
  hotUnsold: HotUnsoldRow[]
  replenish: ReplenishRow[]
  thanks: ThanksRow[]
}

interface Section { title: string; items: string[] }

const NAME = `COALESCE(NULLIF(c.name, ''), v.contact_id) AS name, COALESCE(c.remark, '') AS remark`
const JOINS = `JOIN tiers t ON t.account_id = v.account_id AND t.contact_id = v.contact_id
  LEFT JOIN contacts c ON c.account_id = v.account_id AND c.id = v.contact_id
  LEFT JOIN snoozes sn ON sn.account_id = v.account_id AND sn.contact_id = v.contact_id AND sn.until > @now`

const cache = new WeakMap<object, ReturnType<typeof prepare>>()

function prepare(db: Db) {
  const sqlite = db.$client
  return {
    hot: sqlite.prepare(`SELECT v.contact_id AS contactId, ${NAME}, t.tier, s.intent_score AS score, s.intent_at AS at, s.intent_top AS top
      FROM contact_views v ${JOINS}
      JOIN contact_stats s ON s.account_id = v.account_id AND s.contact_id = v.contact_id
      WHERE v.account_id = @account AND v.intent_band = '高' AND v.stage = '潜在' AND t.activity NOT IN ('dormant', 'lost') AND sn.until IS NULL
      ORDER BY s.intent_at DESC LIMIT 200`),
    // Not after a complaint about the last order: that customer needs an apology, not a sales nudge.
    regulars: sqlite.prepare(`SELECT v.contact_id AS contactId, ${NAME}, t.tier
      FROM contact_views v ${JOINS}
      JOIN contact_stats s ON s.account_id = v.account_id AND s.contact_id = v.contact_id
      WHERE v.account_id = @account AND v.stage IN ('老客', '忠诚') AND v.sleep IS NOT '永久性沉睡' AND t.activity IS NOT 'lost' AND sn.until IS NULL
        AND NOT (s.last_complaint_at IS NOT NULL AND s.last_complaint_at >= COALESCE(s.last_order_at, 0))`),
    orderTimes: sqlite.prepare(`SELECT at FROM orders WHERE account_id = ? AND contact_id = ? AND kind = 'payment'
      AND refunded_at IS NULL ORDER BY at`).pluck(),
    thanks: sqlite.prepare(`SELECT r.referrer_contact_id AS contactId, COALESCE(NULLIF(c.name, ''), r.referrer_contact_id) AS name,
        COALESCE(c.remark, '') AS remark, COUNT(*) AS count
      FROM referrals r LEFT JOIN contacts c ON c.account_id = r.account_id AND c.id = r.referrer_contact_id
      WHERE r.account_id = @account AND r.at >= @since GROUP BY r.referrer_contact_id ORDER BY count DESC, MIN(r.at)`),
  }
}

/** Read inside the digest's read transaction; undefined when the views are off. */
export function loadViewsDigest(db: Db, accountId: string, now: number, since: number, config: Config): ViewsDigest | undefined {
  if (!config.views.enabled) return undefined
  let st = cache.get(db.$client)
  if (!st) cache.set(db.$client, (st = prepare(db)))
  // One display name everywhere the merchant reads one (the remark, else the WeChat name).
  const names = displayNamesFor(db, config.labels.remarkPrefix)
  const regulars = st.regulars.all({ account: accountId, now }) as Array<Omit<ReplenishRow, 'orderTimes'>>
  return {
    hotUnsold: names.fill(accountId, st.hot.all({ account: accountId, now }) as HotUnsoldRow[]),
    replenish: names.fill(accountId, regulars.map((r) => ({ ...r, orderTimes: st.orderTimes.all(accountId, r.contactId) as number[] }))),
    thanks: names.fill(accountId, st.thanks.all({ account: accountId, since }) as ThanksRow[]),
  }
}

export function hotUnsoldSection(v: ViewsDigest | undefined, now: number, config: Config, mode: ListMode = 'digest'): Section | null {
  if (!v) return null
  const half = config.views.intent.halfLifeDays
  const rows = v.hotUnsold
    .map((r) => ({ ...r, now: decayScore({ score: r.score, at: r.at }, now, half) }))
    .sort((a, b) => b.now - a.now)
  if (rows.length === 0) return null
  const shown = rows.slice(0, listCap(config.views.digestPerSection, mode === 'hot' ? 'digest' : mode))
  const items = shown.map((r) => {
    const top = (JSON.parse(r.top) as DatedContribution[])[0]
    const why = top ? `：${formatAgo(top.at, now, config.timezone)} ${top.label}${top.text ? `“${top.text}”` : ''}` : ''
    return `· ${r.name}（${tierLabel(r.tier)}）意向 ${Math.round(r.now)} 分${why}`
  })
  if (rows.length > shown.length) items.push(`（共 ${rows.length} 位，发 /list 高意向 看全部）`)
  return { title: '🎯 高意向，还没成交：趁热推一把', items }
}

export function replenishSection(v: ViewsDigest | undefined, now: number, config: Config, mode: ListMode = 'digest'): Section | null {
  if (!v) return null
  const due = v.replenish
    .map((r) => ({ r, due: replenishDue(r.orderTimes, config.digest.replenishDays) }))
    .filter((x): x is { r: ReplenishRow; due: NonNullable<typeof x.due> } => x.due !== null && isReplenishDue(x.due, now))
    // The 购后跟进 section already reminds those whose last order is exactly the replenish days old.
    .filter((x) => localDaysBetween(Math.max(...x.r.orderTimes), now, config.timezone) !== config.digest.replenishDays)
    .sort((a, b) => a.due.dueAt - b.due.dueAt)
  if (due.length === 0) return null
  const shown = due.slice(0, listCap(config.views.digestPerSection, mode))
  // A rhythm that comes round at a season change gets the 换季 line (as the 购后跟进 reminder does).
  const season = seasonHint(now, config)
  const ask = season ? `问问是不是快用完了，${season}，顺便推荐换季款` : '问问是不是快用完了'
  const items = shown.map(({ r, due: d }) => {
    const last = formatMonthDay(Math.max(...r.orderTimes), config.timezone)
    const rhythm = d.own ? `平时约 ${d.gapDays} 天买一次` : `买过 ${r.orderTimes.length} 次`
    return `· ${r.name}（${tierLabel(r.tier)}）${rhythm}，上次 ${last}：${ask}`
  })
  if (due.length > shown.length) items.push(restLine(due.length - shown.length, '位', mode))
  return { title: '🔁 老客该复购了', items }
}

export function referralThanksSection(v: ViewsDigest | undefined, config: Config, mode: ListMode = 'digest'): Section | null {
  if (!v || v.thanks.length === 0) return null
  const shown = v.thanks.slice(0, listCap(config.views.digestPerSection, mode))
  const items = shown.map((t) => `· ${t.name} 介绍了 ${t.count} 位新朋友：记得感谢`)
  if (v.thanks.length > shown.length) items.push(restLine(v.thanks.length - shown.length, '位介绍人', mode))
  return { title: '🙏 老客户带新朋友', items }
}
