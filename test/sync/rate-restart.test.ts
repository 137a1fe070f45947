import { afterEach, describe, expect, it } from 'vitest'
import { closeDb, type Db } from '../../src/store/client.js'
import { LAST_OP_AT_KEY } from '../../src/sync/ledger.js'
import { ACCOUNT, fakeActions, fakeTime, makeSync, openDb, seedContact, T0, tempDbFile, testConfig } from './support.js'

/*
 * Platforms punish bursts (a rate-limited queue): the spacing between writes holds across a restart, so
 * a bot restarted in a loop cannot burst. And the remembered time of the last write never holds the
 * queue back longer than one interval, even when the machine's clock was set back meanwhile.
 */

const dbs: Db[] = []
afterEach(() => { for (const d of dbs.splice(0)) closeDb(d) })
const MINUTE = 60_000

describe('the write rate after a restart', () => {
  it('the first write after a restart waits out the interval since the last write before the restart', async () => {
    const file = tempDbFile()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    const config = testConfig({ ratePerMinute: 2, jitterMs: 0 })
    const d = openDb(file)
    seedContact(d, { id: 'zhang', remark: '张三', tier: 3 })
    const first = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions, config: testConfig({ ratePerMinute: 2, jitterMs: 0, enabled: false }) })
    first.sync.planContact('zhang', time.clock())
    await first.sync.drain()
    await first.sync.stop()
    closeDb(d)
    const d2 = openDb(file)
    dbs.push(d2)
    seedContact(d2, { id: 'li', remark: '李四', tier: 3 })
    const second = makeSync(d2, { clock: time.clock, sleep: time.sleep, actions: wx.actions, config })
    second.sync.planContact('li', time.clock())
    await second.sync.drain()
    const times = wx.calls.map((c) => c.at)
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(MINUTE / 2)
  })

  it('after a run of several writes and a clean stop, the first write after the restart still waits out the interval', async () => {
    const file = tempDbFile()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    const d = openDb(file)
    const ids = ['zhang', 'wang', 'zhao', 'sun']
    for (const id of ids) seedContact(d, { id, remark: id, tier: 3 })
    const first = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions, config: testConfig({ ratePerMinute: 2, jitterMs: 0, enabled: false }) })
    for (const id of ids) first.sync.planContact(id, time.clock())
    await first.sync.drain()
    await first.sync.stop()
    closeDb(d)
    expect(wx.calls.length).toBe(4)
    const d2 = openDb(file)
    dbs.push(d2)
    seedContact(d2, { id: 'li', remark: '李四', tier: 3 })
    const second = makeSync(d2, { clock: time.clock, sleep: time.sleep, actions: wx.actions, config: testConfig({ ratePerMinute: 2, jitterMs: 0, enabled: false }) })
    second.sync.planContact('li', time.clock())
    await second.sync.drain()
    expect(wx.remarkOf('li')).toBe('L3|李四')
    const times = wx.calls.map((c) => c.at)
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(MINUTE / 2)
  })

  it('a last write stamped three days ahead (the clock was set back since) holds the queue one interval at most', async () => {
    const d = openDb()
    dbs.push(d)
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    d.$client.prepare('INSERT INTO meta (account_id, key, value, updated_at) VALUES (?, ?, ?, ?)')
      .run(ACCOUNT, LAST_OP_AT_KEY, String(T0 + 3 * 24 * 60 * MINUTE), T0)
    const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions, config: testConfig({ ratePerMinute: 2, jitterMs: 0, enabled: false }) })
    seedContact(d, { id: 'zhang', remark: '张三', tier: 3 })
    sync.planContact('zhang', time.clock())
    await sync.drain()
    expect(wx.remarkOf('zhang')).toBe('L3|张三')
    expect(wx.calls[0].at - T0).toBeLessThanOrEqual(MINUTE / 2)
  })
})
