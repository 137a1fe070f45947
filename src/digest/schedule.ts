import type { Config } from '../config/schema.js'
import { HOUR_MS, MINUTE_MS, type Clock } from '../shared/clock.js'
import { localDay, startOfLocalDay } from '../shared/day.js'
import { createCronTrigger } from '../shared/cron-trigger.js'
import type { Logger } from '../shared/logger.js'
import type { Db } from '../store/client.js'
import { buildDigest } from './build.js'
import { loadDigestSnapshot } from './snapshot.js'

/*
 * Delivery of the morning digest, exactly once per local day and recipient. The digest_log ledger
 * survives restarts: a row is claimed as 'sending' before the first message goes out and marked 'sent'
 * after the last. A 'sending' row left by a crash is not retried — the merchant may already have it,
 * and a duplicate digest is worse than a missing one. A failed send ('failed') may be retried.
 */

export interface DigestSchedulerDeps {
  db: Db
  config: Config
  logger: Logger
  clock: Clock
  /** The logged-in account (a function while the bot is not logged in yet). */
  accountId: string | (() => string | undefined)
  /** Admins' private chats and the control room; opaque to the scheduler. */
  recipients: () => string[] | Promise<string[]>
  send: (recipient: string, text: string) => Promise<void>
  /** Just before a digest is read: bring what it reads up to date (the views of today's changes). */
  beforeBuild?: (accountId: string, now: number) => void
}

export interface DeliveryReport {
  day: string
  sent: string[]
  skipped: string[]
  failed: string[]
}

export interface DigestScheduler {
  /** Starts the cron task and catches up on a missed digest. */
  start(): Promise<void>
  stop(): Promise<void>
  sendDaily(now: number): Promise<DeliveryReport | null>
  /** Sends today's daily digest if the scheduled time passed, nothing went out and it is before catchUpUntil. */
  catchUp(now: number): Promise<DeliveryReport | null>
  /** /digest: builds and sends now; recorded as 'ondemand', never touching the daily ledger. */
  sendOnDemand(recipient: string, now: number): Promise<string[]>
  /** Today's digest as messages, without sending or recording anything. */
  build(now: number): string[]
}

/** Minute and hour of a daily expression like `0 9 * * *` (or `0 0 9 * * *` with seconds); null otherwise. */
export function parseDailyTime(expr: string): { hour: number; minute: number } | null {
  const fields = expr.trim().split(/\s+/)
  const [minute, hour, ...rest] = fields.length === 6 ? fields.slice(1) : fields
  if (fields.length === 6 && !/^\d{1,2}$/.test(fields[0])) return null
  if (rest.length !== 3 || rest.some((f) => f !== '*')) return null
  if (!/^\d{1,2}$/.test(minute ?? '') || !/^\d{1,2}$/.test(hour ?? '')) return null
  const h = Number(hour)
  const m = Number(minute)
  return h < 24 && m < 60 ? { hour: h, minute: m } : null
}

function atLocalTime(now: number, tz: string, hour: number, minute: number): number {
  return startOfLocalDay(now, tz) + hour * HOUR_MS + minute * MINUTE_MS
}

