import { describe, expect, it } from 'vitest'
import { ACCOUNT, createShopDb, NOW, DAY } from './seed.js'
import { event, makeCommands } from './harness.js'

function setup() {
  const shop = createShopDb()
  return { db: shop.db, shop, bot: makeCommands(shop) }
}

describe('/tier: rung as code + name, activity, evidence, next step', () => {
  it('shows what the merchant needs on one screen', async () => {
    const { bot } = setup()
    const reply = await bot.say('/tier 张三 宝妈')
    expect(reply).toBe([
      '张三 宝妈（张三）：L4 信任我的人',
      '活跃度：活跃，最近互动 3 天前',
      '依据：已付款 1 单 ¥199',
      '下一步：从第 1 单到第 2 单、第 N 单；做好 VIP 服务',
    ].join('\n'))
  })

  it('the Chinese alias answers the same', async () => {
    const { bot } = setup()
    expect(await bot.say('/层级 李四')).toContain('李四：L2 认识我的人')
  })

  it('a contact never classified shows L0 陌生人', async () => {
    const { db, bot } = setup()
    db.$client.prepare("INSERT INTO contacts (account_id, id, name, remark, friend, first_seen_at, updated_at) VALUES (?, 'wxid_new', '新朋友', '', 1, ?, ?)").run(ACCOUNT, NOW, NOW)
    expect(await bot.say('/tier 新朋友')).toContain('新朋友：L0 陌生人\n')
  })

  it('an ambiguous name gets a numbered list with what tells them apart and how to be precise', async () => {
    const { bot } = setup()
    const reply = await bot.say('/tier 张三')
    expect(reply).toBe([
      '“张三”对应 3 位联系人，请说得更准确些：',
      '1. 张三 宝妈（张三） · L4 信任我的人 · 最近互动 3 天前 · 在群“宝妈交流群” · ID wxid_zs1',
      '2. 张三 · L2 认识我的人 · 最近互动 昨天 · ID wxid_zs3',
      '3. 张三 · L1 知道我的人 · 最近互动 40 天前 · ID wxid_zs2',
      '回复编号（如 1）就选那位；也可以用完整备注或 ID，如 /tier wxid_zs1',
    ].join('\n'))
  })

  it('an unknown name gets the closest matches', async () => {
    const { bot } = setup()
    expect(await bot.say('/tier 李思')).toBe('没有找到“李思”。你是不是要找：李四？')
  })

  it('a name nobody resembles gets a hint', async () => {
    const { bot } = setup()
    expect(await bot.say('/tier 某某某')).toContain('没有找到“某某某”')
  })
})

describe('/tier 张三 L4 and auto: pin and unpin', () => {
  it('pins the rung and shows the evidence rung beside it, then unpins', async () => {
    const { db, bot } = setup()
    expect(await bot.say('/tier 李四 L4')).toBe('好的，李四 手动设为 L4 信任我的人\n（按记录是 L2 认识我的人；发 /tier 李四 auto 可取消）')
    expect(await bot.say('/tier 李四')).toContain('李四：L4 信任我的人（手动设定；按记录是 L2 认识我的人）')
    expect(await bot.say('/tier 李四 auto')).toBe('好的，李四 已取消手动层级，按记录是 L2 认识我的人')
    const causes = db.$client.prepare("SELECT cause FROM tier_history WHERE contact_id = 'wxid_ls' AND cause IN ('pin', 'unpin') ORDER BY seq").all()
    expect(causes).toEqual([{ cause: 'pin' }, { cause: 'unpin' }])
  })

  it('auto on a contact nobody pinned says so (nothing was cancelled), and the same pin twice says it was already set', async () => {
    const { bot } = setup()
    expect(await bot.say('/tier 李四 auto')).toBe('李四 本来就是按记录自动定级：L2 认识我的人，不用取消')
    await bot.say('/tier 李四 L4')
    expect(await bot.say('/tier 李四 L4')).toBe('李四 已经是手动设定的 L4 信任我的人\n（按记录是 L2 认识我的人；发 /tier 李四 auto 可取消）')
  })
})

