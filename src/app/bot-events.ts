import type { Db } from '../store/client.js'

/** Bot lifecycle rows (login, logout, offline, online …) for /stats and the fault notes. */
export function createBotEvents(db: Db) {
  const insert = db.$client.prepare('INSERT INTO bot_events (account_id, kind, detail, at) VALUES (?, ?, ?, ?)')
  return {
    record(accountId: string, kind: string, detail: string | null, at: number): void {
      insert.run(accountId, kind, detail, at)
    },
  }
}
