import { describe, expect, it } from 'vitest'
import { createDigestCommands } from '../../src/commands/feature.js'
import { createForgetCommands } from '../../src/privacy/forget-command.js'
import { createForgetting } from '../../src/privacy/forget.js'
import { makeCommands } from '../commands/harness.js'
import { ACCOUNT, CONFIG, createShop, DAY, NOW } from '../commands/seed.js'

/*
 * A merchant's sweep of the views, occasions, privacy words and the morning list (the lines a merchant
 * reads). The shop's clock is the harness's fixed NOW (Wednesday 20 May 2026, 10:00 Beijing): 520 is today.
 */
function twoZhangSan() {
  const s = createShop()
  s.contact('wxid_zs1', '张三', '张三 宝妈')
  s.rounds('wxid_zs1', 3, NOW - 3_600_000)
  s.contact('wxid_zs2', '张三', '张三 广州')
  s.rounds('wxid_zs2', 3, NOW - 2 * 3_600_000)
  // Each had the last word (a merchant's answer as the last word is the next test's case).
  s.say('wxid_zs1', '好的', NOW - 1_800_000)
  s.say('wxid_zs2', '好的', NOW - 1_800_000)
  s.ladder.reclassifyAll(ACCOUNT, NOW)
  return { s, bot: makeCommands(s, { digest: createDigestCommands(s.db, CONFIG) }) }
}

describe('the occasion section calls a customer what every other line calls her', () => {
  it('a birthday names 张三 宝妈, not just 张三 (the shop has two)', async () => {
    const { bot } = twoZhangSan()
    expect(await bot.say('/生日 张三 宝妈 5月22日')).toMatch(/^好的，记下 张三 宝妈 的生日：5月22日/)
    const digest = (await bot.say('/digest'))!
    expect(digest).toContain('🎂 张三 宝妈（L2 认识我的人）后天 5月22日生日')
  })

  it('a festival names 张三 广州, the one who paid', async () => {
    const { bot } = twoZhangSan()
    await bot.say('/paid 张三 广州 199')
    const digest = (await bot.say('/digest'))!
    expect(digest).toContain('🎉 520 今天，适合问候：\n· 张三 广州（L4 信任我的人）')
  })
})

describe('a greeting is left out only after a nudge that went unanswered', () => {
  function chatted(lastWord: 'customer' | 'merchant answered' | 'merchant nudged days later') {
    const s = createShop()
    s.contact('wxid_ln', '李娜')
    s.rounds('wxid_ln', 3, NOW - 5 * DAY)
    if (lastWord === 'customer') s.say('wxid_ln', '好的谢谢', NOW - 5 * DAY + 60_000)
    if (lastWord === 'merchant nudged days later') s.reply('wxid_ln', NOW - 2 * DAY)
    s.ladder.reclassifyAll(ACCOUNT, NOW)
    return makeCommands(s, { digest: createDigestCommands(s.db, CONFIG) })
  }

  it.each([
    { lastWord: 'customer' as const, named: true },
    // Most chats end with the merchant's answer: that is a conversation, not a nudge without an answer.
    { lastWord: 'merchant answered' as const, named: true },
    { lastWord: 'merchant nudged days later' as const, named: false },
  ])('last word: $lastWord → birthday named: $named', async ({ lastWord, named }) => {
    const bot = chatted(lastWord)
    await bot.say('/生日 李娜 5月22日')
    const digest = (await bot.say('/digest'))!
    expect(digest.includes('🎂 李娜（L2 认识我的人）后天 5月22日生日')).toBe(named)
  })
})

describe('/forget: the confirmation a merchant types', () => {
  function shop() {
    const s = createShop()
    s.contact('wxid_ln', '李娜')
    s.rounds('wxid_ln', 3, NOW - DAY)
    s.ladder.reclassifyAll(ACCOUNT, NOW)
    return makeCommands(s, { forget: createForgetCommands(createForgetting(s.db, CONFIG)) })
  }

  it.each(['确认', '确认。', '确定', '/forget 李娜 确定', '/forget 李娜 确认。'])('"%s" after the prompt deletes 李娜', async (answer) => {
    const bot = shop()
    expect(await bot.say('/forget 李娜')).toMatch(/^将永久删除 李娜（ID wxid_ln）/)
    expect(await bot.say(answer)).toMatch(/^已删除 李娜 的全部数据/)
    expect(await bot.say('/tier 李娜')).toMatch(/^没有找到“李娜”/)
  })

  it('a bare 确认 with nothing asked gets no answer, and a non-admin never does', async () => {
    const bot = shop()
    expect(await bot.say('确认')).toBeNull()
    await bot.say('/forget 李娜')
    expect(await bot.say('确认', { talkerId: 'wxid_ln', contactId: 'wxid_ln' })).toBeNull()
    expect(await bot.say('/tier 李娜')).toMatch(/^李娜：L2/)
  })
})

