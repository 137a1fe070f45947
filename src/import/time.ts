import { zoneOffsetMs } from '../shared/day.js'

/*
 * Export times: epoch columns are preferred (seconds and milliseconds told apart by size); local
 * strings ('2026-01-01 15:01:00', '2026/1/1 15:01') are read in the zone the export was made in.
 */

/** Below this an epoch is in seconds: 1e11 s is the year 5138, 1e11 ms is 1973. */
const MS_THRESHOLD = 1e11

/** Epoch seconds or milliseconds (number or digit string) → ms; null when not an epoch. */
export function parseEpoch(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d{9,13}(\.\d+)?\s*$/.test(value) ? Number(value) : NaN
  if (!Number.isFinite(n) || n <= 0) return null
  return Math.round(n < MS_THRESHOLD ? n * 1000 : n)
}

const LOCAL = /^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$/

/** A local date-time string in `timeZone` → epoch ms; null when it is not one. */
export function parseLocalTime(value: string, timeZone: string): number | null {
  const m = LOCAL.exec(value)
  if (!m) return null
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number)
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s)
  // 2月30日 would roll over into March: a day the month does not have is a bad row, not another day.
  if (new Date(asUtc).getUTCDate() !== d) return null
  // The offset at the guess, corrected once (DST zones change offset around the instant).
  const first = asUtc - zoneOffsetMs(asUtc, timeZone)
  return asUtc - zoneOffsetMs(first, timeZone)
}

/** An epoch, else a local string: what time columns of tierbot's own CSV accept. */
export function parseAnyTime(value: unknown, timeZone: string): number | null {
  const epoch = parseEpoch(value)
  if (epoch !== null) return epoch
  if (typeof value === 'string') {
    const local = parseLocalTime(value, timeZone)
    if (local !== null) return local
    // ISO 8601 with an explicit offset or Z.
    if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(value.trim())) {
      const t = Date.parse(value)
      return Number.isNaN(t) ? null : t
    }
  }
  return null
}
