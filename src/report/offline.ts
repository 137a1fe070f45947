import fs from 'node:fs'
import path from 'node:path'
import { openAccountDb } from '../cli/offline.js'
import type { Config } from '../config/schema.js'
import type { Logger } from '../shared/logger.js'
import { closeDb, type Db } from '../store/client.js'
import { backfillSnapshots } from './backfill.js'
import { composeReport, loadReportModel } from './compose.js'
import { createPngRenderer, reportFontCacheDir } from './render-process.js'
import { localDay } from '../shared/day.js'
import { UsageError } from '../shared/usage-error.js'
import { createSnapshotStore } from './snapshot-store.js'
import { noSnapshotsHint, reportFileName } from './text.js'
import { addDays, dayStart, previousWeek, normalizeWeek, weekMonday } from './week.js'

export interface OfflineReportOptions {
  out: string
  /** ISO week (`2026-W48`); default the week that ended last Sunday. */
  week?: string
  account?: string
  /** Write snapshots reconstructed from history for days no pass recorded (after an import). */
  backfill?: boolean
  /** TIERBOT_DB_KEY, for an encrypted database. */
  key?: string
}

/**
 * No figures for the week, yet messages from before its end and the week within a back-fill's reach: the
 * history was imported (or the bot never ran its daily pass then), and --backfill would draw the week.
 */
function backfillWouldHelp(db: Db, config: Config, accountId: string, week: string, now: number): boolean {
  const monday = weekMonday(week)
  if (!monday || monday < addDays(localDay(now, config.timezone), -7 * (config.report.weeks + 1))) return false
  return createSnapshotStore(db).hasHistoryBefore(accountId, dayStart(addDays(monday, 7), config.timezone))
}

/** `tierbot report --out FILE`: the picture of one week from the database; returns lines for the terminal. */
export async function runOfflineReport(config: Config, logger: Logger, options: OfflineReportOptions, now: number): Promise<string[]> {
  const week = options.week === undefined ? previousWeek(now, config.timezone) : normalizeWeek(options.week)
  if (!week) throw new UsageError(`--week ${options.week}: expected an ISO week like 2026-W48`)
  const monday = weekMonday(week)
  const today = localDay(now, config.timezone)
  if (monday && monday > today) throw new UsageError(`--week ${week} has not begun yet (today is ${today} in ${config.timezone}): choose this week or an earlier one`)
  const { db, accountId } = openAccountDb(config, options.account, { command: 'report --out report.png', key: options.key })
  const renderer = createPngRenderer({ fontCacheDir: reportFontCacheDir(config.db) })
  try {
    const lines: string[] = []
    if (options.backfill) lines.push(`back-filled ${backfillSnapshots(db, config, accountId, now)} day(s) of snapshots from history`)
    const message = await composeReport(loadReportModel(db, config, accountId, week, now), renderer, logger)
    if (message.kind === 'text') {
      lines.push(`${week}: no picture written`, '', ...message.texts)
      if (!options.backfill && backfillWouldHelp(db, config, accountId, week, now)) lines.push('', noSnapshotsHint())
      return lines
    }
    // A folder gets the usual file name inside it; a missing folder is created.
    const out = fs.statSync(options.out, { throwIfNoEntry: false })?.isDirectory() ? path.join(options.out, reportFileName(week)) : options.out
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true })
    fs.writeFileSync(out, message.png)
    lines.push(`wrote ${out} (${week}, ${message.width}×${message.height} px, ${Math.round(message.png.length / 1024)} KB)`, '', message.caption)
    return lines
  } finally {
    renderer.close()
    closeDb(db)
  }
}
