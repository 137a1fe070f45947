import type { Config } from '../config/schema.js'
import type { Db } from '../store/client.js'
import { createImportStore } from './import-store.js'
import { createPeopleIndex } from './people.js'
import { createStatsRebuild } from './rebuild.js'

/*
 * People an import could not match are kept under a stand-in id. When a contact appears that matches
 * one of them for certain (same id, remark or name, exactly one), or the merchant maps them with
 * --map, their history moves onto that contact and its counters are rebuilt from the joined log.
 */

export interface JoinResult {
  joined: Array<{ from: string; to: string; name: string }>
}

/** Join every waiting person who now matches exactly one real contact. `mapped`: export key/id/name → contact id. */
export function joinWaitingPeople(db: Db, config: Config, accountId: string, now: number, mapped: Map<string, string> = new Map()): JoinResult {
  const store = createImportStore(db)
  const waiting = store.waitingPeople(accountId)
  if (waiting.length === 0) return { joined: [] }
  const index = createPeopleIndex(store.realContacts(accountId), config.labels.remarkPrefix, mapped)
  const rebuild = createStatsRebuild(db, store, config)
  const joined: JoinResult['joined'] = []
  for (const p of waiting) {
    const match = index.match({ id: p.exportId, name: p.name, remark: p.remark })
    if (match.status !== 'matched' || match.contactId === p.contactId) continue
    db.$client.transaction(() => {
      store.moveContact(accountId, p.contactId, match.contactId, match.via, now)
      store.markReplay(accountId, match.contactId)
    })()
    rebuild(accountId, match.contactId, now)
    joined.push({ from: p.contactId, to: match.contactId, name: p.remark || p.name || p.exportId })
  }
  return { joined }
}
