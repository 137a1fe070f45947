import fs from 'node:fs'
import path from 'node:path'
import type { Config } from '../config/schema.js'
import { renderDigestForPrint } from '../digest/print.js'
import { createDb, closeDb, type Db } from '../store/client.js'
import { UsageError } from '../shared/usage-error.js'
import { describeDryRun, listSyncAccounts } from '../sync/dry-run.js'

/**
 * Open the configured database for one account: the only one, or `account`. The caller closes it.
 * `command` is what the merchant ran, for the hint when there is no database yet; `key` opens an
 * encrypted file (TIERBOT_DB_KEY); `allowNone` returns the account '' when the database holds none.
 */
export function openAccountDb(config: Config, account?: string, options: { command?: string; key?: string; allowNone?: boolean } = {}): { db: Db; accountId: string } {
  const { command = 'digest --print', key, allowNone = false } = options
  if (!fs.existsSync(config.db)) {
    // `npm start` without a token runs the demo, which writes its own file: offer that one.
    const demo = path.join(path.dirname(config.db), 'demo.db')
    throw new Error(fs.existsSync(demo)
      ? `no database at ${config.db} yet (a real account writes it). To try this on the demo's data: npm run tierbot -- ${command} --db ${demo}`
      : `no database at ${config.db} yet: connect a real account (WECHATY_PUPPET_SERVICE_TOKEN=… npm start), or run the demo once (npm start -- --once) and pass --db ${demo}`)
  }
  const db = createDb(config.db, { key })
  const accounts = listSyncAccounts(db)
  if (account !== undefined && accounts.length > 0 && !accounts.includes(account)) {
    closeDb(db)
    throw new UsageError(`the database holds no account ${account} (it has: ${accounts.join(', ')}): check --account`)
  }
  // allowNone: a database with no contacts yet is an empty account (an export of no one), not an error.
  const accountId = account ?? (accounts.length === 1 ? accounts[0] : accounts.length === 0 && allowNone ? '' : undefined)
  if (accountId === undefined) {
    closeDb(db)
    if (accounts.length > 0) throw new UsageError(`the database holds several accounts (${accounts.join(', ')}): pass --account <id>`)
    throw new Error(`the database ${config.db} holds no account yet`)
  }
  return { db, accountId }
}

/** `digest --print` and `sync --dry-run`: read the database, write nothing, return the text. */
export function runOffline(what: 'digest' | 'sync', config: Config, now: number, account?: string, key?: string, options: { all?: boolean } = {}): string {
  const { db, accountId } = openAccountDb(config, account, { command: what === 'digest' ? 'digest --print' : 'sync --dry-run', key })
  try {
    return what === 'digest' ? renderDigestForPrint(db, config, accountId, now) : describeDryRun(db, config, accountId, now, options.all ? { examples: Number.POSITIVE_INFINITY } : {})
  } finally {
    closeDb(db)
  }
}
