import { describe, expect, it } from 'vitest'
import { createDigestCommands } from '../../src/commands/feature.js'
import { event, makeCommands } from '../commands/harness.js'
import { ACCOUNT, ADMIN, CONFIG, createShopDb, DAY, NOW } from '../commands/seed.js'

/* Issue 18: open complaints stay on the list (§2), and the everyday commands a merchant reaches for. */
function setup() {
  const shop = createShopDb(CONFIG, (account, id) => id !== account && id !== ADMIN)
  return { shop, bot: makeCommands(shop, { digest: createDigestCommands(shop.db, CONFIG) }) }
}

describe('an unanswered complaint stays on the morning list', () => {
  it('is at the top of the digest and /hot days later, until answered', async () => {
    const { shop, bot } = setup()
    shop.say('wxid_ls', '用了有点过敏，想退货', NOW - 2 * DAY)
    const digest = (await bot.say('/digest'))!
    expect(digest).toContain('⚠️ 1 个投诉还没回复，先处理\n· 李四（L2 认识我的人）5月18日：“用了有点过敏”')
    expect(await bot.say('/hot')).toContain('· 李四（L2 认识我的人）5月18日：“用了有点过敏”')
    shop.reply('wxid_ls', NOW - DAY)
    expect(await bot.say('/digest')).not.toContain('过敏')
  })

  it('/handled (/已处理) takes it off the list without a chat answer', async () => {
    const { shop, bot } = setup()
    shop.say('wxid_ls', '质量差，要投诉', NOW - 2 * DAY)
    expect(await bot.say('/已处理 李四')).toBe('好的，李四 的投诉已标为处理完，日报不再提醒')
    expect(await bot.say('/digest')).not.toContain('质量差')
    expect(await bot.say('/handled 李四')).toBe('李四 没有待处理的投诉')
  })
})

describe('/undo takes back the last write', () => {
  it('a payment: the order is gone and the rung falls back', async () => {
    const { shop, bot } = setup()
    expect(await bot.say('/paid 李四 199')).toContain('升到 L4')
    expect(await bot.say('/撤销')).toBe('已撤销：李四 付款 ¥199\n李四 回到 L2 认识我的人')
    expect(shop.db.$client.prepare("SELECT COUNT(*) FROM orders WHERE contact_id = 'wxid_ls'").pluck().get()).toBe(0)
  })

  it('a refund, a note, a pin and a snooze, newest first; then nothing', async () => {
    const { bot } = setup()
    await bot.say('/refund 张三 宝妈 199')
    await bot.say('/note 李四 要发顺丰')
    await bot.say('/tier 李四 L3')
    await bot.say('/snooze 李四 7')
    expect(await bot.say('/undo')).toBe('已撤销：李四 的暂停提醒')
    expect(await bot.say('/undo')).toBe('已撤销：李四 的手动层级\n李四 回到 L2 认识我的人')
    expect(await bot.say('/undo')).toBe('已撤销：给 李四 的笔记“要发顺丰”')
    expect(await bot.say('/undo')).toBe('已撤销：张三 宝妈 退款 ¥199\n张三 宝妈 回到 L4 信任我的人')
    expect(await bot.say('/undo')).toBe('没有可以撤销的操作（只能撤销 10 分钟内的 /paid、/refund、/note、手动层级和暂停）')
  })

  it('a /snooze … 0 or /tier … auto that changed nothing is not what /undo takes back (the real last write is)', async () => {
    const { shop, bot } = setup()
    await bot.say('/snooze 李四 14')
    expect(await bot.say('/snooze 王 小二 0')).toBe('王 小二 本来就没有暂停提醒')
    await bot.say('/tier 赵六六 auto')
    expect(await bot.say('/undo')).toBe('已撤销：李四 的暂停提醒')
    expect(shop.db.$client.prepare("SELECT COUNT(*) FROM snoozes WHERE contact_id = 'wxid_ls'").pluck().get()).toBe(0)
  })

  it('only within the time limit', async () => {
    const { bot } = setup()
    await bot.say('/paid 李四 50')
    expect(await bot.handle(event('/undo'), NOW + 11 * 60_000)).toContain('没有可以撤销的操作')
  })
})

