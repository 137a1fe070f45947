import { STATS_COLUMNS, type StatsRow } from '../stats/repo.js'
import type { Db } from '../store/client.js'
import type { ChangeCause, Reason, TierState } from './api.js'
import type { Classification } from './classify.js'
import type { Activity, Tier } from './ladder.js'

/*
 * Reads and writes of `tiers` and `tier_history` (prepared statements: this runs once per ingested
 * message and once per contact in the periodic pass).
 */

/** A contact with its stats (null columns when it has none) and its stored tier (cur*, null when none). */
export type ContactRow = Omit<StatsRow, 'accountId' | 'contactId'> & {
  contactId: string
  addedAt: number | null
  firstSeenAt: number | null
  statsContactId: string | null
  curTier: number | null
  curEvidence: number | null
  curPinned: number | null
  curActivity: string | null
  curReasons: string | null
  curSince: number | null
}

export interface TierStore {
  getContactRow(accountId: string, contactId: string): ContactRow
  getTier(accountId: string, contactId: string): TierState | undefined
  putTier(accountId: string, contactId: string, c: Classification, reasonsJson: string, since: number, now: number): void
  addHistory(accountId: string, contactId: string, from: { tier: Tier; activity: Activity } | null, to: Classification, cause: ChangeCause, now: number): void
}

export function createTierStore(db: Db): TierStore {
  const sqlite = db.$client
  // One statement for contact, stats and tier, whether or not each exists.
  const selectRow = sqlite.prepare(`
    SELECT @contactId AS contactId, c.added_at AS addedAt, c.first_seen_at AS firstSeenAt,
      s.contact_id AS statsContactId, ${STATS_COLUMNS},
      t.tier AS curTier, t.evidence_tier AS curEvidence, t.pinned_tier AS curPinned, t.activity AS curActivity,
      t.reasons AS curReasons, t.since AS curSince
    FROM (SELECT @accountId AS account_id, @contactId AS id) k
    LEFT JOIN contacts c ON c.account_id = k.account_id AND c.id = k.id
    LEFT JOIN contact_stats s ON s.account_id = k.account_id AND s.contact_id = k.id
    LEFT JOIN tiers t ON t.account_id = k.account_id AND t.contact_id = k.id`)
  const selectTier = sqlite.prepare(`
    SELECT contact_id AS contactId, tier, evidence_tier AS evidenceTier, pinned_tier AS pinnedTier, activity, reasons, since
    FROM tiers WHERE account_id = ? AND contact_id = ?`)
  const upsertTier = sqlite.prepare(`
    INSERT INTO tiers (account_id, contact_id, tier, evidence_tier, pinned_tier, activity, reasons, since, updated_at)
    VALUES (@accountId, @contactId, @tier, @evidenceTier, @pinnedTier, @activity, @reasons, @since, @now)
    ON CONFLICT (account_id, contact_id) DO UPDATE SET tier = excluded.tier, evidence_tier = excluded.evidence_tier,
      pinned_tier = excluded.pinned_tier, activity = excluded.activity, reasons = excluded.reasons,
      since = excluded.since, updated_at = excluded.updated_at`)
  const insertHistory = sqlite.prepare(`
    INSERT INTO tier_history (account_id, contact_id, from_tier, to_tier, from_activity, to_activity, cause, cause_ref, at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)

  return {
    getContactRow: (accountId, contactId) => selectRow.get({ accountId, contactId }) as ContactRow,
    getTier(accountId, contactId) {
      const r = selectTier.get(accountId, contactId) as (Omit<TierState, 'reasons'> & { reasons: string }) | undefined
      if (!r) return undefined
      return { ...r, reasons: parseReasons(r.reasons) }
    },
    putTier(accountId, contactId, c, reasons, since, now) {
      upsertTier.run({ accountId, contactId, tier: c.tier, evidenceTier: c.evidenceTier, pinnedTier: c.pinnedTier, activity: c.activity, reasons, since, now })
    },
    addHistory(accountId, contactId, from, to, cause, now) {
      const ref = 'ref' in cause ? cause.ref ?? null : null
      insertHistory.run(accountId, contactId, from?.tier ?? null, to.tier, from?.activity ?? null, to.activity, cause.kind, ref, now)
    },
  }
}

function parseReasons(json: string): Reason[] {
  try {
    const v = JSON.parse(json)
    return Array.isArray(v) ? v : []
  } catch {
    return []
  }
}
