import { DAY_MS } from '../shared/clock.js'

/*
 * 老客该复购了 (seed 004: 老客户要做复购): when a customer's next order is due, from their own buying
 * rhythm (the median gap between their orders) once they have two, else from the shop's replenish days.
 * Pure.
 */

export interface ReplenishDue {
  /** Days between orders used: the customer's median gap, or the configured default. */
  gapDays: number
  own: boolean
  dueAt: number
}

export function medianGapDays(orderTimes: number[]): number | null {
  if (orderTimes.length < 2) return null
  const sorted = [...orderTimes].sort((a, b) => a - b)
  const gaps: number[] = []
  for (let i = 1; i < sorted.length; i++) gaps.push(sorted[i] - sorted[i - 1])
  gaps.sort((a, b) => a - b)
  const mid = gaps.length >> 1
  const median = gaps.length % 2 === 1 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2
  // Two orders on one day are one purchase split in two, not a one-day rhythm.
  return Math.max(1, Math.round(median / DAY_MS))
}

/** When the next order is due, or null without orders. */
export function replenishDue(orderTimes: number[], defaultDays: number): ReplenishDue | null {
  if (orderTimes.length === 0) return null
  const last = Math.max(...orderTimes)
  const own = medianGapDays(orderTimes)
  const gapDays = own ?? defaultDays
  return { gapDays, own: own !== null, dueAt: last + gapDays * DAY_MS }
}

/** Due from today on, but not long overdue (then it is a wake-up, not a replenish): within one more gap. */
export function isReplenishDue(due: ReplenishDue, now: number): boolean {
  return now >= due.dueAt && now < due.dueAt + due.gapDays * DAY_MS
}
