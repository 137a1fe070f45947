import { describe, expect, it } from 'vitest'
import { createDigestCommands } from '../../src/commands/feature.js'
import { buildDigest, hotText } from '../../src/digest/build.js'
import { makeCommands } from '../commands/harness.js'
import { ACCOUNT, CONFIG, createShop, DAY, NOW } from '../commands/seed.js'
import { configWith, emptySnapshot, inquiry, neverBought, NOW as FIX_NOW, warming } from '../digest/fixtures.js'

/*
 * A merchant's reading of the morning digest (the action list): each case is a line the merchant
 * would act on wrongly, or could not act on, before.
 */

const HOUR = 3_600_000
const digestOf = async (shop: ReturnType<typeof createShop>) =>
  (await makeCommands(shop, { digest: createDigestCommands(shop.db, CONFIG) }).say('/digest'))!
const lineOf = (text: string, name: string) => text.split('\n').find((l) => l.startsWith(`· ${name}（`))

describe('after-purchase follow-ups for a buyer who complained since (seed 004: apology, not promotion)', () => {
  it.each([
    { name: 'day 30: no 补货 nudge to a customer whose last word was a complaint', orderDaysAgo: 30, complaintDaysAgo: 28 },
    { name: 'day 3: no "用着感觉怎么样" as if nothing happened', orderDaysAgo: 3, complaintDaysAgo: 2 },
    { name: 'day 1: no usage guide sent over a complaint', orderDaysAgo: 1, complaintDaysAgo: 0.5 },
  ])('$name', async ({ orderDaysAgo, complaintDaysAgo }) => {
    const shop = createShop()
    shop.contact('wxid_wl', '吴丽')
    shop.rounds('wxid_wl', 3, NOW - (orderDaysAgo + 1) * DAY)
    shop.ladder.recordPayment(ACCOUNT, 'wxid_wl', { amountFen: 19_900, at: NOW - orderDaysAgo * DAY, source: 'command' }, NOW - orderDaysAgo * DAY)
    shop.say('wxid_wl', '用了过敏，脸都红了', NOW - complaintDaysAgo * DAY)
    shop.reply('wxid_wl', NOW - complaintDaysAgo * DAY + HOUR)
    const line = lineOf(await digestOf(shop), '吴丽')
    expect(line).toMatch(/下单 ¥199，之后投诉过：先道歉，问问问题解决了没有，先别推销/)
    expect(line).not.toMatch(/补货|用着感觉怎么样|使用指南/)
  })

  it('a complaint before the order is old news: the usual follow-up stays', async () => {
    const shop = createShop()
    shop.contact('wxid_wl', '吴丽')
    shop.say('wxid_wl', '上次那个有点过敏', NOW - 10 * DAY)
    shop.rounds('wxid_wl', 3, NOW - 4 * DAY)
    shop.ladder.recordPayment(ACCOUNT, 'wxid_wl', { amountFen: 19_900, at: NOW - 3 * DAY, source: 'command' }, NOW - 3 * DAY)
    expect(lineOf(await digestOf(shop), '吴丽')).toBe('· 吴丽（L4 信任我的人）3 天前下单 ¥199：问问“用着感觉怎么样?”')
  })
})

describe('warming up is for the warm, not the angry', () => {
  it('three days of complaints is not "正是推荐的好时机"', async () => {
    const shop = createShop()
    shop.contact('wxid_angry', '生气的客户')
    shop.rounds('wxid_angry', 3, NOW - 20 * DAY)
    for (const d of [2, 1, 0.1]) shop.say('wxid_angry', '质量太差了，要退货', NOW - d * DAY)
    shop.contact('wxid_warm', '热情的客户')
    shop.rounds('wxid_warm', 3, NOW - 20 * DAY)
    for (const d of [2, 1, 0.1]) shop.say('wxid_warm', '这个好看', NOW - d * DAY)
    const digest = await digestOf(shop)
    const warmingPart = digest.slice(digest.indexOf('🔥'))
    expect(warmingPart).toContain('· 热情的客户（L3 认同我的人）')
    expect(warmingPart.split('\n\n')[0]).not.toContain('生气的客户')
    // The complaint itself is on the list, at the top.
    expect(digest).toContain('⚠️ 1 个投诉还没回复，先处理')
  })
})

