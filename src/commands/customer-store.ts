import type Database from 'better-sqlite3'
import type { Db } from '../store/client.js'
import { cachedStatements } from '../store/statements.js'
import { TIERS, type Activity, type Tier } from '../tiers/ladder.js'

/*
 * The SQL of the everyday views and merchant bookkeeping commands: /list (by rung or activity, with
 * spend), /top, /orders, /chat, /handled, note deletion and the /undo log.
 */

export interface ListRow {
  id: string
  name: string
  remark: string
  tier: Tier
  activity: Activity
  pinned: Tier | null
  lastSeenAt: number | null
  spendFen: number
  orders: number
}

export interface OrderLine { id: number; kind: 'payment' | 'refund'; amountFen: number | null; at: number; note: string | null; refundedAt: number | null; source: string }
export interface ChatLine { direction: 'in' | 'out'; type: string; text: string | null; at: number; room: string | null }
export interface UndoEntry { id: number; kind: UndoKind; contactId: string; ref: string | null; before: string | null; at: number }
export type UndoKind = 'paid' | 'refund' | 'note' | 'pin' | 'snooze'

const LIST_COLUMNS = `t.contact_id AS id, COALESCE(c.name, '') AS name, COALESCE(c.remark, '') AS remark, t.tier, t.activity,
  t.pinned_tier AS pinned, s.last_inbound_at AS lastSeenAt, COALESCE(s.spend_fen, 0) AS spendFen, COALESCE(s.orders, 0) AS orders`
const LIST_JOINS = `
  LEFT JOIN contacts c ON c.account_id = t.account_id AND c.id = t.contact_id
  LEFT JOIN contact_stats s ON s.account_id = t.account_id AND s.contact_id = t.contact_id`

const EVERY_RUNG = TIERS.join(', ')

function prepare(sqlite: Database.Database) {
  return {
    byTier: sqlite.prepare(`SELECT ${LIST_COLUMNS} FROM tiers t ${LIST_JOINS} WHERE t.account_id = ? AND t.tier = ?
      ORDER BY (s.last_inbound_at IS NULL), s.last_inbound_at DESC, t.contact_id LIMIT ?`),
    countTier: sqlite.prepare('SELECT COUNT(*) FROM tiers WHERE account_id = ? AND tier = ?').pluck(),
    // Silent and dormant lists: most valuable first, as the wake-up list ranks. Read from the rung index
    // per rung (tier, activity): left to itself the planner walked every contact's row (40 ms at 100k).
    byActivity: sqlite.prepare(`SELECT ${LIST_COLUMNS} FROM tiers t INDEXED BY tiers_rung_idx ${LIST_JOINS}
      WHERE t.account_id = ? AND t.tier IN (${EVERY_RUNG}) AND t.activity = ?
      ORDER BY t.tier DESC, COALESCE(s.spend_fen, 0) DESC, s.last_inbound_at DESC, t.contact_id LIMIT ?`),
    countActivity: sqlite.prepare(`SELECT COUNT(*) FROM tiers INDEXED BY tiers_rung_idx
      WHERE account_id = ? AND tier IN (${EVERY_RUNG}) AND activity = ?`).pluck(),
    top: sqlite.prepare(`SELECT ${LIST_COLUMNS} FROM tiers t ${LIST_JOINS} WHERE t.account_id = ? AND s.spend_fen > 0
      ORDER BY s.spend_fen DESC, s.orders DESC, t.contact_id LIMIT ?`),
    orders: sqlite.prepare(`SELECT id, kind, amount_fen AS amountFen, at, note, refunded_at AS refundedAt, source FROM orders
      WHERE account_id = ? AND contact_id = ? ORDER BY at DESC, id DESC LIMIT ?`),
    countOrders: sqlite.prepare('SELECT COUNT(*) FROM orders WHERE account_id = ? AND contact_id = ?').pluck(),
    chat: sqlite.prepare(`SELECT i.direction, i.type, i.text, i.at, COALESCE(NULLIF(r.topic, ''), i.room_id) AS room
      FROM interactions i LEFT JOIN rooms r ON r.account_id = i.account_id AND r.id = i.room_id
      WHERE i.account_id = ? AND i.contact_id = ? AND i.type <> 'command' ORDER BY i.at DESC LIMIT ?`),
    openComplaint: sqlite.prepare(`SELECT s.last_complaint_at FROM contact_stats s
      LEFT JOIN complaints_handled h ON h.account_id = s.account_id AND h.contact_id = s.contact_id
      WHERE s.account_id = ? AND s.contact_id = ? AND s.last_complaint_at IS NOT NULL
        AND s.last_complaint_at > COALESCE(s.last_outbound_at, 0) AND (h.handled_at IS NULL OR h.handled_at < s.last_complaint_at)`).pluck(),
    markHandled: sqlite.prepare(`INSERT INTO complaints_handled (account_id, contact_id, handled_at) VALUES (?, ?, ?)
      ON CONFLICT (account_id, contact_id) DO UPDATE SET handled_at = excluded.handled_at`),
    noteAt: sqlite.prepare(`SELECT id, text FROM notes WHERE account_id = ? AND contact_id = ?
      ORDER BY at DESC, id DESC LIMIT 1 OFFSET ?`),
    deleteNote: sqlite.prepare('DELETE FROM notes WHERE account_id = ? AND contact_id = ? AND id = ?'),
    logUndo: sqlite.prepare('INSERT INTO undo_log (account_id, kind, contact_id, ref, before, at) VALUES (?, ?, ?, ?, ?, ?)'),
    lastUndo: sqlite.prepare(`SELECT id, kind, contact_id AS contactId, ref, before, at FROM undo_log
      WHERE account_id = ? AND undone_at IS NULL AND at >= ? ORDER BY at DESC, id DESC LIMIT 1`),
    markUndone: sqlite.prepare('UPDATE undo_log SET undone_at = ? WHERE id = ?'),
    snoozeOf: sqlite.prepare('SELECT until FROM snoozes WHERE account_id = ? AND contact_id = ?').pluck(),
    restoreSnooze: sqlite.prepare(`INSERT INTO snoozes (account_id, contact_id, until, created_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (account_id, contact_id) DO UPDATE SET until = excluded.until`),
    dropSnooze: sqlite.prepare('DELETE FROM snoozes WHERE account_id = ? AND contact_id = ?'),
  }
}

