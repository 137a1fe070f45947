import { afterEach, describe, expect, it } from 'vitest'
import { ActionError } from '../../src/platform/types.js'
import { closeDb, type Db } from '../../src/store/client.js'
import type { TierChange } from '../../src/tiers/api.js'
import type { Tier } from '../../src/tiers/ladder.js'
import { ACCOUNT, fakeActions, fakeTime, makeSync, openDb, seedContact, setTier, tempDbFile } from './support.js'

/*
 * A live rung change writes no plan with its message: the runner plans the contact when it gets to it,
 * from memory. What the merchant sees must not change: the same labels and remark, a newer rung
 * replacing an older one that has not run, failures retried with back-off, nothing lost at a restart.
 */

const dbs: Db[] = []
function db(file?: string): Db {
  const d = openDb(file)
  dbs.push(d)
  return d
}
afterEach(() => { for (const d of dbs.splice(0)) closeDb(d) })

function moved(contactId: string, from: Tier | null, tier: Tier, at: number): TierChange {
  return {
    accountId: ACCOUNT, contactId, cause: { kind: 'message' } as TierChange['cause'], at,
    from: from === null ? null : { tier: from, activity: 'active' },
    to: { contactId, tier, evidenceTier: tier, pinnedTier: null, activity: 'active', reasons: [], since: at },
  }
}

/** A database, a test clock and a WeChat account in memory, with sync over them. */
function account() {
  const d = db()
  const time = fakeTime()
  const wx = fakeActions(time.clock)
  const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions })
  return { d, time, wx, sync }
}

function outboxRows(d: Db): Array<{ contact_id: string; kind: string; status: string; attempts: number }> {
  return d.$client.prepare('SELECT contact_id, kind, status, attempts FROM sync_outbox ORDER BY id').all() as never
}

