import { formatMonthDay, localDay, startOfLocalDay, zoneOffsetMs } from '../shared/day.js'
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

/** The zone's offset during the whole UTC day, or null when it changes that day (DST). Intl twice per day, cached. */
function offsetOfUtcDay(utcDay: number, timeZone: string): number | null {
  let offsets = dayOffsets.get(timeZone)
  if (!offsets) dayOffsets.set(timeZone, (offsets = new Map()))
  let offset = offsets.get(utcDay)
  if (offset === undefined) {
    if (offsets.size >= MAX_CACHED) offsets.clear()
    const first = zoneOffsetMs(utcDay * DAY_MS, timeZone)
    offset = first === zoneOffsetMs(utcDay * DAY_MS + DAY_MS - 1, timeZone) ? first : null
    offsets.set(utcDay, offset)
  }
  return offset
}

/**
 * The merchant's calendar day of `at` as a number (days since 1970-01-01, local), cached: the rules count
 * days the way the merchant does ("30 天前" is the date, not the hour), and ingest and the pass ask per contact.
 */
export function localDayNumber(at: number, timeZone: string): number {
  const offset = offsetOfUtcDay(Math.floor(at / DAY_MS), timeZone)
  if (offset !== null) return Math.floor((at + offset) / DAY_MS)
  return Math.floor(Date.parse(cached('day', localDay, at, timeZone)) / DAY_MS)
}

/** The first instant of local day number `day` in the zone. */
export function localDayStart(day: number, timeZone: string): number {
  const before = offsetOfUtcDay(day - 1, timeZone)
  if (before !== null && before === offsetOfUtcDay(day, timeZone)) return day * DAY_MS - before
  // The offset changes near that midnight: ask from local noon of the day.
  return startOfLocalDay(day * DAY_MS + 12 * HOUR_MS - zoneOffsetMs(day * DAY_MS, timeZone), timeZone)
}

/** The start of the local day `days` days before `now`'s: "within N days" covers that whole day. */
export function windowStart(now: number, days: number, timeZone: string): number {
  return localDayStart(localDayNumber(now, timeZone) - days, timeZone)
}

/** Whole local calendar days from `from` to `now` (0: the same day), cached. */
export function daysSince(from: number, now: number, timeZone: string): number {
  return localDayNumber(now, timeZone) - localDayNumber(from, timeZone)
}

/**
 * 'YYYY-MM-DD' in the zone (localDay), cached: ingest asks once per inbound message, and an import
 * asks for days spread over years. Intl runs twice per UTC day (the offset at its first and last
 * millisecond); when they agree the local day is plain arithmetic, otherwise the quarter-hour cache.
 */
export function cachedLocalDay(at: number, timeZone: string): string {
  const offset = offsetOfUtcDay(Math.floor(at / DAY_MS), timeZone)
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
