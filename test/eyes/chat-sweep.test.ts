import { describe, expect, it } from 'vitest'
import { createDigestCommands } from '../../src/commands/feature.js'
import { makeCommands } from '../commands/harness.js'
import { ACCOUNT, CONFIG, createShop, createShopDb, DAY, NOW } from '../commands/seed.js'
import { classifyValue, valueThresholds } from '../../src/views/value.js'
import { viewsWhyLines } from '../../src/views/replies.js'

/*
 * What a sweep of the merchant's chat found (bad input, names copied from WeChat, non-text messages,
 * a back-dated payment in the digest): each case is the text the merchant reads.
 */
describe('names as the merchant types or copies them', () => {
  it('a full-width comma after the name is punctuation, not part of it', async () => {
    const bot = makeCommands(createShopDb())
    expect(await bot.say('/tier 李四，')).toMatch(/^李四：L2 认识我的人/)
    expect(await bot.say('/paid 李四， 199')).toMatch(/^已记录：李四 付款 ¥199/)
  })

  it('a remark copied with tierbot\'s prefix (L4|张三) finds the person behind it', async () => {
    const shop = createShopDb()
    shop.contact('wxid_zm', 'Rose', 'L4|赵敏 老客')
    const bot = makeCommands(shop)
    expect(await bot.say('/tier L4|赵敏')).toMatch(/^赵敏 老客（Rose）：L0 陌生人/)
    // Two 张三: the prefix removed, the merchant is asked which one, as for /tier 张三.
    expect((await bot.say('/tier L4|张三'))!.split('\n')[0]).toBe('“张三”对应 3 位联系人，请说得更准确些：')
  })
})

describe('a number that is not a count of people', () => {
  it('/delnote with a bad index talks about the note number', async () => {
    const bot = makeCommands(createShopDb())
    expect(await bot.say('/delnote 李四 abc')).toBe('“abc”不是有效的编号，请用 1–1000 的整数。用法：/delnote 张三 1')
  })
})

describe('/chat shows non-text messages the way WeChat does', () => {
  it('an image, a voice message, a transfer and a card read in Chinese, never their internal names', async () => {
    const shop = createShopDb()
    let n = 0
    for (const [kind, rawType, text] of [['image', 6, '<msg><img cdnurl="x"/></msg>'], ['audio', 2, ''], ['transfer', 11, '<msg>转账</msg>'], ['contact_card', 3, ''], ['unknown', 0, '']] as const) {
      shop.ingest.ingestEvent({
        accountId: ACCOUNT, messageId: `sweep-${++n}`, chat: 'private', direction: 'in', kind, rawType, text, at: NOW - 3_600_000 + n * 1000,
        talkerId: 'wxid_ls', talkerName: '李四', contactId: 'wxid_ls', listenerId: ACCOUNT,
      }, NOW)
    }
    const reply = (await makeCommands(shop).say('/chat 李四'))!
    expect(reply).toContain('· 5月20日 对方：[图片]')
    expect(reply).toContain('· 5月20日 对方：[语音]')
    expect(reply).toContain('· 5月20日 对方：[转账]')
    expect(reply).toContain('· 5月20日 对方：[名片]')
    expect(reply).toContain('· 5月20日 对方：[消息]')
    expect(reply).not.toMatch(/image|audio|transfer|contact_card|unknown|<msg>/)
  })

  it('a long or multi-line message is one short line', async () => {
    const shop = createShop()
    shop.contact('wxid_ls', '李四')
    shop.say('wxid_ls', `第一行\n第二行 ${'很长'.repeat(50)}😀`, NOW - 3_600_000)
    const reply = (await makeCommands(shop).say('/chat 李四'))!
    expect(reply.split('\n')).toEqual(['李四 最近的消息：', `· 5月20日 对方：第一行 第二行 ${'很长'.repeat(26)}…`])
  })
})

