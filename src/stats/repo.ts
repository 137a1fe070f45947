import type Database from 'better-sqlite3'
import type { Db } from '../store/client.js'

/*
 * contact_stats through prepared statements: ingest touches one row per message, so this is a
 * hot path (drizzle's builder costs more than the statement here).
 */

export interface StatsRow {
  accountId: string
  contactId: string
  rounds: number
  pendingInbound: number
  privateInbound: number
  privateOutbound: number
  groupInteractions: number
  firstInboundAt: number | null
  lastInboundAt: number | null
  lastOutboundAt: number | null
  pendingSince: number | null
  unansweredIntentAt: number | null
  unansweredIntentText: string | null
  approvals: number
  intents: number
  complaints: number
  lastComplaintAt: number | null
  referrals: number
  orders: number
  spendFen: number
  refunds: number
  firstOrderAt: number | null
  lastOrderAt: number | null
  activeDays: string
  recent: string
  personas: string
  updatedAt: number
  /**
   * The views' intent score kept in the same row (views/intent-keeper.ts): the stats step adjusts it
   * before the row is written, so a message reads and writes the row once.
   */
  intentScore: number
  intentAt: number | null
  intentTop: string
}

/** The column list with camelCase aliases, shared by every query that reads stats. */
export const STATS_COLUMNS = `
  s.rounds AS rounds, s.pending_inbound AS pendingInbound, s.private_inbound AS privateInbound,
  s.private_outbound AS privateOutbound, s.group_interactions AS groupInteractions,
  s.first_inbound_at AS firstInboundAt, s.last_inbound_at AS lastInboundAt, s.last_outbound_at AS lastOutboundAt,
  s.pending_since AS pendingSince, s.unanswered_intent_at AS unansweredIntentAt,
  s.unanswered_intent_text AS unansweredIntentText, s.approvals AS approvals, s.intents AS intents,
  s.complaints AS complaints, s.last_complaint_at AS lastComplaintAt, s.referrals AS referrals,
  s.orders AS orders, s.spend_fen AS spendFen, s.refunds AS refunds, s.first_order_at AS firstOrderAt,
  s.last_order_at AS lastOrderAt, s.active_days AS activeDays, s.recent AS recent, s.personas AS personas,
  s.updated_at AS updatedAt`

/** The stats of a contact nothing has been recorded for yet. */
export function emptyStats(accountId: string, contactId: string, now: number): StatsRow {
  return {
    accountId, contactId, rounds: 0, pendingInbound: 0, privateInbound: 0, privateOutbound: 0,
    groupInteractions: 0, firstInboundAt: null, lastInboundAt: null, lastOutboundAt: null, pendingSince: null,
    unansweredIntentAt: null, unansweredIntentText: null, approvals: 0, intents: 0, complaints: 0,
    lastComplaintAt: null, referrals: 0, orders: 0, spendFen: 0, refunds: 0, firstOrderAt: null,
    lastOrderAt: null, activeDays: '[]', recent: '[]', personas: '[]', updatedAt: now,
    intentScore: 0, intentAt: null, intentTop: '[]',
  }
}

export interface StatsRepo {
  get(accountId: string, contactId: string): StatsRow | undefined
  /**
   * Write the row. Given the indexed columns of the stored row it replaces (`before`: `indexedOf` the
   * row `get` returned, taken before changing it), the row is updated in place without the indexed
   * columns that did not move: SQLite rewrites an index whenever a column it covers (or its WHERE reads)
   * is SET, even to the same value, and those are pages written per message.
   */
  put(row: StatsRow, before?: IndexedStats): void
}

/** The columns contact_stats' secondary (partial) indexes read. */
export type IndexedStats = Pick<StatsRow, 'lastComplaintAt' | 'unansweredIntentAt' | 'personas'>

export function indexedOf(row: StatsRow): IndexedStats {
  return { lastComplaintAt: row.lastComplaintAt, unansweredIntentAt: row.unansweredIntentAt, personas: row.personas }
}

const INDEXED: Array<[string, keyof IndexedStats]> = [
  ['last_complaint_at', 'lastComplaintAt'], ['unanswered_intent_at', 'unansweredIntentAt'], ['personas', 'personas'],
]
const UNINDEXED: Array<[string, keyof StatsRow]> = [
  ['rounds', 'rounds'], ['pending_inbound', 'pendingInbound'], ['private_inbound', 'privateInbound'],
  ['private_outbound', 'privateOutbound'], ['group_interactions', 'groupInteractions'], ['first_inbound_at', 'firstInboundAt'],
  ['last_inbound_at', 'lastInboundAt'], ['last_outbound_at', 'lastOutboundAt'], ['pending_since', 'pendingSince'],
  ['unanswered_intent_text', 'unansweredIntentText'], ['approvals', 'approvals'], ['intents', 'intents'],
  ['complaints', 'complaints'], ['referrals', 'referrals'], ['orders', 'orders'], ['spend_fen', 'spendFen'],
  ['refunds', 'refunds'], ['first_order_at', 'firstOrderAt'], ['last_order_at', 'lastOrderAt'],
  ['active_days', 'activeDays'], ['recent', 'recent'], ['updated_at', 'updatedAt'],
  ['intent_score', 'intentScore'], ['intent_at', 'intentAt'], ['intent_top', 'intentTop'],
]