describe('/why: evidence and recent history', () => {
  it('lists the reasons and the recent rung changes', async () => {
    const { bot } = setup()
    await bot.say('/paid 李四 99')
    const reply = await bot.say('/why 李四')
    expect(reply).toBe([
      '李四：L4 信任我的人', '依据：', '· 已付款 1 单 ¥99', '最近变化：',
      '· 5月20日 L2 → L4（付款）', '· 5月17日 L1 → L2（消息）', '· 5月17日 首次记录：L1',
    ].join('\n'))
  })
  it('a change of activity alone shows as such (silence never lowers the rung)', async () => {
    const { shop, bot } = setup()
    shop.ladder.reclassifyAll(ACCOUNT, NOW + 40 * DAY)
    const reply = (await bot.handle(event('/why 李四'), NOW + 40 * DAY))!
    expect(reply).toContain('· 6月29日 L2 活跃 → 沉默（时间流逝）')
    expect(reply.split('\n')[0]).toBe('李四：L2 认识我的人')
  })
})

describe('/paid and /refund: money in fen, rung changes reported', () => {
  it('a first payment lifts the rung: "李四 升到 L4 信任我的人"', async () => {
    const { db, bot } = setup()
    expect(await bot.say('/付款 李四 ¥1,299.50 面膜')).toBe('已记录：李四 付款 ¥1,299.50（面膜）\n李四 升到 L4 信任我的人 🎉')
    expect(db.$client.prepare("SELECT amount_fen, source, note FROM orders WHERE contact_id = 'wxid_ls'").get())
      .toEqual({ amount_fen: 129950, source: 'command', note: '面膜' })
  })

  it('a payment that changes no rung says so', async () => {
    const { bot } = setup()
    expect(await bot.say('/paid 张三 宝妈 50')).toBe('已记录：张三 宝妈 付款 ¥50\n层级不变：L4 信任我的人')
  })

  it('a refund of every payment lowers the rung again', async () => {
    const { bot } = setup()
    await bot.say('/paid 李四 199')
    expect(await bot.say('/refund 李四 199')).toBe('已记录：李四 退款 ¥199，对应的付款已作废\n李四 降到 L2 认识我的人')
  })

  it.each([
    { text: '/paid 李四 1e309', reply: '“1e309”：金额要是数字，例如 199、¥199 或 1,299.50。用法：/paid 张三 199 [日期] [备注]' },
    { text: '/paid 李四 NaN', reply: '“NaN”：金额要是数字，例如 199、¥199 或 1,299.50。用法：/paid 张三 199 [日期] [备注]' },
    { text: '/paid 李四 12.345', reply: '“12.345”：金额最多两位小数（精确到分）。用法：/paid 张三 199 [日期] [备注]' },
    { text: '/paid 李四 -5', reply: '“-5”：金额不能是负数；退款请用 /refund。用法：/paid 张三 199 [日期] [备注]' },
    { text: '/paid 李四 0', reply: '“0”：金额要大于 0。用法：/paid 张三 199 [日期] [备注]' },
    { text: '/paid 李四 200000', reply: '“200000”：金额超过上限（¥100,000），像是打错了。用法：/paid 张三 199 [日期] [备注]' },
  ])('refused with the reason, nothing recorded: $text', async ({ text, reply }) => {
    const { db, bot } = setup()
    expect(await bot.say(text)).toBe(reply)
    expect(db.$client.prepare('SELECT COUNT(*) AS n FROM orders WHERE contact_id = ?').get('wxid_ls')).toEqual({ n: 0 })
  })
})

describe('/note, /notes, /snooze', () => {
  it('notes are stored and listed newest first', async () => {
    const { bot } = setup()
    expect(await bot.say('/note 李四 喜欢玫瑰味')).toBe('已记下 李四 的笔记（共 1 条）')
    expect(await bot.say('/笔记 李四 要发顺丰')).toBe('已记下 李四 的笔记（共 2 条）')
    expect(await bot.say('/notes 李四')).toBe('李四 的笔记（共 2 条）：\n1. 5月20日 要发顺丰\n2. 5月20日 喜欢玫瑰味\n删掉一条：/delnote 李四 编号')
  })

  it('no notes yet says how to add one', async () => {
    const { bot } = setup()
    expect(await bot.say('/notes 李四')).toBe('李四 还没有笔记。用 /note 李四 内容 来记一条')
  })

  it('snooze writes the snoozes table; 0 cancels it', async () => {
    const { db, bot } = setup()
    expect(await bot.say('/snooze 李四 14')).toBe('好的，6月3日 前不再提醒唤醒 李四（14 天）')
    expect(db.$client.prepare("SELECT until FROM snoozes WHERE contact_id = 'wxid_ls'").get()).toEqual({ until: NOW + 14 * DAY })
    expect(await bot.say('/暂停 李四 0')).toBe('好的，已恢复提醒 李四')
    expect(await bot.say('/snooze 李四')).toContain('（14 天）')
  })
})

