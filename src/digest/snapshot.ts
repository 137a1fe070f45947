import type Database from 'better-sqlite3'
import type { Config } from '../config/schema.js'
import { DAY_MS } from '../shared/clock.js'
import { localDay, startOfLocalDay } from '../shared/day.js'
import type { Db } from '../store/client.js'
import type { Activity, Tier } from '../tiers/ladder.js'
import { cachedStatements } from '../store/statements.js'
import { listLostSince } from '../lost/store.js'
import { displayNamesFor } from '../contacts/names.js'
import { loadOccasions } from '../occasions/load.js'
import { loadViewsDigest } from '../views/digest.js'
import { inboundMarkBefore } from './inbound-marks.js'
import { windowStart } from '../tiers/format.js'
import type {
  ComplaintRow, DigestSnapshot, FunnelCounts, ImportNote, InquiryRow, NeverBoughtRow, OrderRow, SilentRow, TierChangeRow, WarmingRow,
} from './types.js'

/*
 * One read of the account for the digest. At 100k contacts the digest must build in ≤ 0.5 s, so each
 * section filters in SQL (only silent ≥ L2, only pending inquiries, only recent orders …) and the
 * builder gets small lists. The builder re-applies the rules, so the SQL filters are an optimisation only.
 */

export interface SnapshotOptions {
  /** Most wake-up candidates to load (/silent N may ask for more than the digest shows). */
  silentLimit?: number
  /** Load only the wake-up list (/silent): the other sections stay empty. */
  onlySilent?: boolean
  /** Most rows of a capped list to load (/hot shows more per section than the digest). */
  listLimit?: number
}

// Adds the contact's name and a running snooze to a query over a table aliased `x` (account_id, contact_id).
function selectWho(columns: string, from: string, x: string, rest: string): string {
  return `SELECT ${columns}, COALESCE(NULLIF(c.name, ''), ${x}.contact_id) AS name, COALESCE(c.remark, '') AS remark, sn.until AS snoozedUntil
  ${from}
  LEFT JOIN contacts c ON c.account_id = ${x}.account_id AND c.id = ${x}.contact_id
  LEFT JOIN snoozes sn ON sn.account_id = ${x}.account_id AND sn.contact_id = ${x}.contact_id AND sn.until > @now
  ${rest}`
}

/**
 * The first @limit rows of a ranked list with their names, and how many rows the list has in all (`total`,
 * on every row). Names are joined after the LIMIT, so a list of 20 000 candidates looks up 20 names, not
 * 20 000. The outer query keeps the inner order: the ranked rows drive the LEFT JOIN.
 */
function namedTop(columns: string, from: string, where: string): string {
  return `SELECT x.*, COALESCE(NULLIF(c.name, ''), x.contactId) AS name, COALESCE(c.remark, '') AS remark, NULL AS snoozedUntil
  FROM (SELECT ${columns}, COUNT(*) OVER () AS total ${from} ${where} LIMIT @limit) x
  LEFT JOIN contacts c ON c.account_id = @account AND c.id = x.contactId`
}

const SNOOZE_JOIN = `LEFT JOIN snoozes sn ON sn.account_id = t.account_id AND sn.contact_id = t.contact_id AND sn.until > @now`
// The merchant wrote last, recently, and got no answer: leave them be (no harassment).
const NUDGED = `(s.last_outbound_at IS NOT NULL AND s.last_outbound_at > COALESCE(s.last_inbound_at, 0)
  AND s.last_outbound_at >= @noAnswerSince)`
const NOT_ANSWERED_RECENTLY = `NOT ${NUDGED}`
// Open complaints: a complaint after the merchant's last message, not marked handled since.
const OPEN_COMPLAINTS_WHERE = `LEFT JOIN complaints_handled h ON h.account_id = s.account_id AND h.contact_id = s.contact_id
  WHERE s.account_id = @account AND s.last_complaint_at IS NOT NULL AND s.last_complaint_at > COALESCE(s.last_outbound_at, 0)
    AND (h.handled_at IS NULL OR h.handled_at < s.last_complaint_at)`
const OPEN_COMPLAINTS = `FROM contact_stats s LEFT JOIN tiers t ON t.account_id = s.account_id AND t.contact_id = s.contact_id
  LEFT JOIN contacts c ON c.account_id = s.account_id AND c.id = s.contact_id
  ${OPEN_COMPLAINTS_WHERE}`
const SILENT_WHERE = `WHERE t.account_id = @account AND t.activity = 'silent' AND t.tier >= 2
  AND s.last_inbound_at IS NOT NULL AND sn.until IS NULL AND ${NOT_ANSWERED_RECENTLY}`
