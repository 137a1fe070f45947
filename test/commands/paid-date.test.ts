import { describe, expect, it } from 'vitest'
import { parseCommand } from '../../src/commands/parse.js'
import { createShopDb } from './seed.js'
import { makeCommands } from './harness.js'

/* `/paid 张三 199 10月15日`: a payment recorded late. The shop's clock: 2026-05-20 10:00 Beijing. */

const parse = (text: string) => parseCommand(text, { maxAmountYuan: 100_000 })

describe('/paid with a date: the date word comes right after the amount, the note after it', () => {
  it.each([
    { text: '/paid 张三 199', want: { kind: 'paid', name: '张三', amountFen: 19900 } },
    { text: '/paid 张三 199 10月15日', want: { kind: 'paid', name: '张三', amountFen: 19900, date: { kind: 'month_day', month: 10, day: 15 } } },
    { text: '/付款 张三 199 3天前 面膜', want: { kind: 'paid', name: '张三', amountFen: 19900, note: '面膜', date: { kind: 'relative', daysAgo: 3 } } },
    { text: '/paid 张三 宝妈 199 昨天', want: { kind: 'paid', name: '张三 宝妈', amountFen: 19900, date: { kind: 'relative', daysAgo: 1 } } },
    { name: 'a date later in the note is part of the note', text: '/paid 张三 199 面膜 昨天', want: { kind: 'paid', name: '张三', amountFen: 19900, note: '面膜 昨天' } },
    { name: 'a note that starts with a date is a note', text: '/paid 张三 199 10月15日那单', want: { kind: 'paid', name: '张三', amountFen: 19900, note: '10月15日那单' } },
    { name: 'a quoted date is a note', text: '/paid 张三 199 "昨天"', want: { kind: 'paid', name: '张三', amountFen: 19900, note: '昨天' } },
    { name: 'a refund takes a date the same way', text: '/refund 张三 199 昨天 质量问题', want: { kind: 'refund', name: '张三', amountFen: 19900, note: '质量问题', date: { kind: 'relative', daysAgo: 1 } } },
    { name: 'a date word before the amount is pointed to its place, not made part of the name', text: '/paid 张三 昨天 199', want: { kind: 'invalid', reason: { code: 'date', command: 'paid', input: '昨天', problem: 'before_amount' } } },
    { name: 'a date typed apart is still the date', text: '/paid 张三 199 3 天前 面膜', want: { kind: 'paid', name: '张三', amountFen: 19900, note: '面膜', date: { kind: 'relative', daysAgo: 3 } } },
    { name: 'a month and day typed apart', text: '/paid 张三 199 10月 15日', want: { kind: 'paid', name: '张三', amountFen: 19900, date: { kind: 'month_day', month: 10, day: 15 } } },
    { name: 'a count in the note is no date', text: '/paid 张三 199 2 盒', want: { kind: 'paid', name: '张三', amountFen: 19900, note: '2 盒' } },
    { name: 'an impossible date is refused', text: '/paid 张三 199 2/30', want: { kind: 'invalid', reason: { code: 'date', command: 'paid', input: '2/30', problem: 'unreadable' } } },
  ])('$text', ({ text, want }) => expect(parse(text)).toEqual(want))
})

describe('/paid with a date: what the merchant reads', () => {
  const setup = () => {
    const shop = createShopDb()
    return { shop, bot: makeCommands(shop) }
  }
  const orderAt = (shop: ReturnType<typeof createShopDb>) =>
    new Date((shop.db.$client.prepare("SELECT at FROM orders WHERE contact_id = 'wxid_ls' ORDER BY id DESC").get() as { at: number }).at).toISOString()

  it('a month and day: confirmed with the date, recorded at that day', async () => {
    const { shop, bot } = setup()
    expect(await bot.say('/paid 李四 199 5月15日')).toBe('已记录 5月15日 李四 付款 ¥199\n李四 升到 L4 信任我的人 🎉')
    expect(orderAt(shop)).toBe('2026-05-15T04:00:00.000Z')
  })

  it('a day later in the year than today means last year, and says the year', async () => {
    const { shop, bot } = setup()
    expect(await bot.say('/paid 李四 199 10月15日 面膜')).toBe('已记录 2025年10月15日 李四 付款 ¥199（面膜）\n李四 升到 L4 信任我的人 🎉')
    expect(orderAt(shop)).toBe('2025-10-15T04:00:00.000Z')
  })

  it('3天前 and 昨天', async () => {
    const { bot } = setup()
    expect(await bot.say('/paid 李四 50 3天前')).toMatch(/^已记录 5月17日 李四 付款 ¥50\n/)
    expect(await bot.say('/付款 李四 50 昨天')).toMatch(/^已记录 5月19日 李四 付款 ¥50\n/)
    expect(await bot.say('/paid 李四 50 3 天前')).toMatch(/^已记录 5月17日 李四 付款 ¥50/)
  })

  it.each([
    { text: '/paid 李四 199 明天', reply: '5月21日还没到，付款只能记今天或以前的日期。金额后面可以写 10月15日、10/15、2026-10-15、昨天、前天、3天前，备注写在日期后面' },
    { text: '/paid 李四 199 2016-10-15', reply: '2016年10月15日太早了（最多补记 366 天内的付款），请检查年份' },
    { text: '/paid 李四 5月15日 199', reply: '日期“5月15日”请写在金额后面，例如 /paid 张三 199 5月15日' },
    { text: '/paid 李四 199 13月5日', reply: '看不懂日期“13月5日”。金额后面可以写 10月15日、10/15、2026-10-15、昨天、前天、3天前，备注写在日期后面' },
  ])('refused, nothing recorded: $text', async ({ text, reply }) => {
    const { shop, bot } = setup()
    expect(await bot.say(text)).toBe(reply)
    expect(shop.db.$client.prepare("SELECT COUNT(*) AS n FROM orders WHERE contact_id = 'wxid_ls'").get()).toEqual({ n: 0 })
  })

  it('/help shows where the date goes', async () => {
    const { bot } = setup()
    expect(await bot.say('/help')).toContain('/paid 张三 199 [日期] [备注]（/付款）记录一笔付款；补记以前的付款把日期写在金额后面：10月15日、3天前、昨天')
  })
})
