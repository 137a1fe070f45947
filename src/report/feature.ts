import type { Config } from '../config/schema.js'
import { ActionError, type PlatformActions, type SendTarget } from '../platform/types.js'
import type { Clock } from '../shared/clock.js'
import { localDay } from '../shared/day.js'
import type { Logger } from '../shared/logger.js'
import type { Db } from '../store/client.js'
import { backfillSnapshots } from './backfill.js'
import { composeReport, loadReportModel, type ReportMessage } from './compose.js'
import { createPngRenderer, reportFontCacheDir } from './render-process.js'
import { createReportScheduler, type ReportScheduler } from './schedule.js'
import { createSnapshotStore } from './snapshot-store.js'
import { isoWeekOf } from './week.js'

/*
 * The weekly report feature: the daily snapshot (called by the reclassification pass), the Monday
 * delivery through its ledger, and /report on demand (the week so far).
 */

export interface ReportFeatureDeps {
  db: Db
  config: Config
  logger: Logger
  clock: Clock
  platform: Pick<PlatformActions, 'say' | 'sendFile'>
  accountId: () => string | undefined
  recipients: () => string[] | Promise<string[]>
  /** Where an opaque recipient (admin id, `room:<id>`) is sent to. */
  targetOf: (recipient: string) => SendTarget
}

export interface ReportFeature extends ReportScheduler {
  /** Record today's funnel snapshot (the daily pass's hook); `notCustomers`: the admins. */
  snapshot(now: number, notCustomers?: Iterable<string>): void
  /** Reconstruct missing past snapshots from history (once: first start with history, after an import). */
  backfill(now: number, notCustomers?: Iterable<string>): number
  /** The report for an ISO week (default: the week in progress), picture or text. */
  build(now: number, week?: string): Promise<ReportMessage>
  /** /report: the week so far, to where the command came from. */
  sendOnDemand(target: SendTarget, now: number): Promise<void>
}

export function createReportFeature(deps: ReportFeatureDeps): ReportFeature {
  const { db, config, logger, platform } = deps
  const store = createSnapshotStore(db)
  const renderer = createPngRenderer({ fontCacheDir: reportFontCacheDir(config.db) })

  const account = (): string => {
    const id = deps.accountId()
    if (!id) throw new Error('report: no account logged in')
    return id
  }

  async function build(now: number, week?: string): Promise<ReportMessage> {
    const model = loadReportModel(db, config, account(), week ?? isoWeekOf(localDay(now, config.timezone)), now)
    return composeReport(model, renderer, logger)
  }

  async function deliverTo(target: SendTarget, message: ReportMessage): Promise<void> {
    if (message.kind === 'text') {
      for (const text of message.texts) await platform.say(target, text)
      return
    }
    try {
      await platform.sendFile(target, { name: message.fileName, data: message.png })
    } catch (err) {
      // A platform that cannot send files still gets the numbers; a transient failure is retried by the caller.
      if (!(err instanceof ActionError) || (err.kind !== 'unsupported' && err.kind !== 'permanent')) throw err
      logger.warn({ err }, 'report: picture not accepted, sending the text version')
      await platform.say(target, message.fallback)
      return
    }
    await platform.say(target, message.caption)
  }

  const scheduler = createReportScheduler({
    db, config, logger, clock: deps.clock, accountId: deps.accountId, recipients: deps.recipients,
    build: (week, now) => build(now, week),
    deliver: (recipient, message) => deliverTo(deps.targetOf(recipient), message),
  })

  return {
    ...scheduler,
    async stop() {
      await scheduler.stop()
      renderer.close()
    },
    snapshot(now, notCustomers) {
      const id = deps.accountId()
      if (id) store.takeSnapshot(id, now, config.timezone, notCustomers)
    },
    backfill(now, notCustomers) {
      const id = deps.accountId()
      if (!id) return 0
      const started = Date.now()
      const rows = backfillSnapshots(db, config, id, now, undefined, notCustomers)
      logger.info({ rows, ms: Date.now() - started }, 'report: snapshots back-filled from history')
      return rows
    },
    build,
    async sendOnDemand(target, now) {
      await deliverTo(target, await build(now))
    },
  }
}
