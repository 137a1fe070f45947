import fs from 'node:fs'
import type Database from 'better-sqlite3'
import { removeStaleCopies } from './backup.js'
import { assertNotFolder, DbKeyError, isPlainSqliteFile, openSqlite } from '../store/client.js'

/*
 * `tierbot db encrypt` / `decrypt`: convert the file safely. A compact copy is written under a new
 * name (VACUUM INTO, one read transaction), re-keyed, opened again and compared with the source
 * (integrity check, row counts of every table), and only then renamed over the original. Until the
 * rename the original is untouched; a failure leaves it as it was and removes the copy.
 */

type Keyable = Database.Database & { rekey(key: Buffer): number }

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`

function tableCounts(sqlite: Database.Database): Record<string, number> {
  const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[]
  const out: Record<string, number> = {}
  for (const t of tables) out[t] = sqlite.prepare(`SELECT COUNT(*) FROM "${t.replaceAll('"', '""')}"`).pluck().get() as number
  return out
}

/** Refuse to convert a file another process (the bot) has open: its writes would be lost. */
function assertNotInUse(sqlite: Database.Database, file: string): void {
  try {
    sqlite.pragma('busy_timeout = 0')
    sqlite.pragma('locking_mode = EXCLUSIVE')
    sqlite.exec('BEGIN EXCLUSIVE; COMMIT')
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw new Error(`the database ${file} is in use: stop the bot first`)
    throw err
  }
}

function convert(file: string, from: string | undefined, to: string | undefined): { tables: number; rows: number } {
  if (!fs.existsSync(file)) throw new Error(`no database at ${file}`)
  const tmp = `${file}.converting-${process.pid}`
  fs.rmSync(tmp, { force: true })
  const source = openSqlite(file, from)
  let counts: Record<string, number>
  try {
    assertNotInUse(source, file)
    // Holding the file exclusively, no other conversion can be running: any copy beside it is a dead run's.
    removeStaleCopies(file, '.converting-', 0)
    counts = tableCounts(source)
    source.exec(`VACUUM INTO ${sqlString(tmp)}`)
  } finally {
    source.close()
  }
  try {
    fs.chmodSync(tmp, 0o600)
    const copy = openSqlite(tmp, from) as Keyable
    try {
      // Re-keying works on a rollback-journal database only.
      copy.pragma('journal_mode = DELETE')
      if (to) {
        copy.pragma(`cipher = 'sqlcipher'`)
        copy.pragma('legacy = 4')
      }
      copy.rekey(Buffer.from(to ?? '', 'utf8'))
    } finally {
      copy.close()
    }
    const check = openSqlite(tmp, to)
    try {
      const ok = check.pragma('integrity_check', { simple: true })
      if (ok !== 'ok') throw new Error(`the converted copy failed the integrity check: ${String(ok)}`)
      const after = tableCounts(check)
      for (const [table, n] of Object.entries(counts)) {
        if (after[table] !== n) throw new Error(`the converted copy differs from the original in ${table} (${after[table]} rows, expected ${n})`)
      }
      check.pragma('journal_mode = WAL')
    } finally {
      check.close()
    }
    if (to ? isPlainSqliteFile(tmp) : !isPlainSqliteFile(tmp)) throw new Error('the converted copy is not in the expected format')
    // The original's -wal/-shm belong to the old file: SQLite would apply them to the new one.
    for (const suffix of ['-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
    fs.renameSync(tmp, file)
    return { tables: Object.keys(counts).length, rows: Object.values(counts).reduce((a, b) => a + b, 0) }
  } catch (err) {
    fs.rmSync(tmp, { force: true })
    throw err
  }
}

export function encryptDatabaseFile(file: string, key: string): { tables: number; rows: number } {
  if (!key) throw new DbKeyError('set TIERBOT_DB_KEY to the key to encrypt with')
  assertNotFolder(file)
  if (!isPlainSqliteFile(file) && fs.existsSync(file)) {
    // Not plain: encrypted already (with this key or another), or no database at all. Say which, change nothing.
    let opens = false
    try {
      openSqlite(file, key).close()
      opens = true
    } catch { /* not with this key */ }
    throw new DbKeyError(opens
      ? `the database ${file} is already encrypted with this TIERBOT_DB_KEY: nothing to do`
      : `the file ${file} is not a plain SQLite database: encrypted with another key, or not a tierbot database; nothing was changed`)
  }
  return convert(file, undefined, key)
}

export function decryptDatabaseFile(file: string, key: string): { tables: number; rows: number } {
  if (!key) throw new DbKeyError('set TIERBOT_DB_KEY to the key the database is encrypted with')
  assertNotFolder(file)
  if (isPlainSqliteFile(file)) throw new DbKeyError(`the database ${file} is not encrypted`)
  return convert(file, key, undefined)
}
