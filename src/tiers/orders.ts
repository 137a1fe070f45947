import type { OrderUndo, PaymentInput, PaymentResult, RefundResult, ChangeCause, TierChange } from './api.js'
import { createStatsRepo, emptyStats, type StatsRow } from '../stats/repo.js'
import type { Db } from '../store/client.js'

/*
 * Payments and refunds (orders table, integer fen). The per-contact order counters in contact_stats
 * are recomputed from the table after each write, so they can never drift from it. Callers run
 * these inside a transaction (the Ladder does).
 */

type Reclassify = (accountId: string, contactId: string, cause: ChangeCause, now: number) => TierChange | null

export interface OrderBook {
  recordPayment(accountId: string, contactId: string, input: PaymentInput, now: number): PaymentResult
  recordRefund(accountId: string, contactId: string, amountFen: number, now: number, note?: string, at?: number): RefundResult
  undo(accountId: string, contactId: string, undo: OrderUndo, now: number): TierChange | null
}

/** Record payments and refunds; `reclassify` re-places the contact afterwards (same transaction). */
export function createOrderBook(db: Db, reclassify: Reclassify): OrderBook {
  const sqlite = db.$client
  const stats = createStatsRepo(db)
  // The unique (account, message id) index makes a redelivered transfer record nothing.
  const insertOrder = sqlite.prepare(`
    INSERT INTO orders (account_id, contact_id, kind, amount_fen, at, source, message_id, note, refunded_at, created_at)
    VALUES (@accountId, @contactId, @kind, @amountFen, @at, @source, @messageId, @note, NULL, @now)
    ON CONFLICT DO NOTHING`)
  const selectByMessage = sqlite.prepare('SELECT id, at, amount_fen AS amountFen, refunded_at AS refundedAt FROM orders WHERE account_id = ? AND message_id = ?')
  // The merchant telling the amount (/paid) after a transfer confirms that transfer, not a second order.
  const oldestUnconfirmed = sqlite.prepare(`
    SELECT id, at FROM orders WHERE account_id = ? AND contact_id = ? AND kind = 'payment' AND source = 'transfer'
      AND amount_fen IS NULL AND refunded_at IS NULL ORDER BY at, id LIMIT 1`)
  const setAmount = sqlite.prepare('UPDATE orders SET amount_fen = ?, note = COALESCE(?, note) WHERE id = ?')
  // The payment a refund dated `at` cancels: one made by then (a refund never comes before its payment).
  const newestOpenOfAmount = sqlite.prepare(`
    SELECT id FROM orders WHERE account_id = ? AND contact_id = ? AND kind = 'payment' AND refunded_at IS NULL
      AND amount_fen = ? AND at <= ? ORDER BY at DESC, id DESC LIMIT 1`)
  const newestOpen = sqlite.prepare(`
    SELECT id, amount_fen AS amountFen FROM orders WHERE account_id = ? AND contact_id = ? AND kind = 'payment' AND refunded_at IS NULL
      AND at <= ? ORDER BY at DESC, id DESC LIMIT 1`)
  const earliestOpen = sqlite.prepare<[string, string], number>(`
    SELECT MIN(at) FROM orders WHERE account_id = ? AND contact_id = ? AND kind = 'payment' AND refunded_at IS NULL`).pluck()
  const openPayments = sqlite.prepare(`
    SELECT SUM(kind = 'payment' AND refunded_at IS NULL) AS n,
      SUM(kind = 'payment' AND refunded_at IS NULL AND amount_fen IS NULL) AS unknown,
      ${OPEN_SPEND_SQL} AS fen
    FROM orders WHERE account_id = ? AND contact_id = ? AND at <= ?`)
  const deleteOrder = sqlite.prepare('DELETE FROM orders WHERE account_id = ? AND contact_id = ? AND id = ?')
  const clearAmount = sqlite.prepare('UPDATE orders SET amount_fen = NULL WHERE account_id = ? AND contact_id = ? AND id = ?')
  const unmarkRefunded = sqlite.prepare('UPDATE orders SET refunded_at = NULL WHERE account_id = ? AND contact_id = ? AND id = ?')
  const markRefunded = sqlite.prepare('UPDATE orders SET refunded_at = ? WHERE id = ?')
  const totals = createOrderTotals(db)

  function refreshStats(accountId: string, contactId: string, now: number): void {
    const row = stats.get(accountId, contactId) ?? emptyStats(accountId, contactId, now)
    totals(row)
    row.updatedAt = now
    stats.put(row)
  }

  return {
    recordPayment(accountId, contactId, input, now) {
      if (input.amountFen !== null && input.source !== 'transfer') {
        const open = (input.messageId
          ? selectByMessage.get(accountId, input.messageId)
          : oldestUnconfirmed.get(accountId, contactId)) as { id: number; at: number; amountFen?: number | null; refundedAt?: number | null } | undefined
        if (open && open.amountFen == null && open.refundedAt == null) {
          setAmount.run(input.amountFen, input.note ?? null, open.id)
          refreshStats(accountId, contactId, now)
          const change = reclassify(accountId, contactId, { kind: 'payment', ref: String(open.id), at: open.at }, now)
          return { orderId: open.id, recorded: true, confirmed: true, change }
        }
      }
      const res = insertOrder.run({
        accountId, contactId, kind: 'payment', amountFen: input.amountFen, at: input.at, source: input.source,
        messageId: input.messageId ?? null, note: input.note ?? null, now,
      })
      if (res.changes === 0) {
        const existing = selectByMessage.get(accountId, input.messageId ?? null) as { id: number }
        return { orderId: existing.id, recorded: false, confirmed: false, change: null }
      }
      const orderId = Number(res.lastInsertRowid)
      refreshStats(accountId, contactId, now)
      return { orderId, recorded: true, confirmed: false, change: reclassify(accountId, contactId, { kind: 'payment', ref: String(orderId), at: input.at }, now) }
    },
    recordRefund(accountId, contactId, amountFen, now, note, dated) {
      // Undated, it matches any open payment (one stamped a little ahead of the clock too) and is recorded now.
      const at = dated ?? now
      const by = dated ?? Number.MAX_SAFE_INTEGER
      // A refund is checked against what was paid and is still open: none at all, or more than that, is refused.
      type Open = { n: number | null; unknown: number | null; fen: number }
      const open = openPayments.get(accountId, contactId, Number.MAX_SAFE_INTEGER) as Open
      if (!open.n) return { cancelledOrderId: null, change: null, refused: 'no_payment', openFen: 0 }
      if (!open.unknown && amountFen > open.fen) return { cancelledOrderId: null, change: null, refused: 'exceeds_open', openFen: open.fen }
      if (dated !== undefined) {
        // Dated before every open payment (`/refund 张三 199 3天前` for yesterday's payment): a slip in the date.
        const firstPaidAt = earliestOpen.get(accountId, contactId) ?? by
        if (firstPaidAt > by) return { cancelledOrderId: null, change: null, refused: 'before_payment', openFen: open.fen, paidAt: firstPaidAt }
        // More than was paid by that day (a later payment cannot be what it refunds).
        const then = openPayments.get(accountId, contactId, by) as Open
        if (!then.unknown && amountFen > then.fen) return { cancelledOrderId: null, change: null, refused: 'exceeds_open', openFen: then.fen, asOf: by }
      }
      // A refund of a whole payment cancels it; less than the newest payment is a partial refund: that
      // payment still counts (the customer paid, and "付费才是信任"), only the spend goes down.
      const match = (newestOpenOfAmount.get(accountId, contactId, amountFen, by) ?? newestOpen.get(accountId, contactId, by)) as { id: number; amountFen?: number | null } | undefined
      // What closes the account (all that is left open) is never partial: the payment falls with it.
      const partial = match !== undefined && match.amountFen != null && match.amountFen > amountFen && amountFen < open.fen
      if (match && !partial) markRefunded.run(at, match.id)
      const res = insertOrder.run({
        accountId, contactId, kind: 'refund', amountFen, at, source: 'command', messageId: null, note: note ?? null, now,
      })
      refreshStats(accountId, contactId, now)
      const change = reclassify(accountId, contactId, { kind: 'refund', ref: String(res.lastInsertRowid), ...(dated !== undefined ? { at } : {}) }, now)
      return { refundId: Number(res.lastInsertRowid), cancelledOrderId: match && !partial ? match.id : null, change }
    },
    undo(accountId, contactId, undo, now) {
      if (undo.kind === 'payment') {
        if (undo.confirmed) clearAmount.run(accountId, contactId, undo.orderId)
        else deleteOrder.run(accountId, contactId, undo.orderId)
      } else {
        deleteOrder.run(accountId, contactId, undo.refundId)
        if (undo.cancelledOrderId !== null) unmarkRefunded.run(accountId, contactId, undo.cancelledOrderId)
      }
      refreshStats(accountId, contactId, now)
      return reclassify(accountId, contactId, { kind: undo.kind === 'payment' ? 'payment' : 'refund', ref: `undo:${undo.kind === 'payment' ? undo.orderId : undo.refundId}` }, now)
    },
  }
}

