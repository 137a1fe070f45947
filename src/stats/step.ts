import type { Config } from '../config/schema.js'
import type { IngestStep } from '../ingest/ingest.js'
import type { ChatEvent } from '../platform/types.js'
import { detectSignals, listSignalKinds, type Signals } from '../signals/detect.js'
import type { Db } from '../store/client.js'
import { applyEventToStats, countsForStats } from './apply.js'
import { createStatsRepo, emptyStats, indexedOf, type StatsRow } from './repo.js'
import { RECENT_PER_KIND } from './recent.js'

/*
 * The ingest step that keeps contact_stats current, inside the ingest transaction, so a message and
 * everything derived from it commit together (and a redelivered message changes nothing).
 */

export interface StatsStepHooks {
  /**
   * Called for every message that counts, before the row is written: what else the contact's stats row
   * keeps (the views' intent score) is updated in place, so the message writes the row once.
   */
  onRow?(event: ChatEvent, signals: Signals, row: StatsRow): void
  /** Called for an inbound private transfer, after the stats row is written (records the payment). */
  onTransfer?(event: ChatEvent, signals: Signals, now: number): void
  /** Called for every message that counts, after the stats row is written. */
  onApplied?(event: ChatEvent, signals: Signals, now: number): void
}

/** Build the step: detect signals, update the contact's counters, tag the interaction row. */
export function createStatsStep(db: Db, config: Pick<Config, 'signals' | 'timezone'> & Partial<Pick<Config, 'ladder'>>, hooks: StatsStepHooks = {}): IngestStep {
  const repo = createStatsRepo(db)
  // Keep at least as many events per kind as the L3 rule needs to count.
  const perKind = Math.max(RECENT_PER_KIND, config.ladder?.approvalsForL3 ?? 0)
  const tagInteraction = db.$client.prepare(
    'UPDATE interactions SET signals = ? WHERE account_id = ? AND message_id = ?')

  return (event, now) => {
    if (!countsForStats(event)) return
    const signals = detectSignals(event, config.signals)
    const stored = repo.get(event.accountId, event.contactId)
    const before = stored && indexedOf(stored)
    const row = stored ?? emptyStats(event.accountId, event.contactId, now)
    const next = applyEventToStats(row, event, signals, config.timezone, now, perKind)
    hooks.onRow?.(event, signals, next)
    repo.put(next, before)

    const kinds: string[] = listSignalKinds(signals)
    if (signals.personas.length > 0) kinds.push('persona')
    if (kinds.length > 0) tagInteraction.run(kinds.join(','), event.accountId, event.messageId)
    if (signals.payment) hooks.onTransfer?.(event, signals, now)
    hooks.onApplied?.(event, signals, now)
  }
}
