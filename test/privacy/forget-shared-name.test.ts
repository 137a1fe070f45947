import { describe, expect, it } from 'vitest'
import { createForgetCommands } from '../../src/privacy/forget-command.js'
import { createForgetting } from '../../src/privacy/forget.js'
import { makeCommands } from '../commands/harness.js'
import { ACCOUNT, CONFIG, createShopDb } from '../commands/seed.js'

/*
 * /forget of one of three customers called 张三 (the shop: wxid_zs1 remarked 张三 宝妈, wxid_zs2 and wxid_zs3
 * plain 张三): the confirmation the prompt suggests must name that one person, and the confirmation a
 * merchant naturally types after picking from the list (/forget 张三 确认) deletes the one picked, nobody else.
 */

function setup() {
  const shop = createShopDb()
  const bot = makeCommands(shop, { forget: createForgetCommands(createForgetting(shop.db, CONFIG)) })
  const has = (id: string) => shop.db.$client.prepare('SELECT COUNT(*) FROM contacts WHERE account_id = ? AND id = ?').pluck().get(ACCOUNT, id) === 1
  return { bot, has }
}

describe('/forget when the name is shared', () => {
  it('asked by id: the suggested confirmation is the id, not the shared name', async () => {
    const { bot, has } = setup()
    const ask = await bot.say('/forget wxid_zs2')
    expect(ask).toContain('将永久删除 张三（ID wxid_zs2）')
    expect(ask).toContain('确认请在 5 分钟内回复：/forget wxid_zs2 确认')
    expect(await bot.say('/forget wxid_zs2 确认')).toMatch(/^已删除 张三/)
    expect([has('wxid_zs1'), has('wxid_zs2'), has('wxid_zs3')]).toEqual([true, false, true])
  })

  it('picked from the list: the prompt suggests the id, and /forget 张三 确认 deletes the one picked', async () => {
    const { bot, has } = setup()
    expect(await bot.say('/forget 张三')).toContain('2. 张三 · L2 认识我的人 · 最近互动 昨天 · ID wxid_zs3')
    expect(await bot.say('2')).toContain('确认请在 5 分钟内回复：/forget wxid_zs3 确认')
    expect(await bot.say('/forget 张三 确认')).toMatch(/^已删除 张三（ID wxid_zs3） 的全部数据/)
    expect([has('wxid_zs1'), has('wxid_zs2'), has('wxid_zs3')]).toEqual([true, true, false])
  })

  it('/forget 张三 确认 with no question asked is still the list, and deletes nobody', async () => {
    const { bot, has } = setup()
    expect(await bot.say('/forget 张三 确认')).toMatch(/^“张三”对应 3 位联系人/)
    expect([has('wxid_zs1'), has('wxid_zs2'), has('wxid_zs3')]).toEqual([true, true, true])
  })
})

describe('/forget twice', () => {
  it('the second time says the person was already deleted, by name or by the confirmation again', async () => {
    const { bot, has } = setup()
    await bot.say('/forget 李四')
    expect(await bot.say('/forget 李四 确认')).toMatch(/^已删除 李四 的全部数据/)
    expect(await bot.say('/forget 李四 确认')).toBe('没有找到“李四”：刚才已经删除了他的全部数据，tierbot 里没有他的数据可删除。他以后再发消息，会作为新客户重新记录')
    expect(await bot.say('/forget 李四')).toBe('没有找到“李四”：刚才已经删除了他的全部数据，tierbot 里没有他的数据可删除。他以后再发消息，会作为新客户重新记录')
    expect(await bot.say('/forget wxid_ls')).toBe('没有找到“wxid_ls”：刚才已经删除了他的全部数据，tierbot 里没有他的数据可删除。他以后再发消息，会作为新客户重新记录')
    expect(has('wxid_zs1')).toBe(true)
  })

  it('a name nobody had is not said to be deleted', async () => {
    const { bot } = setup()
    expect(await bot.say('/forget 无名氏')).toBe('没有找到“无名氏”，tierbot 里没有他的数据可删除（如果刚刚删除过，这是正常的）')
  })
})

describe('/forget with daily backups on', () => {
  it('says the backups still hold the person until they rotate out', async () => {
    const shop = createShopDb()
    const bot = makeCommands(shop, { forget: createForgetCommands(createForgetting(shop.db, CONFIG), '/forget', { backupKeepDays: 7 }) })
    await bot.say('/forget 李四')
    expect(await bot.say('/forget 李四 确认')).toContain('自动备份里还有他的数据，7 天内随备份轮换删除')
  })
})
