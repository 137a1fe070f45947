import type { Db } from '../store/client.js'
import { type Activity, type Tier, TIERS, tierLabel } from './ladder.js'

/*
 * The funnel: how many contacts on each rung, and how many silent / dormant (domain.md §4.7), for the
 * demo's closing lines and /stats. Contacts not classified yet count as L0.
 */

export interface Funnel {
  total: number
  tiers: Record<Tier, number>
  activity: Record<Activity, number>
  silent: number
  dormant: number
}

/** Count customers per rung and per activity state for one account (the account and its admins are not customers). */
export function summarizeFunnel(db: Db, accountId: string, notCustomers: Iterable<string> = []): Funnel {
  const rows = db.$client.prepare(`
    SELECT COALESCE(t.tier, 0) AS tier, COALESCE(t.activity, 'new') AS activity, COUNT(*) AS n
    FROM contacts c LEFT JOIN tiers t ON t.account_id = c.account_id AND t.contact_id = c.id
    WHERE c.account_id = ? AND c.id <> c.account_id AND c.id NOT IN (SELECT value FROM json_each(?))
    GROUP BY 1, 2`).all(accountId, JSON.stringify([...notCustomers])) as Array<{ tier: Tier; activity: Activity; n: number }>
  const funnel: Funnel = {
    total: 0,
    tiers: { 0: 0, 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
    activity: { new: 0, active: 0, silent: 0, dormant: 0, lost: 0 },
    silent: 0,
    dormant: 0,
  }
  for (const r of rows) {
    funnel.total += r.n
    funnel.tiers[r.tier] += r.n
    funnel.activity[r.activity] += r.n
  }
  funnel.silent = funnel.activity.silent
  funnel.dormant = funnel.activity.dormant
  return funnel
}

/** Chinese lines for printing: one per rung, then silent / dormant. */
export function describeFunnel(f: Funnel): string[] {
  const lines = TIERS.slice().reverse().map((t) => `${tierLabel(t)}: ${f.tiers[t]}`)
  lines.push(`沉默: ${f.silent}　沉睡: ${f.dormant}${f.activity.lost > 0 ? `　流失: ${f.activity.lost}` : ''}　共 ${f.total} 人`)
  return lines
}
