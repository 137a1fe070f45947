import { afterAll, describe, expect, it } from 'vitest'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import { askBot, populate, SHOP, startGrpcBot, waitFor, sentTo, type GrpcBot } from '../support/bot.js'

/*
 * The admin is never a customer, also in the weekly report: its funnel (taken by the daily pass) and
 * its new friends agree with /stats.
 */
const NOW = Date.parse('2026-06-17T15:00:00+08:00')

describe('/report counts customers as /stats does', () => {
  let bot: GrpcBot
  afterAll(async () => { await bot?.stop() })

  it('the admin is neither a customer nor a new friend in the report', async () => {
    const puppet = new WorldPuppet()
    populate(puppet, { contacts: [{ id: 'rep-owner', name: '店主小美' }, { id: 'rep-li', name: '李娜' }, { id: 'rep-wang', name: '王芳' }] })
    bot = await startGrpcBot({ puppet, config: { admins: ['rep-owner'] }, clock: () => NOW })
    expect((await askBot(bot, 'rep-owner', '/stats')).split('\n')[0]).toBe('客户共 2 人：')
    puppet.inject({ talkerId: 'rep-owner', listenerId: SHOP, text: '/report', timestamp: NOW })
    const caption = await waitFor(() => sentTo(bot, 'rep-owner').find((t) => t.includes('客户周报')), 'the report', 60_000)
    expect(caption).toContain('客户 2 人')
    expect(caption).toContain('新加好友 2 位')
  }, 90_000)
})