describe('the digest after a back-dated payment', () => {
  it('names the rung the customer is on now, as the funnel counts her', async () => {
    const shop = createShop()
    shop.contact('wxid_ln', '李娜')
    shop.ladder.reclassifyAll(ACCOUNT, NOW - DAY)
    shop.rounds('wxid_ln', 3, NOW - 3_600_000)
    const bot = makeCommands(shop, { digest: createDigestCommands(shop.db, CONFIG) })
    expect(await bot.say('/paid 李娜 199 3月15日')).toMatch(/^已记录 3月15日 李娜 付款 ¥199\n李娜 升到 L4 信任我的人/)
    const digest = (await bot.say('/digest'))!
    expect(digest).toContain('· 李娜 ↑ L0 陌生人 → L4 信任我的人')
    expect(digest).toContain('L4 信任我的人：1')
  })
})

describe('the digest after a back-dated refund', () => {
  it('names the fall, though the refund is dated before the last digest', async () => {
    const shop = createShop()
    shop.contact('wxid_ln', '李娜')
    shop.rounds('wxid_ln', 3, NOW - 10 * DAY)
    shop.ladder.recordPayment(ACCOUNT, 'wxid_ln', { amountFen: 19900, at: NOW - 9 * DAY, source: 'command' }, NOW - 9 * DAY)
    shop.ladder.reclassifyAll(ACCOUNT, NOW - DAY)
    const bot = makeCommands(shop, { digest: createDigestCommands(shop.db, CONFIG) })
    expect(await bot.say('/refund 李娜 199 3天前')).toMatch(/^已记录 5月17日 李娜 退款 ¥199，对应的付款已作废\n李娜 降到 L2 认识我的人/)
    const digest = (await bot.say('/digest'))!
    expect(digest).toContain('· 李娜 ↓ L4 信任我的人 → L2 认识我的人')
  })
})

describe('a partial refund', () => {
  it('keeps the payment and the rung (付费才是信任); refunding the rest cancels it', async () => {
    const bot = makeCommands(createShopDb())
    expect(await bot.say('/refund 张三 宝妈 50')).toBe('已记录：张三 宝妈 退款 ¥50（部分退款：付款仍算数，累计消费相应减少）\n层级不变：L4 信任我的人')
    expect(await bot.say('/tier 张三 宝妈')).toContain('L4 信任我的人')
    expect(await bot.say('/top')).toContain('张三 宝妈 · ¥149（1 单）')
    expect(await bot.say('/refund 张三 宝妈 200')).toBe('没有记录退款：张三 宝妈 可退的付款共 ¥149，退 ¥200 超过了，请核对金额')
    expect(await bot.say('/refund 张三 宝妈 149')).toBe('已记录：张三 宝妈 退款 ¥149，对应的付款已作废\n张三 宝妈 降到 L2 认识我的人')
    expect(await bot.say('/undo')).toBe('已撤销：张三 宝妈 退款 ¥149\n张三 宝妈 回到 L4 信任我的人')
    expect(await bot.say('/top')).toContain('张三 宝妈 · ¥149（1 单）')
  })
})

describe('a transfer whose amount the merchant has not confirmed yet', () => {
  it('/top does not claim there is no payment, and the value reason does not say ¥0', async () => {
    const shop = createShop()
    shop.contact('wxid_ls', '李四')
    const bot = makeCommands(shop)
    shop.ladder.recordPayment(ACCOUNT, 'wxid_ls', { amountFen: null, at: NOW - 3_600_000, source: 'transfer', messageId: 'tr-1' }, NOW)
    expect(await bot.say('/top')).toBe('还没有记下金额的付款。用 /paid 张三 199 记一笔（收到的转账也用它补上金额）')
    const value = classifyValue({ orders: 1, spendFen: 0, firstOrderAt: NOW - DAY, lastOrderAt: NOW - DAY, intent: '中' }, valueThresholds([], NOW), NOW)
    expect(value.reason).toMatch(/^1 单（金额待确认），/)
  })
})