describe('/生日: dates as a merchant types them', () => {
  it.each([
    { typed: '/生日 李娜 3月8日。', saved: '3月8日' },
    { typed: '/生日 李娜 3月8号！', saved: '3月8日' },
    { typed: '/生日 李娜 3.8', saved: '3月8日' },
    { typed: '/生日 李娜 12.25', saved: '12月25日' },
    { typed: '/生日 李娜 农历八月十五。', saved: '农历八月十五' },
  ])('$typed → $saved', async ({ typed, saved }) => {
    const s = createShop()
    s.contact('wxid_ln', '李娜')
    s.rounds('wxid_ln', 3, NOW - DAY)
    const bot = makeCommands(s)
    expect(await bot.say(typed)).toMatch(new RegExp(`^好的，记下 李娜 的生日：${saved}`))
  })

  it('a date that is no date is still refused with the forms', async () => {
    const s = createShop()
    s.contact('wxid_ln', '李娜')
    expect(await makeCommands(s).say('/生日 李娜 13.5')).toMatch(/^看不懂生日“13.5”/)
  })
})

describe('/list takes the sleep words /tier shows in its 生命周期 line', () => {
  function shop() {
    const s = createShop()
    s.contact('wxid_hl', '黄丽')
    s.rounds('wxid_hl', 3, NOW - 60 * DAY)
    s.contact('wxid_sw', '孙伟')
    s.rounds('wxid_sw', 3, NOW - 200 * DAY)
    s.ladder.reclassifyAll(ACCOUNT, NOW)
    return makeCommands(s)
  }

  it.each([
    { word: '临时性沉默', same: '沉默', who: '黄丽' },
    { word: '永久性沉睡', same: '沉睡', who: '孙伟' },
  ])('/list $word lists what /list $same lists', async ({ word, same, who }) => {
    const bot = shop()
    const reply = await bot.say(`/list ${word}`)
    expect(reply).toBe(await bot.say(`/list ${same}`))
    expect(reply).toContain(who)
  })
})

describe('/list with a word it does not know names every word it does', () => {
  it('/list 高 points to 高意向 and the other views, not only L0–L5', async () => {
    const bot = makeCommands(createShop())
    expect(await bot.say('/list 高')).toBe('没有“高”这一类，请用 L0–L5、沉默、沉睡、流失，或按视角：潜在 新客 老客 忠诚 高意向 A类 B类 C类，例如 /list L3、/list 高意向')
    expect(await bot.say('/tier 张三 L9')).toBe('没有“L9”这一层，请用 L0–L5，例如 /tier 张三 L4')
  })
})

describe('a negated wish is no complaint: 不想退货, 不打算投诉', () => {
  it.each(['不想退货了，挺好用的', '我不想投诉你', '不打算投诉了', '不需要退货，挺好的'])('"%s" puts nobody on the complaint list', async (line) => {
    const s = createShop()
    s.contact('wxid_wj', '吴静')
    s.rounds('wxid_wj', 3, NOW - DAY)
    s.say('wxid_wj', line, NOW - 3_600_000)
    s.ladder.reclassifyAll(ACCOUNT, NOW)
    const bot = makeCommands(s, { digest: createDigestCommands(s.db, CONFIG) })
    expect(await bot.say('/digest')).not.toContain('个投诉还没回复')
  })
})

describe('/list reads 老客户 and 老顾客 as 老客', () => {
  it.each([['老顾客', '老客'], ['老客户', '老客'], ['新客户', '新客'], ['新顾客', '新客'], ['忠实顾客', '忠诚'], ['潜在顾客', '潜在']])('/list %s is /list %s', async (typed, word) => {
    const s = createShop()
    s.contact('wxid_ln', '李娜')
    s.rounds('wxid_ln', 3, NOW - DAY)
    const bot = makeCommands(s)
    expect(await bot.say(`/list ${typed}`)).toBe(await bot.say(`/list ${word}`))
  })
})
