import { describe, expect, it } from 'vitest'
import { makeCommands } from '../commands/harness.js'
import { CONFIG, createShopDb, type Shop } from '../commands/seed.js'

/*
 * A merchant's first hour with the bot on the phone: what /help teaches, what a slip of the thumb
 * gets back, and who is answered at all. Each case is the reply text the merchant reads.
 */
const orders = (shop: Shop) => (shop.db.$client.prepare("SELECT COUNT(*) AS n FROM orders WHERE contact_id = 'wxid_ls' AND kind = 'payment'").get() as { n: number }).n

describe('/help teaches the exact syntax', () => {
  it('the late payment with its date right after the amount, as whole examples', async () => {
    const help = (await makeCommands(createShopDb()).say('/help'))!
    expect(help).toContain('/paid 张三 199 10月15日')
    expect(help).toContain('/paid 张三 199 3天前')
  })

  it.each(['/forget 张三 确认', '/birthday 张三 删除', '/snooze 张三 0', '/points 张三 -50 兑换', '/tier 张三 L4', '/tier 张三 auto', '/list L3'])('every form a command takes is written out whole: %s', async (form) => {
    expect(await makeCommands(createShopDb()).say('/help')).toContain(form)
  })

  it('and how to ask about one command (/help 生日)', async () => {
    const help = (await makeCommands(createShopDb()).say('/help'))!
    expect(help).toContain('/help 生日')
  })

  it('/help with a mistyped command word gives the command meant (/帮助 piad, /help 付钱)', async () => {
    const bot = makeCommands(createShopDb())
    expect(await bot.say('/帮助 piad')).toMatch(/^用法：\/paid 张三 199/)
    expect(await bot.say('/help 付钱')).toMatch(/^用法：\/paid 张三 199/)
  })

  it('/help with a word that is no command: the whole list, and a last line saying so', async () => {
    const reply = (await makeCommands(createShopDb()).say('/help 发货'))!.split('\n')
    expect(reply[0]).toBe('tierbot 命令（中文别名也可以用）：')
    expect(reply).toContain('/tier 张三（/层级）查看层级、活跃度和下一步（/tier 张三 L4 手动设定，/tier 张三 auto 取消）')
    expect(reply[reply.length - 1]).toBe('（没有“发货”这个命令，上面是全部命令）')
  })

  it('/help paid gives that one line, with the same example', async () => {
    const help = (await makeCommands(createShopDb()).say('/help paid'))!
    expect(help).toMatch(/^用法：\/paid 张三 199 \[日期\] \[备注\]/)
    expect(help).toContain('/paid 张三 199 10月15日')
  })
})

describe('a command that takes nothing, sent with something after it', () => {
  it.each([
    ['/stats 今天', '客户共 ', '（“今天”用不上，已按 /stats 执行）'],
    ['/digest 明天', '日报第一条', '（“明天”用不上，已按 /digest [全部] 执行）'],
    ['/日报 x', '日报第一条', '（“x”用不上，已按 /digest [全部] 执行）'],
    ['/hot 张三', '热门线索', '（“张三”用不上，已按 /hot 执行）'],
  ])('%s (read-only) runs, and its last line says the words were not used', async (text, first, last) => {
    const reply = (await makeCommands(createShopDb()).say(text))!.split('\n')
    expect(reply[0]).toContain(first)
    expect(reply[reply.length - 1]).toBe(last)
  })

  it('/report 上周 asks for a week /report does not draw: nothing is drawn, the usage says what it does', async () => {
    const reply = (await makeCommands(createShopDb()).say('/report 上周'))!
    expect(reply).toBe('“/report”后面不用加“上周”，这次什么都没做。用法：/report（本周到今天的周报图片）')
  })

  it.each(['/stats。', '/日报！', '/统计 。', '/hot?', '/日报 @店长\u2005'])('%s: punctuation (or an @mention in a group) after the word is no argument, the command runs', async (text) => {
    const reply = (await makeCommands(createShopDb()).say(text))!
    expect(reply).not.toContain('用法')
  })

  it('/撤销。 still takes back the last write', async () => {
    const shop = createShopDb()
    const bot = makeCommands(shop)
    await bot.say('/paid 李四 199')
    expect(await bot.say('/撤销。')).toMatch(/^已撤销/)
    expect(orders(shop)).toBe(0)
  })

  it('/undo 张三 takes nothing back and says how /undo is used', async () => {
    const shop = createShopDb()
    const bot = makeCommands(shop)
    expect(await bot.say('/paid 李四 199')).toMatch(/^已记录/)
    const reply = (await bot.say('/undo 李四'))!
    expect(reply).toContain('用法：/undo')
    expect(orders(shop)).toBe(1)
    expect(await bot.say('/undo')).toMatch(/撤销|撤回/)
    expect(orders(shop)).toBe(0)
  })
})

