import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import { askBot, populate, SHOP, startGrpcBot, waitFor, type GrpcBot } from '../support/bot.js'

/*
 * A message stamped ahead of the bot's clock (a phone or a puppet host whose clock runs fast) is dated
 * when it arrived: the customer does not stay 活跃 until a date that has not come, and nothing the
 * merchant reads is dated in the future.
 */
const NOW = Date.parse('2026-06-17T15:00:00+08:00')
const MIN = 60_000
const DAY = 24 * 60 * MIN

describe('a message dated in the future', () => {
  let bot: GrpcBot
  let now = NOW
  const OWNER = 'fut-owner'
  const get = (sql: string, ...params: unknown[]) => bot.app.ctx.db.$client.prepare(sql).get(...params)
  const command = (text: string) => askBot(bot, OWNER, text)

  beforeAll(async () => {
    // The world and the bot share a clock: the admin's commands are stamped `now`; only her message runs ahead.
    const puppet = new WorldPuppet({ clock: () => now })
    populate(puppet, { contacts: [{ id: OWNER, name: '店主小美' }, { id: 'fut-li', name: '李娜' }] })
    bot = await startGrpcBot({ puppet, config: { admins: [OWNER] }, clock: () => now })
    // Her phone's clock is 20 days ahead.
    bot.puppet.inject({ talkerId: 'fut-li', listenerId: SHOP, text: '这款面霜多少钱？', timestamp: NOW + 20 * DAY })
    await waitFor(() => get("SELECT at FROM interactions WHERE contact_id = 'fut-li'"), 'the message logged')
  })
  afterAll(async () => { await bot?.stop() })

  it('is logged and counted at the moment it arrived', () => {
    expect(get("SELECT at FROM interactions WHERE contact_id = 'fut-li'")).toEqual({ at: NOW })
    expect(get("SELECT last_inbound_at AS at FROM contact_stats WHERE contact_id = 'fut-li'")).toEqual({ at: NOW })
  })

  it('the same day she is 活跃 and asked 刚刚', async () => {
    expect(await command('/tier 李娜')).toContain('活跃度：活跃，最近互动 今天')
    expect(await command('/digest')).toContain('· 李娜（L1 知道我的人）刚刚问：“这款面霜多少钱”')
  })

  it('31 days after she wrote (11 after her phone\'s date) she is 沉默', async () => {
    now = NOW + 31 * DAY
    const tier = await command('/tier 李娜')
    expect(tier).toMatch(/活跃度：沉默/)
    expect(tier).not.toContain('最近互动 今天')
  })
})
