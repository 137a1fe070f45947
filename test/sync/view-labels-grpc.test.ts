import { afterEach, describe, expect, it } from 'vitest'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import { askBot, populate, SHOP, startGrpcBot, waitFor, type GrpcBot } from '../support/bot.js'

/*
 * View labels end to end over the puppet-service gRPC path, on the test clock: with lifecycle labels
 * on, a customer who pays twice becomes 老客 in the daily views pass and gets the 老客 label next to the
 * rung label; the remark keeps the ladder prefix only, and the admin gets nothing.
 */

const OWNER = 'vl-owner'
const CONFIG = {
  labels: { ratePerMinute: 600, jitterMs: 0, views: { lifecycle: true } },
  admins: [OWNER],
  digest: { enabled: false },
}

const tagsOf = (bot: GrpcBot, id: string) => [...(bot.puppet.tags.get(id) ?? [])].sort()

describe('view labels over the real gRPC path', () => {
  let bot: GrpcBot | undefined
  afterEach(async () => { await bot?.stop(); bot = undefined })

  it('lifecycle labels on: two payments and the daily pass give 张三 the 老客 label; the remark stays ladder-only', async () => {
    const puppet = new WorldPuppet()
    populate(puppet, { contacts: [{ id: OWNER, name: '店主' }, { id: 'vl-zhang', name: '张三', alias: '张三' }] })
    bot = await startGrpcBot({ puppet, config: CONFIG })
    for (let i = 0; i < 3; i++) {
      puppet.inject({ talkerId: 'vl-zhang', listenerId: SHOP, text: `请问 ${i}` })
      puppet.inject({ talkerId: SHOP, listenerId: 'vl-zhang', text: `好的 ${i}` })
    }
    puppet.inject({ talkerId: OWNER, listenerId: SHOP, text: '/paid 张三 199' })
    puppet.inject({ talkerId: OWNER, listenerId: SHOP, text: '/paid 张三 99' })
    const db = bot.app.ctx.db.$client
    await waitFor(() => (db.prepare("SELECT orders FROM contact_stats WHERE contact_id = 'vl-zhang'").get() as { orders: number } | undefined)?.orders === 2, 'two orders')
    await waitFor(() => tagsOf(bot!, 'vl-zhang').join() === 'L4 信任我的人', 'the L4 label')
    // The label follows the stored view: none until the daily pass has derived it.
    expect(tagsOf(bot, 'vl-zhang')).not.toContain('老客')

    bot.app.features.reclassifyNow()
    await waitFor(() => tagsOf(bot!, 'vl-zhang').includes('老客'), 'the 老客 label')
    expect(tagsOf(bot, 'vl-zhang')).toEqual(['L4 信任我的人', '老客'])
    expect(puppet.aliases.get('vl-zhang')).toBe('L4|张三')
    expect(puppet.writes.filter((w) => w.contactId === OWNER)).toEqual([])
  })

  it('a /list 老客 before the daily pass does not cost 张三 the 老客 label', async () => {
    const puppet = new WorldPuppet()
    populate(puppet, { contacts: [{ id: OWNER, name: '店主' }, { id: 'vl-zhang', name: '张三', alias: '张三' }] })
    bot = await startGrpcBot({ puppet, config: CONFIG })
    puppet.inject({ talkerId: 'vl-zhang', listenerId: SHOP, text: '请问有货吗' })
    expect(await askBot(bot, OWNER, '/paid 张三 199')).toContain('¥199')
    expect(await askBot(bot, OWNER, '/paid 张三 99')).toContain('¥99')
    // The merchant looks at the list first: it already shows 张三 as 老客 …
    expect(await askBot(bot, OWNER, '/list 老客')).toContain('1. 张三')
    // … and the label follows, now or at the latest in the daily pass.
    bot.app.features.reclassifyNow()
    await waitFor(() => tagsOf(bot!, 'vl-zhang').includes('老客'), 'the 老客 label')
    expect(tagsOf(bot, 'vl-zhang')).toEqual(['L4 信任我的人', '老客'])
  })
})

