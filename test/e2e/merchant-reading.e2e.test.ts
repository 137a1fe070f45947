import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import { askBot, populate, SHOP, startGrpcBot, waitFor, type GrpcBot } from '../support/bot.js'
import { clockAt } from '../support/clock.js'

/*
 * What the merchant sees after a chat read the way a merchant reads it (docs/rules.md §2 and §7), over
 * the real puppet-service path: days counted on the calendar in Asia/Shanghai, quoted replies, sarcasm,
 * and WeChat's own notices.
 */

const OWNER = 'mr-owner'
const NOW = Date.parse('2026-06-17T15:00:00+08:00')
const sh = (local: string) => Date.parse(`${local}+08:00`)

describe('the rung and activity a merchant would conclude', () => {
  let bot: GrpcBot
  const said = (messageId: string) => bot.app.ctx.db.$client.prepare('SELECT 1 FROM interactions WHERE message_id = ?').get(messageId)
  /** One message, waited for, so the conversation arrives in its order. */
  const chat = async (from: string, to: string, text: string, at: number) => {
    const id = bot.puppet.inject({ talkerId: from, listenerId: to, text, timestamp: at })
    await waitFor(() => said(id), `message ${JSON.stringify(text)}`)
  }
  /** The customer writes, the merchant answers on the phone: one round each. */
  const rounds = async (customer: string, lines: string[], from: number) => {
    for (const [i, line] of lines.entries()) {
      await chat(customer, SHOP, line, from + i * 60_000)
      await chat(SHOP, customer, '好的亲', from + i * 60_000 + 30_000)
    }
  }
  const quoted = (who: string, was: string, now: string) => `「${who}：${was}」\n- - - - - - - - - - - - - - -\n${now}`

  beforeAll(async () => {
    const puppet = new WorldPuppet()
    populate(puppet, {
      contacts: [
        { id: OWNER, name: '店主小美', alias: '老板' },
        { id: 'mr-zhang', name: '张三' }, { id: 'mr-li', name: '李四' }, { id: 'mr-wang', name: '王五' }, { id: 'mr-zhao', name: '赵六' },
      ],
    })
    bot = await startGrpcBot({ puppet, config: { admins: [OWNER] }, clock: clockAt(NOW) })
    // 张三 last wrote on 18 May at 07:00: 30 calendar days before 17 June, whatever the hour.
    await rounds('mr-zhang', ['在吗', '这个怎么用', '好的'], sh('2026-05-18T06:50:00'))
    // 李四 quotes the merchant's questions and answers 收到 / 好的: no approval or buying question of her own.
    await rounds('mr-li', ['你好', quoted('店主小美', '喜欢吗', '收到'), quoted('店主小美', '这款多少钱你知道吗', '好的')], sh('2026-06-16T10:00:00'))
    // 王五's praise is a jeer beside the complaint.
    await rounds('mr-wang', ['你好', '太好用了，用一次就过敏了', '谢谢你的假货'], sh('2026-06-16T11:00:00'))
    // 赵六 only ever "said" WeChat's own notice.
    await chat('mr-zhao', SHOP, '你已添加了赵六，现在可以开始聊天了。', sh('2026-06-16T12:00:00'))
  }, 60_000)
  afterAll(async () => { await bot?.stop() })

  it('30 days ago on the calendar is still 活跃, even at a later hour than the last message', async () => {
    const reply = await askBot(bot, OWNER, '/tier 张三')
    expect(reply).toContain('张三：L2 认识我的人')
    expect(reply).toContain('活跃度：活跃，最近互动 30 天前')
  })

  it("quoting the merchant's 喜欢吗 / 多少钱 is not the customer's approval or question: still L2", async () => {
    const reply = await askBot(bot, OWNER, '/tier 李四')
    expect(reply).toContain('李四：L2 认识我的人')
    expect(reply).not.toContain('认同或问价 2 次')
  })

  it('praise said as a jeer beside a complaint is the complaint, not approval: L2, not L3', async () => {
    const reply = await askBot(bot, OWNER, '/tier 王五')
    expect(reply).toContain('王五：L2 认识我的人')
    expect(reply).toContain('同一条里有投诉，不算认同')
  })

  it("WeChat's 你已添加了 notice is nobody writing: the new friend stays L0", async () => {
    expect(await askBot(bot, OWNER, '/tier 赵六')).toContain('赵六：L0 陌生人')
  })
})
