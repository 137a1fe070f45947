import type { Config } from '../config/schema.js'
import { HOUR_MS, MINUTE_MS, type Clock } from '../shared/clock.js'
import { localDay, startOfLocalDay } from '../shared/day.js'
import { createCronTrigger } from '../shared/cron-trigger.js'
import type { Logger } from '../shared/logger.js'
import type { Db } from '../store/client.js'
import type { ReportMessage } from './compose.js'
import { isoWeekday, scheduledWeek } from './week.js'

/*
 * Delivery of the weekly report, exactly once per week and recipient, with the digest's rules: a
 * report_log row is claimed as 'sending' before anything goes out and marked 'sent' after; a 'sending'
 * row left by a crash is not retried (a duplicate is worse than a missing report); 'failed' is retried.
 * Catch-up: started on the scheduled weekday after the scheduled time and before catchUpUntil, the bot
 * sends what is missing.
 */

export interface ReportSchedulerDeps {
  db: Db
  config: Config
  logger: Logger
  clock: Clock
  accountId: () => string | undefined
  recipients: () => string[] | Promise<string[]>
  /** The report for an ISO week (built once per run, shared by every recipient). */
  build: (week: string, now: number) => Promise<ReportMessage>
  deliver: (recipient: string, message: ReportMessage) => Promise<void>
}

export interface WeeklyDelivery { week: string; sent: string[]; skipped: string[]; failed: string[] }

export interface ReportScheduler {
  start(): Promise<void>
  stop(): Promise<void>
  sendWeekly(now: number): Promise<WeeklyDelivery | null>
  catchUp(now: number): Promise<WeeklyDelivery | null>
}

/** Weekday (1 = Monday … 7 = Sunday), hour and minute of `m h * * d` (or with seconds); null otherwise. */
export function parseWeeklyTime(expr: string): { weekday: number; hour: number; minute: number } | null {
  const fields = expr.trim().split(/\s+/)
  if (fields.length === 6 && !/^\d{1,2}$/.test(fields[0])) return null
  const [minute, hour, dom, month, dow] = fields.length === 6 ? fields.slice(1) : fields
  if (fields.length !== 5 && fields.length !== 6) return null
  if (dom !== '*' || month !== '*' || !/^[0-7]$/.test(dow ?? '')) return null
  if (!/^\d{1,2}$/.test(minute ?? '') || !/^\d{1,2}$/.test(hour ?? '')) return null
  const h = Number(hour)
  const m = Number(minute)
  const d = Number(dow)
  return h < 24 && m < 60 ? { weekday: d === 0 ? 7 : d, hour: h, minute: m } : null
}

export function createReportScheduler(deps: ReportSchedulerDeps): ReportScheduler {
  const { db, config, logger, clock } = deps
  const tz = config.timezone
  const sqlite = db.$client
  const claim = sqlite.prepare(`INSERT INTO report_log (account_id, week, recipient, kind, status, at)
    VALUES (?, ?, ?, 'weekly', 'sending', ?)
    ON CONFLICT (account_id, week, recipient, kind) DO UPDATE SET status = 'sending', at = excluded.at
    WHERE report_log.status = 'failed'`)
  const mark = sqlite.prepare(`UPDATE report_log SET status = ?, at = ?
    WHERE account_id = ? AND week = ? AND recipient = ? AND kind = 'weekly'`)

  const trigger = createCronTrigger({ expression: config.report.cron, timezone: tz, name: 'report', clock, logger, run: (now) => sendWeekly(now) })
  let inFlight: Promise<WeeklyDelivery | null> | undefined

  async function runWeekly(now: number): Promise<WeeklyDelivery | null> {
    const id = deps.accountId()
    if (!id) {
      logger.warn('report: not logged in, weekly report skipped')
      return null
    }
    const week = scheduledWeek(now, tz)
    const result: WeeklyDelivery = { week, sent: [], skipped: [], failed: [] }
    let message: ReportMessage | undefined
    for (const recipient of await deps.recipients()) {
      if (claim.run(id, week, recipient, now).changes === 0) {
        result.skipped.push(recipient)
        continue
      }
      try {
        message ??= await deps.build(week, now)
        await deps.deliver(recipient, message)
        mark.run('sent', clock(), id, week, recipient)
        result.sent.push(recipient)
      } catch (err) {
        mark.run('failed', clock(), id, week, recipient)
        result.failed.push(recipient)
        logger.error({ err, recipient, week }, 'report: delivery failed')
      }
    }
    logger.info({ week, kind: message?.kind, sent: result.sent.length, skipped: result.skipped.length, failed: result.failed.length }, 'report: weekly run')
    return result
  }

  // One run at a time: the cron tick and a catch-up must not race each other.
  function sendWeekly(now: number): Promise<WeeklyDelivery | null> {
    const run = (inFlight ?? Promise.resolve(null)).catch(() => null).then(() => runWeekly(now))
    inFlight = run
    return run
  }

  async function catchUp(now: number): Promise<WeeklyDelivery | null> {
    const time = parseWeeklyTime(config.report.cron)
    if (!time) {
      logger.info({ cron: config.report.cron }, 'report: not a simple weekly time, no catch-up')
      return null
    }
    if (isoWeekday(localDay(now, tz)) !== time.weekday) return null
    const [cutH, cutM] = config.report.catchUpUntil.split(':').map(Number)
    const midnight = startOfLocalDay(now, tz)
    const scheduled = midnight + time.hour * HOUR_MS + time.minute * MINUTE_MS
    const cutOff = midnight + cutH * HOUR_MS + cutM * MINUTE_MS
    if (now < scheduled || now >= cutOff || !deps.accountId()) return null
    return sendWeekly(now)
  }

  return {
    async start() {
      if (!config.report.enabled) return
      // Safe on every login (after an outage): one cron task, and a catch-up each time. node-cron fires on
      // the wall clock: on any other clock the owner sends the report itself.
      await trigger.arm()
      await catchUp(clock())
    },
    async stop() {
      await trigger.disarm()
      await inFlight?.catch(() => null)
    },
    sendWeekly,
    catchUp,
  }
}
