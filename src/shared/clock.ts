/** The one source of "now" (epoch ms). Pure code takes `now` as a parameter instead. */
export type Clock = (() => number) & {
  /**
   * True only for the machine's wall clock. Cron triggers (node-cron) fire on the wall clock, so they
   * are armed only when the app runs on it; an app on another clock (tests, simulations) is driven by
   * its owner, who calls the digest and the pass itself.
   */
  readonly wall?: boolean
}

export const systemClock: Clock = Object.assign(() => Date.now(), { wall: true as const })

export function isWallClock(clock: Clock): boolean {
  return clock.wall === true
}

/** A clock that reads `start` now and then runs at the real rate (for tests that pin the moment). */
export function clockStartingAt(start: number): Clock {
  const origin = performance.now()
  return () => start + Math.round(performance.now() - origin)
}

/**
 * Parses a clock start given as an ISO 8601 instant with an offset (`2026-06-17T15:00:00+08:00`) or
 * epoch milliseconds; undefined when it is neither.
 */
export function parseInstant(value: string): number | undefined {
  const text = value.trim()
  if (/^\d{10,}$/.test(text)) return Number(text)
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return undefined
  const at = Date.parse(text)
  return Number.isFinite(at) ? at : undefined
}

export const DAY_MS = 86_400_000
export const HOUR_MS = 3_600_000
export const MINUTE_MS = 60_000