describe('a refund typed with a date, as a late payment is', () => {
  const refunds = (shop: Shop) => shop.db.$client.prepare("SELECT at, note FROM orders WHERE contact_id = 'wxid_ls' AND kind = 'refund'").all() as Array<{ at: number; note: string | null }>
  // NOW is 20 May 10:00 in Shanghai: yesterday is 19 May, recorded at its local noon as a dated /paid is.
  const YESTERDAY_NOON = Date.UTC(2026, 4, 19, 4, 0, 0)

  it('/refund 李四 199 昨天 is recorded on yesterday, and the reply says the day', async () => {
    const shop = createShopDb()
    const bot = makeCommands(shop)
    await bot.say('/paid 李四 199 3天前')
    const reply = (await bot.say('/refund 李四 199 昨天'))!
    expect(reply).toMatch(/^已记录 5月19日 李四 退款 ¥199，对应的付款已作废/)
    expect(reply).not.toContain('记成了备注')
    expect(refunds(shop)).toEqual([{ at: YESTERDAY_NOON, note: null }])
    // The rung fell that day too, as a dated payment's rise is dated.
    expect(await bot.say('/why 李四')).toContain('· 5月19日 L4 → L2（退款）')
  })

  it('the note goes after the date: /refund 李四 199 昨天 质量问题', async () => {
    const shop = createShopDb()
    const bot = makeCommands(shop)
    await bot.say('/paid 李四 199 3天前')
    expect(await bot.say('/refund 李四 199 昨天 质量问题')).toMatch(/^已记录 5月19日 李四 退款 ¥199/)
    expect(refunds(shop)).toEqual([{ at: YESTERDAY_NOON, note: '质量问题' }])
  })

  it('a day not come yet is refused in the refund\'s words, nothing recorded', async () => {
    const shop = createShopDb()
    const bot = makeCommands(shop)
    await bot.say('/paid 李四 199')
    const reply = (await bot.say('/refund 李四 199 明天'))!
    expect(reply).toContain('退款只能记今天或以前的日期')
    expect(reply).not.toContain('付款只能')
    expect(refunds(shop)).toEqual([])
  })

  it('a refund dated before the payment it would cancel is refused, with the payment\'s day', async () => {
    const shop = createShopDb()
    const bot = makeCommands(shop)
    await bot.say('/paid 李四 199 昨天')
    const reply = (await bot.say('/refund 李四 199 3天前'))!
    expect(reply).toMatch(/^没有记录退款：李四 的付款记在 5月19日，退款不能早于付款/)
    expect(refunds(shop)).toEqual([])
    expect(await bot.say('/refund 李四 199 今天')).toMatch(/^已记录 5月20日 李四 退款 ¥199，对应的付款已作废/)
  })

  it('a dated refund is checked against what was paid by that day, not a later payment', async () => {
    const shop = createShopDb()
    const bot = makeCommands(shop)
    await bot.say('/paid 李四 100 3天前')
    await bot.say('/paid 李四 200')
    expect(await bot.say('/refund 李四 250 昨天')).toBe('没有记录退款：李四 到 5月19日 为止可退的付款共 ¥100，退 ¥250 超过了，请核对金额或日期')
    expect(refunds(shop)).toEqual([])
    expect(await bot.say('/refund 李四 250')).toMatch(/^已记录：李四 退款 ¥250/)
  })

  it('the date before the amount is pointed to its place: /refund 李四 昨天 199', async () => {
    const bot = makeCommands(createShopDb())
    await bot.say('/paid 李四 199')
    expect(await bot.say('/refund 李四 昨天 199')).toBe('日期“昨天”请写在金额后面，例如 /refund 张三 199 昨天')
  })

  it('a plain note after the amount gets no such line', async () => {
    const bot = makeCommands(createShopDb())
    await bot.say('/paid 李四 199')
    expect(await bot.say('/refund 李四 199 质量问题')).not.toContain('记成了备注')
  })
})

describe('a word too many after the name', () => {
  it.each([
    ['/snooze 李四 abc', '用法：/snooze 张三 14'],
    ['/birthday 李四 abc', '用法：/birthday 张三 3月8日'],
    ['/why 李四 extra', '用法：/why 张三'],
    ['/tier 李四 L4 extra', '用法：/tier 张三'],
  ])('%s: nobody of that name, and how the command is written', async (text, usage) => {
    const reply = (await makeCommands(createShopDb()).say(text))!
    expect(reply).toMatch(/^没有找到“李四 /)
    expect(reply).toContain(usage)
  })

  it('a one-word name that is simply wrong gets the near names only', async () => {
    expect(await makeCommands(createShopDb()).say('/tier 李思')).toBe('没有找到“李思”。你是不是要找：李四？')
  })

  it('a quoted name with a space that nobody has is a name question, not a usage one', async () => {
    expect(await makeCommands(createShopDb()).say('/tier "李 四"')).not.toContain('用法')
  })
})

describe('an unknown command from an admin', () => {
  it('a typo of a command word gets the command meant, with its usage', async () => {
    const reply = (await makeCommands(createShopDb()).say('/piad 李四 199'))!
    expect(reply).toContain('不认识的命令“/piad”')
    expect(reply).toContain('是不是要用 /paid')
    expect(reply).toContain('用法：/paid 张三 199 [日期] [备注]')
  })

  it('a word like no command points to /help', async () => {
    const reply = (await makeCommands(createShopDb()).say('/foo'))!
    expect(reply).toBe('不认识的命令“/foo”。发 /help 看所有命令')
  })
})

describe('non-admins are never answered, whatever they send', () => {
  it.each([
    { name: 'a customer in private chat', over: { talkerId: 'wxid_ls', contactId: 'wxid_ls' } },
    { name: 'a customer in a group', over: { chat: 'group' as const, talkerId: 'wxid_ls', contactId: 'wxid_ls', roomId: 'r1@chatroom', roomTopic: '宝妈交流群' } },
    { name: 'the admin in a group that is not the control room', over: { chat: 'group' as const, roomId: 'r1@chatroom', roomTopic: '宝妈交流群' } },
  ])('$name: /help, /foo, /piad, 帮助, a bad /paid → no reply', async ({ over }) => {
    const shop = createShopDb()
    const bot = makeCommands(shop, { config: { ...CONFIG, controlRoom: '店务' } })
    for (const text of ['/help', '/帮助', '/foo', '/piad 李四 199', '帮助', '/paid 李四 abc', '/stats 今天']) {
      expect(await bot.say(text, over), text).toBeNull()
    }
    expect(orders(shop)).toBe(0)
  })
})
