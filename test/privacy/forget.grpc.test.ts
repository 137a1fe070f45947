import { afterEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config/load.js'
import { runForget } from '../../src/privacy/cli.js'
import { createPrivacyStore, findContactColumns } from '../../src/privacy/privacy-store.js'
import { SHOP, startGrpcBot, tempDbFile, waitFor, type GrpcBot } from '../support/bot.js'
import { FAST, OWNER, rowsAbout, say, shopWorld, testClock } from './support.js'

/*
 * Forgetting a person end to end over the real puppet-service gRPC path: the merchant asks in chat,
 * confirms, and then nothing about the person is left in any table with a contact column, the WeChat
 * remark is the merchant's own text again and tierbot's labels are gone.
 */

const tagsOf = (bot: GrpcBot, id: string) => [...(bot.puppet.tags.get(id) ?? [])].sort()

describe('/forget over the real gRPC path', () => {
  let bot: GrpcBot | undefined
  afterEach(async () => { await bot?.stop(); bot = undefined })

  it('asks first, then deletes every row about the person, takes labels and the remark prefix off WeChat, and audits', async () => {
    const clock = testClock()
    bot = await startGrpcBot({ puppet: shopWorld(), config: FAST, clock })
    const b = bot
    for (let i = 0; i < 3; i++) {
      say(b, clock, 'p-zhang', `请问 ${i} 多少钱`)
      say(b, clock, SHOP, `好的 ${i}`, 'p-zhang')
    }
    say(b, clock, 'p-zhang', '群里问一下', undefined, 'priv-group@chatroom')
    say(b, clock, 'p-li', '我也来', undefined, 'priv-group@chatroom')
    say(b, clock, OWNER, '/note 张三 宝妈 喜欢小包装')
    say(b, clock, OWNER, '/paid 张三 宝妈 199')
    await waitFor(() => b.puppet.aliases.get('p-zhang') === 'L4|张三 宝妈', 'the L4 remark')
    await waitFor(() => tagsOf(b, 'p-zhang').join() === 'L4 信任我的人', 'the L4 label')
    const db = b.app.ctx.db
    expect(Object.keys(rowsAbout(db, SHOP, 'p-zhang'))).toEqual(expect.arrayContaining([
      'contacts.id', 'interactions.contact_id', 'contact_stats.contact_id', 'orders.contact_id', 'notes.contact_id', 'tiers.contact_id', 'tier_history.contact_id',
    ]))
    // What tierbot wrote (the ledger an undo takes back) is in the contact's row.
    expect(db.$client.prepare(`SELECT ledger_labels FROM contacts WHERE account_id = ? AND id = 'p-zhang'`).pluck().get(SHOP)).toBe('["L4 信任我的人"]')

    say(b, clock, OWNER, '/forget 张三 宝妈')
    const ask = await waitFor(() => b.puppet.sent.find((s) => s.conversationId === OWNER && s.text.includes('永久删除')), 'the confirmation question')
    expect(ask.text).toContain('张三 宝妈')
    expect(ask.text).toMatch(/消息 \d+ 条/)
    expect(ask.text).toContain('/forget "张三 宝妈" 确认')
    expect(rowsAbout(db, SHOP, 'p-zhang')['interactions.contact_id']).toBeGreaterThan(0) // nothing deleted yet

    say(b, clock, OWNER, '/forget "张三 宝妈" 确认')
    const done = await waitFor(() => b.puppet.sent.find((s) => s.conversationId === OWNER && s.text.startsWith('已删除')), 'the deletion answer')
    expect(done.text).toContain('标签和备注前缀')

    await waitFor(() => b.puppet.aliases.get('p-zhang') === '张三 宝妈', "the remark back to the merchant's text")
    await waitFor(() => tagsOf(b, 'p-zhang').length === 0, 'the tier label removed')
    await waitFor(() => Object.keys(rowsAbout(db, SHOP, 'p-zhang')).length === 0, 'every row about the person gone')
    // The discovery covers every table with a contact column, the bookkeeping ones included.
    expect(findContactColumns(db).map((c) => c.table)).toEqual(expect.arrayContaining(['sync_outbox', 'label_state', 'forget_pending', 'room_events']))
    expect(rowsAbout(db, SHOP, 'p-li')['interactions.contact_id']).toBe(1) // the others keep theirs

    const audit = createPrivacyStore(db).auditRows(SHOP).filter((r) => r.action === 'forget')
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actor: OWNER, detail: null })
    expect(audit[0].at).toBeGreaterThanOrEqual(clock() - 60_000)
    expect(JSON.stringify(audit)).not.toContain('p-zhang')

    // Twice: the person is not there any more.
    say(b, clock, OWNER, '/forget 张三 宝妈')
    const again = await waitFor(() => b.puppet.sent.find((s) => s.conversationId === OWNER && s.text.startsWith('没有找到')), 'the answer to a second forget')
    expect(again.text).toBe('没有找到“张三 宝妈”：刚才已经删除了他的全部数据，tierbot 里没有他的数据可删除。他以后再发消息，会作为新客户重新记录')
  })

  it('a confirmation without a question first, or for someone else, deletes nothing', async () => {
    const clock = testClock()
    bot = await startGrpcBot({ puppet: shopWorld(), config: FAST, clock })
    const b = bot
    say(b, clock, 'p-li', '你好')
    await waitFor(() => rowsAbout(b.app.ctx.db, SHOP, 'p-li')['interactions.contact_id'] === 1, 'the message logged')
    say(b, clock, OWNER, '/forget 李四 确认')
    const answer = await waitFor(() => b.puppet.sent.find((s) => s.conversationId === OWNER), 'the answer')
    expect(answer.text).toContain('还没有待确认的删除')
    expect(rowsAbout(b.app.ctx.db, SHOP, 'p-li')['interactions.contact_id']).toBe(1)
    // /stats names the retention policy and the oldest text kept.
    say(b, clock, OWNER, '/stats')
    const stats = await waitFor(() => b.puppet.sent.find((s) => s.conversationId === OWNER && s.text.includes('消息原文')), 'the /stats answer')
    expect(stats.text).toMatch(/消息原文：一直保留，最早一条是 2026年6月17日/)
  })
})

