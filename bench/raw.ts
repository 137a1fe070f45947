import type Database from 'better-sqlite3'
import type { ChatEvent } from '../src/platform/types.js'

/*
 * The yardstick for ingest: the same rows written with a bare prepared INSERT into a table of the same
 * shape as `interactions` (same columns, same primary key, same (account, contact, at) index), in a
 * database opened with the same pragmas. Two transaction shapes: one per row (what ingest does, so
 * that an acknowledged message survives a crash) and batched (the ceiling for a bulk import).
 */

export interface RawInserter {
  /** Each row in its own transaction; returns elapsed ms. */
  insertPerRow(rows: ChatEvent[]): number
  /** All rows in one transaction; returns elapsed ms. */
  insertBatch(rows: ChatEvent[]): number
}

export function createRawInserter(sqlite: Database.Database, table: string, now: number): RawInserter {
  sqlite.exec(`
    CREATE TABLE ${table} (
      account_id TEXT NOT NULL, message_id TEXT NOT NULL, contact_id TEXT NOT NULL, room_id TEXT,
      direction TEXT NOT NULL, type TEXT NOT NULL, raw_type INTEGER NOT NULL, at INTEGER NOT NULL,
      text TEXT, signals TEXT, received_at INTEGER NOT NULL,
      PRIMARY KEY (account_id, message_id));
    CREATE INDEX ${table}_contact_at_idx ON ${table} (account_id, contact_id, at);`)
  const insert = sqlite.prepare(`INSERT INTO ${table}
    (account_id, message_id, contact_id, room_id, direction, type, raw_type, at, text, signals, received_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`)
  const insertOne = (e: ChatEvent) => insert.run(e.accountId, e.messageId, e.contactId, e.roomId ?? null, e.direction, e.kind, e.rawType, e.at, e.text === '' ? null : e.text, now)
  const oneTx = sqlite.transaction(insertOne)
  const batchTx = sqlite.transaction((rows: ChatEvent[]) => { for (const e of rows) insertOne(e) })
  return {
    insertPerRow(rows) {
      const t0 = performance.now()
      for (const e of rows) oneTx(e)
      return performance.now() - t0
    },
    insertBatch(rows) {
      const t0 = performance.now()
      batchTx(rows)
      return performance.now() - t0
    },
  }
}
