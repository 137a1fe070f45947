import * as PUPPET from 'wechaty-puppet'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SHOP } from '../support/bot.js'
import { ask, BOSS, createFaultWorld, NEW_ROOM, rowsFor, sleep, startFaultBot, VIP_ROOM, waitFor, waitLogged, type FaultBot } from './support/fault-bot.js'
import { snapshotCounts } from './support/snapshot.js'
import { testClock } from '../support/clock.js'

/*
 * Issue 8 "a resuming service re-sends events": every message id delivered three times must leave
 * the log, the rounds, signals, payments and rungs exactly as one delivery did.
 */

const DAY = 86_400_000

describe.sequential('triple delivery of the same message ids', () => {
  let bot: FaultBot
  beforeAll(async () => { bot = await startFaultBot({ puppet: createFaultWorld() }) })
  afterAll(async () => { await bot?.stop() })

  it('keeps one row per id and every count unchanged', async () => {
    const t0 = testClock() - 3 * DAY
    const script: Array<Parameters<FaultBot['puppet']['inject']>[0]> = []
    // Three private rounds with 张三 (customer writes, merchant answers on the phone), with buying
    // questions and approval along the way, then a transfer: enough to move her up the ladder.
    const lines = ['你好，这个多少钱', '好的谢谢，怎么买', '收到了，很喜欢，效果好']
    lines.forEach((text, i) => {
      script.push({ talkerId: 'c-zhang', listenerId: SHOP, text, timestamp: t0 + i * 3_600_000 })
      script.push({ talkerId: SHOP, listenerId: 'c-zhang', text: '好的亲', timestamp: t0 + i * 3_600_000 + 60_000 })
    })
    script.push({ talkerId: 'c-zhang', listenerId: SHOP, type: PUPPET.types.Message.Transfer, text: '', timestamp: t0 + 5 * 3_600_000 })
    script.push({ talkerId: 'c-li', listenerId: SHOP, type: PUPPET.types.Message.RedEnvelope, text: '', timestamp: t0 + 6 * 3_600_000 })
    script.push({ talkerId: 'c-li', listenerId: SHOP, text: '质量差，我要退货', timestamp: t0 + 7 * 3_600_000 })
    script.push({ talkerId: 'c-wang', roomId: VIP_ROOM, text: '有货吗', timestamp: t0 + 8 * 3_600_000 })
    script.push({ talkerId: 'c-sun', roomId: NEW_ROOM, text: '推荐给我闺蜜了', timestamp: t0 + 9 * 3_600_000 })
    script.push({ talkerId: SHOP, roomId: NEW_ROOM, text: '谢谢大家', timestamp: t0 + 10 * 3_600_000 })

    // What a feature with effects (commands, payments) sees: each message once, however often it arrives.
    const handled: string[] = []
    bot.app.ctx.onLogged((event) => { handled.push(event.messageId) })
    const ids: string[] = []
    for (const message of script) {
      const id = bot.puppet.inject(message)
      ids.push(id)
      await waitLogged(bot, id)
    }
    await sleep(300)
    const once = snapshotCounts(bot)
    const seen = bot.app.counts().duplicates

    for (let round = 0; round < 2; round++) for (const id of ids) bot.puppet.redeliver(id)
    await waitFor(() => bot.app.counts().duplicates >= seen + 2 * ids.length, 'every redelivery to arrive')
    await sleep(300)

    expect(ids.map((id) => rowsFor(bot, id))).toEqual(ids.map(() => 1))
    expect(snapshotCounts(bot)).toEqual(once)
    // Only the script's messages: the bot's own start-up digest (its echo is logged too) may land meanwhile.
    expect(handled.filter((id) => ids.includes(id))).toEqual(ids)
  })

  it('answers a redelivered admin command once and records its payment once', async () => {
    const ordersBefore = bot.count('SELECT COUNT(*) FROM orders')
    const { replies, id } = await ask(bot, '/paid 李四 199', { settleMs: 500 })
    expect(replies).toHaveLength(1)
    const sentBefore = bot.puppet.sent.filter((s) => s.conversationId === BOSS).length
    bot.puppet.redeliver(id)
    bot.puppet.redeliver(id)
    await sleep(1500)
    expect(bot.puppet.sent.filter((s) => s.conversationId === BOSS)).toHaveLength(sentBefore)
    expect(bot.count('SELECT COUNT(*) FROM orders') - ordersBefore).toBeLessThanOrEqual(1)
  })
})
