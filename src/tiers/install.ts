import type { Config } from '../config/schema.js'
import type { Ingest } from '../ingest/ingest.js'
import { countsForStats } from '../stats/apply.js'
import { createStatsStep } from '../stats/step.js'
import type { StatsStepHooks } from '../stats/step.js'
import type { Db } from '../store/client.js'
import type { LadderService } from './service.js'

/**
 * Wire the ladder into ingest: every new message updates its contact's stats (recording a transfer
 * as a payment of unknown amount) and reclassifies that contact, all in the message's transaction.
 * Listeners hear about tier changes only after that transaction commits.
 */
export function installLadder(ingest: Ingest, ladder: LadderService, db: Db, config: Pick<Config, 'signals' | 'timezone' | 'ladder'>, onApplied?: StatsStepHooks['onApplied']): void {
  ingest.addStep(createStatsStep(db, config, {
    onApplied,
    onTransfer(event, signals, now) {
      ladder.recordPayment(event.accountId, event.contactId, {
        amountFen: null, at: event.at, source: 'transfer', messageId: event.messageId, note: signals.excerpt,
      }, now)
    },
  }))
  ingest.addStep((event, now) => {
    if (!countsForStats(event)) return
    ladder.reclassifyContact(event.accountId, event.contactId, { kind: 'message', ref: event.messageId }, now)
  })
  ingest.addAfterTransaction((_event, outcome) => {
    if (outcome === 'committed') ladder.flushChanges()
    else ladder.discardChanges()
  })
}
