import type { Config } from '../config/schema.js'
import { DAY_MS } from '../shared/clock.js'
import { localDay } from '../shared/day.js'
import type { LostRow } from '../lost/store.js'
import { tierCode } from '../tiers/ladder.js'
import type { DigestSnapshot } from './types.js'
import { listCap, type ListMode } from './sections.js'

/*
 * Customers who deleted the account since the last digest (docs/rules.md §6 流失), in one line the
 * merchant can act on: who, which rung, and what they last wrote — a complaint first of all (seed 004:
 * most losses follow an unhappy purchase).
 */

export interface LostSection {
  title: string
  items: string[]
}

export function lostSection(snapshot: DigestSnapshot, now: number, config: Config, mode: ListMode = 'digest'): LostSection | null {
  const rows = snapshot.lost ?? []
  if (rows.length === 0) return null
  const when = lostWhen(rows, now, config.timezone)
  const lines: string[] = []
  const byCustomer = rows.filter((r) => r.by === 'customer')
  const byMerchant = rows.filter((r) => r.by === 'merchant')
  if (byCustomer.length > 0) lines.push(`${when} ${byCustomer.length} 位客户删除了你：${listWho(byCustomer, config, mode)}`)
  if (byMerchant.length > 0) lines.push(`${when}你删除了 ${byMerchant.length} 位客户：${listWho(byMerchant, config, mode)}`)
  return { title: `💔 ${lines[0]}`, items: lines.slice(1) }
}

/** 昨天 when every loss fell on yesterday's local day, 今天 for today's, else 最近 (a catch-up digest). */
function lostWhen(rows: LostRow[], now: number, tz: string): string {
  const days = new Set(rows.map((r) => localDay(r.at, tz)))
  if (days.size === 1 && days.has(localDay(now - DAY_MS, tz))) return '昨天'
  if (days.size === 1 && days.has(localDay(now, tz))) return '今天'
  return '最近'
}

function listWho(rows: LostRow[], config: Config, mode: ListMode): string {
  const max = listCap(config.digest.maxPerSection, mode)
  const shown = rows.slice(0, max).map((r) => `${tierCode(r.tier)} ${r.name}${lastWords(r)}`)
  return shown.join('、') + (rows.length > max ? ` 等 ${rows.length} 位` : '')
}

function lastWords(r: LostRow): string {
  if (r.lastComplaint) return '（最后一条是投诉）'
  if (!r.lastText) return ''
  const chars = [...r.lastText.replace(/\s+/g, ' ').trim()]
  return `（最后一条：“${chars.length > 12 ? chars.slice(0, 12).join('') + '…' : chars.join('')}”）`
}