/** Prepared statements over contact_stats for one database. */
export function createStatsRepo(db: Db): StatsRepo {
  const sqlite = db.$client
  // Positional rows: better-sqlite3 builds objects with many named keys slowly, and this runs per message.
  const select = sqlite.prepare(`
    SELECT rounds, pending_inbound, private_inbound, private_outbound, group_interactions, first_inbound_at,
      last_inbound_at, last_outbound_at, pending_since, unanswered_intent_at, unanswered_intent_text, approvals,
      intents, complaints, last_complaint_at, referrals, orders, spend_fen, refunds, first_order_at, last_order_at,
      active_days, recent, personas, updated_at, intent_score, intent_at, intent_top
    FROM contact_stats WHERE account_id = ? AND contact_id = ?`).raw()
  const upsert = sqlite.prepare(`
    -- An upsert, not INSERT OR REPLACE: updating in place writes fewer pages than delete + insert.
    INSERT INTO contact_stats (account_id, contact_id, rounds, pending_inbound, private_inbound,
      private_outbound, group_interactions, first_inbound_at, last_inbound_at, last_outbound_at, pending_since,
      unanswered_intent_at, unanswered_intent_text, approvals, intents, complaints, last_complaint_at, referrals,
      orders, spend_fen, refunds, first_order_at, last_order_at, active_days, recent, personas, updated_at,
      intent_score, intent_at, intent_top)
    VALUES (@accountId, @contactId, @rounds, @pendingInbound, @privateInbound, @privateOutbound,
      @groupInteractions, @firstInboundAt, @lastInboundAt, @lastOutboundAt, @pendingSince, @unansweredIntentAt,
      @unansweredIntentText, @approvals, @intents, @complaints, @lastComplaintAt, @referrals, @orders, @spendFen,
      @refunds, @firstOrderAt, @lastOrderAt, @activeDays, @recent, @personas, @updatedAt,
      @intentScore, @intentAt, @intentTop)
    -- A stored row keeps its intent score: a rebuild from the log (import/rebuild.ts) writes counters only.
    ON CONFLICT (account_id, contact_id) DO UPDATE SET
      rounds = excluded.rounds,
      pending_inbound = excluded.pending_inbound,
      private_inbound = excluded.private_inbound,
      private_outbound = excluded.private_outbound,
      group_interactions = excluded.group_interactions,
      first_inbound_at = excluded.first_inbound_at,
      last_inbound_at = excluded.last_inbound_at,
      last_outbound_at = excluded.last_outbound_at,
      pending_since = excluded.pending_since,
      unanswered_intent_at = excluded.unanswered_intent_at,
      unanswered_intent_text = excluded.unanswered_intent_text,
      approvals = excluded.approvals,
      intents = excluded.intents,
      complaints = excluded.complaints,
      last_complaint_at = excluded.last_complaint_at,
      referrals = excluded.referrals,
      orders = excluded.orders,
      spend_fen = excluded.spend_fen,
      refunds = excluded.refunds,
      first_order_at = excluded.first_order_at,
      last_order_at = excluded.last_order_at,
      active_days = excluded.active_days,
      recent = excluded.recent,
      personas = excluded.personas,
      updated_at = excluded.updated_at`)
  // A stored row is updated in place, SETting only the indexed columns that moved (one statement per
  // combination, prepared when first needed).
  const updates = new Map<number, Database.Statement>()
  const updateFor = (mask: number) => {
    let stmt = updates.get(mask)
    if (!stmt) {
      const set = [...UNINDEXED.map(([column]) => column), ...INDEXED.filter((_, i) => mask & (1 << i)).map(([column]) => column)]
      stmt = sqlite.prepare(`UPDATE contact_stats SET ${set.map((c) => `${c} = ?`).join(', ')} WHERE account_id = ? AND contact_id = ?`)
      updates.set(mask, stmt)
    }
    return stmt
  }
  return {
    get(accountId, contactId) {
      const r = select.get(accountId, contactId) as any[] | undefined
      if (!r) return undefined
      return {
        accountId, contactId, rounds: r[0], pendingInbound: r[1], privateInbound: r[2], privateOutbound: r[3],
        groupInteractions: r[4], firstInboundAt: r[5], lastInboundAt: r[6], lastOutboundAt: r[7], pendingSince: r[8],
        unansweredIntentAt: r[9], unansweredIntentText: r[10], approvals: r[11], intents: r[12], complaints: r[13],
        lastComplaintAt: r[14], referrals: r[15], orders: r[16], spendFen: r[17], refunds: r[18], firstOrderAt: r[19],
        lastOrderAt: r[20], activeDays: r[21], recent: r[22], personas: r[23], updatedAt: r[24],
        intentScore: r[25], intentAt: r[26], intentTop: r[27],
      }
    },
    put(row, before) {
      if (!before) {
        upsert.run(row)
        return
      }
      let mask = 0
      const values: unknown[] = UNINDEXED.map(([, key]) => row[key])
      INDEXED.forEach(([, key], i) => {
        if (row[key] !== before[key]) {
          mask |= 1 << i
          values.push(row[key])
        }
      })
      updateFor(mask).run(...values, row.accountId, row.contactId)
    },
  }
}
