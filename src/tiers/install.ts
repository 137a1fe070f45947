import type { Config } from '../config/schema.js'
import type { Ingest } from '../ingest/ingest.js'
import { countsForStats } from '../stats/apply.js'
import { createStatsStep } from '../stats/step.js'
import type { StatsStepHooks } from '../stats/step.js'
import type { Db } from '../store/client.js'
import type { IsCustomer, LadderService } from './service.js'

/**
 * Wire the ladder into ingest: every new message updates its contact's stats (recording a transfer
 * as a payment of unknown amount) and reclassifies that contact, all in the message's transaction.
 * Listeners hear about tier changes inside that transaction (a label plan commits with the message).
 * Messages of contacts who are not customers (the merchant's admins) stay in the log but count for
 * nothing: no rounds, no signals.
 */
export function installLadder(ingest: Ingest, ladder: LadderService, db: Db, config: Pick<Config, 'signals' | 'timezone' | 'ladder'>, isCustomer: IsCustomer = () => true, hooks: Pick<StatsStepHooks, 'onRow' | 'onApplied'> = {}): void {
  const statsStep = createStatsStep(db, config, {
    ...hooks,
    onTransfer(event, signals, now) {
      ladder.recordPayment(event.accountId, event.contactId, {
        amountFen: null, at: event.at, source: 'transfer', messageId: event.messageId, note: signals.excerpt,
      }, now)
    },
  })
  ingest.addStep((event, now) => {
    if (isCustomer(event.accountId, event.contactId)) statsStep(event, now)
  })
  ingest.addStep((event, now) => {
    if (!countsForStats(event) || !isCustomer(event.accountId, event.contactId)) return
    ladder.reclassifyContact(event.accountId, event.contactId, { kind: 'message', ref: event.messageId, at: event.at }, now)
  })
  // Listeners (the label plan) run once every step succeeded, inside the message's transaction: their
  // writes share its commit.
  ingest.addBeforeCommit(() => ladder.flushChanges())
  ingest.addAfterTransaction((_event, outcome) => {
    if (outcome !== 'committed') ladder.discardChanges()
  })
}
