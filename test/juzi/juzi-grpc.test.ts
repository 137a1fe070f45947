import * as PUPPET from '@juzi/wechaty-puppet'
import { afterEach, describe, expect, it } from 'vitest'
import { buildDigest } from '../../src/digest/build.js'
import { loadDigestSnapshot } from '../../src/digest/snapshot.js'
import { ActionError } from '../../src/platform/types.js'
import { waitFor } from '../support/wait.js'
import { JuziMockPuppet } from './support/juzi-puppet.js'
import { SHOP, startJuziBot, type JuziBot } from './support/juzi-bot.js'

/*
 * The juzi stack end to end: @juzi/wechaty-puppet-service's PuppetServer on loopback around a mock
 * WeCom account, tierbot's app on the juzi adapter. What the merchant would see in the WeCom console:
 * remarks, one tag group, one tier tag per customer.
 */

const OWNER = 'j-owner'
const START = Date.parse('2026-06-17T15:00:00+08:00')
const FAST = { labels: { ratePerMinute: 600, jitterMs: 0 }, digest: { enabled: false }, admins: [OWNER] }
const GROUP = 'tierbot 信任等级'

function account(): JuziMockPuppet {
  const puppet = new JuziMockPuppet()
  puppet.addContact({ id: OWNER, name: '店主' })
  puppet.addContact({ id: 'j-zhang', name: '张三', alias: '张三 宝妈' })
  puppet.addContact({ id: 'j-li', name: '李四' })
  return puppet
}

function rounds(bot: JuziBot, contactId: string, n: number): void {
  for (let i = 0; i < n; i++) {
    bot.puppet.deliver({ talkerId: contactId, listenerId: SHOP, text: `请问 ${i}`, at: bot.clock() })
    bot.puppet.deliver({ talkerId: SHOP, listenerId: contactId, text: `好的 ${i}`, at: bot.clock() })
  }
}

const messagesOf = (bot: JuziBot, contactId: string) => (bot.app.ctx.db.$client
  .prepare('SELECT COUNT(*) AS n FROM interactions WHERE contact_id = ?').get(contactId) as { n: number }).n