describe('/list, /stats, /silent, /hot, /digest, /help', () => {
  it('/list L2 is capped and counted', async () => {
    const { bot } = setup()
    expect(await bot.say('/list L2')).toBe('L2 认识我的人 共 2 人：\n1. 张三（ID wxid_zs3） · 活跃 · 昨天\n2. 李四 · 活跃 · 3 天前')
    expect(await bot.say('/名单 L5')).toBe('L5 超级用户 目前没有客户')
  })

  it('/stats: funnel, sync health, offline periods and data size', async () => {
    const { db, bot } = setup()
    const ins = db.$client.prepare('INSERT INTO bot_events (account_id, kind, detail, at) VALUES (?, ?, ?, ?)')
    ins.run(ACCOUNT, 'offline', null, NOW - 2 * DAY)
    ins.run(ACCOUNT, 'online', '90000', NOW - 2 * DAY + 90_000)
    const reply = (await bot.say('/stats'))!
    const lines = reply.split('\n')
    expect(lines.slice(0, 5)).toEqual([
      '客户共 8 人：',
      'L0 2 · L1 2 · L2 2 · L3 1 · L4 1 · L5 0',
      '活跃 5 · 沉默 1 · 沉睡 2 · 新加 0',
      '标签和备注：待写 2 · 失败 1（会自动重试）',
      '近 30 天掉线 1 次，共 2 分钟，最近一次 5月18日（2 分钟）',
    ])
    expect(lines[5]).toMatch(/^数据：9 位联系人，\d+ 条消息，1 笔订单，数据库 \d+ KB$/)
  })

  it('/silent, /hot and /digest come from the digest feature', async () => {
    const { bot } = setup()
    expect(await bot.say('/silent 5')).toBe('沉默客户 5 位')
    expect(await bot.say('/沉默')).toBe('沉默客户 3 位')
    expect(await bot.say('/热')).toBe('热门线索')
    expect(await bot.say('/日报')).toBe('日报第一条\n\n日报第二条')
  })

  it('/help lists every command with its alias', async () => {
    const { bot } = setup()
    const reply = (await bot.say('/帮助'))!
    for (const alias of ['/层级', '/为什么', '/付款', '/退款', '/笔记', '/笔记列表', '/沉默', '/热', '/名单', '/暂停', '/统计', '/日报', '/帮助']) {
      expect(reply).toContain(alias)
    }
    expect(reply.startsWith('/')).toBe(false)
  })

  it('an unknown command gets a hint toward /help', async () => {
    const { bot } = setup()
    expect(await bot.say('/foo 张三')).toBe('不认识的命令“/foo”。发 /help 看所有命令')
  })

  it('a second command on a new line is refused and nothing runs', async () => {
    const { db, bot } = setup()
    expect(await bot.say('/tier 李四\n/paid 李四 199')).toBe('一条消息只能发一个命令，这次什么都没执行，请分开发送')
    expect(db.$client.prepare('SELECT COUNT(*) AS n FROM orders WHERE contact_id = ?').get('wxid_ls')).toEqual({ n: 0 })
  })
})

describe('the error boundary', () => {
  it('an unexpected error gets a short apology, never err.message', async () => {
    const bot = makeCommands(createShopDb(), { digest: { silent: () => { throw new Error('SQLITE_CORRUPT secret detail') }, hot: () => '', digest: () => [] } })
    expect(await bot.say('/silent')).toBe('抱歉，出错了，请稍后再试')
  })

  it('a name that looks like a command cannot make the reply a command', async () => {
    const shop = createShopDb()
    shop.db.$client.prepare("INSERT INTO contacts (account_id, id, name, remark, friend, first_seen_at, updated_at) VALUES (?, 'wxid_evil', '/paid 李四 199', '', 1, ?, ?)").run(ACCOUNT, NOW, NOW)
    const bot = makeCommands(shop)
    const reply = (await bot.say('/tier wxid_evil'))!
    expect(reply.startsWith('·')).toBe(true)
  })
})
