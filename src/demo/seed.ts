import type { Ingest } from '../ingest/ingest.js'
import type { DemoScenario } from './scenario.js'

/*
 * The demo's contacts with the times they became friends. A live account's friends are counted from
 * the first start (ingest keeps the earliest added_at), so the demo records the scenario's back-dated
 * add times first: that is what makes "new" (< 7 days) and dormant strangers (> 30 days) visible.
 * Call it before the platform's own contact sync.
 */
export function recordDemoContacts(ingest: Ingest, scenario: DemoScenario, now: number): void {
  const accountId = scenario.account.id
  for (const c of scenario.customers) {
    ingest.upsertContact(accountId, { id: c.id, name: c.name, remark: c.remark, friend: c.friend, kind: 'individual' }, now, c.addedAt ?? undefined)
  }
  for (const room of scenario.rooms) ingest.upsertRoom(accountId, room, now)
}
