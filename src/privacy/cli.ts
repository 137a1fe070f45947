import fs from 'node:fs'
import path from 'node:path'
import { createContactResolver, type Resolution } from '../commands/resolve.js'
import type { Config } from '../config/schema.js'
import { closeDb, createDb, type Db } from '../store/client.js'
import { openAccountDb } from '../cli/offline.js'
import { backupDatabase, listBackups } from './backup.js'
import { decryptDatabaseFile, encryptDatabaseFile } from './db-crypt.js'
import { exportContact } from './export-contact.js'
import { createForgetting } from './forget.js'
import { describeRows } from './replies.js'

/*
 * The offline commands: `forget`, `backup`, `export --contact`, `db encrypt|decrypt`. Each returns
 * the text for stdout and an exit code; main.ts only parses flags and reads TIERBOT_DB_KEY.
 */

export interface CliResult { text: string; code: number }

export interface CliContext {
  config: Config
  /** TIERBOT_DB_KEY, if set. */
  key?: string
  account?: string
  now: number
}

function withDb<T>(ctx: CliContext, fn: (db: Db, accountId: string) => T): T {
  const { db, accountId } = openAccountDb(ctx.config, ctx.account, { key: ctx.key })
  try {
    return fn(db, accountId)
  } finally {
    closeDb(db)
  }
}

function unresolved(r: Exclude<Resolution, { kind: 'found' }>, what: string): CliResult {
  if (r.kind === 'not_found') {
    return { text: `nobody called "${r.query}" is stored: nothing to ${what} (already forgotten, or a different name?)`, code: 1 }
  }
  const lines = r.candidates.map((c) => `  ${c.id}\t${c.display}${c.name && c.name !== c.display ? ` (${c.name})` : ''}`)
  return { text: [`"${r.query}" matches ${r.total} contacts; pass the id:`, ...lines].join('\n'), code: 1 }
}

/** `tierbot forget NAME_OR_ID [--yes]`: without --yes, say what would go and change nothing. */
export function runForget(ctx: CliContext, query: string, yes: boolean): CliResult {
  return withDb(ctx, (db, accountId) => {
    const r = createContactResolver(db, ctx.config.labels.remarkPrefix).resolve(accountId, query)
    if (r.kind !== 'found') return unresolved(r, 'forget')
    const forgetting = createForgetting(db, ctx.config)
    const who = `${r.contact.display} (id ${r.contact.id})`
    if (!yes) {
      const counts = forgetting.summarize(accountId, r.contact.id)
      return { text: `would delete everything stored about ${who}: ${describeRows(counts)}.\nRun again with --yes to delete it.`, code: 0 }
    }
    const outcome = forgetting.forget(accountId, r.contact.id, 'cli', ctx.now)
    const undo = outcome.undoOps > 0
      ? `\n${outcome.undoOps} WeChat write(s) queued to take tierbot's labels and remark prefix off; they run when the bot next runs.`
      : ''
    const copies = listBackups(ctx.config.backup.dir).length
    const backups = copies > 0
      ? `\n${copies} backup(s) in ${ctx.config.backup.dir} taken before still hold this person until they rotate out (backup.keep = ${ctx.config.backup.keep}); delete them to forget at once.`
      : ''
    return { text: `deleted everything stored about ${who}: ${describeRows(outcome.deleted)}.${undo}${backups}`, code: 0 }
  })
}

/** `tierbot export --contact NAME [--out FILE]`: everything stored about one person, as JSON. */
export function runExportContact(ctx: CliContext, query: string, out?: string): CliResult {
  return withDb(ctx, (db, accountId) => {
    const r = createContactResolver(db, ctx.config.labels.remarkPrefix).resolve(accountId, query)
    if (r.kind !== 'found') return unresolved(r, 'export')
    const data = exportContact(db, accountId, r.contact.id, ctx.now, ctx.config.timezone)
    const json = `${JSON.stringify(data, null, 2)}\n`
    if (!out) return { text: json.trimEnd(), code: 0 }
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true })
    fs.writeFileSync(out, json, { mode: 0o600 })
    return { text: `wrote everything stored about ${r.contact.display} (id ${r.contact.id}) to ${out}`, code: 0 }
  })
}

/** Where `tierbot backup` writes: `--out` (a folder gets the usual file name inside it), else backup.dir. */
function backupTarget(ctx: CliContext, out: string | undefined): string {
  const name = `tierbot-backup-${new Date(ctx.now).toISOString().replace(/[:.]/g, '-')}.db`
  if (out === undefined) return path.join(ctx.config.backup.dir, name)
  // An existing folder, or a name ending in / (a folder still to be made, as `export --out` reads it).
  const folder = /[\\/]$/.test(out) || fs.statSync(out, { throwIfNoEntry: false })?.isDirectory() === true
  return folder ? path.join(out, name) : out
}

/**
 * `tierbot backup [--out FILE|FOLDER] [--force]`: a consistent copy, also while the bot runs (encrypted if
 * the database is). Never over the database itself; an existing file is replaced only with --force.
 */
export async function runBackup(ctx: CliContext, out?: string, force = false): Promise<CliResult> {
  const file = ctx.config.db
  if (!fs.existsSync(file)) throw new Error(`no database at ${file}`)
  const target = backupTarget(ctx, out)
  const resolved = path.resolve(target)
  if (['', '-wal', '-shm'].some((suffix) => resolved === path.resolve(file) + suffix)) {
    return { text: `${target} is the database itself: a backup must go to another file (e.g. --out ${ctx.config.backup.dir})`, code: 2 }
  }
  if (!force && fs.existsSync(target)) {
    return { text: `${target} already exists: choose another --out, or add --force to replace it`, code: 1 }
  }
  const db = createDb(file, { key: ctx.key, migrate: false })
  try {
    // Another process (the bot) may be writing: copy the rest in one step so its writes cannot restart the copy forever.
    const { bytes } = await backupDatabase(db.$client, target, { singleStep: true })
    return { text: `backup written to ${target} (${Math.round(bytes / 1024)} KB${ctx.key ? ', encrypted with TIERBOT_DB_KEY' : ''})`, code: 0 }
  } finally {
    closeDb(db)
  }
}

export function runDbConvert(ctx: CliContext, direction: 'encrypt' | 'decrypt'): CliResult {
  const file = ctx.config.db
  const r = direction === 'encrypt' ? encryptDatabaseFile(file, ctx.key ?? '') : decryptDatabaseFile(file, ctx.key ?? '')
  const next = direction === 'encrypt'
    ? 'Keep TIERBOT_DB_KEY set when starting the bot; without it the database cannot be opened. Older backups are still plain: delete them.'
    : 'Unset TIERBOT_DB_KEY before starting the bot.'
  return { text: `${file} ${direction}ed (${r.tables} tables, ${r.rows} rows checked). ${next}`, code: 0 }
}