describe('WeCom corp tags through the juzi stack', () => {
  let bot: JuziBot | undefined
  afterEach(async () => { await bot?.stop(); bot = undefined })

  it('logs messages, writes the remark, creates the tag group once and moves the tag L2 → L4', async () => {
    bot = await startJuziBot({ puppet: account(), now: START, config: FAST })
    rounds(bot, 'j-zhang', 3)
    await waitFor(() => messagesOf(bot!, 'j-zhang') === 6, 'six messages logged')
    await waitFor(() => bot!.puppet.contacts.get('j-zhang')?.alias === 'L2|张三 宝妈', 'the L2 remark')
    await waitFor(() => bot!.puppet.tagNamesOf('j-zhang').join() === 'L2 认识我的人', 'the L2 tag')

    bot.app.features.ladder.recordPayment(SHOP, 'j-zhang', { amountFen: 19_900, at: bot.clock(), source: 'command' }, bot.clock())
    await waitFor(() => bot!.puppet.tagNamesOf('j-zhang').join() === 'L4 信任我的人', 'the L4 tag replacing L2')
    await waitFor(() => bot!.puppet.contacts.get('j-zhang')?.alias === 'L4|张三 宝妈', 'the L4 remark')

    rounds(bot, 'j-li', 3)
    await waitFor(() => bot!.puppet.tagNamesOf('j-li').join() === 'L2 认识我的人', 'li gets the existing L2 tag')
    expect([...bot.puppet.groups.values()].map((g) => g.name)).toEqual([GROUP])
    expect(bot.puppet.calls.filter((c) => c.startsWith('tagGroupAdd'))).toEqual([`tagGroupAdd ${GROUP}`])
    expect(bot.puppet.calls.filter((c) => c.startsWith('tagTagAdd'))).toEqual(['tagTagAdd L2 认识我的人', 'tagTagAdd L4 信任我的人'])

    // A restart (same database, same account): the stored ids are used, nothing is created again.
    const { puppet, dbFile } = bot
    await bot.stop()
    puppet.addContact({ id: 'j-wang', name: '王五' })
    bot = await startJuziBot({ puppet, dbFile, config: FAST })
    rounds(bot, 'j-wang', 3)
    await waitFor(() => bot!.puppet.tagNamesOf('j-wang').join() === 'L2 认识我的人', 'wang tagged after the restart')
    expect(bot.puppet.calls.filter((c) => c.startsWith('tagGroupAdd') || c.startsWith('tagTagAdd'))).toHaveLength(3)
  })

  it('survives a tag deleted in the console, with or without the tag event, and finds its tags by name after losing its ids', async () => {
    bot = await startJuziBot({ puppet: account(), now: START, config: FAST })
    rounds(bot, 'j-zhang', 3)
    await waitFor(() => bot!.puppet.tagNamesOf('j-zhang').join() === 'L2 认识我的人', 'the L2 tag')

    // Deleted in the console (the gateway sends a tag event): the next customer on L2 gets a new L2 tag.
    bot.puppet.consoleDeleteTag('L2 认识我的人')
    const storedId = (name: string) => bot!.app.ctx.db.$client.prepare('SELECT tag_id FROM corp_tags WHERE name = ?').get(name)
    await waitFor(() => storedId('L2 认识我的人') === undefined, 'the id forgotten on the tag event')
    rounds(bot, 'j-li', 3)
    await waitFor(() => bot!.puppet.tagNamesOf('j-li').join() === 'L2 认识我的人', 'li tagged with a recreated L2')

    // Deleted while nobody listened: the write fails on the old id, which is checked, forgotten and resolved again.
    bot.puppet.consoleDeleteTagSilently('L2 认识我的人')
    bot.app.features.ladder.pin(SHOP, 'j-zhang', 2, bot.clock())
    bot.app.features.ladder.recordPayment(SHOP, 'j-li', { amountFen: 9_900, at: bot.clock(), source: 'command' }, bot.clock())
    await waitFor(() => bot!.puppet.tagNamesOf('j-li').join() === 'L4 信任我的人', 'li moved to L4 although the old L2 tag is gone')
    expect(bot.app.features.sync()?.health().failed).toBe(0)

    // The database lost its ids (a restored backup): tags are found by name, nothing is created twice.
    bot.app.ctx.db.$client.prepare('DELETE FROM corp_tags').run()
    bot.app.features.ladder.pin(SHOP, 'j-zhang', 4, bot.clock())
    await waitFor(() => bot!.puppet.tagNamesOf('j-zhang').join() === 'L4 信任我的人', 'zhang pinned to L4')
    expect([...bot.puppet.groups.values()].map((g) => g.name)).toEqual([GROUP])
    expect(bot.puppet.calls.filter((c) => c.startsWith('tagGroupAdd'))).toHaveLength(1)
    expect(bot.puppet.calls.filter((c) => c === 'tagTagAdd L4 信任我的人')).toHaveLength(1)
    expect([...bot.puppet.tags.values()].map((t) => t.name).sort()).toEqual(['L4 信任我的人'])
  })

  it('a tier tag deleted in the console is put back on every customer who had it (WeCom took it off them)', async () => {
    bot = await startJuziBot({ puppet: account(), now: START, config: FAST })
    rounds(bot, 'j-zhang', 3)
    rounds(bot, 'j-li', 3)
    await waitFor(() => bot!.puppet.tagNamesOf('j-zhang').join() === 'L2 认识我的人' && bot!.puppet.tagNamesOf('j-li').join() === 'L2 认识我的人', 'both on L2')

    bot.puppet.consoleDeleteTag('L2 认识我的人')
    await waitFor(() => bot!.puppet.tagNamesOf('j-zhang').join() === 'L2 认识我的人' && bot!.puppet.tagNamesOf('j-li').join() === 'L2 认识我的人', 'both tagged L2 again')
    expect([...bot.puppet.tags.values()].map((t) => t.name)).toEqual(['L2 认识我的人'])
    expect(bot.puppet.calls.filter((c) => c === 'tagTagAdd L2 认识我的人')).toHaveLength(2)
    expect(bot.app.features.sync()?.health().failed).toBe(0)
  })

  it('the whole tag group deleted in the console: made again, and each customer gets their tier tag back', async () => {
    bot = await startJuziBot({ puppet: account(), now: START, config: FAST })
    rounds(bot, 'j-zhang', 3)
    await waitFor(() => bot!.puppet.tagNamesOf('j-zhang').join() === 'L2 认识我的人', 'zhang on L2')
    bot.app.features.ladder.recordPayment(SHOP, 'j-li', { amountFen: 9_900, at: bot.clock(), source: 'command' }, bot.clock())
    rounds(bot, 'j-li', 1)
    await waitFor(() => bot!.puppet.tagNamesOf('j-li').length === 1, 'li tagged')
    const liTag = bot.puppet.tagNamesOf('j-li').join()

    bot.puppet.consoleDeleteGroup(GROUP)
    await waitFor(() => bot!.puppet.tagNamesOf('j-zhang').join() === 'L2 认识我的人' && bot!.puppet.tagNamesOf('j-li').join() === liTag, 'both tagged again')
    expect([...bot.puppet.groups.values()].map((g) => g.name)).toEqual([GROUP])
    expect(bot.puppet.calls.filter((c) => c.startsWith('tagGroupAdd'))).toHaveLength(2)
  })

  it("answers juzi's throttling error (20001) as rate limited, not as a failed write", async () => {
    bot = await startJuziBot({ puppet: account(), now: START, config: { ...FAST, labels: { enabled: false } } })
    bot.puppet.throttleNext = 1
    const error = await bot.app.ctx.platform.addLabel('j-zhang', 'L2 认识我的人').catch((err: unknown) => err)
    expect(error).toBeInstanceOf(ActionError)
    expect((error as ActionError).kind).toBe('rate_limited')
    await bot.app.ctx.platform.addLabel('j-zhang', 'L2 认识我的人')
    expect(bot.puppet.tagNamesOf('j-zhang')).toEqual(['L2 认识我的人'])
  })

  it('a customer who deletes the account is 流失: shown by /tier, left alone, named in the next digest; added again, active', async () => {
    bot = await startJuziBot({ puppet: account(), now: START, config: FAST })
    rounds(bot, 'j-zhang', 3)
    bot.app.features.ladder.recordPayment(SHOP, 'j-zhang', { amountFen: 19_900, at: bot.clock(), source: 'command' }, bot.clock())
    bot.puppet.deliver({ talkerId: 'j-zhang', listenerId: SHOP, text: '收到的坏了，要退货', at: bot.clock() })
    await waitFor(() => bot!.puppet.contacts.get('j-zhang')?.alias === 'L4|张三 宝妈', 'the L4 remark')
    await waitFor(() => bot!.app.features.sync()?.health().pending === 0, 'the queue to drain')
    const logged = messagesOf(bot, 'j-zhang')

    bot.puppet.friendshipEvent('j-zhang', PUPPET.types.Friendship.Delete, bot.clock())
    bot.puppet.friendshipEvent('j-li', PUPPET.types.Friendship.Removed, bot.clock())
    await waitFor(() => bot!.app.features.ladder.getTier(SHOP, 'j-zhang')?.activity === 'lost', 'zhang lost')
    await waitFor(() => bot!.app.features.ladder.getTier(SHOP, 'j-li')?.activity === 'lost', 'li removed')

    bot.puppet.deliver({ talkerId: OWNER, listenerId: SHOP, text: '/tier 张三', at: bot.clock() })
    const reply = await waitFor(() => bot!.puppet.sent.find((m) => m.to === OWNER)?.text, 'the /tier reply')
    expect(reply).toContain('L4 信任我的人')
    expect(reply).toContain('活跃度：流失')

    // Never written to again: a new rung changes nothing on WeCom.
    const writes = bot.puppet.calls.length
    bot.app.features.ladder.pin(SHOP, 'j-zhang', 5, bot.clock())
    await new Promise((r) => setTimeout(r, 300))
    expect(bot.puppet.vanished.get('j-zhang')?.alias).toBe('L4|张三 宝妈')
    expect(bot.puppet.calls.length).toBe(writes)
    bot.app.features.ladder.pin(SHOP, 'j-zhang', null, bot.clock())

    const nextMorning = Date.parse('2026-06-18T09:00:00+08:00')
    const digest = buildDigest(loadDigestSnapshot(bot.app.ctx.db, SHOP, nextMorning, bot.app.ctx.config), nextMorning, bot.app.ctx.config).join('\n')
    expect(digest).toContain('昨天 1 位客户删除了你：L4 张三 宝妈（最后一条是投诉）')
    expect(digest).toContain('昨天你删除了 1 位客户：L0 李四')
    expect(digest).toContain('流失 2')
    expect(digest).not.toMatch(/问候：\n· 张三/)

    bot.puppet.friendshipEvent('j-zhang', PUPPET.types.Friendship.Confirm, bot.clock())
    await waitFor(() => bot!.app.features.ladder.getTier(SHOP, 'j-zhang')?.activity === 'active', 'zhang active again')
    expect(bot.app.features.ladder.getTier(SHOP, 'j-zhang')?.tier).toBe(4)
    expect(messagesOf(bot, 'j-zhang')).toBe(logged)
  })
})
