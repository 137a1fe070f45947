import type { Activity, Tier } from './ladder.js'

/*
 * The contract between the ladder (issue 3) and its users: ingest, commands, digest, sync.
 * createLadder(db, config, logger) in tiers/service.ts implements it.
 */

export interface Reason {
  /** The rule that fired, e.g. 'rounds', 'approval-window', 'paid', 'l5-spend', 'pin'. */
  rule: string
  /** Merchant-facing Chinese, e.g. "3 轮私聊", "2 次认同: 5月3日 '太好用了' …". */
  text: string
}

export interface TierState {
  contactId: string
  /** Effective rung: the pin if pinned, else the evidence rung. */
  tier: Tier
  evidenceTier: Tier
  pinnedTier: Tier | null
  activity: Activity
  reasons: Reason[]
  since: number
}

export type ChangeCause =
  | { kind: 'message'; ref: string }
  | { kind: 'payment'; ref: string }
  | { kind: 'refund'; ref: string }
  | { kind: 'pin'; ref?: string }
  | { kind: 'unpin'; ref?: string }
  | { kind: 'time' }
  | { kind: 'import'; ref?: string }
  /** A friend this contact brought was recorded (views/referrals). */
  | { kind: 'referral'; ref: string }

export interface TierChange {
  accountId: string
  contactId: string
  from: { tier: Tier; activity: Activity } | null
  to: TierState
  cause: ChangeCause
  at: number
}

export interface PaymentInput {
  /** Null when a transfer's amount is not known. */
  amountFen: number | null
  at: number
  source: 'command' | 'transfer' | 'import' | 'demo'
  note?: string
  /**
   * For transfers: the message id, so a redelivered transfer records nothing new. With an amount, for
   * a transfer already recorded without one, it confirms that order's amount.
   */
  messageId?: string
}

export interface PaymentResult {
  orderId: number
  /** False when the message id was already recorded (redelivery). */
  recorded: boolean
  /** True when this filled in the amount of an earlier transfer (amount unknown until confirmed) instead of adding an order. */
  confirmed?: boolean
  change: TierChange | null
}

export interface RefundResult {
  /** The payment the refund cancelled, if one of the same amount was found. */
  cancelledOrderId: number | null
  change: TierChange | null
}

export interface Ladder {
  /** Recompute one contact from its stats; writes tiers + tier_history when anything changed. */
  reclassifyContact(accountId: string, contactId: string, cause: ChangeCause, now: number): TierChange | null
  /** The periodic pass for changes only time causes; returns the changes. */
  reclassifyAll(accountId: string, now: number): { total: number; changes: TierChange[] }
  recordPayment(accountId: string, contactId: string, input: PaymentInput, now: number): PaymentResult
  recordRefund(accountId: string, contactId: string, amountFen: number, now: number, note?: string): RefundResult
  /** Pin a rung (tier) or unpin (null). */
  pin(accountId: string, contactId: string, tier: Tier | null, now: number): TierChange | null
  getTier(accountId: string, contactId: string): TierState | undefined
  /** Subscribe to rung/activity changes (sync planner, digest). */
  onChange(listener: (change: TierChange) => void): void
}
