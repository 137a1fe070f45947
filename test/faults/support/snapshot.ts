import type Database from 'better-sqlite3'

/*
 * What "counts once" means, as rows: the log, per-contact stats, payments, rungs and their history,
 * and queued label/remark writes. Volatile columns (update times) are left out so two runs compare.
 */

const TABLES: Array<{ table: string; order: string; drop?: string[] }> = [
  { table: 'interactions', order: 'account_id, message_id', drop: ['received_at'] },
  { table: 'contact_stats', order: 'account_id, contact_id', drop: ['updated_at'] },
  { table: 'orders', order: 'account_id, contact_id, at, id', drop: ['id', 'created_at', 'updated_at'] },
  { table: 'tiers', order: 'account_id, contact_id', drop: ['updated_at', 'since', 'computed_at'] },
  { table: 'tier_history', order: 'account_id, contact_id, id', drop: ['id', 'at', 'created_at'] },
]

type Source = { all<T>(sql: string): T[] } | Database.Database

function allRows(source: Source, sql: string): Array<Record<string, unknown>> {
  if ('prepare' in source) return source.prepare(sql).all() as Array<Record<string, unknown>>
  return source.all<Record<string, unknown>>(sql)
}

/** Row counts per table (cheap; for equality before/after replays). */
export function snapshotCounts(source: Source): Record<string, number | string> {
  const out: Record<string, number> = {}
  for (const { table } of [...TABLES, { table: 'sync_outbox' }, { table: 'contacts' }]) {
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
