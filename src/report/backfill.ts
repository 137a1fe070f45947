import { resolveAdmins } from '../commands/auth.js'
import type { Config } from '../config/schema.js'
import type { ChatEvent, MessageKind } from '../platform/types.js'
import { detectSignals } from '../signals/detect.js'
import { applyEventToStats, countsForStats } from '../stats/apply.js'
import { emptyStats, type StatsRow } from '../stats/repo.js'
import { DAY_MS } from '../shared/clock.js'
import { localDay } from '../shared/day.js'
import type { Db } from '../store/client.js'
import { classifyContact } from '../tiers/classify.js'
import type { Activity, Tier } from '../tiers/ladder.js'
import { ACTIVITY_ORDER, createSnapshotStore, type DaySnapshot, type MoveRow } from './snapshot-store.js'
import { addDays, dayStart, isoWeekday } from './week.js'

/*
 * Snapshots for days the daily pass never saw (history imported or played back, a fresh install):
 * the evidence is replayed in time order through the same pure stats and ladder rules, and each
 * missing week start gets the funnel as it stood at its midnight; every missing day gets its counts.
 * Costs one read of the interaction log, so it runs once (first start with history, after an import),
 * never per report. Pins are left out: when a pin was set is not recorded.
 */

interface OrderFact { at: number; fen: number; refundedAt: number | null }
type InteractionRow = [string, string | null, 'in' | 'out', string, number, number, string | null, string]