describe('a long list says how many more and what to send to see them', () => {
  const many = emptySnapshot({
    inquiries: Array.from({ length: 14 }, (_, i) => inquiry(`问价${i}`, { at: FIX_NOW - (i + 1) * HOUR })),
    warming: Array.from({ length: 12 }, (_, i) => warming(`升温${i}`, ['2026-11-24', '2026-11-23', '2026-11-22'])),
    neverBought: Array.from({ length: 10 }, (_, i) => neverBought(`认同${i}`)),
    neverBoughtTotal: 25,
  })
  const config = configWith()

  it('in the digest: buying questions and warming point to /hot, L3 never bought to /list L3', () => {
    const digest = buildDigest(many, FIX_NOW, config).join('\n')
    expect(digest).toContain('（还有 4 位，发 /hot 看更多）')
    expect(digest).toContain('（还有 2 位，发 /hot 看更多）')
    expect(digest).toContain('（共 25 位，发 /list L3 看名单）')
  })

  it('and /hot shows them, without pointing to itself', () => {
    const hot = hotText(many, FIX_NOW, config)
    for (let i = 0; i < 14; i++) expect(hot).toContain(`· 问价${i}（`)
    for (let i = 0; i < 12; i++) expect(hot).toContain(`· 升温${i}（`)
    expect(hot).not.toContain('发 /hot')
  })
})

describe('/hot over the database shows what the digest left out', () => {
  it('12 open complaints and 12 L3 never bought: the digest shows 10 of each, /hot all of them', async () => {
    const shop = createShop()
    for (let i = 0; i < 12; i++) {
      shop.contact(`wxid_c${i}`, `投诉客户${i}`)
      shop.say(`wxid_c${i}`, '收到的坏了', NOW - (i + 1) * HOUR)
      shop.contact(`wxid_l${i}`, `认同客户${i}`)
      shop.rounds(`wxid_l${i}`, 3, NOW - 5 * DAY - i * HOUR, '喜欢，好用')
    }
    const bot = makeCommands(shop, { digest: createDigestCommands(shop.db, CONFIG) })
    const digest = (await bot.say('/digest'))!
    expect(digest).toContain('⚠️ 12 个投诉还没回复，先处理')
    expect(digest).toContain('（还有 2 位，发 /hot 看更多）')
    expect(digest).toContain('（共 12 位，发 /list L3 看名单）')
    const hot = (await bot.say('/hot'))!
    for (let i = 0; i < 12; i++) {
      expect(hot).toContain(`· 投诉客户${i}（`)
      expect(hot).toContain(`· 认同客户${i}：`)
    }
  })
})

describe('names with odd characters', () => {
  it.each([
    { name: 'Hangul filler (the usual 空白昵称)', nick: '\u3164' },
    { name: 'braille blank', nick: '\u2800\u2800' },
    { name: 'zero-width space and an ideographic space', nick: '\u200b\u3000' },
  ])('a blank-looking nickname ($name) is shown by its id, which /tier accepts, not as nothing', async ({ nick }) => {
    const shop = createShop()
    shop.contact('wxid_blank', nick)
    shop.say('wxid_blank', '这个多少钱', NOW - 2 * HOUR)
    const digest = await digestOf(shop)
    expect(digest).toContain('· wxid_blank（L1 知道我的人）2 小时前问：“这个多少钱”')
    const bot = makeCommands(shop)
    expect(await bot.say('/tier wxid_blank')).toMatch(/^wxid_blank：L1 知道我的人/)
  })

  it('emoji and symbols in a name are kept as they are', async () => {
    const shop = createShop()
    shop.contact('wxid_emoji', '🌸小美✨(代购)')
    shop.say('wxid_emoji', '这个多少钱', NOW - 2 * HOUR)
    expect(await digestOf(shop)).toContain('· 🌸小美✨(代购)（L1 知道我的人）2 小时前问：“这个多少钱”')
  })
})

describe('a first morning with no customers yet', () => {
  it('says what will fill the list, not "共 0 位客户，一切平稳"', () => {
    expect(buildDigest(emptySnapshot(), FIX_NOW, configWith())).toEqual([
      '☀️ 11月24日 还没有客户的聊天记录。客户来聊天后，每天早上这里会列出今天要跟进的人',
    ])
  })
})

