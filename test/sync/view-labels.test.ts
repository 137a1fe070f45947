import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/config/schema.js'
import { closeDb, type Db } from '../../src/store/client.js'
import { describeDryRun } from '../../src/sync/dry-run.js'
import { ACCOUNT, fakeActions, fakeTime, makeSync, openDb, seedContact, testConfig, T0, type SeedContact } from './support.js'

/*
 * View labels on a real (in-memory) SQLite with the real migrations: who gets them (customers only,
 * never admins, the account or lost contacts) and the views pass's re-plan (onViewsChange).
 */

let d: Db
afterEach(() => closeDb(d))

const LIFECYCLE_ON = { views: { ...DEFAULT_CONFIG.labels.views, lifecycle: true } }

function storeView(db: Db, contactId: string, stage: string, band = '中', cls = 'B'): void {
  db.$client.prepare(`INSERT INTO contact_views (account_id, contact_id, stage, intent_band, value_class, pass_at) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (account_id, contact_id) DO UPDATE SET stage = excluded.stage, intent_band = excluded.intent_band, value_class = excluded.value_class`)
    .run(ACCOUNT, contactId, stage, band, cls, T0)
}

describe('view labels: who gets them', () => {
  it.each([
    { name: 'a customer who is 老客 gets 老客', contact: { id: 'zhang', tier: 3 }, labelled: true },
    { name: 'an admin never gets a view label', contact: { id: 'boss', tier: 3 }, labelled: false },
    { name: 'the account itself never gets one', contact: { id: ACCOUNT, tier: 3 }, labelled: false },
    { name: 'a lost (流失) contact never gets one', contact: { id: 'gone', tier: 3 }, lost: true, labelled: false },
  ] as { name: string; contact: SeedContact; lost?: boolean; labelled: boolean }[])('$name', async ({ contact, lost, labelled }) => {
    d = openDb()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions, config: testConfig(LIFECYCLE_ON, ['boss']) })
    seedContact(d, contact)
    storeView(d, contact.id, '老客')
    if (lost) d.$client.prepare('UPDATE contacts SET lost_at = ? WHERE account_id = ? AND id = ?').run(T0, ACCOUNT, contact.id)
    sync.planAll(time.clock())
    await sync.drain()
    expect(wx.labelsOf(contact.id).includes('老客')).toBe(labelled)
  })
})

describe('view labels: the views pass re-plans what it changed', () => {
  it('新客 → 老客 after a pass: 老客 added, 新客 removed, the remark untouched', async () => {
    d = openDb()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions, config: testConfig(LIFECYCLE_ON) })
    seedContact(d, { id: 'zhang', remark: '张三', tier: 3 })
    storeView(d, 'zhang', '新客')
    sync.planAll(time.clock())
    await sync.drain()
    expect(wx.labelsOf('zhang')).toEqual(['L3 认同我的人', '新客'])
    const remarkWrites = wx.calls.filter((c) => c.kind === 'remark').length

    storeView(d, 'zhang', '老客')
    expect(sync.onViewsChange(['zhang'], time.clock())).toBe(1)
    await sync.drain()
    expect(wx.labelsOf('zhang')).toEqual(['L3 认同我的人', '老客'])
    expect(wx.remarkOf('zhang')).toBe('L3|张三')
    expect(wx.calls.filter((c) => c.kind === 'remark').length).toBe(remarkWrites)
  })

  it('off by default: the pass plans nothing and no view label is written', async () => {
    d = openDb()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions })
    seedContact(d, { id: 'zhang', tier: 3 })
    storeView(d, 'zhang', '老客', '高', 'A')
    expect(sync.onViewsChange(['zhang'], time.clock())).toBe(0)
    sync.planAll(time.clock())
    await sync.drain()
    expect(wx.labelsOf('zhang')).toEqual(['L3 认同我的人'])
  })
})

describe('view labels: sync --dry-run counts them (same planner)', () => {
  it('two 老客 customers: the dry run lists 老客 2 among the new labels', () => {
    d = openDb()
    for (const id of ['zhang', 'li']) {
      seedContact(d, { id, tier: 3 })
      storeView(d, id, '老客')
    }
    const text = describeDryRun(d, testConfig(LIFECYCLE_ON), ACCOUNT, T0)
    expect(text).toContain('新加标签 4 个（L3 认同我的人 2，老客 2）')
  })
})