/** Write snapshots for missing days within the last `weeks` weeks (before today); returns rows written. */
export function backfillSnapshots(db: Db, config: Config, accountId: string, now: number, weeks = config.report.weeks + 1,
  notCustomers: Iterable<string> = resolveAdmins(db, accountId, config.admins, { remarkPrefix: config.labels.remarkPrefix, now }).ids): number {
  // Not on the ladder, so in no funnel: the account itself and its admins (as the daily pass's snapshot).
  const skip = new Set([accountId, ...notCustomers])
  const tz = config.timezone
  const store = createSnapshotStore(db)
  const sqlite = db.$client
  const today = localDay(now, tz)
  const first = sqlite.prepare(`SELECT MIN(at) AS at FROM (
      SELECT MIN(COALESCE(added_at, first_seen_at)) AS at FROM contacts WHERE account_id = ?
      UNION ALL SELECT MIN(at) FROM interactions WHERE account_id = ?)`).get(accountId, accountId) as { at: number | null }
  if (first.at === null) return 0
  const from = [addDays(today, -7 * weeks), localDay(first.at, tz)].sort().at(-1)!
  const yesterday = addDays(today, -1)
  const present = store.daysPresent(accountId, from, yesterday)
  const missing: string[] = []
  for (let d = from; d <= yesterday; d = addDays(d, 1)) if (!present.has(d)) missing.push(d)
  if (missing.length === 0) return 0

  // Every Monday midnight in reach: missing ones get the funnel; consecutive ones give the week's moves.
  const mondays: string[] = []
  for (let d = from; d <= today; d = addDays(d, 1)) if (isoWeekday(d) === 1) mondays.push(d)
  const boundaries = mondays.map((d) => dayStart(d, tz))
  const levels = boundaries.map(() => ({ tiers: [0, 0, 0, 0, 0, 0], activity: ACTIVITY_ORDER.map(() => 0) }))
  /** Net moves of the week ending at boundary b, stored on that week's Sunday. */
  const weekMoves = boundaries.map((): MoveRow[] => [])
  const missingSet = new Set(missing)
  const woken = new Map<string, number>()
  const rules = { ladder: config.ladder, activity: config.activity, timezone: tz }
  const silentMs = config.activity.silentAfterDays * DAY_MS

  const orders = new Map<string, OrderFact[]>()
  for (const r of sqlite.prepare(`SELECT contact_id AS contactId, at, COALESCE(amount_fen, 0) AS fen, refunded_at AS refundedAt
      FROM orders WHERE account_id = ? AND kind = 'payment'`).all(accountId) as Array<OrderFact & { contactId: string }>) {
    const list = orders.get(r.contactId) ?? []
    list.push(r)
    orders.set(r.contactId, list)
  }
  const addedAt = new Map<string, number>()
  const names = new Map<string, string>()
  for (const [id, at, name] of sqlite.prepare(`SELECT id, COALESCE(added_at, first_seen_at), COALESCE(NULLIF(name, ''), id)
      FROM contacts WHERE account_id = ?`).raw().all(accountId) as Array<[string, number, string]>) {
    if (skip.has(id)) continue
    addedAt.set(id, at)
    names.set(id, name)
  }
  let lastTier: Tier | null = null

  /** Place one contact at each boundary from `b` on whose time is before `until`; returns the next boundary. */
  const placeUntil = (contactId: string, stats: StatsRow | null, b: number, until: number): number => {
    for (; b < boundaries.length && boundaries[b] <= until; b++) {
      const t = boundaries[b]
      const known = addedAt.get(contactId) ?? Infinity
      if (known >= t && (stats === null || (stats.firstInboundAt ?? Infinity) >= t) && !hasOrderBefore(orders.get(contactId), t)) continue
      const c = classifyContact({ stats: stats ? withOrders(stats, orders.get(contactId), t) : orderOnlyStats(accountId, contactId, orders.get(contactId), t), addedAt: known === Infinity ? null : known, pinnedTier: null }, rules, t)
      levels[b].tiers[c.tier] += 1
      const slot = (ACTIVITY_ORDER as readonly Activity[]).indexOf(c.activity)
      if (slot >= 0) levels[b].activity[slot] += 1
      if (b > 0 && lastTier !== null && lastTier !== c.tier) {
        weekMoves[b].push({ contactId, name: names.get(contactId) ?? contactId, from: lastTier, to: c.tier, at: t })
      }
      lastTier = c.tier
    }
    return b
  }

  const seen = new Set<string>()
  let current: string | undefined
  let stats: StatsRow | null = null
  let b = 0
  const iterate = sqlite.prepare(`SELECT contact_id, room_id, direction, type, raw_type, at, text, message_id
    FROM interactions WHERE account_id = ? ORDER BY contact_id, at`).raw().iterate(accountId) as IterableIterator<InteractionRow>
  for (const [contactId, roomId, direction, type, rawType, at, text, messageId] of iterate) {
    if (skip.has(contactId)) continue
    if (contactId !== current) {
      if (current !== undefined) placeUntil(current, stats, b, Infinity)
      current = contactId
      seen.add(contactId)
      stats = null
      b = 0
      lastTier = null
    }
    b = placeUntil(contactId, stats, b, at)
    const event: ChatEvent = {
      accountId, messageId, chat: roomId ? 'group' : 'private', direction, kind: type as MessageKind, rawType, at,
      text: text ?? '', talkerId: contactId, talkerName: '', contactId, ...(roomId ? { roomId } : {}),
    }
    if (!countsForStats(event)) continue
    const row = stats ?? emptyStats(accountId, contactId, at)
    const before = row.lastInboundAt
    if (direction === 'in' && before !== null && at - before > silentMs) {
      const day = localDay(at, tz)
      if (missingSet.has(day)) woken.set(day, (woken.get(day) ?? 0) + 1)
    }
    stats = applyEventToStats(row, event, detectSignals(event, config.signals), tz, at)
  }
  if (current !== undefined) placeUntil(current, stats, b, Infinity)
  for (const id of addedAt.keys()) {
    if (seen.has(id)) continue
    lastTier = null
    placeUntil(id, null, 0, Infinity)
  }

  const rows: DaySnapshot[] = missing.map((day) => {
    const i = mondays.indexOf(day)
    const level = i >= 0 ? levels[i] : null
    const closes = mondays.indexOf(addDays(day, 1))
    return {
      day, takenAt: dayStart(day, tz), source: 'backfill',
      total: level ? level.tiers.reduce((a, n) => a + n, 0) : null,
      tiers: level?.tiers ?? null, activity: level?.activity ?? null,
      ...store.flowsOf(accountId, day, tz), woken: woken.get(day) ?? 0,
      ...(closes > 0 ? { moves: weekMoves[closes] } : {}),
    }
  })
  return store.insertBackfill(accountId, rows)
}

function paidAt(list: OrderFact[] | undefined, t: number): OrderFact[] {
  return (list ?? []).filter((o) => o.at < t && (o.refundedAt === null || o.refundedAt >= t))
}

function hasOrderBefore(list: OrderFact[] | undefined, t: number): boolean {
  return (list ?? []).some((o) => o.at < t)
}

function withOrders(stats: StatsRow, list: OrderFact[] | undefined, t: number): StatsRow {
  const paid = paidAt(list, t)
  return {
    ...stats,
    orders: paid.length,
    spendFen: paid.reduce((a, o) => a + o.fen, 0),
    refunds: (list ?? []).filter((o) => o.refundedAt !== null && o.refundedAt < t).length,
    lastOrderAt: paid.length ? Math.max(...paid.map((o) => o.at)) : null,
  }
}

function orderOnlyStats(accountId: string, contactId: string, list: OrderFact[] | undefined, t: number): StatsRow | null {
  return hasOrderBefore(list, t) ? withOrders(emptyStats(accountId, contactId, t), list, t) : null
}
