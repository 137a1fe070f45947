import { afterEach, describe, expect, it } from 'vitest'
import { closeDb, type Db } from '../../src/store/client.js'
import { fakeActions, fakeTime, makeSync, openDb, seedContact, setTier } from './support.js'

/*
 * The merchant edits a remark on the phone while tierbot runs. tierbot learns the directory at login,
 * so its copy of the remark is old; it reads the remark back before writing one, and keeps the
 * merchant's new text instead of writing an old copy over it.
 */

const dbs: Db[] = []
afterEach(() => { for (const d of dbs.splice(0)) closeDb(d) })

function setup() {
  const d = openDb()
  dbs.push(d)
  const time = fakeTime()
  const wx = fakeActions(time.clock)
  let readFails = false
  const reads: string[] = []
  const actions = {
    ...wx.actions,
    readRemark: async (id: string) => {
      reads.push(id)
      if (readFails) throw new Error('14 UNAVAILABLE: read failed')
      return wx.remarkOf(id) ?? ''
    },
  }
  const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions })
  /** The merchant types a new remark on the phone (tierbot is not told). */
  const editOnPhone = (id: string, remark: string) => { void wx.actions.setRemark(id, remark) }
  /** A contact whose remark on the phone is what tierbot read at login. */
  const seed = (c: Parameters<typeof seedContact>[1]) => { seedContact(d, c); editOnPhone(c.id, c.remark ?? '') }
  return { d, time, wx, sync, seed, editOnPhone, reads, failReads: () => { readFails = true } }
}

describe('a remark edited on the phone is kept', () => {
  it('张三 becomes 张三 广州 VIP on the phone; after a rung change the remark reads L5|张三 广州 VIP, not L5|张三', async () => {
    const { d, time, wx, sync, seed, editOnPhone } = setup()
    seed({ id: 'zhang', remark: '张三', tier: 4 })
    sync.planContact('zhang', time.clock())
    await sync.drain()
    expect(wx.remarkOf('zhang')).toBe('L4|张三')
    editOnPhone('zhang', 'L4|张三 广州 VIP')
    setTier(d, 'zhang', 5)
    sync.planContact('zhang', time.clock())
    await sync.drain()
    expect(wx.remarkOf('zhang')).toBe('L5|张三 广州 VIP')
  })

  it('edited while the write waited in the queue: the queued old copy is not written', async () => {
    const { d, time, wx, sync, seed, editOnPhone } = setup()
    seed({ id: 'li', remark: '李四', tier: 2 })
    sync.planContact('li', time.clock())
    await sync.drain()
    setTier(d, 'li', 3)
    sync.planContact('li', time.clock())
    editOnPhone('li', '李四 宝妈 想要面霜')
    await sync.drain()
    expect(wx.remarkOf('li')).toBe('L3|李四 宝妈 想要面霜')
    // Nothing is left to write, and planning again changes nothing.
    expect(sync.planContact('li', time.clock())).toEqual([])
  })

  it('a remark the phone cannot read back is written as planned (no stall)', async () => {
    const { time, wx, sync, seed, failReads, reads } = setup()
    seed({ id: 'wang', remark: '王五', tier: 4 })
    failReads()
    sync.planContact('wang', time.clock())
    await sync.drain()
    expect(reads).toContain('wang')
    expect(wx.remarkOf('wang')).toBe('L4|王五')
  })
})