const NEVER_BOUGHT_WHERE = `WHERE t.account_id = @account AND t.tier = 3 AND t.activity <> 'dormant'
  AND s.orders = 0 AND sn.until IS NULL`
// Seed 004: a silent buyer whose last experience was a complaint is the first to reach out to.
const COMPLAINT_SLEEPER = `(s.orders > 0 AND s.last_complaint_at IS NOT NULL AND s.last_complaint_at >= s.last_order_at)`
const TIERS_STATS = `FROM tiers t JOIN contact_stats s ON s.account_id = t.account_id AND s.contact_id = t.contact_id`
// A customer who just wrote may not be classified yet: such rows still count, as L1 (some inbound) and active.
const STATS_TIERS = `FROM contact_stats s LEFT JOIN tiers t ON t.account_id = s.account_id AND t.contact_id = s.contact_id`
const STATS_BASE = `s.contact_id AS contactId, COALESCE(t.tier, 1) AS tier, COALESCE(t.activity, 'active') AS activity`
const BASE = 't.contact_id AS contactId, t.tier, t.activity'
const WARMING_COLUMNS = `${STATS_BASE}, s.active_days AS activeDays, s.last_complaint_at AS lastComplaintAt`
// Cheap filter first (inbound since yesterday), then the JSON: the Nth newest active day is recent enough.
const WARMING_WHERE = `s.last_inbound_at >= @warmSince AND COALESCE(t.activity, 'active') <> 'dormant'
  AND json_extract(s.active_days, @nthPath) >= @warmMinDay ORDER BY s.last_inbound_at DESC, s.contact_id LIMIT @limit`

