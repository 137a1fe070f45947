import type { Db } from '../store/client.js'
import type { ChangeCause } from './api.js'
import type { ClassifyStats, TierStateCore } from './classify.js'
import { ACTIVITIES, TIERS, type Activity, type Tier } from './ladder.js'

/*
 * Reads and writes of `tiers` and `tier_history` (prepared statements: this runs once per ingested
 * message and once per contact in the periodic pass).
 */

/** A contact with the stats classification reads (hasStats false: none yet) and its stored tier (cur*, null when none). */
export interface ContactRow extends ClassifyStats {
  contactId: string
  /** When added, else first seen. */
  addedAt: number | null
  hasStats: boolean
  curTier: number | null
  curEvidence: number | null
  curPinned: number | null
  curActivity: string | null
  curSince: number | null
  /** The stored next boundary (null: never; 0: due). */
  curNextCheckAt: number | null
  /** Lost (流失) since; null while a friend. */
  lostAt: number | null
}

/*
 * Rows are read positionally (.raw()): better-sqlite3 builds objects with many named keys slowly,
 * and the periodic pass reads every contact. The order here and in toContactRow must match.
 */
const ROW_COLUMNS = `COALESCE(c.added_at, c.first_seen_at), s.contact_id IS NOT NULL,
  s.rounds, s.private_inbound, s.group_interactions, s.last_inbound_at, s.orders, s.spend_fen, s.refunds,
  s.last_order_at, s.referrals, s.last_complaint_at, s.recent,
  t.tier, t.evidence_tier, t.pinned_tier, t.activity, t.since, t.next_check_at, c.lost_at`
const ROW_JOINS = `
  LEFT JOIN contact_stats s ON s.account_id = k.account_id AND s.contact_id = k.id
  LEFT JOIN tiers t ON t.account_id = k.account_id AND t.contact_id = k.id`

/** Every contact of an account with its stats and tier, for a forced full pass (raw rows: use toContactRow). */
export const SELECT_ALL_ROWS = `SELECT k.id, ${ROW_COLUMNS.replaceAll('c.', 'k.')} FROM contacts k ${ROW_JOINS} WHERE k.account_id = ?`

/*
 * The daily pass reads only what can have changed: tiers rows whose boundary has come, and contacts
 * never classified yet. The boundaries are read per rung and activity (tiers_rung_idx is (account, tier,
 * activity, next_check_at, contact_id)): one short index range each, every rung and activity listed.
 */
export const SELECT_DUE_ROWS = `SELECT k.id, ${ROW_COLUMNS.replaceAll('c.', 'k.')}
  FROM tiers t JOIN contacts k ON k.account_id = t.account_id AND k.id = t.contact_id
  LEFT JOIN contact_stats s ON s.account_id = t.account_id AND s.contact_id = t.contact_id
  WHERE t.account_id = @accountId AND t.tier IN (${TIERS.join(', ')})
    AND t.activity IN (${ACTIVITIES.map((a) => `'${a}'`).join(', ')}) AND t.next_check_at <= @now`
export const SELECT_UNCLASSIFIED_ROWS = `SELECT k.id, ${ROW_COLUMNS.replaceAll('c.', 'k.')}
  FROM contacts k ${ROW_JOINS} WHERE k.account_id = @accountId AND t.contact_id IS NULL`

type RawRow = [string, number | null, number, number | null, number | null, number | null, number | null, number | null,
  number | null, number | null, number | null, number | null, number | null, string | null,
  number | null, number | null, number | null, string | null, number | null, number | null, number | null]

/** Turn a positional row of SELECT_ALL_ROWS (or the single-contact query) into a ContactRow. */
export function toContactRow(r: unknown[]): ContactRow {
  const x = r as RawRow
  return {
    contactId: x[0], addedAt: x[1], hasStats: x[2] === 1,
    rounds: x[3] ?? 0, privateInbound: x[4] ?? 0, groupInteractions: x[5] ?? 0, lastInboundAt: x[6],
    orders: x[7] ?? 0, spendFen: x[8] ?? 0, refunds: x[9] ?? 0, lastOrderAt: x[10], referrals: x[11] ?? 0,
    lastComplaintAt: x[12], recent: x[13] ?? '[]',
    curTier: x[14], curEvidence: x[15], curPinned: x[16], curActivity: x[17], curSince: x[18], curNextCheckAt: x[19],
    lostAt: x[20],
  }
}

/** The indexed columns of a stored tiers row. */
export interface StoredTier { tier: number; activity: string; nextCheckAt: number | null }