const statementsFor = cachedStatements(prepare)

export function createCustomerStore(db: Db) {
  const st = statementsFor(db.$client)
  return {
    listTier: (accountId: string, tier: Tier, limit: number) => ({
      rows: st.byTier.all(accountId, tier, limit) as ListRow[], total: st.countTier.get(accountId, tier) as number,
    }),
    listActivity: (accountId: string, activity: Activity, limit: number) => ({
      rows: st.byActivity.all(accountId, activity, limit) as ListRow[], total: st.countActivity.get(accountId, activity) as number,
    }),
    top: (accountId: string, limit: number) => st.top.all(accountId, limit) as ListRow[],
    orders: (accountId: string, contactId: string, limit: number) => ({
      rows: st.orders.all(accountId, contactId, limit) as OrderLine[], total: st.countOrders.get(accountId, contactId) as number,
    }),
    chat: (accountId: string, contactId: string, limit: number) => st.chat.all(accountId, contactId, limit) as ChatLine[],
    /** Mark an open complaint handled; false when there is none open. */
    markHandled(accountId: string, contactId: string, now: number): boolean {
      if (st.openComplaint.get(accountId, contactId) === undefined) return false
      st.markHandled.run(accountId, contactId, now)
      return true
    },
    /** Delete the `index`-th note as /notes lists them (1 = newest); its text, or null when there is none. */
    deleteNote(accountId: string, contactId: string, index: number): { id: number; text: string } | null {
      const row = st.noteAt.get(accountId, contactId, index - 1) as { id: number; text: string } | undefined
      if (!row) return null
      st.deleteNote.run(accountId, contactId, row.id)
      return row
    },
    deleteNoteById: (accountId: string, contactId: string, id: number) => st.deleteNote.run(accountId, contactId, id).changes > 0,
    logUndo(accountId: string, kind: UndoKind, contactId: string, ref: string | number | null, before: unknown, now: number): void {
      st.logUndo.run(accountId, kind, contactId, ref === null ? null : String(ref), before === undefined ? null : JSON.stringify(before), now)
    },
    lastUndo: (accountId: string, since: number) => st.lastUndo.get(accountId, since) as UndoEntry | undefined,
    markUndone: (id: number, now: number) => { st.markUndone.run(now, id) },
    snoozeUntil: (accountId: string, contactId: string) => (st.snoozeOf.get(accountId, contactId) as number | undefined) ?? null,
    restoreSnooze(accountId: string, contactId: string, until: number | null, now: number): void {
      if (until === null) st.dropSnooze.run(accountId, contactId)
      else st.restoreSnooze.run(accountId, contactId, until, now)
    },
  }
}

export type CustomerStore = ReturnType<typeof createCustomerStore>