function prepareStatements(sqlite: Database.Database) {
  return {
    since: sqlite.prepare(`SELECT MAX(at) AS at FROM digest_log
      WHERE account_id = @account AND kind = 'daily' AND status = 'sent' AND day < @today`),
    inquiries: sqlite.prepare(selectWho(`${STATS_BASE}, s.unanswered_intent_at AS at, s.unanswered_intent_text AS text`,
      STATS_TIERS, 's', `WHERE s.account_id = @account AND s.unanswered_intent_at >= @inquirySince
      AND COALESCE(t.activity, 'active') <> 'dormant' ORDER BY s.unanswered_intent_at LIMIT @limit`)),
    // The count rides along (a window over the same rows): one pass over the candidates, and names are
    // joined for the rows shown only.
    silent: sqlite.prepare(namedTop(`${BASE}, s.last_inbound_at AS lastInboundAt, s.last_outbound_at AS lastOutboundAt,
      s.spend_fen AS spendFen, s.orders, s.last_complaint_at AS lastComplaintAt, s.last_order_at AS lastOrderAt`, `${TIERS_STATS} ${SNOOZE_JOIN}`,
    `${SILENT_WHERE} ORDER BY ${COMPLAINT_SLEEPER} DESC, t.tier DESC, s.spend_fen DESC, s.last_inbound_at DESC`)),
    // Snoozed wake-up candidates, driven by the (small) snoozes table: why the list is shorter than the funnel.
    silentSnoozed: sqlite.prepare(`SELECT COUNT(*) AS n FROM snoozes sn
      CROSS JOIN tiers t ON t.account_id = sn.account_id AND t.contact_id = sn.contact_id
      WHERE sn.account_id = @account AND sn.until > @now AND t.activity = 'silent' AND t.tier >= 2`),
    // Who wrote since yesterday, from the interactions written after an inbound mark (inbound-marks.ts):
    // a few days of rows instead of every contact's stats.
    warmingAfterMark: sqlite.prepare(selectWho(WARMING_COLUMNS, `FROM (SELECT DISTINCT contact_id FROM interactions
        WHERE rowid > @mark AND +account_id = @account AND direction = 'in' AND at >= @warmSince) i
      CROSS JOIN contact_stats s ON s.account_id = @account AND s.contact_id = i.contact_id
      LEFT JOIN tiers t ON t.account_id = s.account_id AND t.contact_id = s.contact_id`, 's', `WHERE ${WARMING_WHERE}`)),
    // Without a mark: one pass over the stats in table order (`+` keeps the planner off the primary key
    // index, which names every row of the account and fetches each from the table out of order: 3× slower).
    warming: sqlite.prepare(selectWho(WARMING_COLUMNS, STATS_TIERS, 's', `WHERE +s.account_id = @account AND ${WARMING_WHERE}`)),
    // An order without a tiers row yet still gets its follow-up (a payment means L4).
    orders: sqlite.prepare(selectWho(`o.id AS orderId, o.contact_id AS contactId, o.at, o.amount_fen AS amountFen,
      COALESCE(t.tier, 4) AS tier, COALESCE(t.activity, 'active') AS activity, s.last_complaint_at AS lastComplaintAt`,
    `FROM orders o LEFT JOIN tiers t ON t.account_id = o.account_id AND t.contact_id = o.contact_id
      LEFT JOIN contact_stats s ON s.account_id = o.account_id AND s.contact_id = o.contact_id`, 'o',
    `WHERE o.account_id = @account AND o.kind = 'payment' AND o.refunded_at IS NULL AND o.at >= @orderSince
      ORDER BY o.at`)),
    neverBought: sqlite.prepare(namedTop(`${BASE}, s.approvals, s.intents, s.recent, s.last_inbound_at AS lastInboundAt, t.pinned_tier AS pinnedTier`,
      `${TIERS_STATS} ${SNOOZE_JOIN}`, `${NEVER_BOUGHT_WHERE} ORDER BY s.last_inbound_at DESC`)),
    // Only people still on the ladder (the inner join): an admin's rung from before they were made admin is gone.
    // nowTier: where the contact stands now, which a change dated before the window (a back-dated /paid) may have moved.
    changes: sqlite.prepare(`SELECT h.contact_id AS contactId, h.from_tier AS fromTier, h.to_tier AS toTier, h.at, h.cause,
      t.tier AS nowTier, COALESCE(NULLIF(c.name, ''), h.contact_id) AS name, COALESCE(c.remark, '') AS remark
      FROM (
        -- Two index-friendly halves (an OR across them read the account's whole history): changes
        -- since the last digest, by time; and changes made since then by a payment or refund dated before
        -- it (/paid 张三 199 3天前 moved the rung now), through the payer's own history.
        SELECT account_id, contact_id, at, seq FROM tier_history WHERE account_id = @account AND at >= @since
        UNION
        SELECT hh.account_id, hh.contact_id, hh.at, hh.seq FROM orders o CROSS JOIN tier_history hh
          ON hh.account_id = o.account_id AND hh.contact_id = o.contact_id AND hh.cause = o.kind AND hh.cause_ref = CAST(o.id AS TEXT)
        WHERE o.account_id = @account AND o.created_at >= @since AND o.at < @since
      ) picked
      JOIN tier_history h ON h.account_id = picked.account_id AND h.contact_id = picked.contact_id AND h.at = picked.at AND h.seq = picked.seq
      JOIN tiers t ON t.account_id = h.account_id AND t.contact_id = h.contact_id
      LEFT JOIN contacts c ON c.account_id = h.account_id AND c.id = h.contact_id
      WHERE h.from_tier IS NOT NULL AND h.from_tier <> h.to_tier AND h.cause <> 'import'
      -- A contact's changes in the order tierbot made them (seq): first rung → last rung holds even when
      -- one is dated back. Contacts in the order of their first change shown.
      ORDER BY MIN(h.at) OVER (PARTITION BY h.contact_id), h.contact_id, h.seq`),
    // What a history import did is one line, not hundreds of rung changes.
    // A run that finished what an interrupted one started reports both (`resumed`).
    imports: sqlite.prepare(`SELECT finished_at AS at,
      COALESCE(json_extract(summary, '$.messages.imported'), 0) + COALESCE(json_extract(summary, '$.resumed.messages'), 0) AS messages,
      COALESCE(json_extract(summary, '$.orders.imported'), 0) + COALESCE(json_extract(summary, '$.orders.transfers'), 0)
        + COALESCE(json_extract(summary, '$.resumed.orders'), 0) + COALESCE(json_extract(summary, '$.resumed.transfers'), 0) AS orders,
      COALESCE(json_extract(summary, '$.changes'), 0) AS changes
      FROM import_runs WHERE account_id = @account AND status = 'done' AND finished_at >= @since ORDER BY finished_at`),
    complaints: sqlite.prepare(`SELECT s.contact_id AS contactId, s.last_complaint_at AS at, s.recent,
      COALESCE(t.tier, 0) AS tier, COALESCE(NULLIF(c.name, ''), s.contact_id) AS name, COALESCE(c.remark, '') AS remark
      FROM contact_stats s LEFT JOIN tiers t ON t.account_id = s.account_id AND t.contact_id = s.contact_id
      LEFT JOIN contacts c ON c.account_id = s.account_id AND c.id = s.contact_id
      WHERE s.account_id = @account AND s.last_complaint_at >= @since ORDER BY s.last_complaint_at`),
    // A complaint stays on the list until the merchant answers in chat or marks it handled (/handled).
    openComplaints: sqlite.prepare(`SELECT s.contact_id AS contactId, s.last_complaint_at AS at, s.recent,
      COALESCE(t.tier, 0) AS tier, COALESCE(NULLIF(c.name, ''), s.contact_id) AS name, COALESCE(c.remark, '') AS remark
      ${OPEN_COMPLAINTS} ORDER BY s.last_complaint_at LIMIT @limit`),
    // The count reads only what decides "open": a rung and a name per complaint would be two lookups each for nothing.
    openComplaintsCount: sqlite.prepare(`SELECT COUNT(*) AS n FROM contact_stats s ${OPEN_COMPLAINTS_WHERE}`),
    funnel: sqlite.prepare(`SELECT tier, activity, COUNT(*) AS n FROM tiers WHERE account_id = @account
      GROUP BY tier, activity`),
  }
}

