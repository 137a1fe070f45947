import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import { askBot, populate, SHOP, sentTo as sentToChat, startGrpcBot, waitFor, type GrpcBot } from '../support/bot.js'

/*
 * Commands over the real puppet-service gRPC path on loopback (issue 5 "Show"): an admin's /tier,
 * /paid (the rung rises), /why; a customer's /tier is answered by nothing and changes nothing.
 * The app wires ingest first, then the ladder and commands, and replies with platform.say.
 */

describe('commands over the real gRPC path', () => {
  let bot: GrpcBot
  const OWNER = 'cmd-owner'
  const sentTo = (id: string) => sentToChat(bot, id)
  const count = (sql: string) => (bot.app.ctx.db.$client.prepare(sql).get() as { n: number } | undefined)?.n ?? 0

  const command = (text: string): Promise<string> => askBot(bot, OWNER, text)

  beforeAll(async () => {
    // Ids of our own: the puppet-service client caches contact payloads on disk per token and account
    // (~/.wechaty), shared with every other test that uses the same ids.
    const puppet = new WorldPuppet()
    populate(puppet, {
      contacts: [
        { id: OWNER, name: '店主小美', alias: '老板' },
        { id: 'cmd-zhang', name: '张三', alias: '张三 宝妈' },
        { id: 'cmd-li', name: '李四' },
        // A customer who calls themselves 老板: the admin list names 老板, but the merchant's remark decides.
        { id: 'cmd-fake', name: '老板' },
      ],
    })
    bot = await startGrpcBot({ puppet, config: { admins: ['老板'] } })
    // Three answered rounds make 张三 L2.
    for (let i = 0; i < 3; i++) {
      bot.puppet.inject({ talkerId: 'cmd-zhang', listenerId: SHOP, text: `问题 ${i}` })
      bot.puppet.inject({ talkerId: SHOP, listenerId: 'cmd-zhang', text: `回答 ${i}` })
    }
    await waitFor(() => count("SELECT rounds AS n FROM contact_stats WHERE contact_id = 'cmd-zhang'") >= 3, '3 rounds')
  })
  afterAll(async () => { await bot?.stop() })

  it('an admin’s /tier answers with the rung, code and name', async () => {
    const reply = await command('/tier 张三 宝妈')
    expect(reply).toContain('张三 宝妈（张三）：L2 认识我的人')
    expect(reply).toContain('依据：3 轮私聊')
  })

  it('/paid records the payment and the rung rises', async () => {
    expect(await command('/付款 张三 宝妈 199')).toBe('已记录：张三 宝妈 付款 ¥199\n张三 宝妈 升到 L4 信任我的人 🎉')
    expect(count("SELECT COUNT(*) AS n FROM orders WHERE contact_id = 'cmd-zhang' AND amount_fen = 19900")).toBe(1)
  })

  it('/why shows the evidence and the history', async () => {
    const reply = await command('/why 张三 宝妈')
    expect(reply).toContain('· 已付款 1 单 ¥199')
    expect(reply).toContain('L2 → L4（付款）')
  })

  it.each(['cmd-li', 'cmd-fake'])('a customer’s /tier and /paid are answered by nothing and change nothing (%s)', async (customer) => {
    const orders = count('SELECT COUNT(*) AS n FROM orders')
    bot.puppet.inject({ talkerId: customer, listenerId: SHOP, text: '/paid 张三 宝妈 999' })
    bot.puppet.inject({ talkerId: customer, listenerId: SHOP, text: '/tier 张三 宝妈' })
    // The admin's next answer arrives after the customer's messages were handled.
    await command('/help')
    expect(sentTo(customer)).toEqual([])
    expect(count('SELECT COUNT(*) AS n FROM orders')).toBe(orders)
  })

  it.each([
    { text: '／tier 张三 宝妈', has: 'L4 信任我的人' },
    { text: '/paid 张三 宝妈 1e309', has: '金额要是数字' },
    { text: '/tier 张\u0000三 宝妈', has: 'L4 信任我的人' },
    { text: '/tier ' + '长'.repeat(20_000), has: '命令太长了' },
    { text: '/tier 张三 宝妈\n/paid 张三 宝妈 199', has: '一条消息只能发一个命令' },
    { text: "/tier '; DROP TABLE contacts; --", has: '没有找到' },
  ])('hostile input gets an answer: $has', async ({ text, has }) => {
    expect(await command(text)).toContain(has)
  })
})
