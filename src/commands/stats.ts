import type { Db } from '../store/client.js'
import { DAY_MS } from '../shared/clock.js'
import type { Activity, Tier } from '../tiers/ladder.js'
import type { DataSize, FunnelSummary, OfflineSummary } from './results.js'

/*
 * /stats: the funnel, offline periods (bot_events 'offline'/'online' rows the app records) and the
 * size of the data. Contacts never classified count as L0 / new, as the ladder treats them.
 */

export const OFFLINE_WINDOW_DAYS = 30

export function createStatsReader(db: Db) {
  const sqlite = db.$client
  // Grouped over the tiers index alone; contacts without a tiers row yet are counted as L0 / new.
  const funnel = sqlite.prepare(`SELECT tier, activity, COUNT(*) AS n FROM tiers
    WHERE account_id = ? AND contact_id <> ? GROUP BY 1, 2`)
  const customers = sqlite.prepare(`SELECT COUNT(*) AS n FROM contacts
    WHERE account_id = ? AND id <> ? AND id NOT LIKE '%@chatroom'`)
  const lifecycle = sqlite.prepare(`SELECT kind, detail, at FROM bot_events
    WHERE account_id = ? AND kind IN ('offline', 'online') AND at >= ? ORDER BY at, id`)
  const count = (table: string) => sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE account_id = ?`)
  const counts = { contacts: count('contacts'), messages: count('interactions') }
  // A refund is not an order: only payments count.
  const orders = sqlite.prepare(`SELECT COUNT(*) AS n FROM orders WHERE account_id = ? AND kind = 'payment'`)
  const contactExists = sqlite.prepare('SELECT 1 FROM contacts WHERE account_id = ? AND id = ?').pluck()

  /** `notCustomers`: the admins, who have no rung and are not counted as customers. */
  function readFunnel(accountId: string, notCustomers: ReadonlySet<string>): FunnelSummary {
    const out: FunnelSummary = {
      total: 0,
      tiers: { 0: 0, 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
      activity: { new: 0, active: 0, silent: 0, dormant: 0, lost: 0 },
    }
    let classified = 0
    for (const r of funnel.all(accountId, accountId) as Array<{ tier: Tier; activity: Activity; n: number }>) {
      classified += r.n
      out.tiers[r.tier] = (out.tiers[r.tier] ?? 0) + r.n
      out.activity[r.activity] = (out.activity[r.activity] ?? 0) + r.n
    }
    let admins = 0
    for (const id of notCustomers) if (id !== accountId && contactExists.get(accountId, id)) admins++
    const total = (customers.get(accountId, accountId) as { n: number }).n - admins
    const unclassified = Math.max(0, total - classified)
    out.tiers[0] += unclassified
    out.activity.new += unclassified
    out.total = Math.max(total, classified)
    return out
  }

  function readOffline(accountId: string, now: number): OfflineSummary {
    const rows = lifecycle.all(accountId, now - OFFLINE_WINDOW_DAYS * DAY_MS) as Array<{ kind: string; detail: string | null; at: number }>
    let periods = 0
    let totalMs = 0
    let last: OfflineSummary['last'] = null
    let openAt: number | null = null
    for (const r of rows) {
      if (r.kind === 'offline') {
        if (openAt === null) periods++
        openAt = openAt ?? r.at
        last = { at: r.at, ms: null }
      } else if (openAt !== null) {
        const ms = r.at - openAt
        totalMs += ms
        last = { at: openAt, ms }
        openAt = null
      }
    }
    return { periods, totalMs, last, windowDays: OFFLINE_WINDOW_DAYS }
  }

  function readSize(accountId: string): DataSize {
    const n = (st: typeof counts.contacts) => (st.get(accountId) as { n: number }).n
    const pageCount = sqlite.pragma('page_count', { simple: true }) as number
    const pageSize = sqlite.pragma('page_size', { simple: true }) as number
    return { contacts: n(counts.contacts), messages: n(counts.messages), orders: n(orders), dbBytes: pageCount * pageSize }
  }

  return {
    read(accountId: string, now: number, notCustomers: ReadonlySet<string> = new Set()) {
      return { funnel: readFunnel(accountId, notCustomers), offline: readOffline(accountId, now), size: readSize(accountId) }
    },
  }
}
