import { formatYuan } from '../shared/money.js'
import { tierCode, tierLabel } from '../tiers/ladder.js'
import type { Mover, ReportModel } from './model.js'
import { monthDay } from './week.js'

/*
 * The report's words (merchant-facing Chinese): the caption sent beside the picture (headline numbers
 * for phones that do not open images), the full text version sent when drawing fails, and the notices.
 */

export const REPORT_FILE_PREFIX = 'weekly-report'

export function signed(n: number | null): string {
  if (n === null) return ''
  return n > 0 ? `+${n}` : n < 0 ? `${n}` : '±0'
}

function signedYuan(fen: number): string {
  return fen > 0 ? `+${formatYuan(fen)}` : fen < 0 ? formatYuan(fen) : '±¥0'
}

export function periodText(model: ReportModel): string {
  const { start, end, partial } = model.period
  const range = `${monthDay(start)}–${monthDay(end)}`
  if (partial) return `本周（${range}，截至今天）`
  return model.period.older ? range : `上周（${range}）`
}

function moverText(m: Mover): string {
  return `${m.name} ${tierCode(m.from)}→${tierCode(m.to)}`
}

function paren(change: number | null): string {
  return change === null ? '' : `（${signed(change)}）`
}

/** The caption beside the picture: five short lines a merchant can read on the lock screen. */
export function captionText(model: ReportModel): string {
  if (!model.hasData) return noDataText(model)
  const top = model.funnel[4].count + model.funnel[5].count
  const topChange = model.funnel[4].change === null || model.funnel[5].change === null
    ? null : model.funnel[4].change + model.funnel[5].change
  const week = model.thisWeek
  const spendChange = model.lastWeek ? `，比前一周 ${signedYuan(week.spendFen - model.lastWeek.spendFen)}` : ''
  const lines = [
    `📊 客户周报｜${periodText(model)}`,
    `客户 ${model.total} 人${paren(model.totalChange)}，已付费（L4 及以上）${top} 人${paren(topChange)}`,
    `新加好友 ${week.newFriends} 位，唤醒沉默客户 ${week.woken} 位`,
    `成交 ${formatYuan(week.spendFen)}（${week.orders} 单${spendChange}）`,
  ]
  const moves: string[] = []
  if (model.upTotal > 0) moves.push(`升层 ${model.upTotal} 人：${model.up.slice(0, 3).map(moverText).join('、')}${model.upTotal > 3 ? ' 等' : ''}`)
  if (model.downTotal > 0) moves.push(`降层 ${model.downTotal} 人`)
  if (moves.length > 0) lines.push(moves.join('；'))
  const lost = model.activity.lost > 0 ? `，流失 ${model.activity.lost} 人` : ''
  lines.push(`沉默 ${model.activity.silent} 人，沉睡 ${model.activity.dormant} 人${lost}。发 /silent 看今天该唤醒谁`)
  return lines.join('\n')
}

/** Everything the picture shows, as text: sent when the picture cannot be drawn, so the week is never silent. */
export function fullText(model: ReportModel): string {
  if (!model.hasData) return noDataText(model)
  const lines = [captionText(model), '', '信任阶梯（人数，与上周比）：']
  for (const rung of [...model.funnel].reverse()) lines.push(`${tierLabel(rung.tier)}：${rung.count}${paren(rung.change)}`)
  lines.push('', `最近 ${model.weeks.length} 周（新加好友 / 唤醒 / 成交）：`)
  for (const w of model.weeks) lines.push(`${monthDay(w.start)}起：${w.newFriends} / ${w.woken} / ${formatYuan(w.spendFen)}`)
  const byRung = model.spendByTier.map((fen, t) => ({ fen, t })).filter((x) => x.fen > 0).reverse()
  if (byRung.length > 0) lines.push('', `成交按层级：${byRung.map((x) => `L${x.t} ${formatYuan(x.fen)}`).join('，')}`)
  if (model.up.length > 0) lines.push(`升层：${model.up.map(moverText).join('、')}`)
  if (model.down.length > 0) lines.push(`降层：${model.down.map(moverText).join('、')}`)
  return lines.join('\n')
}

export function noDataText(model: ReportModel): string {
  return `📊 客户周报｜${periodText(model)}\n这一周还没有记录到数据：机器人每天早上统计一次，运行满一周后就有周报了。`
}

/** `tierbot report` on a week with history but no daily figures (imported history, no --backfill). */
export function noSnapshotsHint(): string {
  return 'the database has chat history from before this week (imported?): run again with --backfill to rebuild the daily figures from it'
}

/** In the picture's activity bar while the account has no customers. */
export const NO_CUSTOMERS_YET = '还没有客户'

/** Sent before the text version when the picture failed. */
export const PICTURE_FAILED = '周报图片这次没能生成，先发文字版：'

export function reportFileName(week: string): string {
  return `${REPORT_FILE_PREFIX}-${week}.png`
}
