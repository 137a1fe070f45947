import type { Db } from '../store/client.js'
/*
 * All SQL of the views feature (contact_views, the intent columns of contact_stats, referrals, referral_cards,
 * points_ledger). Prepared statements: the intent score is touched once per ingested message, the pass reads
 * every contact once.
 */

export interface IntentRow {
  score: number
  at: number | null
  /** JSON [{ weight, label, at, text? }]: parsed only when shown. */
  top: string
}

/** One contact as the daily pass reads it (stats, rung, stored intent). */
export interface PassRow {
  contactId: string
  tier: number | null
  activity: string | null
  lastInboundAt: number | null
  orders: number
  spendFen: number
  firstOrderAt: number | null
  lastOrderAt: number | null
  lastComplaintAt: number | null
  intentScore: number
  intentAt: number | null
  /** What the last pass stored, joined as one string to compare (null: never derived). */
  stored: string | null
}

export interface DerivedView {
  contactId: string
  stage: string
  sleep: string | null
  complaintSleeper: boolean
  intentBand: string
  valueClass: string
  valueReason: string
}

export interface ReferralRow {
  contactId: string
  referrerId: string
  source: string
  detail: string | null
  at: number
}

/** A referred contact with their name and what they bought. */
export interface ReferredRow extends ReferralRow {
  name: string
  remark: string
  orders: number
  spendFen: number
}

/** A contact in a view list, with what /list shows. */
export interface ViewListRow {
  id: string
  remark: string | null
  name: string | null
  activity: string | null
  pinned: number | null
  lastSeenAt: number | null
}

export type ViewFilter =
  | { kind: 'stage'; stage: string }
  | { kind: 'intent'; band: string }
  | { kind: 'value'; cls: string }

export interface ViewsStore {
  getIntent(accountId: string, contactId: string): IntentRow | undefined
  putIntent(accountId: string, contactId: string, row: IntentRow): void
  /** Every customer of the account for the daily pass (not the account itself, not rooms). */
  iteratePass(accountId: string): IterableIterator<PassRow>
  /** The pass rows of contacts whose stats or rung changed at or after `since`. */
  changedSince(accountId: string, since: number): PassRow[]
  /** The latest pass that wrote a view of this account (null: none yet). */
  lastPassAt(accountId: string): number | null
  putDerived(accountId: string, rows: DerivedView[], now: number): void
  /** Contacts in one view, most recently seen first. */
  listByView(accountId: string, filter: ViewFilter, limit: number): { rows: ViewListRow[]; total: number }
  addCard(accountId: string, messageId: string, referrerId: string, cardContactId: string | null, cardName: string | null, at: number): void
  /** The earliest card carrying this contact (by id, else by name). */
  findCard(accountId: string, contactId: string, name: string): { referrerId: string; at: number } | undefined
  getReferral(accountId: string, contactId: string): ReferralRow | undefined
  putReferral(accountId: string, row: ReferralRow): void
  referralsBy(accountId: string, referrerId: string): ReferredRow[]
  /** Adds a referral count to the referrer's stats (creating the row): the L5 gate reads it. */
  bumpReferrals(accountId: string, contactId: string, delta: number, now: number): void
  addPoints(accountId: string, contactId: string, delta: number, reason: string, source: string, ref: string | null, at: number): boolean
  /** Points for paid orders not yet credited (and taken back for refunded ones), at `perYuan`. */
  grantOrderPoints(accountId: string, contactId: string, perYuan: number, now: number): void
  /** Every contact with an order (payment or refund) in the account. */
  buyers(accountId: string): string[]
  /**
   * A referral moved to `toId`: whoever holds this friend's referral points gives them back (never below
   * zero) and `toId` is brought up to `points`.
   */
  moveReferralPoints(accountId: string, friendId: string, toId: string, points: number, at: number): void
  pointsBalance(accountId: string, contactId: string): number
  pointsHistory(accountId: string, contactId: string, limit: number): Array<{ delta: number; reason: string; at: number }>
}

