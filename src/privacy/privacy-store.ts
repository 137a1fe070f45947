import type { Db } from '../store/client.js'
import { SELECT_LEDGER, type LedgerRow } from '../sync/ledger.js'

/*
 * All of privacy's SQL: where a person's rows live (found from the schema, so a table added later
 * is covered), deleting and exporting them, the audit, the forget queue, and retention's erasing.
 * Table and column names in the dynamic statements come from sqlite_master, never from input.
 */

export interface ContactColumn {
  table: string
  column: string
  /** False for a table that breaks the house rule of carrying account_id (then all accounts match). */
  hasAccount: boolean
}

/** The naming rule (src/store/schema.ts): `contact_id`, `…_contact_id`, and the contacts table's `id`. */
export function isContactColumn(table: string, column: string): boolean {
  return column === 'contact_id' || column.endsWith('_contact_id') || (table === 'contacts' && column === 'id')
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

export function findContactColumns(db: Db): ContactColumn[] {
  const sqlite = db.$client
  const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'
    AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name`).pluck().all() as string[]
  const out: ContactColumn[] = []
  for (const table of tables) {
    const columns = (sqlite.prepare(`PRAGMA table_info(${quote(table)})`).all() as Array<{ name: string }>).map((c) => c.name)
    const hasAccount = columns.includes('account_id')
    for (const column of columns) if (isContactColumn(table, column)) out.push({ table, column, hasAccount })
  }
  return out
}

/**
 * JSON columns that name contacts inside a list (not as a column of their own): entries that are
 * `[contactId, …]` or `{ contactId, … }` are dropped when that contact is forgotten. A table that is
 * not there (an older schema) is skipped.
 */
export const JSON_MENTIONS: ReadonlyArray<{ table: string; column: string }> = [
  // The weekly report's reconstructed moves: [[contactId, name, from, to], …] (src/report).
  { table: 'funnel_snapshots', column: 'moves' },
]

/** Pure: the JSON list without entries about `contactId`; null when nothing changes. */
export function dropMentions(json: string, contactId: string): string | null {
  let list: unknown
  try {
    list = JSON.parse(json)
  } catch {
    return null
  }
  if (!Array.isArray(list)) return null
  const about = (e: unknown) => (Array.isArray(e) && e[0] === contactId)
    || (e !== null && typeof e === 'object' && (e as { contactId?: unknown }).contactId === contactId)
  const kept = list.filter((e) => !about(e))
  return kept.length === list.length ? null : JSON.stringify(kept)
}

/**
 * Columns that name a contact inside someone else's row: the points a referral earned the referrer and the
 * rung change it caused on the referrer's history keep their numbers, and lose who was referred. A column
 * holds the id alone or the id then `@` and a time (a referral's points moved to another referrer).
 */
export const REF_MENTIONS: ReadonlyArray<{ table: string; column: string; when: string }> = [
  { table: 'tier_history', column: 'cause_ref', when: `cause = 'referral'` },
  { table: 'points_ledger', column: 'ref', when: `source IN ('referral', 'referral_back')` },
]

/**
 * Pure: an import run's summary without the person among its examples (`people.ambiguousExamples`
 * candidates are contact ids, `person` and `unmatchedExamples` the names the export used); null when
 * nothing changes. The counts stay.
 */
export function dropImportMentions(json: string, contactId: string, names: ReadonlySet<string>): string | null {
  let summary: { people?: { ambiguousExamples?: Array<{ person: string; candidates: string[] }>; unmatchedExamples?: string[] } }
  try {
    summary = JSON.parse(json)
  } catch {
    return null
  }
  const people = summary?.people
  if (!people || typeof people !== 'object') return null
  let changed = false
  if (Array.isArray(people.ambiguousExamples)) {
    const kept = people.ambiguousExamples
      .filter((e) => !names.has(e.person))
      .map((e) => (Array.isArray(e.candidates) && e.candidates.includes(contactId) ? { ...e, candidates: e.candidates.filter((c) => c !== contactId) } : e))
    changed ||= JSON.stringify(kept) !== JSON.stringify(people.ambiguousExamples)
    people.ambiguousExamples = kept
  }
  if (Array.isArray(people.unmatchedExamples)) {
    const kept = people.unmatchedExamples.filter((n) => !names.has(n))
    changed ||= kept.length !== people.unmatchedExamples.length
    people.unmatchedExamples = kept
  }
  return changed ? JSON.stringify(summary) : null
}

/** Tables whose rows for a forgotten person outlive the forget until the write-back undo has run. */
export const UNDO_TABLES = new Set(['sync_outbox', 'label_state', 'forget_pending'])

export interface AuditRow { action: string; actor: string; detail: string | null; at: number }

export function createPrivacyStore(db: Db) {
  const sqlite = db.$client
  let columns: ContactColumn[] | undefined
  const contactColumns = () => (columns ??= findContactColumns(db))
  const where = (c: ContactColumn) => `${c.hasAccount ? 'account_id = ? AND ' : ''}${quote(c.column)} = ?`
  const args = (c: ContactColumn, accountId: string, contactId: string) => (c.hasAccount ? [accountId, contactId] : [contactId])

  const insertAudit = sqlite.prepare('INSERT INTO privacy_audit (account_id, action, actor, detail, at) VALUES (?, ?, ?, ?, ?)')
  const selectAudit = sqlite.prepare('SELECT action, actor, detail, at FROM privacy_audit WHERE account_id = ? ORDER BY at, id')
  const insertPending = sqlite.prepare(`INSERT INTO forget_pending (account_id, contact_id, queued_at) VALUES (?, ?, ?)
    ON CONFLICT (account_id, contact_id) DO UPDATE SET queued_at = excluded.queued_at`)
  const selectPending = sqlite.prepare('SELECT contact_id FROM forget_pending WHERE account_id = ?').pluck()
  const isPending = sqlite.prepare('SELECT 1 FROM forget_pending WHERE account_id = ? AND contact_id = ?').pluck()
  const pendingOps = sqlite.prepare(`SELECT COUNT(*) FROM sync_outbox
    WHERE account_id = ? AND contact_id = ? AND status = 'pending'`).pluck()
  const ledgerRow = sqlite.prepare(SELECT_LEDGER)
  const contactRow = sqlite.prepare('SELECT id, name, remark FROM contacts WHERE account_id = ? AND id = ?')
  const oldestText = sqlite.prepare('SELECT MIN(at) FROM interactions WHERE account_id = ? AND text IS NOT NULL').pluck()
  const maxRowid = sqlite.prepare('SELECT MAX(rowid) FROM interactions').pluck()
  // rowid ranges keep each erase step short (the bot keeps answering between steps) without an extra index.
  const eraseRange = sqlite.prepare(`UPDATE interactions SET text = NULL
    WHERE rowid > ? AND rowid <= ? AND account_id = ? AND at < ? AND text IS NOT NULL`)
  const statsWithText = sqlite.prepare(`SELECT contact_id AS contactId, recent, unanswered_intent_at AS intentAt,
      unanswered_intent_text AS intentText, intent_top AS intentTop FROM contact_stats
    WHERE account_id = ? AND (recent <> '[]' OR intent_top <> '[]' OR (unanswered_intent_text IS NOT NULL AND unanswered_intent_at < ?))`)
  const updateStatsText = sqlite.prepare(`UPDATE contact_stats SET recent = ?, unanswered_intent_text = ?, intent_top = ?
    WHERE account_id = ? AND contact_id = ?`)
  // A new friend's greeting kept as the proof of a referral ("我是张三介绍的…") is message text too.
  const eraseGreetings = sqlite.prepare(`UPDATE referrals SET detail = NULL
    WHERE account_id = ? AND source = 'greeting' AND at < ? AND detail IS NOT NULL`)
  const accounts = sqlite.prepare(`SELECT DISTINCT account_id FROM contacts`).pluck()
  const getMeta = sqlite.prepare('SELECT value FROM meta WHERE account_id = ? AND key = ?').pluck()
  const setMeta = sqlite.prepare(`INSERT INTO meta (account_id, key, value, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (account_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`)
  const deleteMeta = sqlite.prepare('DELETE FROM meta WHERE account_id = ? AND key = ?')

  /** The names an import knew the person by (as its summary's examples show them), read before their rows go. */
  function importNames(accountId: string, contactId: string): Set<string> {
    const tables = new Set(sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[])
    if (!tables.has('import_people')) return new Set()
    const rows = sqlite.prepare(`SELECT export_id AS id, name, remark FROM import_people WHERE account_id = ? AND contact_id = ?`)
      .all(accountId, contactId) as Array<{ id: string; name: string; remark: string }>
    return new Set(rows.map((r) => r.remark || r.name || r.id).filter((n) => n !== ''))
  }

  function scrubMentions(accountId: string, contactId: string, names: ReadonlySet<string>): void {
    const tables = new Set(sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[])
    for (const { table, column, when } of REF_MENTIONS) {
      if (!tables.has(table)) continue
      sqlite.prepare(`UPDATE ${quote(table)} SET ${quote(column)} = NULL WHERE account_id = ? AND (${when})
        AND (${quote(column)} = @id OR substr(${quote(column)}, 1, length(@id) + 1) = @id || '@')`.replace('account_id = ?', 'account_id = @accountId'))
        .run({ accountId, id: contactId })
    }
    if (tables.has('import_runs')) {
      const runs = sqlite.prepare(`SELECT id, summary FROM import_runs WHERE account_id = ? AND summary IS NOT NULL`).all(accountId) as Array<{ id: number; summary: string }>
      for (const run of runs) {
        const next = dropImportMentions(run.summary, contactId, names)
        if (next !== null) sqlite.prepare('UPDATE import_runs SET summary = ? WHERE id = ?').run(next, run.id)
      }
    }
    for (const { table, column } of JSON_MENTIONS) {
      if (!tables.has(table)) continue
      const rows = sqlite.prepare(`SELECT rowid AS id, ${quote(column)} AS value FROM ${quote(table)}
        WHERE account_id = ? AND instr(${quote(column)}, ?) > 0`).all(accountId, JSON.stringify(contactId)) as Array<{ id: number; value: string }>
      for (const row of rows) {
        const next = dropMentions(row.value, contactId)
        if (next !== null) sqlite.prepare(`UPDATE ${quote(table)} SET ${quote(column)} = ? WHERE rowid = ?`).run(next, row.id)
      }
    }
  }

  return {
    contactColumns,
    /** Rows per table that mention the person (what /forget names before it deletes). */
    countRows(accountId: string, contactId: string): Map<string, number> {
      const counts = new Map<string, number>()
      for (const c of contactColumns()) {
        const n = sqlite.prepare(`SELECT COUNT(*) FROM ${quote(c.table)} WHERE ${where(c)}`).pluck().get(...args(c, accountId, contactId)) as number
        if (n > 0) counts.set(c.table, (counts.get(c.table) ?? 0) + n)
      }
      return counts
    },
    /** Every row that mentions the person, per table (the per-person export). */
    selectRows(accountId: string, contactId: string): Record<string, unknown[]> {
      const out: Record<string, unknown[]> = {}
      for (const c of contactColumns()) {
        const rows = sqlite.prepare(`SELECT * FROM ${quote(c.table)} WHERE ${where(c)}`).all(...args(c, accountId, contactId))
        if (rows.length > 0) out[c.table] = [...(out[c.table] ?? []), ...rows]
      }
      return out
    },
    /** Delete the person's rows from every contact table except `keep`; returns rows deleted per table. */
    deleteRows(accountId: string, contactId: string, keep: ReadonlySet<string> = new Set()): Map<string, number> {
      const deleted = new Map<string, number>()
      const names = keep.size === 0 ? importNames(accountId, contactId) : new Set<string>()
      for (const c of contactColumns()) {
        if (keep.has(c.table)) continue
        const n = sqlite.prepare(`DELETE FROM ${quote(c.table)} WHERE ${where(c)}`).run(...args(c, accountId, contactId)).changes
        if (n > 0) deleted.set(c.table, (deleted.get(c.table) ?? 0) + n)
      }
      if (keep.size === 0) scrubMentions(accountId, contactId, names)
      return deleted
    },
    contact: (accountId: string, contactId: string) =>
      contactRow.get(accountId, contactId) as { id: string; name: string; remark: string } | undefined,
    ledger: (accountId: string, contactId: string) => ledgerRow.get(accountId, contactId) as LedgerRow | undefined,
    audit(accountId: string, action: string, actor: string, detail: string | null, at: number): void {
      insertAudit.run(accountId, action, actor, detail, at)
    },
    auditRows: (accountId: string) => selectAudit.all(accountId) as AuditRow[],
    markPending(accountId: string, contactId: string, now: number): void {
      insertPending.run(accountId, contactId, now)
    },
    pendingContacts: (accountId: string) => selectPending.all(accountId) as string[],
    isPending: (accountId: string, contactId: string) => isPending.get(accountId, contactId) !== undefined,
    pendingOps: (accountId: string, contactId: string) => pendingOps.get(accountId, contactId) as number,
    accounts: () => accounts.all() as string[],
    getMeta: (accountId: string, key: string) => getMeta.get(accountId, key) as string | undefined,
    setMeta(accountId: string, key: string, value: string, now: number): void {
      setMeta.run(accountId, key, value, now)
    },
    deleteMeta(accountId: string, key: string): void {
      deleteMeta.run(accountId, key)
    },
    oldestTextAt: (accountId: string) => (oldestText.get(accountId) as number | null) ?? null,
    maxInteractionRowid: () => (maxRowid.get() as number | null) ?? 0,
    eraseTextRange: (accountId: string, fromRowid: number, toRowid: number, cutoff: number) =>
      eraseRange.run(fromRowid, toRowid, accountId, cutoff).changes,
    statsWithText: (accountId: string, cutoff: number) =>
      statsWithText.all(accountId, cutoff) as Array<{ contactId: string; recent: string; intentAt: number | null; intentText: string | null; intentTop: string }>,
    updateStatsText(accountId: string, contactId: string, recent: string, intentText: string | null, intentTop: string): void {
      updateStatsText.run(recent, intentText, intentTop, accountId, contactId)
    },
    eraseGreetings: (accountId: string, cutoff: number) => eraseGreetings.run(accountId, cutoff).changes,
  }
}

export type PrivacyStore = ReturnType<typeof createPrivacyStore>