describe('tierbot forget while the bot is stopped', () => {
  let bot: GrpcBot | undefined
  afterEach(async () => { await bot?.stop(); bot = undefined })

  it('queues the undo; the next run takes labels and the prefix off and then drops what it kept for that', async () => {
    const clock = testClock()
    const dbFile = tempDbFile('offline-forget')
    const puppet = shopWorld()
    bot = await startGrpcBot({ puppet, config: FAST, clock, dbFile })
    const b = bot
    for (let i = 0; i < 3; i++) {
      say(b, clock, 'p-zhang', `请问 ${i}`)
      say(b, clock, SHOP, `好的 ${i}`, 'p-zhang')
    }
    await waitFor(() => b.puppet.aliases.get('p-zhang') === 'L2|张三 宝妈' && tagsOf(b, 'p-zhang').length === 1, 'the L2 remark and label')
    const gatewayPort = b.gateway.port
    await b.stop()
    bot = undefined

    const config = parseConfig({ ...FAST, db: dbFile })
    const result = runForget({ config, now: clock() }, '张三 宝妈', true)
    expect(result.text).toContain('2 WeChat write(s) queued')

    bot = await startGrpcBot({ puppet, config: FAST, clock, dbFile, gatewayPort })
    const b2 = bot
    await waitFor(() => b2.puppet.aliases.get('p-zhang') === '张三 宝妈', "the remark back to the merchant's text")
    await waitFor(() => tagsOf(b2, 'p-zhang').length === 0, 'the label removed')
    // What is left is the WeChat address-book entry the bot reads at every login: no history, no tier.
    // What is left is the WeChat address-book entry the bot reads at every login, classified afresh like any
    // friend who never wrote: no messages, stats, orders, notes, labels or outbox rows from before.
    const db = b2.app.ctx.db
    await waitFor(() => rowsAbout(db, SHOP, 'p-zhang')['forget_pending.contact_id'] === undefined, 'the undo finished')
    expect(Object.keys(rowsAbout(db, SHOP, 'p-zhang')).sort()).toEqual(['contacts.id', 'tier_history.contact_id', 'tiers.contact_id'])
    expect(db.$client.prepare(`SELECT tier, activity FROM tiers WHERE contact_id = 'p-zhang'`).get()).toMatchObject({ tier: 0, activity: 'new' })
    expect(b2.app.features.ladder.getTier(SHOP, 'p-zhang')?.reasons.map((r) => r.text).join()).toContain('还没有互动')
  })
})
