import type { DaySnapshot } from '../../src/report/snapshot-store.js'
import { addDays } from '../../src/report/week.js'

/** A day with levels (the pass ran) and the day's counts. */
export function snap(day: string, levels: { tiers: number[]; activity?: number[] } | null, flows: Partial<DaySnapshot> = {}): DaySnapshot {
  return {
    day, takenAt: 0, source: 'pass',
    total: levels ? levels.tiers.reduce((a, n) => a + n, 0) : null,
    tiers: levels?.tiers ?? null,
    activity: levels ? (levels.activity ?? [0, levels.tiers.reduce((a, n) => a + n, 0), 0, 0]) : null,
    newFriends: 0, woken: 0, orders: 0, spendFen: 0, spendByTier: [0, 0, 0, 0, 0, 0],
    ...flows,
  }
}

/** Eight weeks of quiet days before `monday`, each week with one new friend and ¥100 on its Wednesday. */
export function quietWeeks(monday: string, weeks = 8): DaySnapshot[] {
  const out: DaySnapshot[] = []
  for (let w = weeks; w >= 1; w--) {
    const start = addDays(monday, -7 * w)
    out.push(snap(start, { tiers: [10, 5, 3, 2, 1, 0] }))
    out.push(snap(addDays(start, 2), null, { newFriends: 1, orders: 1, spendFen: 10_000, spendByTier: [0, 0, 0, 0, 10_000, 0] }))
  }
  return out
}
