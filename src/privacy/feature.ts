import cron from 'node-cron'
import type { Config } from '../config/schema.js'
import type { Clock } from '../shared/clock.js'
import type { Logger } from '../shared/logger.js'
import type { Db } from '../store/client.js'
import type { LadderService } from '../tiers/service.js'
import { backupDatabase, dailyBackupFile, rotateBackups } from './backup.js'
import { createForgetCommands, type ForgetCommands } from './forget-command.js'
import { createForgetting, type Forgetting } from './forget.js'
import { backupFailedText, retentionLine } from './replies.js'
import { eraseOldText, type RetentionResult } from './retention.js'

/*
 * The privacy feature on the live bot: `/forget`, the nightly erase of old text, the daily backup,
 * and the `/stats` line. Installed by app/features.ts; everything time-driven takes `now` from the
 * app's clock, the schedules run in the configured time zone.
 */

export const BACKUP_FAILED_KEY = 'privacy.backup_failed'

export interface PrivacyDeps {
  db: Db
  config: Config
  logger: Logger
  clock: Clock
  ladder: LadderService
  accountId(): string | undefined
  /** Tell the merchant (admins, control room). */
  notify(text: string): Promise<void>
  /** Undo writes were queued: wake the label sync. */
  kickSync?(): void
  /** Before a forget reads the ledger: record the writes that already ran. */
  flushSync?(): void
  /** A label/remark write for this contact is on its way to WeChat right now. */
  syncWriting?(contactId: string): boolean
}

export interface Privacy {
  forgetting: Forgetting
  forgetCommands: ForgetCommands
  statsExtra(accountId: string, now: number): string[]
  /** Erase text older than the retention period now (the nightly job). */
  eraseNow(): Promise<RetentionResult>
  /** Take today's daily copy and rotate (the scheduled job); false when it failed (reported once). */
  backupNow(): Promise<boolean>
  /** Arm the schedules (after login). */
  start(): void
  stop(): void
}

export function createPrivacy(deps: PrivacyDeps): Privacy {
  const { db, config, logger, clock, ladder } = deps
  const forgetting = createForgetting(db, config, () => deps.kickSync?.(), () => deps.flushSync?.(), (contactId) => deps.syncWriting?.(contactId) ?? false)
  const store = forgetting.store
  const forgetCommands = createForgetCommands(forgetting, '/forget',
    { backupKeepDays: config.backup.cron.trim() !== '' ? config.backup.keep : undefined })
  const tasks: Array<{ stop(): unknown; start(): unknown }> = []
  const yieldBetween = () => new Promise<void>((resolve) => setImmediate(resolve))

  async function eraseNow(): Promise<RetentionResult> {
    const accountId = deps.accountId()
    if (!accountId) return { texts: 0, contacts: 0 }
    return eraseOldText({ db, ladder, logger, accountId, days: config.retention.messageTextDays, now: clock(), yieldBetween })
  }

  async function backupNow(): Promise<boolean> {
    const accountId = deps.accountId()
    const now = clock()
    const file = dailyBackupFile(config.backup.dir, now, config.timezone)
    try {
      const { bytes } = await backupDatabase(db.$client, file)
      const removed = rotateBackups(config.backup.dir, config.backup.keep)
      logger.info({ file, bytes, removed: removed.length }, 'daily backup written')
      if (accountId) {
        store.deleteMeta(accountId, BACKUP_FAILED_KEY)
        store.audit(accountId, 'backup', 'system', null, now)
      }
      return true
    } catch (err) {
      logger.error({ err, file }, 'daily backup failed')
      // Told once per run of failures: a broken disk must not send a notice every night.
      if (accountId && store.getMeta(accountId, BACKUP_FAILED_KEY) === undefined) {
        store.setMeta(accountId, BACKUP_FAILED_KEY, String(now), now)
        store.audit(accountId, 'backup_failed', 'system', null, now)
        await deps.notify(backupFailedText((err as { code?: string }).code))
      }
      return false
    }
  }

  const guard = (what: string, job: () => Promise<unknown>) => () => {
    job().catch((err: unknown) => logger.error({ err }, `${what} failed`))
  }

  return {
    forgetting,
    forgetCommands,
    statsExtra(accountId) {
      return [retentionLine(config.retention.messageTextDays, store.oldestTextAt(accountId), config.timezone)]
    },
    eraseNow,
    backupNow,
    start() {
      if (tasks.length > 0) return
      if (config.retention.messageTextDays !== null) {
        tasks.push(cron.createTask(config.retention.cron, guard('retention', eraseNow), { timezone: config.timezone }))
      }
      if (config.backup.cron.trim() !== '') {
        tasks.push(cron.createTask(config.backup.cron, guard('backup', backupNow), { timezone: config.timezone }))
      }
      for (const task of tasks) task.start()
    },
    stop() {
      for (const task of tasks) task.stop()
    },
  }
}
