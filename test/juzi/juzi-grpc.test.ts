import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait.js'
import { JuziMockPuppet } from './support/juzi-puppet.js'
import { SHOP, startJuziBot, type JuziBot } from './support/juzi-bot.js'

/*
 * The juzi stack end to end: @juzi/wechaty-puppet-service's PuppetServer on loopback around a mock
 * WeCom account, tierbot's app on the juzi adapter. What the merchant would see in the WeCom console:
 * remarks, one tag group, one tier tag per customer.
 */

const START = Date.parse('2026-06-17T15:00:00+08:00')
const FAST = { labels: { ratePerMinute: 600, jitterMs: 0 }, digest: { enabled: false } }
const GROUP = 'tierbot 信任等级'

function account(): JuziMockPuppet {
  const puppet = new JuziMockPuppet()
  puppet.addContact({ id: 'j-zhang', name: '张三', alias: '张三 宝妈' })
  puppet.addContact({ id: 'j-li', name: '李四' })
  return puppet
}

function rounds(bot: JuziBot, contactId: string, n: number): void {
  for (let i = 0; i < n; i++) {
    bot.puppet.deliver({ talkerId: contactId, listenerId: SHOP, text: `请问 ${i}`, at: bot.clock.now() })
    bot.puppet.deliver({ talkerId: SHOP, listenerId: contactId, text: `好的 ${i}`, at: bot.clock.now() })
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

    bot.app.features.ladder.recordPayment(SHOP, 'j-zhang', { amountFen: 19_900, at: bot.clock.now(), source: 'command' }, bot.clock.now())
    await waitFor(() => bot!.puppet.tagNamesOf('j-zhang').join() === 'L4 信任我的人', 'the L4 tag replacing L2')
    await waitFor(() => bot!.puppet.contacts.get('j-zhang')?.alias === 'L4|张三 宝妈', 'the L4 remark')

    rounds(bot, 'j-li', 3)
    await waitFor(() => bot!.puppet.tagNamesOf('j-li').join() === 'L2 认识我的人', 'li gets the existing L2 tag')
    expect([...bot.puppet.groups.values()].map((g) => g.name)).toEqual([GROUP])
    expect(bot.puppet.calls.filter((c) => c.startsWith('tagGroupAdd'))).toEqual([`tagGroupAdd ${GROUP}`])
    expect(bot.puppet.calls.filter((c) => c.startsWith('tagTagAdd'))).toEqual(['tagTagAdd L2 认识我的人', 'tagTagAdd L4 信任我的人'])
  })
})
