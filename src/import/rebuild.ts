import type { Config } from '../config/schema.js'
import type { ChatEvent, MessageKind } from '../platform/types.js'
import { detectSignals } from '../signals/detect.js'
import { applyEventToStats, countsForStats, StatsLists } from '../stats/apply.js'
import { RECENT_PER_KIND } from '../stats/recent.js'
import { createStatsRepo, emptyStats } from '../stats/repo.js'
import type { Db } from '../store/client.js'
import { createOrderTotals } from '../tiers/orders.js'
import type { ImportStore } from './import-store.js'

/*
 * Rounds depend on order: history that arrives older than what a contact already had (the bot ran
 * before the import, an export written newest first, a stand-in joined to a real contact) cannot be
 * added on top. Such contacts are rebuilt from their whole log, oldest first, by the same pure
 * applyEventToStats the live path uses. Marks live in import_replay, so a crash leaves them for the
 * next run.
 */

export type RebuildStats = (accountId: string, contactId: string, now: number) => void

export function createStatsRebuild(db: Db, store: ImportStore, config: Pick<Config, 'signals' | 'timezone' | 'ladder'>): RebuildStats {
  const repo = createStatsRepo(db)
  const totals = createOrderTotals(db)
  const perKind = Math.max(RECENT_PER_KIND, config.ladder.approvalsForL3)
  const rebuild = db.$client.transaction((accountId: string, contactId: string, now: number) => {
    const row = emptyStats(accountId, contactId, now)
    const lists = new StatsLists(row)
    for (const [messageId, roomId, direction, type, rawType, at, text] of store.contactLog(accountId, contactId)) {
      const event: ChatEvent = {
        accountId, messageId, chat: roomId ? 'group' : 'private', direction, kind: type as MessageKind, rawType, at, text,
        talkerId: contactId, talkerName: '', contactId, roomId: roomId ?? undefined,
      }
      if (!countsForStats(event)) continue
      applyEventToStats(row, event, detectSignals(event, config.signals), config.timezone, now, perKind, lists)
    }
    lists.store(row)
    totals(row)
    row.updatedAt = now
    repo.put(row)
    store.unmarkReplay(accountId, contactId)
  })
  return (accountId, contactId, now) => { rebuild(accountId, contactId, now) }
}
