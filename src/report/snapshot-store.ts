import { FIRST_DIRECTORY_KEY } from '../contacts/first-directory.js'
import type Database from 'better-sqlite3'
import { localDay } from '../shared/day.js'
import type { Db } from '../store/client.js'
import { cachedStatements } from '../store/statements.js'
import { summarizeFunnel } from '../tiers/funnel.js'
import type { Tier } from '../tiers/ladder.js'
import { addDays, dayStart } from './week.js'

/*
 * The report's SQL: daily funnel snapshots (levels + what happened that day), the rung moves of a
 * period, and nothing else. Reports read only these rows and tier_history, never the message log.
 */

/** Activity counts in this order: new, active, silent, dormant. */
/** The activity levels as stored (JSON array); days recorded before 流失 was kept have the first four only. */
export const ACTIVITY_ORDER = ['new', 'active', 'silent', 'dormant', 'lost'] as const

export interface DayFlows {
  newFriends: number
  woken: number
  orders: number
  spendFen: number
  /** Fen by the payer's rung, [L0..L5]. */
  spendByTier: number[]
}

export interface DaySnapshot extends DayFlows {
  day: string
  takenAt: number
  source: 'pass' | 'backfill'
  /** Levels; null on days whose funnel was not taken (flows only). */
  total: number | null
  tiers: number[] | null
  activity: number[] | null
  /** Back-filled Sundays: the week's net rung moves reconstructed from history. */
  moves?: MoveRow[]
}

export interface MoveRow {
  contactId: string
  name: string
  from: Tier
  to: Tier
  at: number
}

/** How many past days the pass re-counts flows for (a day's flows are final only once it is over). */
const REFRESH_DAYS = 7

function prepare(sqlite: Database.Database) {
  return {
    // Friends already there at the first directory read carry its time as their add time: not new friends.
    newFriends: sqlite.prepare(`SELECT COUNT(*) AS n FROM contacts
      WHERE account_id = @account AND friend = 1 AND added_at >= @start AND added_at < @end AND id NOT IN (SELECT value FROM json_each(@skip))
        AND added_at IS NOT (SELECT CAST(value AS INTEGER) FROM meta WHERE account_id = @account AND key = '${FIRST_DIRECTORY_KEY}')`),
    woken: sqlite.prepare(`SELECT COUNT(DISTINCT contact_id) AS n FROM tier_history
      WHERE account_id = ? AND at >= ? AND at < ? AND from_activity IN ('silent', 'dormant') AND to_activity = 'active'`),
    spend: sqlite.prepare(`SELECT COALESCE(t.tier, 4) AS tier, COUNT(*) AS n, COALESCE(SUM(o.amount_fen), 0) AS fen
      FROM orders o LEFT JOIN tiers t ON t.account_id = o.account_id AND t.contact_id = o.contact_id
      WHERE o.account_id = ? AND o.kind = 'payment' AND o.refunded_at IS NULL AND o.at >= ? AND o.at < ?
      GROUP BY 1`),
    historyBefore: sqlite.prepare('SELECT 1 FROM interactions WHERE account_id = ? AND at < ? LIMIT 1').pluck(),
    upsertLevels: sqlite.prepare(`INSERT INTO funnel_snapshots (account_id, day, taken_at, source, total, tiers, activity,
      new_friends, woken, orders, spend_fen, spend_by_tier)
      VALUES (@account, @day, @takenAt, @source, @total, @tiers, @activity, @newFriends, @woken, @orders, @spendFen, @spendByTier)
      ON CONFLICT (account_id, day) DO UPDATE SET taken_at = excluded.taken_at, source = excluded.source,
        total = excluded.total, tiers = excluded.tiers, activity = excluded.activity, new_friends = excluded.new_friends,
        woken = excluded.woken, orders = excluded.orders, spend_fen = excluded.spend_fen, spend_by_tier = excluded.spend_by_tier`),
    // A past day keeps its levels (the funnel as it was then); only its counts are completed.
    upsertFlows: sqlite.prepare(`INSERT INTO funnel_snapshots (account_id, day, taken_at, source, new_friends, woken, orders,
      spend_fen, spend_by_tier)
      VALUES (@account, @day, @takenAt, @source, @newFriends, @woken, @orders, @spendFen, @spendByTier)
      ON CONFLICT (account_id, day) DO UPDATE SET new_friends = excluded.new_friends, woken = excluded.woken,
        orders = excluded.orders, spend_fen = excluded.spend_fen, spend_by_tier = excluded.spend_by_tier
      WHERE funnel_snapshots.source = 'pass'`),
    fillGap: sqlite.prepare(`INSERT INTO funnel_snapshots (account_id, day, taken_at, source, total, tiers, activity,
      new_friends, woken, orders, spend_fen, spend_by_tier, moves)
      VALUES (@account, @day, @takenAt, @source, @total, @tiers, @activity, @newFriends, @woken, @orders, @spendFen, @spendByTier, @moves)
      ON CONFLICT (account_id, day) DO UPDATE SET taken_at = excluded.taken_at, source = excluded.source,
        total = excluded.total, tiers = excluded.tiers, activity = excluded.activity, new_friends = excluded.new_friends,
        woken = excluded.woken, orders = excluded.orders, spend_fen = excluded.spend_fen, spend_by_tier = excluded.spend_by_tier,
        moves = excluded.moves
      WHERE funnel_snapshots.tiers IS NULL`),
    range: sqlite.prepare(`SELECT day, taken_at AS takenAt, source, total, tiers, activity, new_friends AS newFriends, woken,
      orders, spend_fen AS spendFen, spend_by_tier AS spendByTier, moves
      FROM funnel_snapshots WHERE account_id = ? AND day >= ? AND day <= ? ORDER BY day`),
    days: sqlite.prepare('SELECT day FROM funnel_snapshots WHERE account_id = ? AND day >= ? AND day <= ? AND tiers IS NOT NULL'),
    count: sqlite.prepare('SELECT COUNT(*) AS n FROM funnel_snapshots WHERE account_id = ?'),
    firstLevels: sqlite.prepare('SELECT MIN(day) FROM funnel_snapshots WHERE account_id = ? AND tiers IS NOT NULL').pluck(),
    anyDays: sqlite.prepare('SELECT day FROM funnel_snapshots WHERE account_id = ? AND day >= ? AND day <= ?').pluck(),
    moves: sqlite.prepare(`SELECT h.contact_id AS contactId, h.from_tier AS fromTier, h.to_tier AS toTier, h.at,
      COALESCE(NULLIF(c.name, ''), h.contact_id) AS name
      FROM tier_history h LEFT JOIN contacts c ON c.account_id = h.account_id AND c.id = h.contact_id
      WHERE h.account_id = ? AND h.at >= ? AND h.at < ? AND h.from_tier IS NOT NULL AND h.from_tier <> h.to_tier
      ORDER BY h.at, h.contact_id, h.seq`),
  }
}

