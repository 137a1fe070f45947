import type { Db } from '../../src/store/client.js'

/* Direct inserts for digest tests: the digest reads what ingest and the ladder wrote. */

export interface SeedContact {
  id: string
  name: string
  tier: number
  activity: 'new' | 'active' | 'silent' | 'dormant' | 'lost'
  lastInboundAt?: number | null
  lastOutboundAt?: number | null
  spendFen?: number
  orders?: number
  approvals?: number
  intents?: number
  unansweredIntentAt?: number | null
  unansweredIntentText?: string | null
  activeDays?: string[]
  lastComplaintAt?: number | null
  recent?: unknown[]
}

export function seedContact(db: Db, account: string, c: SeedContact, now = 0): void {
  const sqlite = db.$client
  sqlite.prepare(`INSERT INTO contacts (account_id, id, name, remark, friend, added_at, first_seen_at, updated_at)
    VALUES (?, ?, ?, '', 1, 0, 0, ?)`).run(account, c.id, c.name, now)
  sqlite.prepare(`INSERT INTO tiers (account_id, contact_id, tier, evidence_tier, pinned_tier, activity, since, updated_at)
    VALUES (?, ?, ?, ?, NULL, ?, 0, ?)`).run(account, c.id, c.tier, c.tier, c.activity, now)
  sqlite.prepare(`INSERT INTO contact_stats (account_id, contact_id, last_inbound_at, last_outbound_at, spend_fen, orders,
    approvals, intents, unanswered_intent_at, unanswered_intent_text, active_days, last_complaint_at, recent, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
    account, c.id, c.lastInboundAt ?? null, c.lastOutboundAt ?? null, c.spendFen ?? 0, c.orders ?? 0,
    c.approvals ?? 0, c.intents ?? 0, c.unansweredIntentAt ?? null, c.unansweredIntentText ?? null,
    JSON.stringify(c.activeDays ?? []), c.lastComplaintAt ?? null, JSON.stringify(c.recent ?? []), now,
  )
}

export function seedOrder(db: Db, account: string, contactId: string, amountFen: number, at: number, refundedAt: number | null = null): void {
  db.$client.prepare(`INSERT INTO orders (account_id, contact_id, kind, amount_fen, at, source, refunded_at, created_at)
    VALUES (?, ?, 'payment', ?, ?, 'command', ?, ?)`).run(account, contactId, amountFen, at, refundedAt, at)
}

export function seedSnooze(db: Db, account: string, contactId: string, until: number): void {
  db.$client.prepare(`INSERT INTO snoozes (account_id, contact_id, until, created_at) VALUES (?, ?, ?, 0)`)
    .run(account, contactId, until)
}

export function seedTierChange(db: Db, account: string, contactId: string, from: number, to: number, at: number): void {
  db.$client.prepare(`INSERT INTO tier_history (account_id, contact_id, from_tier, to_tier, from_activity, to_activity, cause, at, seq)
    VALUES (@account, @contactId, @from, @to, 'active', 'active', 'message', @at,
      (SELECT COALESCE(MAX(seq), 0) + 1 FROM tier_history WHERE account_id = @account AND contact_id = @contactId))`).run({ account, contactId, from, to, at })
}

export function seedDigestLog(db: Db, account: string, day: string, recipient: string, at: number): void {
  db.$client.prepare(`INSERT INTO digest_log (account_id, day, recipient, kind, status, at) VALUES (?, ?, ?, 'daily', 'sent', ?)`)
    .run(account, day, recipient, at)
}
