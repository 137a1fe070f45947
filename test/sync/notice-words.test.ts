import { describe, expect, it } from 'vitest'
import { closeDb } from '../../src/store/client.js'
import { makeCommands } from '../commands/harness.js'
import { createShopDb } from '../commands/seed.js'
import { fakeActions, fakeTime, makeSync, openDb, seedContact } from './support.js'

/* What the merchant reads about labels and remarks: the one-time notice and the /stats line. */

describe('labels unsupported: the one notice says what the merchant will see instead', () => {
  it('names the remark prefix to sort by, in plain words (no "tierbot")', async () => {
    const d = openDb()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    wx.unimplementTags()
    const { sync, notices } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions })
    seedContact(d, { id: 'zhang', remark: '张三', tier: 4 })
    sync.planContact('zhang', time.clock())
    await sync.drain()
    closeDb(d)
    expect(notices).toEqual(['这个账号不能打标签，以后只在备注前面写等级，比如“L4|张三”；在通讯录里搜 L4| 就能找到这一层的客户。'])
  })
})

describe('/stats: the label and remark line', () => {
  it('says 标签和备注 rather than 同步, and that failed writes are tried again', async () => {
    const reply = (await makeCommands(createShopDb()).say('/stats'))!
    expect(reply.split('\n')).toContain('标签和备注：待写 2 · 失败 1（会自动重试）')
  })

  it('labels off and remarks off: says so without the word 同步', async () => {
    const reply = (await makeCommands(createShopDb(), { syncHealth: undefined }).say('/stats'))!
    expect(reply.split('\n')).toContain('标签和备注：没有开启')
  })
})
