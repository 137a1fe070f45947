import type { Config } from '../config/schema.js'
import { displayNamesFor } from '../contacts/names.js'
import { localDay } from '../shared/day.js'
import type { Logger } from '../shared/logger.js'
import type { Db } from '../store/client.js'
import { buildReportModel, firstDayNeeded, periodOf, type ReportModel } from './model.js'
import type { PngRenderer } from './render.js'
import { createSnapshotStore } from './snapshot-store.js'
import { captionText, fullText, PICTURE_FAILED, reportFileName } from './text.js'
import { addDays, dayStart, isoWeekOf, weekMonday } from './week.js'

/*
 * From the database to what is sent: the model for a week, then the picture and its caption, or the
 * text version when drawing fails (never silence) or when the week has no data.
 */

export type ReportMessage =
  | { kind: 'picture'; week: string; fileName: string; png: Buffer; width: number; height: number; caption: string; fallback: string }
  | { kind: 'text'; week: string; texts: string[] }

/** The model for `week` (ISO, e.g. `2026-W48`); the week in progress is cut at `now`. */
export function loadReportModel(db: Db, config: Config, accountId: string, week: string, now: number): ReportModel {
  const monday = weekMonday(week)
  if (!monday) throw new Error(`not an ISO week: ${week}`)
  const tz = config.timezone
  const options = { weeks: config.report.weeks, topMovers: config.report.topMovers }
  const period = periodOf(isoWeekOf(monday), monday, localDay(now, tz))
  const store = createSnapshotStore(db)
  const snapshots = store.list(accountId, firstDayNeeded(monday, options), addDays(period.end, 1))
  const until = period.partial ? now + 1 : dayStart(addDays(period.end, 1), tz)
  const moves = store.moves(accountId, dayStart(monday, tz), until)
  // Names as every other message shows them (the merchant's remark over the nickname), also on back-filled Sundays.
  const names = displayNamesFor(db, config.labels.remarkPrefix)
  names.fill(accountId, moves)
  for (const s of snapshots) if (s.moves) names.fill(accountId, s.moves)
  return buildReportModel(period, snapshots, moves, options)
}

export async function composeReport(model: ReportModel, renderer: PngRenderer, logger: Logger, shopName?: string): Promise<ReportMessage> {
  const week = model.period.week
  if (!model.hasData) return { kind: 'text', week, texts: [captionText(model)] }
  try {
    const { png, width, height } = await renderer.render(model, shopName)
    return { kind: 'picture', week, fileName: reportFileName(week), png, width, height, caption: captionText(model), fallback: fullText(model) }
  } catch (err) {
    logger.error({ err, week }, 'report: picture failed, sending the text version')
    return { kind: 'text', week, texts: [`${PICTURE_FAILED}\n\n${fullText(model)}`] }
  }
}