export interface TierStore {
  getContactRow(accountId: string, contactId: string): ContactRow
  /** Who ended a lost contact's friendship (read for /tier only, not by the pass). */
  lostBy(accountId: string, contactId: string): 'customer' | 'merchant' | null
  /**
   * Write the contact's tiers row. Given what is stored (`stored`), only the columns that moved are SET:
   * SQLite rewrites an index whenever a column it covers is SET, even to the same value.
   */
  putTier(accountId: string, contactId: string, c: TierStateCore, since: number, now: number, stored?: StoredTier | null): void
  addHistory(accountId: string, contactId: string, from: { tier: Tier; activity: Activity } | null, to: Pick<TierStateCore, 'tier' | 'activity'>, cause: ChangeCause, now: number): void
  /** Forget the rung and counters of a contact who is not a customer (an admin). */
  dropContact(accountId: string, contactId: string): void
}

/** Prepared statements over tiers and tier_history for one database. */
export function createTierStore(db: Db): TierStore {
  const sqlite = db.$client
  // One statement for contact, stats and tier, whether or not each exists.
  const selectRow = sqlite.prepare(`
    SELECT @contactId, ${ROW_COLUMNS}
    FROM (SELECT @accountId AS account_id, @contactId AS id) k
    LEFT JOIN contacts c ON c.account_id = k.account_id AND c.id = k.id ${ROW_JOINS}`).raw()
  const selectLostBy = sqlite.prepare('SELECT lost_by FROM contacts WHERE account_id = ? AND id = ?').pluck()
  const upsertTier = sqlite.prepare(`
    INSERT INTO tiers (account_id, contact_id, tier, evidence_tier, pinned_tier, activity, since, next_check_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (account_id, contact_id) DO UPDATE SET tier = excluded.tier, evidence_tier = excluded.evidence_tier,
      pinned_tier = excluded.pinned_tier, activity = excluded.activity, since = excluded.since,
      next_check_at = excluded.next_check_at, updated_at = excluded.updated_at`)
  // The same write when the row exists, without the columns of an index whose value did not move.
  const updateKeepRung = sqlite.prepare(`UPDATE tiers SET evidence_tier = ?, pinned_tier = ?, since = ?, next_check_at = ?, updated_at = ?
    WHERE account_id = ? AND contact_id = ?`)
  const updateKeepRungAndCheck = sqlite.prepare(`UPDATE tiers SET evidence_tier = ?, pinned_tier = ?, since = ?, updated_at = ?
    WHERE account_id = ? AND contact_id = ?`)
  // seq: the contact's changes in the order made (its rows sit on the leaf this insert writes anyway).
  const insertHistory = sqlite.prepare(`
    INSERT INTO tier_history (account_id, contact_id, from_tier, to_tier, from_activity, to_activity, cause, cause_ref, at, seq)
    VALUES (@account, @contact, @fromTier, @toTier, @fromActivity, @toActivity, @cause, @ref, @at,
      (SELECT COALESCE(MAX(seq), 0) + 1 FROM tier_history WHERE account_id = @account AND contact_id = @contact))`)

  const deleteTier = sqlite.prepare('DELETE FROM tiers WHERE account_id = ? AND contact_id = ?')
  const deleteStats = sqlite.prepare('DELETE FROM contact_stats WHERE account_id = ? AND contact_id = ?')

  return {
    getContactRow: (accountId, contactId) => toContactRow(selectRow.get({ accountId, contactId }) as unknown[]),
    lostBy: (accountId, contactId) => (selectLostBy.get(accountId, contactId) as 'customer' | 'merchant' | null | undefined) ?? null,
    putTier(accountId, contactId, c, since, now, stored) {
      if (stored && stored.tier === c.tier && stored.activity === c.activity) {
        if (stored.nextCheckAt === c.nextChangeAt) updateKeepRungAndCheck.run(c.evidenceTier, c.pinnedTier, since, now, accountId, contactId)
        else updateKeepRung.run(c.evidenceTier, c.pinnedTier, since, c.nextChangeAt, now, accountId, contactId)
        return
      }
      upsertTier.run(accountId, contactId, c.tier, c.evidenceTier, c.pinnedTier, c.activity, since, c.nextChangeAt, now)
    },
    addHistory(accountId, contactId, from, to, cause, now) {
      const ref = 'ref' in cause ? cause.ref ?? null : null
      insertHistory.run({ account: accountId, contact: contactId, fromTier: from?.tier ?? null, toTier: to.tier,
        fromActivity: from?.activity ?? null, toActivity: to.activity, cause: cause.kind, ref, at: now })
    },
    dropContact(accountId, contactId) {
      deleteTier.run(accountId, contactId)
      deleteStats.run(accountId, contactId)
    },
  }
}