describe('live rung changes are planned from memory', () => {
  it('a rung change queues nothing in the database; the label and remark still arrive', async () => {
    const { d, time, wx, sync } = account()
    seedContact(d, { id: 'zhang', remark: '张三', tier: 3 })
    sync.onTierChange(moved('zhang', 2, 3, time.clock()))
    expect(outboxRows(d)).toEqual([])
    expect(sync.health().pending).toBe(1)
    await sync.drain()
    expect(wx.remarkOf('zhang')).toBe('L3|张三')
    expect(wx.labelsOf('zhang')).toEqual(['L3 认同我的人'])
    expect(outboxRows(d)).toEqual([])
    expect(sync.health()).toMatchObject({ pending: 0, done: 2, failed: 0 })
    // The ledger has both writes: nothing is planned again.
    expect(sync.planContact('zhang', time.clock())).toEqual([])
  })

  it('two rung changes before the runner gets to the contact: only the newer rung is ever written', async () => {
    const { d, time, wx, sync } = account()
    seedContact(d, { id: 'zhang', remark: '张三', tier: 3 })
    sync.onTierChange(moved('zhang', 2, 3, time.clock()))
    setTier(d, 'zhang', 4)
    sync.onTierChange(moved('zhang', 3, 4, time.clock()))
    await sync.drain()
    expect(wx.remarkOf('zhang')).toBe('L4|张三')
    expect(wx.labelsOf('zhang')).toEqual(['L4 信任我的人'])
    expect(wx.calls.map((c) => c.value)).not.toContain('L3 认同我的人')
  })

  it('a rung change between the writes of an older plan: the rest of the older plan does not run', async () => {
    const { d, time, wx, sync } = account()
    seedContact(d, { id: 'zhang', remark: '张三', tier: 3 })
    // The first write of the L3 plan is under way when the customer reaches L4.
    wx.setOnCall(() => {
      wx.setOnCall(undefined)
      setTier(d, 'zhang', 4)
      sync.onTierChange(moved('zhang', 3, 4, time.clock()))
    })
    sync.onTierChange(moved('zhang', 2, 3, time.clock()))
    await sync.drain()
    expect(wx.remarkOf('zhang')).toBe('L4|张三')
    expect(wx.labelsOf('zhang')).toEqual(['L4 信任我的人'])
    // Planned again from memory, after the L3 write that ran was recorded (nothing went to the outbox).
    expect(outboxRows(d)).toEqual([])
    // The L3 write that ran was taken off again; nothing of L3 is left on WeChat.
    expect(sync.planContact('zhang', time.clock())).toEqual([])
  })

  it('a refused write goes to the outbox with back-off and is retried there until it lands', async () => {
    const { d, time, wx, sync } = account()
    seedContact(d, { id: 'zhang', remark: '张三', tier: 3 })
    wx.failures.label_add.push(new ActionError('transient', 'server busy'))
    sync.onTierChange(moved('zhang', 2, 3, time.clock()))
    const start = time.clock()
    await sync.drain()
    expect(wx.labelsOf('zhang')).toEqual(['L3 认同我的人'])
    expect(wx.remarkOf('zhang')).toBe('L3|张三')
    const tries = wx.calls.filter((c) => c.kind === 'label_add')
    expect(tries).toHaveLength(2)
    // The second try waited for its back-off (5 s at least), as outbox retries do.
    expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(5_000)
    expect(tries[1].at).toBeGreaterThan(start)
    expect(outboxRows(d).find((r) => r.kind === 'label_add')).toMatchObject({ status: 'done', attempts: 2 })
    expect(sync.health()).toMatchObject({ pending: 0, failed: 0 })
  })

  it('a write that keeps failing is given up visibly and tried again by the nightly retry', async () => {
    const { d, time, wx, sync } = account()
    seedContact(d, { id: 'zhang', remark: '张三', tier: 3 })
    wx.failures.remark.push(new ActionError('permanent', 'remark refused'))
    sync.onTierChange(moved('zhang', 2, 3, time.clock()))
    await sync.drain()
    expect(sync.health()).toMatchObject({ failed: 1, pending: 0 })
    expect(wx.remarkOf('zhang')).toBeUndefined()
    expect(sync.retryFailed(time.clock())).toBe(1)
    await sync.drain()
    expect(wx.remarkOf('zhang')).toBe('L3|张三')
  })

  it('a contact with writes waiting in the outbox is planned there at once: the older plan never runs', async () => {
    const { d, time, wx, sync } = account()
    seedContact(d, { id: 'zhang', remark: '张三', tier: 3 })
    sync.planContact('zhang', time.clock())
    setTier(d, 'zhang', 4)
    sync.onTierChange(moved('zhang', 3, 4, time.clock()))
    expect(outboxRows(d).filter((r) => r.status === 'pending').map((r) => r.kind).sort()).toEqual(['label_add', 'remark'])
    await sync.drain()
    expect(wx.calls.map((c) => c.value)).not.toContain('L3 认同我的人')
    expect(wx.remarkOf('zhang')).toBe('L4|张三')
  })

  it('stopped before the runner got to the contact: the start-up plan writes it after the restart', async () => {
    const file = tempDbFile()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    const first = makeSync(db(file), { clock: time.clock, sleep: time.sleep, actions: wx.actions })
    seedContact(dbs[0], { id: 'zhang', remark: '张三', tier: 3 })
    first.sync.onTierChange(moved('zhang', 2, 3, time.clock()))
    await first.sync.stop()
    closeDb(dbs.shift()!)
    expect(wx.calls).toEqual([])
    const again = makeSync(db(file), { clock: time.clock, sleep: time.sleep, actions: wx.actions })
    again.sync.planAll(time.clock())
    await again.sync.drain()
    expect(wx.remarkOf('zhang')).toBe('L3|张三')
    expect(wx.labelsOf('zhang')).toEqual(['L3 认同我的人'])
  })

  it('many contacts moving at once: each written once, all of it counted', async () => {
    const { d, time, wx, sync } = account()
    for (let i = 0; i < 20; i++) seedContact(d, { id: `c${i}`, remark: `客${i}`, tier: 2 })
    for (let i = 0; i < 20; i++) sync.onTierChange(moved(`c${i}`, 1, 2, time.clock()))
    await sync.drain()
    for (let i = 0; i < 20; i++) expect(wx.remarkOf(`c${i}`)).toBe(`L2|客${i}`)
    expect(wx.calls).toHaveLength(40)
    expect(sync.health()).toMatchObject({ pending: 0, done: 40, failed: 0 })
  })
})
