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

/**
 * Why a rung moved. `at` is when the evidence happened (the message's or the payment's own time):
 * tier history is dated by it, so replayed or imported history lands on the right day. Without it
 * the change is dated when tierbot noticed it.
 */
export type ChangeCause =
  | { kind: 'message'; ref: string; at?: number }
  | { kind: 'payment'; ref: string; at?: number }
  | { kind: 'refund'; ref: string; at?: number }
  | { kind: 'pin'; ref?: string }
  | { kind: 'unpin'; ref?: string }
  | { kind: 'time' }
  | { kind: 'import'; ref?: string; at?: number }
  /** A friend this contact brought was recorded (views/referrals). */
  | { kind: 'referral'; ref: string }
  /** Deleted the account (ref 'lost') or added again ('back'). */
  | { kind: 'friendship'; ref: 'lost' | 'back' }

/** When the evidence behind a change happened: the cause's own time if it has one, else `now`. */
export function evidenceTime(cause: ChangeCause, now: number): number {
  return 'at' in cause && cause.at !== undefined ? Math.min(cause.at, now) : now
}

export interface TierChange {
  accountId: string
  contactId: string
  from: { tier: Tier; activity: Activity } | null
  to: TierState
  cause: ChangeCause
  /** When tierbot made the change (processing time); the history row carries the evidence time. */
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

/** An order write to take back (/undo): a payment (new, or the confirmation of a transfer's amount) or a refund. */
export type OrderUndo =
  | { kind: 'payment'; orderId: number; confirmed: boolean }
  | { kind: 'refund'; refundId: number; cancelledOrderId: number | null }

export interface RefundResult {
  /** The refund row written (absent when refused). */
  refundId?: number
  /** The payment the refund cancelled, if one of the same amount was found. */
  cancelledOrderId: number | null
  change: TierChange | null
  /**
   * Nothing was recorded: the contact has no open payment, the refund is more than what is open, or it is
   * dated before every open payment (`paidAt`: the earliest of them).
   */
  refused?: 'no_payment' | 'exceeds_open' | 'before_payment'
  paidAt?: number
  /** exceeds_open for a dated refund: what was open by that day (`openFen`) is less than the refund. */
  asOf?: number
  /** What is open (fen) when refused. */
  openFen?: number
}

export interface Ladder {
  /** Recompute one contact from its stats; writes tiers + tier_history when anything changed. */
  reclassifyContact(accountId: string, contactId: string, cause: ChangeCause, now: number): TierChange | null
  /**
   * A forced full pass: every contact re-examined (after a history import, cause `import`; a rules
   * change; or to check). Returns how many were examined and the changes.
   */
  reclassifyAll(accountId: string, now: number, cause?: ChangeCause): { total: number; changes: TierChange[] }
  /**
   * The daily pass for changes only time causes: only contacts whose stored boundary has come (and
   * any never classified) are examined; gives the same tiers as reclassifyAll. With a limit, examines
   * at most that many (one slice: call again while `more`).
   */
  reclassifyDue(accountId: string, now: number, limit?: number): { total: number; changes: TierChange[]; more: boolean }
  recordPayment(accountId: string, contactId: string, input: PaymentInput, now: number): PaymentResult
  /** `at`: when the refund happened (a dated `/refund`; only payments made by then are refunded); undated, `now`. */
  recordRefund(accountId: string, contactId: string, amountFen: number, now: number, note?: string, at?: number): RefundResult
  /** Take back a payment or refund the merchant recorded (/undo); the rung follows. */
  undoOrder(accountId: string, contactId: string, undo: OrderUndo, now: number): TierChange | null
  /** Pin a rung (tier) or unpin (null); `cause` defaults to pin / unpin (an import passes `import`). */
  pin(accountId: string, contactId: string, tier: Tier | null, now: number, cause?: ChangeCause): TierChange | null
  getTier(accountId: string, contactId: string): TierState | undefined
  /** Subscribe to rung/activity changes (sync planner, digest). */
  onChange(listener: (change: TierChange) => void): void
  /**
   * Run `task` at the end of every pass (reclassifyAll, each reclassifyDue slice), inside its transaction:
   * daily bookkeeping that rides on the pass (the digest's inbound mark). A task that throws is logged.
   */
  onPass(task: (accountId: string, now: number) => void): void
}
