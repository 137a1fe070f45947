import { afterEach, describe, expect, it } from 'vitest'
import { ActionError } from '../../src/platform/types.js'
import { closeDb, type Db } from '../../src/store/client.js'
import { makeCommands } from '../commands/harness.js'
import { createShopDb } from '../commands/seed.js'
import { fakeActions, fakeTime, makeSync, openDb, seedContact } from './support.js'

/*
 * A write given up after its tries (the platform refused it for a while) is tried again at the nightly pass,
 * not only when the merchant restarts the bot, which a merchant does not think of doing.
 */

const dbs: Db[] = []
afterEach(() => { for (const d of dbs.splice(0)) closeDb(d) })

describe('writes that failed are tried again later by themselves', () => {
  it('a remark refused every time until given up lands at the next retryFailed', async () => {
    const d = openDb()
    dbs.push(d)
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions })
    seedContact(d, { id: 'zhang', remark: '张三', tier: 3 })
    for (let i = 0; i < 5; i++) wx.failures.remark.push(new ActionError('transient', 'service busy'))
    sync.planContact('zhang', time.clock())
    await sync.drain()
    expect(wx.remarkOf('zhang')).toBeUndefined()
    expect(sync.health()).toMatchObject({ failed: 1, pending: 0 })

    expect(sync.retryFailed(time.clock())).toBe(1)
    await sync.drain()
    expect(wx.remarkOf('zhang')).toBe('L3|张三')
    expect(sync.health()).toMatchObject({ failed: 0, pending: 0 })
    // Nothing failed any more: nothing to try again.
    expect(sync.retryFailed(time.clock())).toBe(0)
  })

  it('/stats says failed writes are tried again by themselves', async () => {
    const reply = (await makeCommands(createShopDb()).say('/stats'))!
    expect(reply.split('\n')).toContain('标签和备注：待写 2 · 失败 1（会自动重试）')
  })
})
