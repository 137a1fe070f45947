import type { OccasionSnapshot } from '../occasions/section.js'
import type { ViewsDigest } from '../views/digest.js'
import type { Activity, Tier } from '../tiers/ladder.js'

/*
 * The plain data the digest builder reads. The loader (snapshot.ts) fills it from SQLite with a
 * handful of prepared statements; tests build it by hand. Times are epoch ms, money integer fen.
 */

export interface DigestContact {
  contactId: string
  /** Display name (WeChat name, else the id). */
  name: string
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
  /** Seed 004's complaint sleeper: the last paid experience ended in a complaint (apology first). */
  lastComplaintAt?: number | null
  lastOrderAt?: number | null
}

export interface WarmingRow extends DigestContact {
  /** Recent local days with inbound interaction, 'YYYY-MM-DD', newest first. */
  activeDays: string[]
}

/** A paid order that was not refunded, recent enough for a follow-up or the replenish reminder. */
export interface OrderRow extends DigestContact {
  orderId: number
  at: number
  amountFen: number | null
}

export interface NeverBoughtRow extends DigestContact {
  approvals: number
  intents: number
  lastInboundAt: number | null
}

export interface TierChangeRow {
  contactId: string
  name: string
  from: Tier
  to: Tier
  at: number
}

export interface ComplaintRow {
  contactId: string
  name: string
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
  warming: WarmingRow[]
  orders: OrderRow[]
  neverBought: NeverBoughtRow[]
  neverBoughtTotal: number
  changes: TierChangeRow[]
  complaints: ComplaintRow[]
  funnel: FunnelCounts
  /** Birthdays and the nearest festival (issue 20); absent when occasions are off. */
  occasions?: OccasionSnapshot
  /** High intent not yet bought, regulars due to buy again, referrers to thank (issue 12); absent when off. */
  views?: ViewsDigest
}
