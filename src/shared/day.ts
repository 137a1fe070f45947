import { DAY_MS } from './clock.js'

/*
 * Local calendar days in a configured IANA zone (the merchant's day), without a date library:
 * Intl gives the parts, and the zone offset is found from them.
 */

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    })
    formatters.set(timeZone, f)
  }
  return f
}

export interface LocalParts { year: number; month: number; day: number; hour: number; minute: number; second: number }

export function localParts(at: number, timeZone: string): LocalParts {
  const parts: Record<string, number> = {}
  for (const p of formatter(timeZone).formatToParts(new Date(at))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second }
}

/** 'YYYY-MM-DD' of `at` in the zone. */
export function localDay(at: number, timeZone: string): string {
  const p = localParts(at, timeZone)
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`
}

/** Offset of the zone from UTC at `at`, in ms (Asia/Shanghai: +8h). */
export function zoneOffsetMs(at: number, timeZone: string): number {
  const p = localParts(at, timeZone)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return asUtc - Math.floor(at / 1000) * 1000
}

/** Epoch ms of local midnight starting the day that contains `at`. */
export function startOfLocalDay(at: number, timeZone: string): number {
  const p = localParts(at, timeZone)
  const guess = Date.UTC(p.year, p.month - 1, p.day) - zoneOffsetMs(at, timeZone)
  // Correct once for an offset change between midnight and `at` (DST zones).
  return Date.UTC(p.year, p.month - 1, p.day) - zoneOffsetMs(guess, timeZone)
}

/** Whole local calendar days from `from` to `to` (0 = same local day). */
export function localDaysBetween(from: number, to: number, timeZone: string): number {
  return Math.round((startOfLocalDay(to, timeZone) - startOfLocalDay(from, timeZone)) / DAY_MS)
}

/** '5月3日' for merchant-facing text. */
export function formatMonthDay(at: number, timeZone: string): string {
  const p = localParts(at, timeZone)
  return `${p.month}月${p.day}日`
}
