import type { Activity, Tier } from '../tiers/ladder.js'
import type { TierChange, TierState } from '../tiers/api.js'
import type { CommandName } from './words.js'
import type { InvalidReason, ListActivity } from './parse.js'
import type { Candidate, ContactRef } from './resolve.js'
import type { LocalDate } from '../shared/local-date.js'
import type { YearlyDate } from '../occasions/calendar-date.js'
import type { ViewsResult } from '../views/command-results.js'
import type { ContactViews } from '../views/service.js'

/*
 * What a command did, as plain values. Handlers return these; replies.ts alone turns them into the
 * merchant's Chinese text, so wording changes never touch the logic and tests can check either.
 */

/** A stored birthday and its next day (today included). */
export interface BirthdayInfo {
  date: YearlyDate
  next: { date: LocalDate; daysAhead: number }
}

export interface HistoryEntry {
  fromTier: Tier | null
  toTier: Tier
  fromActivity: Activity | null
  toActivity: Activity
  cause: string
  at: number
}

export interface ListEntry {
  display: string
  activity: Activity
  pinned: boolean
  lastSeenAt: number | null
  /** Lifetime spend (fen) and paid orders. */
  spendFen?: number
  orders?: number
  tier?: Tier
}

/** What /undo took back, for the reply. */
export type Undone =
  | { kind: 'paid'; amountFen: number | null }
  | { kind: 'refund'; amountFen: number | null }
  | { kind: 'note'; text: string }
  | { kind: 'pin'; restored: Tier | null }
  | { kind: 'snooze'; restoredUntil: number | null }

export interface OfflineSummary {
  /** Offline periods that started in the window. */
  periods: number
  totalMs: number
  last: { at: number; ms: number | null } | null
  windowDays: number
}

export interface DataSize {
  contacts: number
  messages: number
  orders: number
  dbBytes: number
}

/** Sync health as the label feature reports it; every field optional so an older sync still fits. */
export interface SyncHealthInfo {
  pending?: number
  done?: number
  failed?: number
  skipped?: number
  /** Pending writes that failed at least once and wait for their next try. */
  retrying?: number
  labelsSupported?: boolean
}

export interface FunnelSummary {
  total: number
  tiers: Record<Tier, number>
  activity: Record<Activity, number>
}

export type CommandResult =
  | { kind: 'not_found'; command: CommandName; query: string; suggestions: Candidate[] }
  | { kind: 'ambiguous'; command: CommandName; query: string; candidates: Candidate[]; total: number }
  | { kind: 'not_customer'; command: CommandName; contact: ContactRef }
  | { kind: 'tier'; contact: ContactRef; state: TierState | null; lastInboundAt: number | null; birthday?: BirthdayInfo; views?: ContactViews }
  | { kind: 'pinned'; contact: ContactRef; tier: Tier | null; state: TierState | null; change: TierChange | null; /** The pin it had before (null: none). */ before: Tier | null }
  | { kind: 'why'; contact: ContactRef; state: TierState | null; history: HistoryEntry[]; views?: ContactViews }
  /** /list 老客, /ref, /refs, /points (views/command-results.ts). */
  | ViewsResult
  /** paidAt: when the merchant gave a date (`/paid 张三 199 10月15日`), the time recorded. */
  | { kind: 'paid'; contact: ContactRef; amountFen: number; note?: string; paidAt?: number; change: TierChange | null; state: TierState | null }
  /** paidAt: the earliest open payment, when the refund was dated before it (before_payment); asOf: the refund's day, when openFen is what was open by then. */
  | { kind: 'refund_refused'; contact: ContactRef; amountFen: number; reason: 'no_payment' | 'exceeds_open' | 'before_payment'; openFen: number; paidAt?: number; asOf?: number }
  /** refundedAt: when the merchant gave a date (`/refund 张三 199 昨天`), the time recorded. */
  | { kind: 'refunded'; contact: ContactRef; amountFen: number; cancelled: boolean; change: TierChange | null; state: TierState | null; refundedAt?: number }
  /** birthdayHint: the note holds a clear birthday, offered as a /生日 command. */
  /** commandName: what a suggested command names (the id when others share the display). */
  | { kind: 'noted'; contact: ContactRef; total: number; birthdayHint?: YearlyDate; commandName?: string }
  /** before: for `set`, the birthday kept until then (a correction says from what to what). */
  | { kind: 'birthday'; action: 'set' | 'show' | 'cleared'; contact: ContactRef; birthday: YearlyDate | null; next: BirthdayInfo['next'] | null; before?: YearlyDate | null; commandName?: string }
  | { kind: 'notes'; contact: ContactRef; notes: Array<{ text: string; at: number }>; total: number }
  | { kind: 'snoozed'; contact: ContactRef; days: number; until: number }
  | { kind: 'unsnoozed'; contact: ContactRef; wasSnoozed: boolean }
  | { kind: 'list'; tier: Tier; entries: ListEntry[]; total: number }
  | { kind: 'list_activity'; activity: ListActivity; entries: ListEntry[]; total: number }
  | { kind: 'top'; entries: ListEntry[] }
  | { kind: 'orders'; contact: ContactRef; orders: Array<{ kind: 'payment' | 'refund'; amountFen: number | null; at: number; note: string | null; refunded: boolean }>; total: number }
  | { kind: 'chat'; contact: ContactRef; lines: Array<{ direction: 'in' | 'out'; type: string; text: string | null; at: number; room: string | null }> }
  | { kind: 'handled'; contact: ContactRef; had: boolean }
  | { kind: 'note_deleted'; contact: ContactRef; index: number; text: string | null }
  | { kind: 'undone'; contact: ContactRef; what: Undone; change: TierChange | null; state: TierState | null }
  | { kind: 'nothing_to_undo'; minutes: number }
  | { kind: 'stats'; funnel: FunnelSummary; sync: SyncHealthInfo | null; offline: OfflineSummary; size: DataSize; extra?: string[] }
  | { kind: 'text'; text: string }
  | { kind: 'digest'; messages: string[] }
  /** Sent as a picture by the report feature; the text below only when none is installed. */
  | { kind: 'report' }
  | { kind: 'unavailable'; command: CommandName }
  | { kind: 'help'; topic?: CommandName; asked?: string }
  | { kind: 'invalid'; reason: InvalidReason }
  | { kind: 'unknown'; word: string; meant?: CommandName }
  | { kind: 'error' }
