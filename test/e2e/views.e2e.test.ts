import { afterEach, describe, expect, it } from 'vitest'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import { askBot, populate, SHOP, startGrpcBot, waitFor, type GrpcBot } from '../support/bot.js'
import { clockAt } from '../support/clock.js'

/*
 * Issue 12 over the real puppet-service gRPC path on loopback, on a clock the test chooses: customer A
 * sends a contact card (名片), the carded person is added as a friend, another new friend's greeting
 * names A ("我是王芳介绍的"); /refs lists both, and A's third payment makes A L5 by referral without
 * ¥500 spend. /tier carries the views line.
 */

const OWNER = 'views-owner'
const A = 'views-wangfang'
const MEI = 'views-mei'
const LI = 'views-li'
const DAY = 86_400_000

describe('referrals and views over the real gRPC path', () => {
  let bot: GrpcBot | undefined
  afterEach(async () => { await bot?.stop(); bot = undefined })

  const command = (text: string): Promise<string> => askBot(bot!, OWNER, text)
  const query = <T>(sql: string, ...args: unknown[]) => bot!.app.ctx.db.$client.prepare(sql).get(...args) as T | undefined

  it('a contact card then the friend added, a greeting naming A → /refs A lists both; the third payment makes A L5 by referral', async () => {
    const now = Date.parse('2026-06-17T15:00:00+08:00')
    const puppet = new WorldPuppet()
    populate(puppet, {
      contacts: [
        { id: OWNER, name: '店主', alias: '老板' }, { id: A, name: '王芳' },
        { id: MEI, name: '小美', friend: false }, { id: LI, name: '小丽', friend: false },
      ],
    })
    bot = await startGrpcBot({ puppet, clock: clockAt(now), config: { admins: [OWNER], digest: { enabled: false }, labels: { enabled: false, remarks: false } } })

    puppet.inject({ talkerId: A, listenerId: SHOP, text: '这个面霜最近好用', timestamp: now - 2 * DAY })
    puppet.inject({ talkerId: A, listenerId: SHOP, cardContactId: MEI, timestamp: now - 2 * DAY + 60_000 })
    await waitFor(() => query('SELECT 1 AS x FROM referral_cards WHERE card_contact_id = ?', MEI), 'the card to be kept')

    puppet.injectFriendship({ id: 'fr-mei', contactId: MEI, timestamp: Math.floor((now - DAY) / 1000) })
    puppet.injectFriendship({ id: 'fr-li', contactId: LI, timestamp: Math.floor((now - DAY / 2) / 1000), hello: '你好，我是王芳介绍的' })
    await waitFor(() => query('SELECT 1 AS x FROM referrals WHERE contact_id = ?', MEI) && query('SELECT 1 AS x FROM referrals WHERE contact_id = ?', LI), 'both referrals')

    const refs = await command('/refs 王芳')
    expect(refs).toContain('王芳 介绍了 2 位朋友：')
    expect(refs).toContain('1. 小美（6月17日 名片）还没下单')
    expect(refs).toContain('2. 小丽（6月17日 打招呼）还没下单')

    expect(await command('/paid 王芳 100')).toContain('王芳 付款 ¥100')
    expect(await command('/paid 王芳 100')).toContain('¥100')
    await command('/paid 王芳 100')
    const tier = await command('/tier 王芳')
    expect(tier).toMatch(/^王芳：L5 超级用户/)
    expect(tier).toMatch(/\n生命周期：忠诚 · 意向：[高中低] · 价值：[ABC]\n/)
    expect(await command('/why 王芳')).toContain('推荐过 2 位朋友')

    // A new friend's purchase shows under the referrer.
    await command('/paid 小美 59')
    expect(await command('/refs 王芳')).toContain('王芳 介绍了 2 位朋友，1 位已下单，共 ¥59：')
  })

  it('the morning digest names the customer who asked prices since the last views pass, as /tier and /list 高意向 do', async () => {
    const now = Date.parse('2026-06-17T15:00:00+08:00')
    const puppet = new WorldPuppet()
    populate(puppet, { contacts: [{ id: OWNER, name: '店主', alias: '老板' }, { id: A, name: '王芳' }] })
    bot = await startGrpcBot({ puppet, clock: clockAt(now), config: { admins: [OWNER], digest: { enabled: false }, labels: { enabled: false, remarks: false } } })
    for (const [i, text] of ['这个面霜多少钱', '有优惠吗', '怎么买'].entries()) {
      puppet.inject({ talkerId: A, listenerId: SHOP, text, timestamp: now - 3_600_000 + i * 60_000 })
    }
    await waitFor(() => (query<{ n: number }>('SELECT COUNT(*) AS n FROM interactions WHERE contact_id = ?', A)?.n ?? 0) >= 3, 'the questions to be logged')
    expect(await command('/tier 王芳')).toContain('意向：高')
    const digest = bot.app.features.digest.build(now).join('\n\n')
    expect(digest).toMatch(/🎯 高意向，还没成交：趁热推一把\n· 王芳（/)
  })
})