export function createDigestScheduler(deps: DigestSchedulerDeps): DigestScheduler {
  const { db, config, logger, clock } = deps
  const tz = config.timezone
  const sqlite = db.$client
  const claimDaily = sqlite.prepare(`INSERT INTO digest_log (account_id, day, recipient, kind, status, at)
    VALUES (?, ?, ?, 'daily', 'sending', ?)
    ON CONFLICT (account_id, day, recipient, kind) DO UPDATE SET status = 'sending', at = excluded.at
    WHERE digest_log.status = 'failed'`)
  const markDaily = sqlite.prepare(`UPDATE digest_log SET status = ?, at = ?
    WHERE account_id = ? AND day = ? AND recipient = ? AND kind = 'daily'`)
  const recordOnDemand = sqlite.prepare(`INSERT INTO digest_log (account_id, day, recipient, kind, status, at)
    VALUES (?, ?, ?, 'ondemand', ?, ?)
    ON CONFLICT (account_id, day, recipient, kind) DO UPDATE SET status = excluded.status, at = excluded.at`)
  const anyDailyToday = sqlite.prepare(`SELECT COUNT(*) AS n FROM digest_log
    WHERE account_id = ? AND day = ? AND kind = 'daily' AND status IN ('sending', 'sent')`)

  const trigger = createCronTrigger({ expression: config.digest.cron, timezone: tz, name: 'digest', clock, logger, run: (now) => sendDaily(now) })
  let inFlight: Promise<DeliveryReport | null> | undefined

  const account = (): string | undefined => (typeof deps.accountId === 'function' ? deps.accountId() : deps.accountId)

  function build(now: number): string[] {
    const id = account()
    if (!id) throw new Error('digest: no account logged in')
    deps.beforeBuild?.(id, now)
    return buildDigest(loadDigestSnapshot(db, id, now, config), now, config)
  }

  async function deliver(recipient: string, messages: string[]): Promise<void> {
    for (const text of messages) await deps.send(recipient, text)
  }

  async function runDaily(now: number): Promise<DeliveryReport | null> {
    const id = account()
    if (!id) {
      logger.warn('digest: not logged in, daily digest skipped')
      return null
    }
    const day = localDay(now, tz)
    const report: DeliveryReport = { day, sent: [], skipped: [], failed: [] }
    let messages: string[] | undefined
    for (const recipient of await deps.recipients()) {
      if (claimDaily.run(id, day, recipient, now).changes === 0) {
        report.skipped.push(recipient)
        continue
      }
      try {
        messages ??= build(now)
        await deliver(recipient, messages)
        markDaily.run('sent', clock(), id, day, recipient)
        report.sent.push(recipient)
      } catch (err) {
        markDaily.run('failed', clock(), id, day, recipient)
        report.failed.push(recipient)
        logger.error({ err, recipient, day }, 'digest: delivery failed')
      }
    }
    logger.info({ day, sent: report.sent.length, skipped: report.skipped.length, failed: report.failed.length }, 'digest: daily run')
    return report
  }

  // One run at a time: the cron tick and a catch-up must not race each other.
  function sendDaily(now: number): Promise<DeliveryReport | null> {
    const run = (inFlight ?? Promise.resolve(null)).catch(() => null).then(() => runDaily(now))
    inFlight = run
    return run
  }

  async function catchUp(now: number): Promise<DeliveryReport | null> {
    const time = parseDailyTime(config.digest.cron)
    if (!time) {
      logger.info({ cron: config.digest.cron }, 'digest: not a simple daily time, no catch-up')
      return null
    }
    const [cutH, cutM] = config.digest.catchUpUntil.split(':').map(Number)
    const scheduled = atLocalTime(now, tz, time.hour, time.minute)
    const cutOff = atLocalTime(now, tz, cutH, cutM)
    if (now < scheduled || now >= cutOff) return null
    const id = account()
    if (!id) return null
    // Per recipient: whoever was already served today is skipped, a failed delivery is retried.
    const sentToday = (anyDailyToday.get(id, localDay(now, tz)) as { n: number }).n
    logger.info({ alreadyServed: sentToday }, 'digest: catch-up window open, delivering what is missing')
    return sendDaily(now)
  }

  return {
    async start() {
      if (!config.digest.enabled) return
      // Safe to call on every login (after an outage): one cron task, and a catch-up each time.
      // node-cron fires on the wall clock: on any other clock the owner sends the digest itself.
      await trigger.arm()
      await catchUp(clock())
    },
    async stop() {
      await trigger.disarm()
      await inFlight?.catch(() => null)
    },
    sendDaily,
    catchUp,
    async sendOnDemand(recipient, now) {
      const id = account()
      if (!id) throw new Error('digest: no account logged in')
      const messages = build(now)
      const day = localDay(now, tz)
      try {
        await deliver(recipient, messages)
        recordOnDemand.run(id, day, recipient, 'sent', clock())
      } catch (err) {
        recordOnDemand.run(id, day, recipient, 'failed', clock())
        throw err
      }
      return messages
    },
    build,
  }
}
