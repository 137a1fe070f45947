import { formatMonthDay, localDay, zoneOffsetMs } from '../shared/day.js'
import { DAY_MS, HOUR_MS } from '../shared/clock.js'

/*
 * Merchant-facing facts in reasons: dates ('5月3日') and money ('¥398'). Intl costs microseconds per
 * call and a 100k-contact pass formats a few dates each, so dates are cached per zone and UTC quarter
 * hour: every zone offset is a whole number of quarter hours, so a quarter hour never straddles a local midnight.
 */

const QUARTER_HOUR_MS = HOUR_MS / 4
const MAX_CACHED = 100_000
// kind → zone → quarter hour → text (nested, so a lookup builds no key string).
const caches = new Map<string, Map<string, Map<number, string>>>()

function cached(kind: string, format: (at: number, timeZone: string) => string, at: number, timeZone: string): string {
  let byKind = caches.get(kind)
  if (!byKind) caches.set(kind, (byKind = new Map()))
  let byZone = byKind.get(timeZone)
  if (!byZone) byKind.set(timeZone, (byZone = new Map()))
  const key = Math.floor(at / QUARTER_HOUR_MS)
  let s = byZone.get(key)
  if (s === undefined) {
    if (byZone.size >= MAX_CACHED) byZone.clear()
    s = format(at, timeZone)
    byZone.set(key, s)
  }
  return s
}

/** '5月3日' in the zone, cached. */
export function formatDay(at: number, timeZone: string): string {
  return cached('md', formatMonthDay, at, timeZone)
}

/** '5月3日', or '2025年11月1日' when the year differs from now's (dormant customers go back that far). */
export function formatDaySince(at: number, timeZone: string, now: number): string {
  const year = cachedLocalDay(at, timeZone).slice(0, 4)
  const md = formatDay(at, timeZone)
  return year === cachedLocalDay(now, timeZone).slice(0, 4) ? md : `${year}年${md}`
}

// zone → UTC day number → the zone's offset all that day (null: the offset changes that day).
const dayOffsets = new Map<string, Map<number, number | null>>()
// local day number → 'YYYY-MM-DD'
const dayNames = new Map<number, string>()

/**
 * 'YYYY-MM-DD' in the zone (localDay), cached: ingest asks once per inbound message, and an import
 * asks for days spread over years. Intl runs twice per UTC day (the offset at its first and last
 * millisecond); when they agree the local day is plain arithmetic, otherwise the quarter-hour cache.
 */
export function cachedLocalDay(at: number, timeZone: string): string {
  let offsets = dayOffsets.get(timeZone)
  if (!offsets) dayOffsets.set(timeZone, (offsets = new Map()))
  const utcDay = Math.floor(at / DAY_MS)
  let offset = offsets.get(utcDay)
  if (offset === undefined) {
    if (offsets.size >= MAX_CACHED) offsets.clear()
    const first = zoneOffsetMs(utcDay * DAY_MS, timeZone)
    offset = first === zoneOffsetMs(utcDay * DAY_MS + DAY_MS - 1, timeZone) ? first : null
    offsets.set(utcDay, offset)
  }
  if (offset === null) return cached('day', localDay, at, timeZone)
  const localDayNumber = Math.floor((at + offset) / DAY_MS)
  let name = dayNames.get(localDayNumber)
  if (name === undefined) {
    if (dayNames.size >= MAX_CACHED) dayNames.clear()
    name = new Date(localDayNumber * DAY_MS).toISOString().slice(0, 10)
    dayNames.set(localDayNumber, name)
  }
  return name
}

export { formatYuan } from '../shared/money.js'

// What signal detection records for a message that has no words (domain: a red envelope is approval,
// a transfer is payment): shown as what happened, never quoted as if the customer typed it.
const NON_TEXT_EVIDENCE: Record<string, string> = { 红包: '发了红包', 转账: '发来转账' }

/** A customer's words as evidence, quoted the same way everywhere (“…”); a red envelope is not words. */
export function quoteEvidence(text: string, max = 20): string {
  const plain = NON_TEXT_EVIDENCE[text]
  if (plain) return plain
  const chars = [...text.replace(/\s+/g, ' ').trim()]
  return `“${chars.length > max ? chars.slice(0, max).join('') + '…' : chars.join('')}”`
}
