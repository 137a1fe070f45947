import { describe, expect, it } from 'vitest'
import { isCommandFrom, resolveAdmins } from '../../src/commands/auth.js'
import { event, makeCommands } from './harness.js'
import { ACCOUNT, ADMIN, CONFIG, createShopDb, NOW, type Shop } from './seed.js'

const orders = (shop: Shop) => (shop.db.$client.prepare('SELECT COUNT(*) AS n FROM orders WHERE contact_id = ?').get('wxid_ls') as { n: number }).n

describe('who may command: everyone else’s /… is ordinary chat', () => {
  it.each([
    { name: 'a customer in private chat', over: { talkerId: 'wxid_ls', contactId: 'wxid_ls' } },
    { name: 'the admin in a group', over: { chat: 'group' as const, roomId: 'r1@chatroom', roomTopic: '宝妈交流群' } },
    { name: 'the merchant’s own /… typed into a customer’s chat', over: { direction: 'out' as const, talkerId: ACCOUNT, contactId: 'wxid_ls', listenerId: 'wxid_ls' } },
    { name: 'the account’s own message in a group that is not the control room', over: { chat: 'group' as const, direction: 'out' as const, talkerId: ACCOUNT, roomId: 'r1@chatroom', roomTopic: '宝妈交流群' } },
    { name: 'a customer in the control room', over: { chat: 'group' as const, talkerId: 'wxid_ls', contactId: 'wxid_ls', roomId: 'ctl@chatroom', roomTopic: '店务' } },
    { name: 'the admin’s non-text message', over: { kind: 'image' as const } },
  ])('$name → no reply, nothing changes', async ({ over }) => {
    const shop = createShopDb()
    const bot = makeCommands(shop, { config: { ...CONFIG, controlRoom: '店务' } })
    expect(await bot.say('/paid 李四 199', over)).toBeNull()
    expect(await bot.say('/tier 李四', over)).toBeNull()
    expect(orders(shop)).toBe(0)
  })

  it.each([
    { name: 'by room id', controlRoom: 'ctl@chatroom' },
    { name: 'by exact topic', controlRoom: '店务' },
  ])('the account’s own message in the control room is a command ($name)', async ({ controlRoom }) => {
    const shop = createShopDb()
    const bot = makeCommands(shop, { config: { ...CONFIG, controlRoom } })
    const reply = await bot.say('/tier 李四', { chat: 'group', direction: 'out', talkerId: ACCOUNT, contactId: ACCOUNT, roomId: 'ctl@chatroom', roomTopic: '店务' })
    expect(reply).toContain('李四：L2 认识我的人')
  })

  it('the admin’s ordinary chat (no slash) gets no reply', async () => {
    const bot = makeCommands(createShopDb())
    expect(await bot.say('今天辛苦了')).toBeNull()
  })

  it('isCommandFrom never treats the account talking to itself as an admin', () => {
    expect(isCommandFrom(event('/tier 李四', { talkerId: ACCOUNT, contactId: ACCOUNT }), { adminIds: new Set([ACCOUNT]) })).toBe(false)
  })
})

describe('admins named by name: resolved to one contact and pinned (issue 8)', () => {
  it('remark first: the merchant’s remark 老板 wins over a customer who renamed themselves 老板', async () => {
    const shop = createShopDb()
    shop.contact('wxid_impostor', '老板')
    const bot = makeCommands(shop, { config: { ...CONFIG, admins: ['老板'] } })
    expect(await bot.say('/paid 李四 199', { talkerId: 'wxid_impostor', contactId: 'wxid_impostor' })).toBeNull()
    expect(orders(shop)).toBe(0)
    expect(await bot.say('/tier 李四')).toContain('L2 认识我的人')
  })

  it('the pin holds after a restart even if the impostor appears later and the remark is gone', async () => {
    const shop = createShopDb()
    const first = resolveAdmins(shop.db, ACCOUNT, ['老板'], { now: NOW })
    expect([...first.ids]).toEqual([ADMIN])
    shop.db.$client.prepare("UPDATE contacts SET remark = '' WHERE id = ?").run(ADMIN)
    shop.contact('wxid_impostor', '老板')
    const bot = makeCommands(shop, { config: { ...CONFIG, admins: ['老板'] } })
    expect(await bot.say('/tier 李四', { talkerId: 'wxid_impostor', contactId: 'wxid_impostor' })).toBeNull()
    expect(await bot.say('/tier 李四')).toContain('L2 认识我的人')
  })

  it('several contacts matching a name: none is trusted, and a warning says so', async () => {
    const shop = createShopDb()
    shop.contact('wxid_boss_a', '大老板')
    shop.contact('wxid_boss_b', '大老板')
    const res = resolveAdmins(shop.db, ACCOUNT, ['大老板'], { now: NOW })
    expect(res.ids.size).toBe(0)
    expect(res.warnings).toEqual(['管理员“大老板”按微信名对应到 2 个联系人，为安全起见一个都不信任；请在配置里改用联系人 ID。'])
    const bot = makeCommands(shop, { config: { ...CONFIG, admins: ['大老板'] } })
    expect(await bot.say('/tier 李四', { talkerId: 'wxid_boss_a', contactId: 'wxid_boss_a' })).toBeNull()
    expect(bot.prepareAccount(ACCOUNT, NOW).warnings).toHaveLength(1)
  })

  it('a name that matched nobody at start is later trusted only through a remark the merchant set', async () => {
    const shop = createShopDb()
    const bot = makeCommands(shop, { config: { ...CONFIG, admins: ['店长'] } })
    expect(bot.prepareAccount(ACCOUNT, NOW).unresolved).toEqual(['店长'])
    shop.contact('wxid_renamed', '店长')
    const later = (ms: number, over: object) => bot.handle(event('/tier 李四', over), NOW + ms)
    expect(await later(120_000, { talkerId: 'wxid_renamed', contactId: 'wxid_renamed' })).toBeNull()
    shop.contact('wxid_manager', '王经理', '店长')
    expect(await later(240_000, { talkerId: 'wxid_manager', contactId: 'wxid_manager' })).toContain('李四')
    expect(await later(240_000, { talkerId: 'wxid_renamed', contactId: 'wxid_renamed' })).toBeNull()
  })

  it('adminIds lists the resolved contacts only (for the digest’s recipients)', () => {
    const bot = makeCommands(createShopDb(), { config: { ...CONFIG, admins: ['老板', '不存在的人'] } })
    expect(bot.adminIds(ACCOUNT, NOW)).toEqual([ADMIN])
  })

  it('ids are trusted as given', () => {
    const shop = createShopDb()
    expect([...resolveAdmins(shop.db, ACCOUNT, [ADMIN, 'wxid_not_seen_yet'], { now: NOW }).ids]).toEqual([ADMIN, 'wxid_not_seen_yet'])
  })
})
