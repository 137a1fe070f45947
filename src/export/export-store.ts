import type { Db } from '../store/client.js'
import { classifyContact, type ClassifyRules } from '../tiers/classify.js'
import type { Tier } from '../tiers/ladder.js'

/*
 * The export's SQL, in one place: every contact of an account with its tier and counters. Rows are
 * streamed (`iterate`), so a 100k-contact account never sits in memory as one array.
 */

export interface ExportSource {
  id: string
  name: string
  remark: string
  tier: number | null
  evidenceTier: number | null
  pinnedTier: number | null
  activity: string | null
  /** The reasons (JSON, as /tier shows them), built from the stats: they are not stored. */
  reasons: string | null
  spendFen: number | null
  orders: number | null
  lastInboundAt: number | null
  lastOrderAt: number | null
  personas: string | null
  addedAt: number | null
  /** Birthday: 'solar' | 'lunar' with month, day, leap (null when none is kept). */
  bCalendar: string | null
  bMonth: number | null
  bDay: number | null
  bLeap: number | null
  /** The other views (issue 12), as the last daily pass left them. */
  stage: string | null
  sleep: string | null
  complaintSleeper: number | null
  intentBand: string | null
  valueClass: string | null
  valueReason: string | null
  referrer: string | null
  referred: number
  points: number
}

export interface ExportStore {
  contacts(accountId: string): IterableIterator<ExportSource>
}

/** The stats the ladder's reasons are built from, beside each row. */
interface StatsColumns {
  hasStats: number
  /** What the rung counts from: when added, else first seen. */
  placedFrom: number | null
  rounds: number | null
  privateInbound: number | null
  groupInteractions: number | null
  refunds: number | null
  referrals: number | null
  lastComplaintAt: number | null
  recent: string | null
}

/** People only: not the account itself, not group chats. */
const PEOPLE = `c.id <> @accountId AND c.id NOT LIKE '%@chatroom'`

/** `rules` and `now`: the reasons are built as /tier would build them at that moment. */
export function createExportStore(db: Db, rules: ClassifyRules, now: number): ExportStore {
  const sqlite = db.$client
  // The most valuable first: the order a merchant reads the sheet in before sorting it.
  const select = sqlite.prepare(`
    SELECT c.id, c.name, c.remark, t.tier, t.evidence_tier AS evidenceTier, t.pinned_tier AS pinnedTier,
      t.activity, s.spend_fen AS spendFen, s.orders, s.last_inbound_at AS lastInboundAt,
      s.contact_id IS NOT NULL AS hasStats, s.rounds, s.private_inbound AS privateInbound,
      s.group_interactions AS groupInteractions, s.refunds, s.referrals, s.last_complaint_at AS lastComplaintAt, s.recent,
      s.last_order_at AS lastOrderAt, s.personas,
      -- 添加时间: when a friend was added (the first sight of one stored before the directory said); nobody added
      -- a group member or an import's stand-in. The rung's reasons count from the first sight, as the ladder does.
      CASE WHEN c.friend = 1 THEN COALESCE(c.added_at, c.first_seen_at) ELSE c.added_at END AS addedAt,
      COALESCE(c.added_at, c.first_seen_at) AS placedFrom,
      b.calendar AS bCalendar, b.month AS bMonth, b.day AS bDay, b.leap AS bLeap,
      v.stage, v.sleep, v.complaint_sleeper AS complaintSleeper, v.intent_band AS intentBand, v.value_class AS valueClass,
      v.value_reason AS valueReason, COALESCE(NULLIF(rc.remark, ''), NULLIF(rc.name, ''), r.referrer_contact_id) AS referrer,
      (SELECT COUNT(*) FROM referrals x WHERE x.account_id = c.account_id AND x.referrer_contact_id = c.id) AS referred,
      (SELECT COALESCE(SUM(p.delta), 0) FROM points_ledger p WHERE p.account_id = c.account_id AND p.contact_id = c.id) AS points
    FROM contacts c
    LEFT JOIN tiers t ON t.account_id = c.account_id AND t.contact_id = c.id
    LEFT JOIN contact_stats s ON s.account_id = c.account_id AND s.contact_id = c.id
    LEFT JOIN birthdays b ON b.account_id = c.account_id AND b.contact_id = c.id
    LEFT JOIN contact_views v ON v.account_id = c.account_id AND v.contact_id = c.id
    LEFT JOIN referrals r ON r.account_id = c.account_id AND r.contact_id = c.id
    LEFT JOIN contacts rc ON rc.account_id = r.account_id AND rc.id = r.referrer_contact_id
    WHERE c.account_id = @accountId AND ${PEOPLE}
    ORDER BY COALESCE(t.tier, 0) DESC, COALESCE(s.spend_fen, 0) DESC, (s.last_inbound_at IS NULL), s.last_inbound_at DESC, c.id`)
  function* contacts(accountId: string): IterableIterator<ExportSource> {
    for (const row of select.iterate({ accountId }) as IterableIterator<ExportSource & StatsColumns>) {
      const stats = row.hasStats === 1
        ? {
            rounds: row.rounds ?? 0, privateInbound: row.privateInbound ?? 0, groupInteractions: row.groupInteractions ?? 0,
            lastInboundAt: row.lastInboundAt, orders: row.orders ?? 0, spendFen: row.spendFen ?? 0, refunds: row.refunds ?? 0,
            lastOrderAt: row.lastOrderAt, referrals: row.referrals ?? 0, lastComplaintAt: row.lastComplaintAt, recent: row.recent ?? '[]',
          }
        : null
      const reasons = row.tier === null ? null
        : JSON.stringify(classifyContact({ stats, addedAt: row.placedFrom, pinnedTier: row.pinnedTier as Tier | null }, rules, now).reasons)
      const { hasStats: _h, placedFrom: _a, rounds: _r, privateInbound: _p, groupInteractions: _g, refunds: _f, referrals: _e, lastComplaintAt: _l, recent: _c, ...source } = row
      yield { ...source, reasons }
    }
  }
  return { contacts }
}