describe('more ways the merchant types', () => {
  it('/note to a name with a space keeps the whole name out of the note', async () => {
    const bot = makeCommands(createShopDb())
    expect(await bot.say('/note 王 小二 喜欢蓝色 小号')).toBe('已记下 王 小二 的笔记（共 1 条）')
    expect(await bot.say('/notes "王 小二"')).toContain('1. 5月20日 喜欢蓝色 小号')
    expect(await bot.say('/note 张三 宝妈 想要粉色')).toBe('已记下 张三 宝妈 的笔记（共 1 条）')
    expect(await bot.say('/notes 张三 宝妈')).toContain('1. 5月20日 想要粉色')
    // A note that begins with an ordinary word is still the note.
    expect(await bot.say('/note 李四 喜欢 红色')).toBe('已记下 李四 的笔记（共 1 条）')
    expect(await bot.say('/notes 李四')).toContain('1. 5月20日 喜欢 红色')
  })

  it('a currency sign apart from the amount, and 199元整', async () => {
    const bot = makeCommands(createShopDb())
    expect(await bot.say('/paid 李四 ¥ 199')).toMatch(/^已记录：李四 付款 ¥199\n/)
    expect(await bot.say('/paid 李四 ￥ 20元整')).toMatch(/^已记录：李四 付款 ¥20\n/)
  })

  it('a numbered choice answered as 2。 or 第2个', async () => {
    const bot = makeCommands(createShopDb())
    await bot.say('/tier 张三')
    expect(await bot.say('2。')).toMatch(/^张三（ID wxid_zs3）：L2 认识我的人/)
    await bot.say('/tier 张三')
    expect(await bot.say('第1个')).toMatch(/^张三 宝妈（张三）：L4 信任我的人/)
  })
})

describe('how long a buying question has waited', () => {
  it('the digest says minutes, hours, 昨天 or days, not 刚刚 for a question an hour old', async () => {
    const shop = createShop()
    for (const [id, ago] of [['q1', 5 * 60_000], ['q2', 50 * 60_000], ['q3', 26 * 3_600_000], ['q4', 3 * DAY]] as const) {
      shop.contact(id, `客户${id}`)
      shop.say(id, '这个多少钱', NOW - ago)
    }
    shop.ladder.reclassifyAll(ACCOUNT, NOW)
    const digest = (await makeCommands(shop, { digest: createDigestCommands(shop.db, CONFIG) }).say('/digest'))!
    expect(digest).toContain('· 客户q1（L1 知道我的人）刚刚问：“这个多少钱”')
    expect(digest).toContain('· 客户q2（L1 知道我的人）50 分钟前问：“这个多少钱”')
    expect(digest).toContain('· 客户q3（L1 知道我的人）昨天问：“这个多少钱”')
    expect(digest).toContain('· 客户q4（L1 知道我的人）3 天前问：“这个多少钱”')
  })
})

describe('a command whose feature is not running', () => {
  it('says so plainly, without a guard mark in front', async () => {
    const bot = makeCommands(createShopDb())
    expect(await bot.say('/ref 赵六六 李四')).toBe('这个命令（/ref）暂时用不了，请稍后再试')
  })
})

describe('words run together or written apart', () => {
  it('/tier李四 (English command word glued to a Chinese name) is /tier 李四', async () => {
    const bot = makeCommands(createShopDb())
    expect(await bot.say('/tier李四')).toMatch(/^李四：L2 认识我的人/)
    // Not run as /tier: the reply names the command meant and its usage.
    expect(await bot.say('/tierx 李四')).toBe('不认识的命令“/tierx”。发 /help 看所有命令\n是不是要用 /tier？用法：/tier 张三')
  })

  it('a unit written apart from its number: /snooze 李四 14 天, /top 10 人, /silent 5 位', async () => {
    const bot = makeCommands(createShopDb())
    expect(await bot.say('/snooze 李四 14 天')).toBe('好的，6月3日 前不再提醒唤醒 李四（14 天）')
    expect(await bot.say('/top 10 人')).toMatch(/^累计消费前 1 名：/)
    expect(await bot.say('/silent 5 位')).toBe('沉默客户 5 位')
    expect(await bot.say('/silent 3 4')).toBe('“3 4”不是有效的人数，请用 1–50 的整数。用法：/silent [5]')
  })
})

