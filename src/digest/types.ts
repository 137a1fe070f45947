import type { LostRow } from '../lost/store.js'
import type { RecentEvent } from '../stats/recent.js'
import type { OccasionSnapshot } from '../occasions/section.js'
import type { ViewsDigest } from '../views/digest.js'
import type { Activity, Tier } from '../tiers/ladder.js'

/*
 * The plain data the digest builder reads. The loader (snapshot.ts) fills it from SQLite with a
 * handful of prepared statements; tests build it by hand. Times are epoch ms, money integer fen.
 */

export interface DigestContact {
  contactId: string
  /** Display name (the merchant's remark, else the WeChat name, else the id; with the id when shared). */
  name: string
  /** The remark on WeChat as loaded (the loader turns name + remark into the display name). */
  remark?: string
  tier: Tier
  activity: Activity
  /** Snoozed by the merchant until this time (only set while the snooze runs). */
  snoozedUntil: number | null
}

/** A customer asked a buying question (多少钱 / 怎么买 …) and nobody replied yet. */
export interface InquiryRow extends DigestContact {
  at: number
  text: string
}

export interface SilentRow extends DigestContact {
  lastInboundAt: number
  lastOutboundAt: number | null
  spendFen: number
  orders: number
  /** The last complaint and the last order: a complaint after the last purchase calls for an apology first. */
  lastComplaintAt?: number | null
  lastOrderAt?: number | null
}

export interface WarmingRow extends DigestContact {
  /** Recent local days with inbound interaction, 'YYYY-MM-DD', newest first. */
  activeDays: string[]
  /** The customer's last complaint: three days of complaints is no moment to recommend. */
  lastComplaintAt?: number | null
}

/** A paid order that was not refunded, recent enough for a follow-up or the replenish reminder. */
export interface OrderRow extends DigestContact {
  orderId: number
  at: number
  amountFen: number | null
  /** The customer's last complaint: one after this order calls for an apology, not a follow-up sale (seed 004). */
  lastComplaintAt?: number | null
}

export interface NeverBoughtRow extends DigestContact {
  approvals: number
  intents: number
  /** The contact's recent signal events (JSON as stored, or parsed): the L3 rule's own count is made from them. */
  recent?: string | RecentEvent[]
  lastInboundAt: number | null
  /** The rung the merchant pinned (/tier 张三 L3), when the evidence did not put them there. */
  pinnedTier?: number | null
}

export interface TierChangeRow {
  contactId: string
  name: string
  remark?: string
  from: Tier
  to: Tier
  at: number
  /** What made the last change (tier_history.cause: message, payment, refund, pin, time …): a fall says why. */
  cause?: string
}

export interface ComplaintRow {
  contactId: string
  name: string
  remark?: string
  tier: Tier
  at: number
  text: string
}

export interface FunnelCounts {
  total: number
  tiers: Record<Tier, number>
  activity: Record<Activity, number>
}

export interface DigestSnapshot {
  accountId: string
  /** Rung changes and complaints are reported from this time on (the previous daily digest). */
  since: number
  inquiries: InquiryRow[]
  /** Wake-up candidates (silent, ≥ L2), ranked; possibly capped by the loader. */
  silent: SilentRow[]
  /** How many wake-up candidates there are in all (before the cap). */
  silentTotal: number
  /** Silent customers (as the funnel counts them) left off the wake-up list, by reason. */
  silentLeftOut?: { belowL2: number; snoozed: number; nudged: number }
  warming: WarmingRow[]
  orders: OrderRow[]
  neverBought: NeverBoughtRow[]
  neverBoughtTotal: number
  changes: TierChangeRow[]
  complaints: ComplaintRow[]
  /** Customers who deleted the account (or were removed) since the last digest; absent = none. */
  lost?: LostRow[]
  /** Complaints nobody answered yet (no merchant message since) and not marked handled, whenever received. */
  openComplaints?: ComplaintRow[]
  /** How many open complaints there are in all (the list is capped). */
  openComplaintsTotal?: number
  funnel: FunnelCounts
  /** Birthdays and the nearest festival (issue 20); absent when occasions are off. */
  occasions?: OccasionSnapshot
  /** High intent not yet bought, regulars due to buy again, referrers to thank (issue 12); absent when off. */
  views?: ViewsDigest
  /** History imports finished since `since`: said once, instead of listing every rung they set. */
  imports?: ImportNote[]
}

export interface ImportNote {
  at: number
  messages: number
  orders: number
  /** Contacts placed or moved by the import's pass. */
  changes: number
}