const statementsFor = cachedStatements(prepareStatements)

export function loadDigestSnapshot(db: Db, accountId: string, now: number, config: Config, options: SnapshotOptions = {}): DigestSnapshot {
  const st = statementsFor(db.$client)
  const tz = config.timezone
  const d = config.digest
  const todayStart = startOfLocalDay(now, tz)
  const listLimit = Math.max(d.maxPerSection, options.listLimit ?? 0)
  const limit = Math.max(listLimit, d.wakeUpCount)
  const account = accountId
  const n = d.warmingConsecutiveDays
  const maxFollowUp = Math.max(d.replenishDays, ...d.followUpDays)
  const noAnswerSince = windowStart(now, d.noAnswerDays, config.timezone)

  const names = displayNamesFor(db, config.labels.remarkPrefix)
  // Rows carry the contact's name and remark: the display name is computed without another query, and
  // only for the rows the digest shows (a section lists 10 of its hundreds).
  const named = <T extends { contactId: string; name: string }>(rows: T[]): T[] => names.fillLazily(accountId, rows)
  const silentLimit = Math.max(options.silentLimit ?? 0, limit)
  if (options.onlySilent) {
    const silent = top<SilentRow>(st.silent.all({ account, now, noAnswerSince, limit: silentLimit }))
    return {
      accountId, since: now - DAY_MS, inquiries: [], warming: [], orders: [], neverBought: [], neverBoughtTotal: 0, changes: [], complaints: [],
      silent: named(silent.rows), silentTotal: silent.total, funnel: countFunnel([]),
    }
  }

  // One read transaction: every section sees the same state of the database.
  const read = db.$client.transaction((): DigestSnapshot => {
    const lastDaily = (st.since.get({ account, today: localDay(now, tz) }) as { at: number | null }).at
    const since = lastDaily ?? now - DAY_MS
    const funnelRows = st.funnel.all({ account }) as Array<{ tier: Tier; activity: Activity; n: number }>
    const warmSince = todayStart - DAY_MS
    // An interactions row costs about a ninth of a stats row to read (narrower, and in write order).
    const funnel = countFunnel(funnelRows)
    const mark = inboundMarkBefore(db, account, warmSince, 8 * Math.max(1000, funnel.total))
    const warmingArgs = { account, now, warmSince, nthPath: `$[${n - 1}]`, warmMinDay: localDay(todayStart - n * DAY_MS, tz), limit: 1000 }
    const warmingRows = (mark === null ? st.warming.all(warmingArgs) : st.warmingAfterMark.all({ ...warmingArgs, mark })) as
      Array<Omit<WarmingRow, 'activeDays'> & { activeDays: string }>
    const silent = top<SilentRow>(st.silent.all({ account, now, noAnswerSince, limit: silentLimit }))
    const silentTotal = silent.total
    const neverBought = top<NeverBoughtRow>(st.neverBought.all({ account, now, limit }))
    return {
      accountId,
      since,
      inquiries: named(st.inquiries.all({ account, now, inquirySince: windowStart(now, d.inquiryMaxAgeDays, config.timezone), limit: 1000 }) as InquiryRow[]),
      silent: named(silent.rows),
      silentTotal,

      warming: named(warmingRows.map((r) => ({ ...r, activeDays: parseJsonArray(r.activeDays).filter(isString) }))),
      orders: named(st.orders.all({ account, now, orderSince: todayStart - (maxFollowUp + 1) * DAY_MS }) as OrderRow[]),
      neverBought: named(neverBought.rows),
      neverBoughtTotal: neverBought.total,
      imports: st.imports.all({ account, since }) as ImportNote[],
      changes: named(mergeChanges(st.changes.all({ account, since }) as RawChange[])),
      complaints: named((st.complaints.all({ account, since }) as RawComplaint[]).map((r) => toComplaint(r, since))),
      openComplaints: named((st.openComplaints.all({ account, limit: listLimit }) as RawComplaint[]).map((r) => toComplaint(r, 0))),
      openComplaintsTotal: (st.openComplaintsCount.get({ account }) as { n: number }).n,
      lost: named(listLostSince(db, account, since, now)),
      funnel,
      silentLeftOut: leftOut(funnelRows, silentTotal, (st.silentSnoozed.get({ account, now }) as { n: number }).n),
      occasions: loadOccasions(db, accountId, now, config),
      views: loadViewsDigest(db, accountId, now, since, config),
    }
  })
  return read()
}

