import type Database from 'better-sqlite3'

/*
 * What "counts once" means, as rows: the log, per-contact stats, payments, rungs and their history,
 * and queued label/remark writes. Volatile columns (update times) are left out so two runs compare.
 */

const TABLES: Array<{ table: string; order: string; drop?: string[] }> = [
  { table: 'interactions', order: 'account_id, message_id', drop: ['received_at'] },
  { table: 'contact_stats', order: 'account_id, contact_id', drop: ['updated_at'] },
  { table: 'orders', order: 'account_id, contact_id, at, id', drop: ['id', 'created_at', 'updated_at'] },
  // next_check_at is a lower bound on the next time boundary: how early depends on when the row was last written.
  { table: 'tiers', order: 'account_id, contact_id', drop: ['updated_at', 'since', 'computed_at', 'next_check_at'] },
]

type Source = { all<T>(sql: string): T[] } | Database.Database

function allRows(source: Source, sql: string): Array<Record<string, unknown>> {
  if ('prepare' in source) return source.prepare(sql).all() as Array<Record<string, unknown>>
  return source.all<Record<string, unknown>>(sql)
}

/**
 * tier_history is left out of the comparison: which "time" entries a run writes depends on whether the
 * login-time pass ran before the first message (a race a restart changes). What must hold is that no
 * cause is recorded twice for a contact: see `duplicateHistory`.
 */
export function duplicateHistory(source: Source): Array<Record<string, unknown>> {
  return allRows(source, `SELECT contact_id, cause, cause_ref, to_tier, COUNT(*) AS n FROM tier_history
    WHERE cause_ref IS NOT NULL GROUP BY account_id, contact_id, cause, cause_ref, to_tier, to_activity HAVING n > 1`)
}

/** Row counts per table (cheap; for equality before/after replays). */
export function snapshotCounts(source: Source): Record<string, number | string> {
  const out: Record<string, number> = {}
  for (const { table } of [...TABLES, { table: 'tier_history' }, { table: 'sync_outbox' }, { table: 'contacts' }]) {
    out[table] = Number(allRows(source, `SELECT COUNT(*) AS n FROM ${table}`)[0].n)
  }
  return { ...out, ...snapshotDigest(source) }
}

/** A content fingerprint per table: the rows themselves minus volatile columns, as one string each. */
export function snapshotDigest(source: Source): Record<string, string> {
  const out: Record<string, string> = {}
  for (const { table, order, drop = [] } of TABLES) {
    const rows = allRows(source, `SELECT * FROM ${table} ORDER BY ${order}`)
    out[`${table}#rows`] = JSON.stringify(rows.map((row) => {
      const copy = { ...row }
      for (const column of drop) delete copy[column]
      return copy
    }))
  }
  return out
}
