import { localParts } from '../shared/day.js'
import { parseStringList } from '../stats/recent.js'
import { ACTIVITY_NAMES, tierLabel, type Activity, type Tier } from '../tiers/ladder.js'
import { formatCalendarDate } from '../occasions/calendar-date.js'
import type { ExportSource } from './export-store.js'

/*
 * One contact → one row of the merchant's spreadsheet. Pure: the writers (CSV, xlsx) decide how a
 * typed cell looks in their format. Headers are Chinese: the merchant opens this in Excel or WPS.
 */

/** text: as is; int: a count; money: fen (written as yuan); datetime: epoch ms (written in the zone). */
export type CellType = 'text' | 'int' | 'money' | 'datetime'
export type ExportCell = string | number | null

export interface ExportColumn {
  header: string
  type: CellType
  /** Column width in characters (xlsx). */
  width: number
}

export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { header: '微信名', type: 'text', width: 16 },
  { header: '备注', type: 'text', width: 16 },
  { header: '层级', type: 'text', width: 14 },
  { header: '手动设定', type: 'text', width: 20 },
  { header: '活跃度', type: 'text', width: 8 },
  { header: '累计消费（元）', type: 'money', width: 14 },
  { header: '订单数', type: 'int', width: 8 },
  { header: '最近互动', type: 'datetime', width: 17 },
  { header: '最近下单', type: 'datetime', width: 17 },
  { header: '画像', type: 'text', width: 14 },
  { header: '生日', type: 'text', width: 14 },
  { header: '依据', type: 'text', width: 60 },
  { header: '添加时间', type: 'datetime', width: 17 },
  { header: '微信ID', type: 'text', width: 24 },
  // The other views (issue 12) after the ladder's columns, so existing column positions stay put.
  { header: '生命周期', type: 'text', width: 22 },
  { header: '意向', type: 'text', width: 6 },
  { header: '价值', type: 'text', width: 6 },
  { header: '价值依据', type: 'text', width: 30 },
  { header: '介绍人', type: 'text', width: 14 },
  { header: '介绍了几位', type: 'int', width: 10 },
  { header: '积分', type: 'int', width: 8 },
]

interface StoredReason { rule?: unknown; text?: unknown }

/** The rung's evidence as /tier shows it: the pin and the activity have their own columns. */
export function shortReasons(json: string | null): string {
  if (!json) return ''
  let list: unknown
  try { list = JSON.parse(json) } catch { return '' }
  if (!Array.isArray(list)) return ''
  return (list as StoredReason[])
    .filter((r) => typeof r.text === 'string' && typeof r.rule === 'string' && r.rule !== 'pin' && !r.rule.startsWith('activity-'))
    .map((r) => r.text as string)
    .join('；')
}

/** '3月8日' or '农历八月十五': the form /生日 takes, so the sheet can be typed back. */
function birthdayText(src: ExportSource): string {
  if (src.bCalendar === null || src.bMonth === null || src.bDay === null) return ''
  return formatCalendarDate(src.bCalendar === 'lunar'
    ? { kind: 'lunar', month: src.bMonth, day: src.bDay, leap: src.bLeap === 1 }
    : { kind: 'solar', month: src.bMonth, day: src.bDay })
}

/** '老客' or '老客（临时性沉默·投诉后沉睡）', as /why says it. */
function lifecycleText(src: ExportSource): string {
  if (!src.stage) return ''
  const notes = [src.sleep, src.complaintSleeper === 1 ? '投诉后沉睡' : null].filter(Boolean)
  return notes.length > 0 ? `${src.stage}（${notes.join('·')}）` : src.stage
}

function asTier(n: number | null): Tier {
  return (n !== null && n >= 0 && n <= 5 ? n : 0) as Tier
}

/** One contact as cells in EXPORT_COLUMNS order; `remarkPrefix` strips tierbot's own `L4|`. */
export function toExportRow(src: ExportSource, remarkPrefix: RegExp): ExportCell[] {
  const tier = asTier(src.tier)
  const pinned = src.pinnedTier !== null
    ? (src.evidenceTier !== null && src.evidenceTier !== src.pinnedTier ? `是（按记录 ${tierLabel(asTier(src.evidenceTier))}）` : '是')
    : ''
  return [
    src.name,
    src.remark.replace(remarkPrefix, '').trim(),
    tierLabel(tier),
    pinned,
    ACTIVITY_NAMES[(src.activity ?? 'new') as Activity] ?? '',
    src.spendFen ?? 0,
    src.orders ?? 0,
    src.lastInboundAt,
    src.lastOrderAt,
    parseStringList(src.personas).join('、'),
    birthdayText(src),
    shortReasons(src.reasons),
    src.addedAt,
    src.id,
    lifecycleText(src),
    src.intentBand ?? '',
    src.valueClass ?? '',
    src.valueReason ?? '',
    src.referrer ?? '',
    src.referred,
    src.points,
  ]
}

/** 'YYYY-MM-DD HH:mm' in the zone: the merchant's wall clock. */
export function formatLocalDateTime(at: number, timeZone: string): string {
  const p = localParts(at, timeZone)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`
}

/** Fen as a plain yuan figure with two decimals, from the digits (no floating point). */
export function formatYuanPlain(fen: number): string {
  const abs = Math.abs(fen)
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/*
 * Names and remarks come from customers: a cell starting with = + - @ (or a tab/CR) is run as a formula
 * by Excel and WPS when the CSV opens (CSV injection). A leading apostrophe makes it text; OWASP's advice.
 */
const FORMULA_START = /^[=+\-@\t\r]/

/** One cell as CSV text. */
export function formatCsvCell(type: CellType, value: ExportCell, timeZone: string): string {
  if (value === null) return ''
  switch (type) {
    case 'text': {
      const s = String(value)
      return FORMULA_START.test(s) ? `'${s}` : s
    }
    case 'int': return String(value)
    case 'money': return formatYuanPlain(Number(value))
    case 'datetime': return formatLocalDateTime(Number(value), timeZone)
    default: {
      const exhaustive: never = type
      return exhaustive
    }
  }
}