/** Splits namedTop's rows into the rows and the list's total (0 when the list is empty). */
function top<T>(raw: unknown[]): { rows: T[]; total: number } {
  const rows = raw as Array<T & { total?: number }>
  const total = rows[0]?.total ?? 0
  for (const r of rows) delete r.total
  return { rows, total }
}

interface RawChange { contactId: string; name: string; remark?: string; fromTier: Tier; toTier: Tier; nowTier?: Tier; at: number; cause?: string }
interface RawComplaint { contactId: string; name: string; remark?: string; tier: Tier; at: number; recent: string }

/** Several changes of one contact since the last digest show as one: first rung → last rung. */
function mergeChanges(rows: RawChange[]): TierChangeRow[] {
  const byContact = new Map<string, TierChangeRow>()
  for (const r of rows) {
    const seen = byContact.get(r.contactId)
    if (seen) {
      seen.to = r.toTier
      seen.at = r.at
      seen.cause = r.cause
    } else {
      byContact.set(r.contactId, { contactId: r.contactId, name: r.name, remark: r.remark, from: r.fromTier, to: r.toTier, at: r.at, cause: r.cause })
    }
  }
  // The line ends where the contact stands now (the funnel's rung): a change recorded today but dated
  // before the window (`/paid 张三 199 10月15日`) is not in the rows, yet it moved the rung.
  for (const r of rows) {
    const c = byContact.get(r.contactId)!
    if (r.nowTier !== undefined && r.nowTier !== null) c.to = r.nowTier
  }
  return [...byContact.values()].filter((c) => c.from !== c.to)
}

function toComplaint(r: RawComplaint, since: number): ComplaintRow {
  const events = parseJsonArray(r.recent) as Array<{ kind?: string; at?: number; text?: string } | null>
  let latest: { at?: number; text?: string } | undefined
  for (const e of events) {
    if (e && e.kind === 'complaint' && typeof e.at === 'number' && e.at >= since && (!latest || e.at > (latest.at ?? 0))) latest = e
  }
  return { contactId: r.contactId, name: r.name, remark: r.remark, tier: r.tier, at: r.at, text: latest?.text ?? '' }
}

/**
 * The funnel's silent customers who are not wake-up candidates, by reason: below L2 (from the funnel's
 * own counts), snoozed, and the rest of those ≥ L2, whom the merchant messaged recently without an answer.
 */
function leftOut(funnel: Array<{ tier: Tier; activity: Activity; n: number }>, candidates: number, snoozed: number) {
  let belowL2 = 0
  let atLeastL2 = 0
  for (const r of funnel) {
    if (r.activity !== 'silent') continue
    if (r.tier < 2) belowL2 += r.n
    else atLeastL2 += r.n
  }
  return { belowL2, snoozed, nudged: Math.max(0, atLeastL2 - snoozed - candidates) }
}

function countFunnel(rows: Array<{ tier: Tier; activity: Activity; n: number }>): FunnelCounts {
  const funnel: FunnelCounts = {
    total: 0,
    tiers: { 0: 0, 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
    activity: { new: 0, active: 0, silent: 0, dormant: 0, lost: 0 },
  }
  for (const r of rows) {
    funnel.total += r.n
    funnel.tiers[r.tier] = (funnel.tiers[r.tier] ?? 0) + r.n
    funnel.activity[r.activity] = (funnel.activity[r.activity] ?? 0) + r.n
  }
  return funnel
}

function isString(v: unknown): v is string {
  return typeof v === 'string'
}

function parseJsonArray(text: string | null): unknown[] {
  if (!text) return []
  try {
    const value: unknown = JSON.parse(text)
    return Array.isArray(value) ? value : []
  } catch {
    return []
  }
}