describe('a rung that fell says why, so the merchant knows what to do', () => {
  it('L5 → L4 after a complaint: apologise first', async () => {
    const shop = createShop()
    shop.contact('wxid_lf', '林芳')
    shop.rounds('wxid_lf', 3, NOW - 40 * DAY)
    for (const d of [40, 30, 20]) shop.ladder.recordPayment(ACCOUNT, 'wxid_lf', { amountFen: 29_900, at: NOW - d * DAY, source: 'command' }, NOW - d * DAY)
    shop.say('wxid_lf', '这次的质量太差了', NOW - 3 * HOUR)
    expect(await digestOf(shop)).toContain('· 林芳 ↓ L5 超级用户 → L4 信任我的人（收到投诉，先道歉处理）')
  })

  it('L3 → L2 when approvals aged out of the window: keep sharing, no hard sell', () => {
    const snap = emptySnapshot({ changes: [{ contactId: 'a', name: '马丽', from: 3, to: 2, at: FIX_NOW - HOUR, cause: 'time' }] })
    expect(buildDigest(snap, FIX_NOW, configWith()).join('\n'))
      .toContain('· 马丽 ↓ L3 认同我的人 → L2 认识我的人（90 天内的认同不到 2 次了：多分享内容，先别推销）')
  })

  it('set by hand, or after a refund: says so', () => {
    const snap = emptySnapshot({
      changes: [
        { contactId: 'a', name: '张三', from: 4, to: 2, at: FIX_NOW - HOUR, cause: 'pin' },
        { contactId: 'b', name: '李四', from: 4, to: 2, at: FIX_NOW - HOUR, cause: 'refund' },
        { contactId: 'c', name: '王五', from: 2, to: 4, at: FIX_NOW - HOUR, cause: 'payment' },
      ],
    })
    const text = buildDigest(snap, FIX_NOW, configWith()).join('\n')
    expect(text).toContain('· 张三 ↓ L4 信任我的人 → L2 认识我的人（你手动设的）')
    expect(text).toContain('· 李四 ↓ L4 信任我的人 → L2 认识我的人（付款退了）')
    expect(text).toContain('· 王五 ↑ L2 认识我的人 → L4 信任我的人\n')
  })
})

describe('ready for a first purchase is not someone who just complained', () => {
  it('an L3 whose latest word is a complaint is left off 🛒 (the complaint is on the list instead)', async () => {
    const shop = createShop()
    shop.contact('wxid_mali', '马丽')
    shop.rounds('wxid_mali', 3, NOW - 10 * DAY, '喜欢这个')
    shop.say('wxid_mali', '这款精华多少钱', NOW - 5 * DAY)
    shop.say('wxid_mali', '小样用了过敏', NOW - 2 * DAY)
    shop.contact('wxid_xy', '小雨')
    shop.rounds('wxid_xy', 3, NOW - 10 * DAY, '喜欢这个')
    shop.say('wxid_xy', '这款精华多少钱', NOW - 5 * DAY)
    const digest = await digestOf(shop)
    const firstBuy = digest.slice(digest.indexOf('🛒')).split('\n\n')[0]
    expect(firstBuy).toContain('· 小雨：')
    expect(firstBuy).not.toContain('马丽')
    expect(digest).toContain('· 马丽（L3 认同我的人）')
  })
})

describe('/digest 全部: every list whole, for the lists no other command shows', () => {
  const buyers = () => {
    const shop = createShop()
    for (let i = 0; i < 12; i++) {
      shop.contact(`wxid_b${i}`, `买家${i}`)
      shop.rounds(`wxid_b${i}`, 3, NOW - 5 * DAY - i * HOUR)
      shop.ladder.recordPayment(ACCOUNT, `wxid_b${i}`, { amountFen: 9_900, at: NOW - 3 * DAY - i * 60_000, source: 'command' }, NOW - 3 * DAY)
    }
    return makeCommands(shop, { digest: createDigestCommands(shop.db, CONFIG) })
  }

  it('12 day-3 follow-ups: the digest shows 10 and says how to see the other 2', async () => {
    const digest = (await buyers().say('/digest'))!
    expect(digest.split('\n').filter((l) => l.startsWith('· 买家') && l.includes('用着感觉怎么样'))).toHaveLength(10)
    expect(digest).toContain('（还有 2 条，发 /digest 全部 看全部）')
  })

  it.each(['/digest 全部', '/日报 全部', '/digest all'])('%s lists all 12, with no pointer to itself', async (text) => {
    const digest = (await buyers().say(text))!
    for (let i = 0; i < 12; i++) expect(digest).toMatch(new RegExp(`· 买家${i}（L4 信任我的人）3 天前下单 ¥99：问问“用着感觉怎么样\\?”`))
    expect(digest).not.toContain('还有')
    expect(digest).not.toContain('/digest 全部')
  })

  it('a word after /digest that is not 全部 still sends the usual digest', async () => {
    expect(await buyers().say('/digest 今天')).toContain('（还有 2 条，发 /digest 全部 看全部）')
  })

  it('/help names the form', async () => {
    expect(await buyers().say('/help')).toContain('/digest [全部]')
  })
})
