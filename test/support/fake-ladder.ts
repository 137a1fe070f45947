import type { Config } from '../../src/config/schema.js'
import type { Db } from '../../src/store/client.js'
import type { ChangeCause, Ladder, TierChange, TierState } from '../../src/tiers/api.js'
import type { Activity, Tier } from '../../src/tiers/ladder.js'

/*
 * The ONE stand-in for the ladder branch's createLadder (src/tiers/service.ts) in command tests:
 * swap `createTestLadder` for the real one once it lands. It keeps `tiers`, `tier_history` and
 * `orders` the way the real one does, with a crude rule: any unrefunded payment → at least L4.
 */

interface Row { tier: Tier; evidence_tier: Tier; pinned_tier: Tier | null; activity: Activity; reasons: string; since: number }

export function createTestLadder(db: Db, _config?: Config): Ladder {
  const sqlite = db.$client
  const listeners: Array<(c: TierChange) => void> = []
  const get = sqlite.prepare('SELECT tier, evidence_tier, pinned_tier, activity, reasons, since FROM tiers WHERE account_id = ? AND contact_id = ?')
  const put = sqlite.prepare(`INSERT INTO tiers (account_id, contact_id, tier, evidence_tier, pinned_tier, activity, reasons, since, updated_at)
    VALUES (@a, @c, @tier, @evidence, @pinned, @activity, @reasons, @since, @now)
    ON CONFLICT (account_id, contact_id) DO UPDATE SET tier = excluded.tier, evidence_tier = excluded.evidence_tier,
      pinned_tier = excluded.pinned_tier, reasons = excluded.reasons, since = excluded.since, updated_at = excluded.updated_at`)
  const hist = sqlite.prepare(`INSERT INTO tier_history (account_id, contact_id, from_tier, to_tier, from_activity, to_activity, cause, cause_ref, at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const paidCount = sqlite.prepare(`SELECT COUNT(*) AS n, COALESCE(SUM(amount_fen), 0) AS fen FROM orders
    WHERE account_id = ? AND contact_id = ? AND kind = 'payment' AND refunded_at IS NULL`)
  const insertOrder = sqlite.prepare(`INSERT INTO orders (account_id, contact_id, kind, amount_fen, at, source, message_id, note, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const findPayment = sqlite.prepare(`SELECT id FROM orders WHERE account_id = ? AND contact_id = ? AND kind = 'payment'
    AND refunded_at IS NULL ORDER BY (amount_fen = ?) DESC, at DESC, id DESC LIMIT 1`)
  const markRefunded = sqlite.prepare('UPDATE orders SET refunded_at = ? WHERE id = ?')
  // The evidence rung before payments, per contact, so a full refund falls back to it.
  const base = new Map<string, Tier>()

  function state(accountId: string, contactId: string): TierState | undefined {
    const r = get.get(accountId, contactId) as Row | undefined
    if (!r) return undefined
    return { contactId, tier: r.tier, evidenceTier: r.evidence_tier, pinnedTier: r.pinned_tier, activity: r.activity, reasons: JSON.parse(r.reasons), since: r.since }
  }

  function settle(accountId: string, contactId: string, pinned: Tier | null | undefined, cause: ChangeCause, now: number): TierChange | null {
    const before = state(accountId, contactId)
    const key = `${accountId}\u0000${contactId}`
    if (!base.has(key)) base.set(key, before && before.evidenceTier < 4 ? before.evidenceTier : 1)
    const paid = paidCount.get(accountId, contactId) as { n: number; fen: number }
    const evidence: Tier = paid.n > 0 ? Math.max(4, base.get(key)!) as Tier : base.get(key)!
    const pin = pinned === undefined ? before?.pinnedTier ?? null : pinned
    const tier = pin ?? evidence
    const reasons = paid.n > 0 ? [{ rule: 'paid', text: `已付款 ${paid.n} 单 ¥${paid.fen / 100}` }] : before?.reasons ?? []
    const activity = before?.activity ?? 'active'
    put.run({ a: accountId, c: contactId, tier, evidence, pinned: pin, activity, reasons: JSON.stringify(reasons), since: before?.tier === tier ? before.since : now, now })
    if (before && before.tier === tier) return null
    hist.run(accountId, contactId, before?.tier ?? null, tier, before?.activity ?? null, activity, cause.kind, 'ref' in cause ? cause.ref ?? null : null, now)
    const change: TierChange = { accountId, contactId, from: before ? { tier: before.tier, activity: before.activity } : null, to: state(accountId, contactId)!, cause, at: now }
    for (const l of listeners) l(change)
    return change
  }

  return {
    reclassifyContact: (a, c, cause, now) => settle(a, c, undefined, cause, now),
    reclassifyAll: () => ({ total: 0, changes: [] }),
    recordPayment(a, c, input, now) {
      const res = insertOrder.run(a, c, 'payment', input.amountFen, input.at, input.source, input.messageId ?? null, input.note ?? null, now)
      const orderId = Number(res.lastInsertRowid)
      return { orderId, recorded: true, change: settle(a, c, undefined, { kind: 'payment', ref: String(orderId) }, now) }
    },
    recordRefund(a, c, amountFen, now, note) {
      const hit = findPayment.get(a, c, amountFen) as { id: number } | undefined
      if (hit) markRefunded.run(now, hit.id)
      const res = insertOrder.run(a, c, 'refund', amountFen, now, 'command', null, note ?? null, now)
      return { cancelledOrderId: hit?.id ?? null, change: settle(a, c, undefined, { kind: 'refund', ref: String(res.lastInsertRowid) }, now) }
    },
    pin: (a, c, tier, now) => settle(a, c, tier, { kind: tier === null ? 'unpin' : 'pin' }, now),
    getTier: state,
    onChange: (l) => { listeners.push(l) },
  }
}
