import { afterEach, describe, expect, it } from 'vitest'
import { closeDb, type Db } from '../../src/store/client.js'
import { ACCOUNT, fakeActions, fakeTime, makeSync, openDb, seedContact, setTier, testConfig, type SeedContact } from './support.js'

let d: Db
afterEach(() => closeDb(d))

describe('who is touched: only friends, never rooms, admins or the account itself', () => {
  it.each([
    { name: 'a friend who interacted gets remark and label', contact: { id: 'zhang', tier: 2 }, touched: true },
    { name: 'a group-only member (not a friend) is left alone', contact: { id: 'wang', tier: 2, friend: false }, touched: false },
    { name: 'a room is never written', contact: { id: '123@chatroom', tier: 1 }, touched: false },
    { name: 'an admin (by contact id) is never written', contact: { id: 'boss', tier: 4 }, touched: false },
    { name: 'an admin (by name) is never written', contact: { id: 'wxid_helper', name: '小助理', tier: 4 }, touched: false },
    { name: 'the account itself is never written', contact: { id: ACCOUNT, tier: 2 }, touched: false },
    { name: 'an L0 stranger who never interacted is not written by default', contact: { id: 'new', tier: 0, interacted: false }, touched: false },
    { name: 'an L0 the merchant pinned is written', contact: { id: 'pinned', tier: 0, pinned: 0, interacted: false }, touched: true },
  ] as { name: string; contact: SeedContact; touched: boolean }[])('$name', async ({ contact, touched }) => {
    d = openDb()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions, config: testConfig({}, ['boss', '小助理']) })
    seedContact(d, contact)
    sync.planAll(time.clock())
    sync.planContact(contact.id, time.clock())
    await sync.drain()
    expect(wx.calls.length > 0).toBe(touched)
  })

  it('includeStrangers: L0 friends who never interacted get L0 too', async () => {
    d = openDb()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions, config: testConfig({ includeStrangers: true }) })
    seedContact(d, { id: 'new', remark: '展会加的', tier: 0, interacted: false })
    sync.planAll(time.clock())
    await sync.drain()
    expect(wx.remarkOf('new')).toBe('L0|展会加的')
    expect(wx.labelsOf('new')).toEqual(['L0 陌生人'])
  })

  it('a contact unfriended before the queue ran: the queued ops are dropped', async () => {
    d = openDb()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions })
    seedContact(d, { id: 'gone', tier: 3 })
    sync.planContact('gone', time.clock())
    seedContact(d, { id: 'gone', tier: 3, friend: false })
    sync.planContact('gone', time.clock())
    await sync.drain()
    expect(wx.calls).toEqual([])
    expect(sync.health()).toMatchObject({ pending: 0, skipped: 2 })
  })
})

