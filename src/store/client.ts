import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type Database from 'better-sqlite3'
// A drop-in build of better-sqlite3 with SQLite3 Multiple Ciphers compiled in: without a key it is plain
// SQLite (same file format, same API); with one the file is encrypted SQLCipher-compatibly (TIERBOT_DB_KEY).
import CipherDatabase from 'better-sqlite3-multiple-ciphers'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from './schema.js'
import { fsReason } from '../shared/fs-errors.js'
import { UsageError } from '../shared/usage-error.js'

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations')

export interface CreateDbOptions {
  /** Apply migrations from migrations/ (default true). */
  migrate?: boolean
  /** Encryption key (TIERBOT_DB_KEY): the file is encrypted at rest; none = a plain SQLite file. */
  key?: string
}

/** The database cannot be opened with the key given (or without one): a plain message, exit code 2. */
export class DbKeyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DbKeyError'
  }
}

const SQLITE_HEADER = 'SQLite format 3\u0000'

/** True when the file exists and starts with SQLite's plain header (an encrypted file does not). */
export function isPlainSqliteFile(file: string): boolean {
  let fd: number | undefined
  try {
    fd = fs.openSync(file, 'r')
    const head = Buffer.alloc(16)
    const n = fs.readSync(fd, head, 0, 16, 0)
    return n === 16 && head.toString('latin1') === SQLITE_HEADER
  } catch {
    return false
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}

/**
 * Open a SQLite connection, keyed when `key` is given (SQLCipher 4 format, so the sqlcipher tool opens
 * it too), and prove the key by reading the schema. Used by createDb and by the encrypt/decrypt/backup
 * tools, which need a raw connection.
 */
// The key of each keyed connection, so a copy can be opened the same way without passing the key around.
const keys = new WeakMap<Database.Database, string>()

/** True when the connection was opened with a key (its file is encrypted). */
export function isKeyed(sqlite: Database.Database): boolean {
  return keys.has(sqlite)
}

/** The key a connection was opened with (another connection to the same file needs it), if any. */
export function connectionKey(sqlite: Database.Database): string | undefined {
  return keys.get(sqlite)
}

/** Open another file (a backup, a converted copy) with the same key as `like`, if it has one. */
export function openSqliteLike(file: string, like: Database.Database): Database.Database {
  return openSqlite(file, keys.get(like))
}


/**
 * Make the database file (and its folder) when it is not there yet, readable by its owner only. A place
 * where that is impossible gets one plain sentence naming the setting to change, not an errno dump.
 */
export function ensureDbFile(file: string): void {
  if (file === ':memory:') return
  assertNotFolder(file)
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 })
    if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600))
  } catch (err) {
    // `--db` under a file, a read-only place: a usage error (exit 2), the setting named.
    throw new UsageError(`cannot create the database file ${file}: ${fsReason(err) ?? (err as Error).message}. ` +
      'Choose a file in a folder you can write: --db <file>, TIERBOT_DB, or db: in the config file')
  }
}

/** A folder given where the database file belongs (`--db data`): say so instead of "unable to open". */
export function assertNotFolder(file: string): void {
  let folder = false
  // A path under a plain file (ENOTDIR) is no folder either: creating the file says what is wrong.
  try { folder = file !== ':memory:' && fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() === true } catch { folder = false }
  if (folder) {
    throw new DbKeyError(`${file} is a folder, not a database file: pass the file itself, e.g. --db ${path.join(file, 'tierbot.db')}`)
  }
}

export function openSqlite(file: string, key?: string): Database.Database {
  assertNotFolder(file)
  const sqlite = new CipherDatabase(file) as unknown as Database.Database & { key(k: Buffer): number }
  try {
    if (key !== undefined && key !== '') {
      sqlite.pragma(`cipher = 'sqlcipher'`)
      sqlite.pragma('legacy = 4')
      sqlite.key(Buffer.from(key, 'utf8'))
    }
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get()
  } catch (err) {
    sqlite.close()
    if ((err as { code?: string }).code !== 'SQLITE_NOTADB') throw err
    const plain = isPlainSqliteFile(file)
    if (key) {
      throw new DbKeyError(plain
        ? `the database ${file} is not encrypted, but TIERBOT_DB_KEY is set: run \`tierbot db encrypt\` to encrypt it, or unset TIERBOT_DB_KEY`
        : `the database ${file} cannot be opened with this TIERBOT_DB_KEY: the key is wrong (or the file is damaged)`)
    }
    throw new DbKeyError(`the database ${file} is encrypted (or not a database): set TIERBOT_DB_KEY to its key`)
  }
  if (key) keys.set(sqlite, key)
  return sqlite
}

/**
 * The one way to open the database: pragmas, then the real migrations. Tests use ':memory:'.
 * A new file is created readable by its owner only (it holds customers' messages).
 */
export function createDb(file: string, options: CreateDbOptions = {}): Db {
  const memory = file === ':memory:'
  ensureDbFile(file)
  const sqlite = openSqlite(file, memory ? undefined : options.key)
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