const statementsFor = cachedStatements(prepare)

export interface SnapshotStore {
  /** The daily pass's hook: today's funnel and counts, and the counts of the last days completed. */
  /** `notCustomers`: the admins, who are neither in the funnel nor new friends (as in /stats and the digest). */
  takeSnapshot(accountId: string, now: number, timeZone: string, notCustomers?: Iterable<string>): DaySnapshot
  /** Counts of one local day from the ledgers (contacts, tier_history, orders). */
  flowsOf(accountId: string, day: string, timeZone: string, until?: number, notCustomers?: Iterable<string>): DayFlows
  list(accountId: string, fromDay: string, toDay: string): DaySnapshot[]
  /** Days whose funnel was taken by a pass (rows with levels). */
  daysPresent(accountId: string, fromDay: string, toDay: string): Set<string>
  hasAny(accountId: string): boolean
  /** Any message logged before `at` (history a back-fill can turn into snapshots). */
  hasHistoryBefore(accountId: string, at: number): boolean
  /** Rows reconstructed from history, written only where no funnel was taken (no row, or counts only). */
  insertBackfill(accountId: string, rows: DaySnapshot[]): number
  /** Rung changes in [from, to), oldest first, with the contact's display name. */
  moves(accountId: string, from: number, to: number): MoveRow[]
}

