import { afterEach, describe, expect, it } from 'vitest'
import { ActionError } from '../../src/platform/types.js'
import { closeDb, type Db } from '../../src/store/client.js'
import { fakeActions, fakeTime, makeSync, openDb, seedContact, testConfig } from '../sync/support.js'

/*
 * Issue 8 "Outage and reconnect" meets the label/remark queue: while the puppet service is away the
 * platform refuses writes with "not logged in". A two-minute outage must not use up the retries of
 * every pending write: the runner waits for the account, and the remark is written once it is back.
 */
describe('sync during a puppet-service outage', () => {
  const dbs: Db[] = []
  afterEach(() => { for (const d of dbs.splice(0)) closeDb(d) })

  it.each([
    { name: 'two minutes offline (more refusals than maxAttempts) → written when back', offline: 9, result: 'L2|李四', failed: 0 },
    { name: 'service unreachable before the client notices (14 UNAVAILABLE) → written when back', offline: 0, unavailable: 9, result: 'L2|李四', failed: 0 },
    { name: 'a real transient error still gives up after maxAttempts', offline: 0, transient: 9, result: undefined, failed: 1 },
  ])('$name', async ({ offline, unavailable = 0, transient = 0, result, failed }) => {
    const d = openDb()
    dbs.push(d)
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    for (let i = 0; i < offline; i++) wx.failures.remark.push(new ActionError('transient', 'setRemark: not logged in'))
    for (let i = 0; i < unavailable; i++) {
      wx.failures.remark.push(Object.assign(new Error('14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED 127.0.0.1:1'), { code: 14 }))
    }
    for (let i = 0; i < transient; i++) wx.failures.remark.push(new ActionError('transient', 'timeout'))
    const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions, config: testConfig({ maxAttempts: 5 }) })
    seedContact(d, { id: 'li', remark: '李四', tier: 2 })
    sync.planContact('li', time.clock())
    await sync.drain()
    expect(wx.remarkOf('li')).toBe(result)
    expect(sync.health()).toMatchObject({ failed })
  })
})