describe('planAll: start-up resync', () => {
  it('queues only contacts whose ledger differs from the desired state, best customers first', async () => {
    d = openDb()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions })
    seedContact(d, { id: 'a', remark: '阿花', tier: 1 })
    seedContact(d, { id: 'b', remark: '阿博', tier: 5 })
    expect(sync.planAll(time.clock())).toEqual({ contacts: 2, ops: 4 })
    await sync.drain()
    expect(wx.calls[0].contactId).toBe('b')
    expect(sync.planAll(time.clock())).toEqual({ contacts: 2, ops: 0 })
    setTier(d, 'a', 2)
    expect(sync.planAll(time.clock())).toEqual({ contacts: 2, ops: 3 })
    await sync.drain()
    expect(wx.remarkOf('a')).toBe('L2|阿花')
    expect(wx.labelsOf('a')).toEqual(['L2 认识我的人'])
  })

  it('a restart resync leaves a backed-off retry alone and drops ops of contacts no longer eligible', async () => {
    d = openDb()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions, config: testConfig({ enabled: false }) })
    seedContact(d, { id: 'a', remark: '阿花', tier: 2 })
    seedContact(d, { id: 'b', remark: '阿博', tier: 2 })
    seedContact(d, { id: 'c', remark: '阿草', tier: 2 })
    // (A deadline, not 14 UNAVAILABLE: an unreachable service now pauses the queue without counting a try.)
    wx.failures.remark.push(Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: 4 }))
    sync.planAll(time.clock())
    let stopping: Promise<void> | undefined
    wx.setOnCall(() => { if (wx.calls.length === 2) stopping = sync.stop() })
    sync.start()
    while (!stopping) await new Promise((resolve) => setImmediate(resolve))
    await stopping
    expect(wx.calls.map((c) => c.contactId)).toEqual(['a', 'b'])
    const row = () => d.$client.prepare(`SELECT status, attempts, next_at FROM sync_outbox WHERE contact_id = 'a'`).get()
    const before = row()
    expect(before).toMatchObject({ status: 'pending', attempts: 1 })
    expect(sync.health()).toMatchObject({ pending: 2, done: 1 })
    seedContact(d, { id: 'c', tier: 2, friend: false })
    time.advance(1000)
    sync.planAll(time.clock())
    expect(row()).toEqual(before)
    expect(sync.health()).toMatchObject({ pending: 1, done: 1, skipped: 1 })
  })

  it('the start-up resync in slices: an unchanged plan keeps its back-off, ops of the unfriended and the no longer eligible are dropped', async () => {
    d = openDb()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions, config: testConfig({ enabled: false }) })
    for (const [id, remark] of [['a', '阿花'], ['b', '阿博'], ['c', '阿草'], ['e', '阿娥']]) seedContact(d, { id, remark, tier: 2 })
    sync.planAll(time.clock())
    // a's op was tried once and backs off (as the runner leaves it after a transient failure).
    d.$client.prepare(`UPDATE sync_outbox SET attempts = 1, next_at = next_at + 60000 WHERE contact_id = 'a'`).run()
    const rowOfA = () => d.$client.prepare(`SELECT status, attempts, next_at, payload FROM sync_outbox WHERE contact_id = 'a'`).get()
    const before = rowOfA()
    // b moves up a rung; c is unfriended (no longer among the ids read); e turns an L0 stranger who never
    // interacted (read, no longer eligible).
    setTier(d, 'b', 3)
    seedContact(d, { id: 'c', remark: '阿草', tier: 2, friend: false })
    seedContact(d, { id: 'e', remark: '阿娥', tier: 0, interacted: false })
    time.advance(1000)
    let pauses = 0
    expect(await sync.planAllInSlices(time.clock, 1, async () => { pauses++ })).toEqual({ contacts: 2, ops: 2 })
    expect(pauses).toBe(2)
    expect(rowOfA()).toEqual(before)
    const pending = d.$client.prepare(`SELECT contact_id, payload FROM sync_outbox WHERE status = 'pending' ORDER BY contact_id`).all()
    expect(pending).toEqual([{ contact_id: 'a', payload: expect.stringContaining('L2|阿花') }, { contact_id: 'b', payload: expect.stringContaining('L3|阿博') }])
  })

  it('onTierChange plans the contact that moved; another account\'s change is ignored', async () => {
    d = openDb()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions })
    seedContact(d, { id: 'a', remark: '阿花', tier: 3 })
    const to = { contactId: 'a', tier: 3 as const, evidenceTier: 3 as const, pinnedTier: null, activity: 'active' as const, reasons: [], since: time.clock() }
    sync.onTierChange({ accountId: 'other', contactId: 'a', from: null, to, cause: { kind: 'time' }, at: time.clock() })
    expect(sync.health().pending).toBe(0)
    sync.onTierChange({ accountId: ACCOUNT, contactId: 'a', from: null, to, cause: { kind: 'time' }, at: time.clock() })
    await sync.drain()
    expect(wx.remarkOf('a')).toBe('L3|阿花')
  })
})
