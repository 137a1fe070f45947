import fs from 'node:fs'
import path from 'node:path'
import type Database from 'better-sqlite3'
import { localDay } from '../shared/day.js'
import { isKeyed, openSqliteLike } from '../store/client.js'

/*
 * Backups: a consistent copy of the live database, written beside the target under a temporary
 * name, checked, then renamed into place (a crash never leaves a half copy under the real name).
 * A plain database goes through SQLite's online backup API (better-sqlite3 `.backup()`), which steps
 * between other work and includes writes the same connection makes meanwhile. An encrypted one
 * cannot: the backup API refuses to copy between an encrypted source and the unkeyed target it
 * opens (different reserved bytes per page), so it is copied with `VACUUM INTO`, which SQLite3
 * Multiple Ciphers writes with the source's cipher and key, inside one read transaction.
 */

export interface BackupOptions {
  /** Copy everything after the first step in one go (another process, e.g. the CLI while the bot writes). */
  singleStep?: boolean
}

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`

/** A temporary copy untouched this long belongs to a run that died (killed, power cut), not to one still writing. */
const STALE_PARTIAL_MS = 60 * 60_000

/**
 * Delete `<target><marker><pid>` copies a killed run left beside `target` (they hold customers' data, and
 * nothing else ever removes them), when last written at least `minAgeMs` ago; returns the names removed.
 */
export function removeStaleCopies(target: string, marker: string, minAgeMs: number, now = Date.now()): string[] {
  const dir = path.dirname(target)
  const prefix = `${path.basename(target)}${marker}`
  let names: string[]
  try {
    names = fs.readdirSync(dir).filter((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)))
  } catch {
    return []
  }
  return names.filter((n) => {
    const file = path.join(dir, n)
    const stat = fs.statSync(file, { throwIfNoEntry: false })
    // minAgeMs 0: any such copy is dead (no time compared: a clock behind the file's time must not keep it).
    if (!stat?.isFile() || (minAgeMs > 0 && now - stat.mtimeMs < minAgeMs)) return false
    fs.rmSync(file, { force: true })
    return true
  })
}

export async function backupDatabase(sqlite: Database.Database, out: string, options: BackupOptions = {}): Promise<{ bytes: number }> {
  const target = path.resolve(out)
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 })
  const tmp = `${target}.partial-${process.pid}`
  fs.rmSync(tmp, { force: true })
  // Another backup may be writing its own copy right now: only copies idle for an hour are taken as dead.
  removeStaleCopies(target, '.partial-', STALE_PARTIAL_MS)
  try {
    if (isKeyed(sqlite)) sqlite.exec(`VACUUM INTO ${sqlString(tmp)}`)
    else await sqlite.backup(tmp, options.singleStep ? { progress: () => 1 << 30 } : undefined)
    fs.chmodSync(tmp, 0o600)
    const copy = openSqliteLike(tmp, sqlite)
    try {
      const check = copy.pragma('quick_check', { simple: true })
      if (check !== 'ok') throw new Error(`the copy failed its check: ${String(check)}`)
      // A copy that is a WAL database would need its -wal beside it; make it self-contained.
      copy.pragma('journal_mode = DELETE')
    } finally {
      copy.close()
    }
    fs.renameSync(tmp, target)
    return { bytes: fs.statSync(target).size }
  } catch (err) {
    fs.rmSync(tmp, { force: true })
    throw err
  }
}

const DAILY = /^tierbot-(\d{4}-\d{2}-\d{2})\.db$/

/** The file for one local day's copy in `dir`. */
export function dailyBackupFile(dir: string, now: number, timeZone: string): string {
  return path.join(dir, `tierbot-${localDay(now, timeZone)}.db`)
}

/** Pure: which daily copies to delete so that the newest `keep` remain. */
export function backupsToDelete(names: string[], keep: number): string[] {
  const daily = names.filter((n) => DAILY.test(n)).sort().reverse()
  return daily.slice(Math.max(0, keep))
}

/** The backup copies in `dir` (daily and `tierbot backup` ones); none when the folder is not there. */
export function listBackups(dir: string): string[] {
  const names = fs.existsSync(dir) && fs.statSync(dir).isDirectory() ? fs.readdirSync(dir) : []
  return names.filter((n) => /^tierbot-.*\.db$/.test(n))
}

/** Delete daily copies beyond the newest `keep`; returns the names removed. */
export function rotateBackups(dir: string, keep: number): string[] {
  const doomed = backupsToDelete(fs.readdirSync(dir), keep)
  for (const name of doomed) fs.rmSync(path.join(dir, name), { force: true })
  return doomed
}
