import fs from 'node:fs'
import type { Config } from '../config/schema.js'
import { renderDigestForPrint } from '../digest/print.js'
import { createDb, closeDb, type Db } from '../store/client.js'
import { describeDryRun, listSyncAccounts } from '../sync/dry-run.js'

/** Open the configured database for one account: the only one, or `account`. The caller closes it. */
export function openAccountDb(config: Config, account?: string, key?: string): { db: Db; accountId: string } {
  if (!fs.existsSync(config.db)) {
    throw new Error(`no database at ${config.db}: start the bot once (npm start), or pass --db / TIERBOT_DB`)
  }
  const db = createDb(config.db, { key })
  const accounts = listSyncAccounts(db)
  const accountId = account ?? (accounts.length === 1 ? accounts[0] : undefined)
  if (!accountId) {
    closeDb(db)
    throw new Error(accounts.length === 0
      ? `the database ${config.db} holds no account yet`
      : `the database holds several accounts (${accounts.join(', ')}): pass --account <id>`)
  }
  return { db, accountId }
}

/** `digest --print` and `sync --dry-run`: read the database, write nothing, return the text. */
export function runOffline(what: 'digest' | 'sync', config: Config, account?: string, key?: string): string {
  const { db, accountId } = openAccountDb(config, account, key)
  try {
    const now = Date.now()
    return what === 'digest' ? renderDigestForPrint(db, config, accountId, now) : describeDryRun(db, config, accountId, now)
  } finally {
    closeDb(db)
  }
}
