import { describe, expect, it } from 'vitest'
import { makeCommands } from '../commands/harness.js'
import { createShopDb } from '../commands/seed.js'

/* Issue 18 §7: a refund is checked against what is open; /stats counts payments, not refunds, as 订单. */
describe('refunds are checked against what was paid', () => {
  const setup = () => {
    const shop = createShopDb()
    return { shop, bot: makeCommands(shop), orders: () => shop.db.$client.prepare('SELECT COUNT(*) AS n FROM orders').pluck().get() }
  }

  it('no payment at all: a clear refusal, nothing recorded', async () => {
    const { bot, orders } = setup()
    const before = orders()
    expect(await bot.say('/退款 李四 10')).toBe('没有记录退款：李四 还没有可退的付款。先用 /paid 李四 金额 记下付款')
    expect(orders()).toBe(before)
  })

  it('more than what is open: refused with the open amount', async () => {
    const { bot, orders } = setup()
    const before = orders()
    expect(await bot.say('/refund 张三 宝妈 9999')).toBe('没有记录退款：张三 宝妈 可退的付款共 ¥199，退 ¥9,999 超过了，请核对金额')
    expect(orders()).toBe(before)
  })

  it('within what is open: recorded as before', async () => {
    const { bot } = setup()
    expect(await bot.say('/refund 张三 宝妈 199')).toBe('已记录：张三 宝妈 退款 ¥199，对应的付款已作废\n张三 宝妈 降到 L2 认识我的人')
  })

  it('/stats counts a refund as no order', async () => {
    const { bot } = setup()
    await bot.say('/paid 李四 100')
    await bot.say('/refund 李四 100')
    expect(await bot.say('/stats')).toMatch(/2 笔订单/)
  })
})