function* readPassRows(rows: IterableIterator<unknown[]>): IterableIterator<PassRow> {
  for (const r of rows) {
    yield {
      contactId: r[0] as string, tier: r[1] as number | null, activity: r[2] as string | null,
      lastInboundAt: r[3] as number | null, orders: (r[4] as number | null) ?? 0, spendFen: (r[5] as number | null) ?? 0,
      firstOrderAt: r[6] as number | null, lastOrderAt: r[7] as number | null, lastComplaintAt: r[8] as number | null,
      intentScore: (r[9] as number | null) ?? 0, intentAt: r[10] as number | null, stored: r[11] as string | null,
    }
  }
}

export function createViewsStore(db: Db): ViewsStore {
  const sqlite = db.$client
  // The score is kept in the contact's stats row (its page is written by the same message anyway); a
  // contact has a score only once a message of theirs counted, i.e. once that row exists.
  const selectIntent = sqlite.prepare('SELECT intent_score, intent_at, intent_top FROM contact_stats WHERE account_id = ? AND contact_id = ?').raw()
  const updateIntent = sqlite.prepare(`UPDATE contact_stats SET intent_score = ?, intent_at = ?, intent_top = ?
    WHERE account_id = ? AND contact_id = ?`)
  const passCols = `k.id, t.tier, t.activity, s.last_inbound_at, s.orders, s.spend_fen, s.first_order_at,
      s.last_order_at, s.last_complaint_at, s.intent_score, s.intent_at,
      v.stage || '|' || COALESCE(v.sleep, '') || '|' || v.complaint_sleeper || '|' || v.intent_band || '|' || v.value_class || '|' || v.value_reason`
  const passJoins = `LEFT JOIN contact_stats s ON s.account_id = k.account_id AND s.contact_id = k.id
    LEFT JOIN tiers t ON t.account_id = k.account_id AND t.contact_id = k.id
    LEFT JOIN contact_views v ON v.account_id = k.account_id AND v.contact_id = k.id`
  const selectPass = sqlite.prepare(`SELECT ${passCols} FROM contacts k ${passJoins}
    WHERE k.account_id = @accountId AND k.id <> @accountId AND k.id NOT LIKE '%@chatroom'`).raw()
  // Contacts whose stats or rung changed since `since` (a payment, a message, a pin): usually a handful.
  const selectChanged = sqlite.prepare(`SELECT ${passCols}
    FROM (SELECT contact_id FROM contact_stats WHERE account_id = @accountId AND updated_at >= @since
      UNION SELECT contact_id FROM tiers WHERE account_id = @accountId AND updated_at >= @since) ch
    JOIN contacts k ON k.account_id = @accountId AND k.id = ch.contact_id ${passJoins}
    WHERE k.id <> @accountId AND k.id NOT LIKE '%@chatroom'`).raw()
  const lastPass = sqlite.prepare('SELECT MAX(pass_at) FROM contact_views WHERE account_id = ?').pluck()
  const upsertDerived = sqlite.prepare(`INSERT INTO contact_views (account_id, contact_id, stage, sleep, complaint_sleeper,
      intent_band, value_class, value_reason, pass_at)
    VALUES (@accountId, @contactId, @stage, @sleep, @complaintSleeper, @intentBand, @valueClass, @valueReason, @now)
    ON CONFLICT (account_id, contact_id) DO UPDATE SET stage = excluded.stage, sleep = excluded.sleep,
      complaint_sleeper = excluded.complaint_sleeper, intent_band = excluded.intent_band, value_class = excluded.value_class,
      value_reason = excluded.value_reason, pass_at = excluded.pass_at`)
  const recentFirst = `ORDER BY (s.last_inbound_at IS NULL), s.last_inbound_at DESC, v.contact_id`
  const viewJoin = `FROM contact_views v LEFT JOIN contact_stats s ON s.account_id = v.account_id AND s.contact_id = v.contact_id
    LEFT JOIN contacts c ON c.account_id = v.account_id AND c.id = v.contact_id
    LEFT JOIN tiers t ON t.account_id = v.account_id AND t.contact_id = v.contact_id`
  const listCols = `v.contact_id AS id, c.remark, c.name, t.activity, t.pinned_tier AS pinned, s.last_inbound_at AS lastSeenAt`
  const byStage = sqlite.prepare(`SELECT ${listCols} ${viewJoin} WHERE v.account_id = ? AND v.stage = ? ${recentFirst} LIMIT ?`)
  const countStage = sqlite.prepare('SELECT COUNT(*) AS n FROM contact_views WHERE account_id = ? AND stage = ?')
  const byBand = sqlite.prepare(`SELECT ${listCols} ${viewJoin} WHERE v.account_id = ? AND v.intent_band = ? ${recentFirst} LIMIT ?`)
  const countBand = sqlite.prepare('SELECT COUNT(*) AS n FROM contact_views WHERE account_id = ? AND intent_band = ?')
  const byValue = sqlite.prepare(`SELECT ${listCols} ${viewJoin} WHERE v.account_id = ? AND v.value_class = ? ${recentFirst} LIMIT ?`)
  const countValue = sqlite.prepare('SELECT COUNT(*) AS n FROM contact_views WHERE account_id = ? AND value_class = ?')
  const insertCard = sqlite.prepare(`INSERT INTO referral_cards (account_id, message_id, referrer_contact_id, card_contact_id, card_name, at)
    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
  const cardById = sqlite.prepare(`SELECT referrer_contact_id AS referrerId, at FROM referral_cards
    WHERE account_id = ? AND card_contact_id = ? ORDER BY at LIMIT 1`)
  const cardByName = sqlite.prepare(`SELECT referrer_contact_id AS referrerId, at FROM referral_cards
    WHERE account_id = ? AND card_name = ? AND card_name <> '' ORDER BY at LIMIT 1`)
  const referralCols = 'contact_id AS contactId, referrer_contact_id AS referrerId, source, detail, at'
  const selectReferral = sqlite.prepare(`SELECT ${referralCols} FROM referrals WHERE account_id = ? AND contact_id = ?`)
  const upsertReferral = sqlite.prepare(`INSERT INTO referrals (account_id, contact_id, referrer_contact_id, source, detail, at)
    VALUES (@accountId, @contactId, @referrerId, @source, @detail, @at)
    ON CONFLICT (account_id, contact_id) DO UPDATE SET referrer_contact_id = excluded.referrer_contact_id, source = excluded.source,
      detail = excluded.detail, at = excluded.at`)
  const selectBy = sqlite.prepare(`SELECT r.contact_id AS contactId, r.referrer_contact_id AS referrerId, r.source, r.detail, r.at,
      COALESCE(c.name, '') AS name, COALESCE(c.remark, '') AS remark, COALESCE(s.orders, 0) AS orders, COALESCE(s.spend_fen, 0) AS spendFen
    FROM referrals r
    LEFT JOIN contacts c ON c.account_id = r.account_id AND c.id = r.contact_id
    LEFT JOIN contact_stats s ON s.account_id = r.account_id AND s.contact_id = r.contact_id
    WHERE r.account_id = ? AND r.referrer_contact_id = ? ORDER BY r.at`)
  const bump = sqlite.prepare(`INSERT INTO contact_stats (account_id, contact_id, referrals, updated_at) VALUES (?, ?, MAX(0, ?), ?)
    ON CONFLICT (account_id, contact_id) DO UPDATE SET referrals = MAX(0, contact_stats.referrals + excluded.referrals), updated_at = excluded.updated_at`)
  const bumpDown = sqlite.prepare(`UPDATE contact_stats SET referrals = MAX(0, referrals + ?), updated_at = ? WHERE account_id = ? AND contact_id = ?`)
  const insertPoints = sqlite.prepare(`INSERT INTO points_ledger (account_id, contact_id, delta, reason, source, ref, at)
    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
  // WHERE true: SQLite needs it to read ON CONFLICT after an INSERT … SELECT.
  const grantOrders = sqlite.prepare(`INSERT INTO points_ledger (account_id, contact_id, delta, reason, source, ref, at)
    SELECT account_id, contact_id, CAST(amount_fen * @perYuan / 100 AS INTEGER), '消费', 'order', CAST(id AS TEXT), at
    FROM orders WHERE account_id = @accountId AND contact_id = @contactId AND kind = 'payment' AND amount_fen > 0 AND true
    ON CONFLICT DO NOTHING`)
  // The referral points of one friend per holder: the first grant (ref = the friend) and every move since
  // (ref = friend@time; 'referral' given, 'referral_back' given back).
  const referralHeld = sqlite.prepare(`SELECT contact_id AS contactId, SUM(delta) AS held FROM points_ledger
    WHERE account_id = @accountId AND source IN ('referral', 'referral_back')
      AND (ref = @friendId OR substr(ref, 1, length(@friendId) + 1) = @friendId || '@')
    GROUP BY contact_id`)
  // Spend points owed now: each open payment's grant, less the part refunds took without cancelling a whole payment.
  const spendOwed = sqlite.prepare(`SELECT
      COALESCE(SUM(CASE WHEN kind = 'payment' AND refunded_at IS NULL AND amount_fen > 0 THEN CAST(amount_fen * @perYuan / 100 AS INTEGER) END), 0) AS paid,
      COALESCE(SUM(CASE WHEN kind = 'refund' THEN amount_fen END), 0)
        - COALESCE(SUM(CASE WHEN kind = 'payment' AND refunded_at IS NOT NULL THEN amount_fen END), 0) AS partialFen
    FROM orders WHERE account_id = @accountId AND contact_id = @contactId`)
  // Spend points held: the grants per order and every correction since ('refund' rows from before corrections).
  const spendHeld = sqlite.prepare(`SELECT COALESCE(SUM(delta), 0) FROM points_ledger
    WHERE account_id = ? AND contact_id = ? AND source IN ('order', 'refund', 'spend_fix')`).pluck()
  // Points a refund left uncollected because they were already redeemed, not yet settled by an undone refund.
  const keptOpen = sqlite.prepare(`SELECT COALESCE(SUM(delta), 0) FROM points_ledger
    WHERE account_id = ? AND contact_id = ? AND source = 'kept'`).pluck()
  const selectBuyers = sqlite.prepare('SELECT DISTINCT contact_id FROM orders WHERE account_id = ?').pluck()
  const balance = sqlite.prepare('SELECT COALESCE(SUM(delta), 0) FROM points_ledger WHERE account_id = ? AND contact_id = ?').pluck()
  const history = sqlite.prepare(`SELECT delta, reason, at FROM points_ledger WHERE account_id = ? AND contact_id = ?
    ORDER BY at DESC, id DESC LIMIT ?`)

  const putDerivedTx = sqlite.transaction((accountId: string, rows: DerivedView[], now: number) => {
    for (const r of rows) upsertDerived.run({ accountId, ...r, complaintSleeper: r.complaintSleeper ? 1 : 0, now })
  })

  return {
    getIntent(accountId, contactId) {
      const r = selectIntent.get(accountId, contactId) as [number, number | null, string] | undefined
      return r ? { score: r[0], at: r[1], top: r[2] } : undefined
    },
    putIntent(accountId, contactId, row) {
      updateIntent.run(row.score, row.at, row.top, accountId, contactId)
    },
    *iteratePass(accountId) {
      yield* readPassRows(selectPass.iterate({ accountId }) as IterableIterator<unknown[]>)
    },
    changedSince(accountId, since) {
      return [...readPassRows(selectChanged.iterate({ accountId, since }) as IterableIterator<unknown[]>)]
    },
    lastPassAt: (accountId) => (lastPass.get(accountId) as number | null) ?? null,
    putDerived(accountId, rows, now) {
      putDerivedTx(accountId, rows, now)
    },
    listByView(accountId, filter, limit) {
      const [list, count, key] = filter.kind === 'stage' ? [byStage, countStage, filter.stage]
        : filter.kind === 'intent' ? [byBand, countBand, filter.band] : [byValue, countValue, filter.cls]
      return { rows: list.all(accountId, key, limit) as ViewListRow[], total: (count.get(accountId, key) as { n: number }).n }
    },
    addCard(accountId, messageId, referrerId, cardContactId, cardName, at) {
      insertCard.run(accountId, messageId, referrerId, cardContactId, cardName, at)
    },
    findCard(accountId, contactId, name) {
      return (cardById.get(accountId, contactId) ?? (name ? cardByName.get(accountId, name) : undefined)) as { referrerId: string; at: number } | undefined
    },
    getReferral: (accountId, contactId) => selectReferral.get(accountId, contactId) as ReferralRow | undefined,
    putReferral(accountId, row) {
      upsertReferral.run({ accountId, ...row })
    },
    referralsBy: (accountId, referrerId) => selectBy.all(accountId, referrerId) as ReferredRow[],
    bumpReferrals(accountId, contactId, delta, now) {
      if (delta > 0) bump.run(accountId, contactId, delta, now)
      else bumpDown.run(delta, now, accountId, contactId)
    },
    addPoints(accountId, contactId, delta, reason, source, ref, at) {
      return insertPoints.run(accountId, contactId, delta, reason, source, ref, at).changes > 0
    },
    grantOrderPoints(accountId, contactId, perYuan, now) {
      grantOrders.run({ accountId, contactId, perYuan })
      // Refunds (whole or partial) and their /undo bring the spend points to what is still paid, never
      // below zero: points already redeemed are not taken back (a second row says so).
      const o = spendOwed.get({ accountId, contactId, perYuan }) as { paid: number; partialFen: number }
      const owed = Math.max(0, o.paid - Math.trunc(Math.max(0, o.partialFen) * perYuan / 100))
      const diff = owed - (spendHeld.get(accountId, contactId) as number)
      if (diff === 0) return
      const at = now
      const ref = `${contactId}:${at}:${diff}`
      if (diff > 0) {
        insertPoints.run(accountId, contactId, diff, '退款撤销', 'spend_fix', ref, at)
        // What a refund left uncollected (already redeemed) is settled first: an undone refund gives back once.
        const settle = Math.min(diff, keptOpen.get(accountId, contactId) as number)
        if (settle > 0) insertPoints.run(accountId, contactId, -settle, '抵回之前未扣的', 'kept', `${ref}:back`, at)
        return
      }
      const bal = balance.get(accountId, contactId) as number
      insertPoints.run(accountId, contactId, diff, '退款', 'spend_fix', ref, at)
      const kept = Math.min(-diff, Math.max(0, -diff - Math.max(0, bal)))
      if (kept > 0) insertPoints.run(accountId, contactId, kept, '已兑换的不扣回', 'kept', ref, at)
    },
    moveReferralPoints(accountId, friendId, toId, points, at) {
      const held = referralHeld.all({ accountId, friendId }) as Array<{ contactId: string; held: number }>
      const ref = `${friendId}@${at}`
      for (const h of held) {
        if (h.contactId === toId || h.held <= 0) continue
        const back = Math.min(h.held, Math.max(0, balance.get(accountId, h.contactId) as number))
        if (back > 0) insertPoints.run(accountId, h.contactId, -back, '推荐改记给别人', 'referral_back', ref, at)
      }
      const need = points - (held.find((h) => h.contactId === toId)?.held ?? 0)
      if (need > 0) insertPoints.run(accountId, toId, need, '推荐新朋友', 'referral', ref, at)
    },
    buyers: (accountId) => selectBuyers.all(accountId) as string[],
    pointsBalance: (accountId, contactId) => balance.get(accountId, contactId) as number,
    pointsHistory: (accountId, contactId, limit) => history.all(accountId, contactId, limit) as Array<{ delta: number; reason: string; at: number }>,
  }
}
