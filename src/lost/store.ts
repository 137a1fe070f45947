import type Database from 'better-sqlite3'
import type { Db } from '../store/client.js'
import { cachedStatements } from '../store/statements.js'
import type { Tier } from '../tiers/ladder.js'

/*
 * Lost customers (流失): the SQL of the feature. A contact is lost from the moment it deleted the account
 * (or was removed) until it is added again; its messages, orders and tier history stay untouched.
 */

export type LostBy = 'customer' | 'merchant'

/** A customer lost since the last digest, with what they last wrote. */
export interface LostRow {
  contactId: string
  name: string
  tier: Tier
  at: number
  by: LostBy
  /** The customer's last private message, if any. */
  lastText: string | null
  /** That message carried a complaint signal. */
  lastComplaint: boolean
}

const statementsFor = cachedStatements((sqlite: Database.Database) => ({
  // Keeps the first time: a second report of the same deletion (a redelivered event) changes nothing.
  mark: sqlite.prepare(`
    INSERT INTO contacts (account_id, id, name, remark, friend, added_at, first_seen_at, updated_at, lost_at, lost_by)
    VALUES (@account, @contact, '', '', 0, NULL, @at, @at, @at, @by)
    ON CONFLICT (account_id, id) DO UPDATE SET friend = 0, lost_at = COALESCE(contacts.lost_at, excluded.lost_at),
      lost_by = COALESCE(contacts.lost_by, excluded.lost_by), updated_at = excluded.updated_at`),
  lostAt: sqlite.prepare('SELECT lost_at AS at FROM contacts WHERE account_id = ? AND id = ?'),
  // A friend again (also when heard only through a private message, which no friendship event updated).
  clear: sqlite.prepare(`UPDATE contacts SET lost_at = NULL, lost_by = NULL, friend = 1
    WHERE account_id = ? AND id = ? AND lost_at IS NOT NULL AND lost_at <= ?`),
  since: sqlite.prepare(`
    SELECT c.id AS contactId, COALESCE(NULLIF(c.name, ''), c.id) AS name, COALESCE(t.tier, 0) AS tier,
      c.lost_at AS at, COALESCE(c.lost_by, 'customer') AS by, last.text AS lastText,
      COALESCE(',' || last.signals || ',' LIKE '%,complaint,%', 0) AS lastComplaint
    FROM contacts c
    LEFT JOIN tiers t ON t.account_id = c.account_id AND t.contact_id = c.id
    LEFT JOIN interactions last ON last.rowid = (
      SELECT i.rowid FROM interactions i WHERE i.account_id = c.account_id AND i.contact_id = c.id
        AND i.direction = 'in' AND i.room_id IS NULL ORDER BY i.at DESC LIMIT 1)
    WHERE c.account_id = @account AND c.lost_at IS NOT NULL AND c.lost_at >= @since AND c.lost_at <= @now
    ORDER BY c.lost_at, c.id`),
}))

/** Mark a contact lost; returns false when it already was (nothing changed). */
export function markLost(db: Db, accountId: string, contactId: string, by: LostBy, at: number): boolean {
  const st = statementsFor(db.$client)
  const before = st.lostAt.get(accountId, contactId) as { at: number | null } | undefined
  st.mark.run({ account: accountId, contact: contactId, at, by })
  return before?.at == null
}

/**
 * The contact is a friend again as of `at`; returns true when it had been lost by then. A message
 * written before the loss was recorded (redelivered late, replayed) does not bring anyone back; one
 * stamped the very millisecond it was recorded does (a refused write is noticed after the deletion).
 */
export function clearLost(db: Db, accountId: string, contactId: string, at = Number.MAX_SAFE_INTEGER): boolean {
  return statementsFor(db.$client).clear.run(accountId, contactId, at).changes > 0
}

/** Customers lost in [since, now], oldest first. */
export function listLostSince(db: Db, accountId: string, since: number, now: number): LostRow[] {
  const rows = statementsFor(db.$client).since.all({ account: accountId, since, now }) as Array<Omit<LostRow, 'lastComplaint'> & { lastComplaint: number }>
  return rows.map((r) => ({ ...r, lastComplaint: r.lastComplaint === 1 }))
}
