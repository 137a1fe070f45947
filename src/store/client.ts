import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from './schema.js'

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations')

export interface CreateDbOptions {
  /** Apply migrations from migrations/ (default true). */
  migrate?: boolean
}

/**
 * The one way to open the database: pragmas, then the real migrations. Tests use ':memory:'.
 * A new file is created readable by its owner only (it holds customers' messages).
 */
export function createDb(file: string, options: CreateDbOptions = {}): Db {
  const memory = file === ':memory:'
  if (!memory) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 })
    if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600))
  }
  const sqlite = new Database(file)
  if (!memory) {
    sqlite.pragma('journal_mode = WAL')
    // Per-transaction durability of WAL+NORMAL survives a process crash (kill -9); only an OS crash
    // can lose the last transactions, which is the trade SQLite recommends for WAL.
    sqlite.pragma('synchronous = NORMAL')
  }
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('cache_size = -32000')
  sqlite.pragma('temp_store = MEMORY')
  const db = drizzle(sqlite, { schema }) as Db
  if (options.migrate !== false) migrate(db, { migrationsFolder: MIGRATIONS_DIR })
  if (!memory) {
    for (const suffix of ['', '-wal', '-shm']) {
      try { fs.chmodSync(file + suffix, 0o600) } catch { /* -wal/-shm may not exist yet */ }
    }
  }
  return db
}

export function closeDb(db: Db): void {
  if (db.$client.open) db.$client.close()
}
