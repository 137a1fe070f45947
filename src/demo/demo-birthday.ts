import { DAY_MS } from '../shared/clock.js'
import { localToday } from '../shared/local-date.js'
import { createOccasionStore } from '../occasions/occasion-store.js'
import type { Db } from '../store/client.js'
import type { DemoScenario } from './scenario.js'

/**
 * The demo merchant has kept one birthday: the best active old customer's, two days from today, so the
 * demo's morning list shows the 🎂 section (issue 20). Returns who, for the demo's own text.
 */
export function keepDemoBirthday(db: Db, scenario: DemoScenario, now: number, timeZone: string): string | null {
  const customer = [...scenario.customers]
    .filter((c) => c.expect.tier >= 4 && c.expect.activity === 'active')
    .sort((a, b) => b.expect.tier - a.expect.tier)[0]
  if (!customer) return null
  const day = localToday(now + 2 * DAY_MS, timeZone)
  createOccasionStore(db).setBirthday(scenario.account.id, customer.id, { kind: 'solar', month: day.month, day: day.day }, 'demo', now)
  return customer.remark || customer.name
}