describe('everyday views', () => {
  it('/orders lists payments and refunds with dates', async () => {
    const { bot } = setup()
    await bot.say('/paid 张三 宝妈 50 面膜')
    expect(await bot.say('/订单 张三 宝妈')).toBe('张三 宝妈 的付款记录（共 2 条）：\n· 5月20日 付款 ¥50 面膜\n· 5月10日 付款 ¥199')
  })

  it('/chat shows the last messages, not the merchant\'s commands', async () => {
    const { shop, bot } = setup()
    shop.say('wxid_ls', '这款还有货吗', NOW - 60_000)
    const reply = (await bot.say('/chat 李四'))!
    expect(reply.split('\n')[0]).toBe('李四 最近的消息：')
    expect(reply.split('\n').at(-1)).toBe('· 5月20日 对方：这款还有货吗')
  })

  it('/top ranks spenders', async () => {
    const { bot } = setup()
    await bot.say('/paid 李四 500')
    expect(await bot.say('/top')).toBe('累计消费前 2 名：\n1. 李四 · ¥500（1 单） · L4 信任我的人\n2. 张三 宝妈 · ¥199（1 单） · L4 信任我的人')
  })

  it.each([
    { text: '/list 超级用户', starts: 'L5 超级用户 目前没有客户' },
    { text: '/list 4', starts: 'L4 信任我的人 共 1 人：\n1. 张三 宝妈 · 活跃 · 3 天前 · 消费 ¥199' },
    { text: '/list 沉默', starts: '沉默客户（30 天以上没来聊） 共 1 人' },
    { text: '/名单 沉睡', starts: '沉睡客户（很久没来聊，不必追） 共 1 人：\n1. 赵六六 · L0 · 最近互动 无' },
  ])('/list accepts names, digits and activities: $text', async ({ text, starts }) => {
    const { bot } = setup()
    expect(await bot.say(text)).toMatch(new RegExp(`^${starts.replace(/[()（）|.?*+]/g, '\\$&')}`))
  })

  it('a note can be deleted by its number', async () => {
    const { bot } = setup()
    await bot.say('/note 李四 喜欢玫瑰味')
    await bot.say('/note 李四 要发顺丰')
    expect(await bot.say('/delnote 李四 2')).toBe('已删掉 李四 的第 2 条笔记：喜欢玫瑰味')
    expect(await bot.say('/notes 李四')).toContain('（共 1 条）')
  })

  it('/备注 still works and says the new word', async () => {
    const { bot } = setup()
    expect(await bot.say('/备注 李四 要发顺丰')).toBe('已记下 李四 的笔记（共 1 条）\n（提示：/备注 以后请用 /笔记。“备注”在微信里指联系人的备注名，tierbot 会在那里写层级）')
  })
})
void ACCOUNT

describe('small conversation around commands', () => {
  it('replying 1 to a numbered candidate list runs the command for that candidate', async () => {
    const { bot } = setup()
    expect(await bot.say('/paid 张三 20')).toContain('“张三”对应 3 位联系人')
    expect(await bot.say('2')).toBe('已记录：张三（ID wxid_zs3） 付款 ¥20\n张三（ID wxid_zs3） 升到 L4 信任我的人 🎉')
    expect(await bot.say('2')).toBeNull()
  })

  it('/tier 1 picks the first candidate of the pending list', async () => {
    const { bot } = setup()
    await bot.say('/why 张三')
    expect(await bot.say('/tier 1')).toMatch(/^张三 宝妈（张三）：L4 信任我的人/)
  })

  it('帮助 without the slash gets the help once a day, with how to write commands', async () => {
    const { bot } = setup()
    const reply = (await bot.say('帮助'))!
    expect(reply.split('\n')[0]).toBe('tierbot 命令（中文别名也可以用）：')
    expect(reply).toContain('命令要以 / 开头')
    expect(await bot.say('help')).toBeNull()
  })

  it.each([
    { typed: '/help 生日', first: '用法：/birthday 张三 3月8日（/生日）记客户生日' },
    { typed: '/帮助 /paid', first: '用法：/paid 张三 199' },
    { typed: '/help 积分', first: '用法：/points 张三 [+50 生日礼]（/积分）查看或调整积分' },
  ])('$typed answers that command\'s line, and how to see them all', async ({ typed, first }) => {
    const { bot } = setup()
    const reply = (await bot.say(typed))!
    expect(reply.slice(0, first.length)).toBe(first)
    expect(reply.split('\n')).toHaveLength(2)
    expect(reply.split('\n')[1]).toBe('发 /help 看全部命令')
  })

  it('/help with a word that is no command gives the whole list', async () => {
    const { bot } = setup()
    expect((await bot.say('/help 张三'))!.split('\n')[0]).toBe('tierbot 命令（中文别名也可以用）：')
  })
})
