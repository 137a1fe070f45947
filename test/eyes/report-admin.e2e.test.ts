import { afterAll, describe, expect, it } from 'vitest'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import { askBot, populate, SHOP, startGrpcBot, waitFor, sentTo, type GrpcBot } from '../support/bot.js'
import { backfillSnapshots } from '../../src/report/backfill.js'
import { ACCOUNT, ADMIN, CONFIG, createShop, DAY, NOW as SEED_NOW } from '../commands/seed.js'

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
    // Everyone in the address book at the first start was a friend already: no new friends (the admin neither).
    expect(caption).toContain('新加好友 0 位')
  }, 90_000)

  it('/report on demand shows the rungs as they are now, as /stats does', async () => {
    expect(await askBot(bot, 'rep-owner', '/paid 李娜 199')).toMatch(/^已记录：李娜 付款 ¥199\n李娜 升到 L4 信任我的人/)
    const before = sentTo(bot, 'rep-owner').length
    bot.puppet.inject({ talkerId: 'rep-owner', listenerId: SHOP, text: '/周报', timestamp: NOW })
    const caption = await waitFor(() => sentTo(bot, 'rep-owner').slice(before).find((t) => t.includes('客户周报')), 'the report', 60_000)
    expect(caption).toContain('客户 2 人，已付费（L4 及以上）1 人')
    expect(caption).toContain('成交 ¥199（1 单')
  }, 90_000)
})

/** The account, its admin and one customer, each with three rounds three weeks ago. */
function shopWithAdmin() {
  const shop = createShop()
  shop.contact(ACCOUNT, '测试店铺')
  shop.contact(ADMIN, '店主小美')
  shop.rounds(ADMIN, 3, SEED_NOW - 20 * DAY)
  shop.contact('wxid_ln', '李娜')
  shop.rounds('wxid_ln', 3, SEED_NOW - 20 * DAY)
  return shop
}

const backfilledTotals = (shop: ReturnType<typeof createShop>) =>
  shop.db.$client.prepare("SELECT DISTINCT total FROM funnel_snapshots WHERE source = 'backfill' AND total IS NOT NULL").pluck().all()

describe('the report\'s past weeks, rebuilt from history', () => {
  it('count the customers only: neither the account itself nor the admin', () => {
    const shop = shopWithAdmin()
    expect(backfillSnapshots(shop.db, CONFIG, ACCOUNT, SEED_NOW)).toBeGreaterThan(0)
    expect(backfilledTotals(shop)).toEqual([1])
  })

  it('leave out an admin the config names by remark or name, as the bot resolves it', () => {
    const shop = shopWithAdmin()
    expect(backfillSnapshots(shop.db, { ...CONFIG, admins: ['店主小美'] }, ACCOUNT, SEED_NOW)).toBeGreaterThan(0)
    expect(backfilledTotals(shop)).toEqual([1])
  })
})