describe('an amount glued to the name', () => {
  it('/paid 李四199 says to put a space between, with the corrected command', async () => {
    const bot = makeCommands(createShopDb())
    expect(await bot.say('/paid 李四199')).toBe('“李四199”：名字和金额之间要空一格，例如 /paid 李四 199')
    expect(await bot.say('/退款 李四50元')).toBe('“李四50元”：名字和金额之间要空一格，例如 /refund 李四 50元')
    expect(await bot.say('/paid 李四')).toBe('请写上金额。用法：/paid 张三 199 [日期] [备注]')
  })
})

describe('typing back the name a reply showed', () => {
  it('张三（ID wxid_zs2）, as replies write one of two 张三, finds that contact', async () => {
    const bot = makeCommands(createShopDb())
    expect(await bot.say('/tier "张三（ID wxid_zs2）"')).toMatch(/^张三（ID wxid_zs2）：L1 知道我的人/)
    expect(await bot.say('/note 张三（ID wxid_zs3） 喜欢粉色')).toBe('已记下 张三（ID wxid_zs3） 的笔记（共 1 条）')
    // The reply's own suggestion works when typed back.
    expect(await bot.say('/notes "张三（ID wxid_zs3）"')).toBe('张三（ID wxid_zs3） 的笔记（共 1 条）：\n1. 5月20日 喜欢粉色\n删掉一条：/delnote "张三（ID wxid_zs3）" 编号')
    expect(await bot.say('/delnote "张三（ID wxid_zs3）" 1')).toBe('已删掉 张三（ID wxid_zs3） 的第 1 条笔记：喜欢粉色')
  })
})

describe('/why on a red envelope', () => {
  it('says 发红包 without quoting 红包 as if the customer had written it', () => {
    const views = {
      lifecycle: { stage: '潜在' }, value: { cls: 'C', reason: '还没买过，偶尔互动' },
      intent: { score: 7, band: '中', top: [{ at: NOW - 3_600_000, weight: 7, label: '发红包', text: '红包', now: 7 }, { at: NOW - 7_200_000, weight: 10, label: '问价/想买', text: '多少钱', now: 5 }] },
    }
    expect(viewsWhyLines(views as never, CONFIG)[1]).toBe('· 意向 7 分：5月20日 发红包；5月20日 问价/想买“多少钱”')
  })
})

describe('tier changes since the last digest, from payments recorded late', () => {
  it('a /paid dated 3 or 30 days back shows as today\'s change, as the funnel counts it', async () => {
    const shop = createShop()
    for (const id of ['pa', 'pb', 'pc']) {
      shop.contact(id, `客户${id}`)
      shop.rounds(id, 3, NOW - 40 * DAY)
    }
    shop.ladder.reclassifyAll(ACCOUNT, NOW - 2 * DAY)
    const bot = makeCommands(shop, { digest: createDigestCommands(shop.db, CONFIG) })
    await bot.say('/paid 客户pa 199')
    await bot.say('/paid 客户pb 199 3天前')
    await bot.say('/paid 客户pc 199 30天前')
    const digest = (await bot.say('/digest'))!
    for (const id of ['pa', 'pb', 'pc']) expect(digest).toContain(`· 客户${id} ↑ L2 认识我的人 → L4 信任我的人`)
    expect(digest).toContain('L4 信任我的人：3')
  })
})

describe('a customer the merchant put on L3 by hand', () => {
  it('/hot says it was by hand, not 认同或问价 0 次', async () => {
    const shop = createShopDb()
    const bot = makeCommands(shop, { digest: createDigestCommands(shop.db, CONFIG) })
    await bot.say('/tier 李四 L3')
    const hot = (await bot.say('/hot'))!
    expect(hot).toContain('· 李四：你手动设为 L3，最近互动 3 天前')
    expect(hot).toContain('· Wang Wu：认同或问价 3 次')
  })
})