export function createSnapshotStore(db: Db): SnapshotStore {
  const st = statementsFor(db.$client)

  function flowsOf(accountId: string, day: string, timeZone: string, until?: number, notCustomers: Iterable<string> = []): DayFlows {
    const start = dayStart(day, timeZone)
    const end = Math.min(dayStart(addDays(day, 1), timeZone), until ?? Number.MAX_SAFE_INTEGER)
    const spendByTier = [0, 0, 0, 0, 0, 0]
    let orders = 0
    for (const r of st.spend.all(accountId, start, end) as Array<{ tier: number; n: number; fen: number }>) {
      spendByTier[r.tier] += r.fen
      orders += r.n
    }
    return {
      newFriends: (st.newFriends.get({ account: accountId, start, end, skip: JSON.stringify([...notCustomers]) }) as { n: number }).n,
      woken: (st.woken.get(accountId, start, end) as { n: number }).n,
      orders,
      spendFen: spendByTier.reduce((a, b) => a + b, 0),
      spendByTier,
    }
  }

  const params = (accountId: string, s: DaySnapshot) => ({
    account: accountId, day: s.day, takenAt: s.takenAt, source: s.source, total: s.total,
    tiers: s.tiers ? JSON.stringify(s.tiers) : null, activity: s.activity ? JSON.stringify(s.activity) : null,
    newFriends: s.newFriends, woken: s.woken, orders: s.orders, spendFen: s.spendFen, spendByTier: JSON.stringify(s.spendByTier),
    moves: s.moves ? JSON.stringify(s.moves.map((m) => [m.contactId, m.name, m.from, m.to])) : null,
  })

  return {
    flowsOf,
    hasHistoryBefore: (accountId, at) => st.historyBefore.get(accountId, at) !== undefined,
    takeSnapshot(accountId, now, timeZone, notCustomers = []) {
      const today = localDay(now, timeZone)
      const admins = [...notCustomers]
      const funnel = summarizeFunnel(db, accountId, admins)
      const snapshot: DaySnapshot = {
        day: today, takenAt: now, source: 'pass', total: funnel.total,
        tiers: [0, 1, 2, 3, 4, 5].map((t) => funnel.tiers[t as Tier]),
        activity: ACTIVITY_ORDER.map((a) => funnel.activity[a]),
        ...flowsOf(accountId, today, timeZone, now + 1, admins),
      }
      db.$client.transaction(() => {
        // Days before tierbot's first snapshot were never watched: not recorded as quiet days (the first
        // week would be compared with a week of zeros), unless a row is there already (an import's back-fill).
        const first = st.firstLevels.get(accountId) as string | null
        const recorded = new Set(st.anyDays.all(accountId, addDays(today, -REFRESH_DAYS), addDays(today, -1)) as string[])
        for (let i = REFRESH_DAYS; i >= 1; i--) {
          const day = addDays(today, -i)
          if (!recorded.has(day) && (first === null || day < first)) continue
          st.upsertFlows.run(params(accountId, { ...snapshot, day, total: null, tiers: null, activity: null, ...flowsOf(accountId, day, timeZone, undefined, admins) }))
        }
        st.upsertLevels.run(params(accountId, snapshot))
      })()
      return snapshot
    },
    list(accountId, fromDay, toDay) {
      return (st.range.all(accountId, fromDay, toDay) as Array<Record<string, unknown>>).map((r) => ({
        day: r.day as string,
        takenAt: r.takenAt as number,
        source: r.source as DaySnapshot['source'],
        total: r.total as number | null,
        tiers: parseNumbers(r.tiers, 6),
        activity: parseNumbers(r.activity, ACTIVITY_ORDER.length, 4),
        newFriends: r.newFriends as number,
        woken: r.woken as number,
        orders: r.orders as number,
        spendFen: r.spendFen as number,
        spendByTier: parseNumbers(r.spendByTier, 6) ?? [0, 0, 0, 0, 0, 0],
        ...(typeof r.moves === 'string' ? { moves: parseMoves(r.moves) } : {}),
      }))
    },
    daysPresent(accountId, fromDay, toDay) {
      return new Set((st.days.all(accountId, fromDay, toDay) as Array<{ day: string }>).map((r) => r.day))
    },
    hasAny(accountId) {
      return (st.count.get(accountId) as { n: number }).n > 0
    },
    insertBackfill(accountId, rows) {
      let n = 0
      db.$client.transaction(() => {
        for (const row of rows) n += st.fillGap.run(params(accountId, row)).changes
      })()
      return n
    },
    moves(accountId, from, to) {
      return (st.moves.all(accountId, from, to) as Array<{ contactId: string; name: string; fromTier: Tier; toTier: Tier; at: number }>)
        .map((r) => ({ contactId: r.contactId, name: r.name, from: r.fromTier, to: r.toTier, at: r.at }))
    },
  }
}

function parseMoves(json: string): MoveRow[] {
  try {
    const value: unknown = JSON.parse(json)
    if (!Array.isArray(value)) return []
    return value.filter((m): m is [string, string, Tier, Tier] => Array.isArray(m) && m.length === 4)
      .map(([contactId, name, from, to]) => ({ contactId, name, from, to, at: 0 }))
  } catch {
    return []
  }
}

/** `length` numbers; a shorter list of at least `minLength` (an older row) is padded with zeros. */
function parseNumbers(json: unknown, length: number, minLength = length): number[] | null {
  if (typeof json !== 'string') return null
  try {
    const value: unknown = JSON.parse(json)
    if (Array.isArray(value) && value.length >= minLength && value.length <= length && value.every((v) => typeof v === 'number')) {
      return [...value as number[], ...new Array<number>(length - value.length).fill(0)]
    }
  } catch {
    // A damaged row reads as "not taken"; the report says what it lacks rather than failing.
  }
  return null
}