/*
 * What the customer has paid and kept (fen): the open payments, less the refunds that cancelled no
 * payment (partial refunds). A refund that cancels a payment has that payment's amount, so the part of
 * all refunds beyond the cancelled payments' amounts is the partial part.
 */
const OPEN_SPEND_SQL = `MAX(0, COALESCE(SUM(CASE WHEN kind = 'payment' AND refunded_at IS NULL THEN amount_fen END), 0)
      - MAX(0, COALESCE(SUM(CASE WHEN kind = 'refund' THEN amount_fen END), 0)
        - COALESCE(SUM(CASE WHEN kind = 'payment' AND refunded_at IS NOT NULL THEN amount_fen END), 0)))`

/**
 * Set a stats row's order counters from the orders table (the only source of truth for them).
 * Shared by the order book and the history import.
 */
export function createOrderTotals(db: Db): (row: StatsRow) => void {
  const totals = db.$client.prepare(`
    SELECT
      SUM(kind = 'payment' AND refunded_at IS NULL) AS orders,
      ${OPEN_SPEND_SQL} AS spendFen,
      SUM(kind = 'refund') AS refunds,
      MIN(CASE WHEN kind = 'payment' AND refunded_at IS NULL THEN at END) AS firstOrderAt,
      MAX(CASE WHEN kind = 'payment' AND refunded_at IS NULL THEN at END) AS lastOrderAt
    FROM orders WHERE account_id = ? AND contact_id = ?`)
  return (row) => {
    const t = totals.get(row.accountId, row.contactId) as { orders: number | null; spendFen: number; refunds: number | null; firstOrderAt: number | null; lastOrderAt: number | null }
    row.orders = t.orders ?? 0
    row.spendFen = t.spendFen
    row.refunds = t.refunds ?? 0
    row.firstOrderAt = t.firstOrderAt
    row.lastOrderAt = t.lastOrderAt
  }
}
