import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SHOP } from '../support/bot.js'
import {
  ask, BOSS, createFaultWorld, CUSTOMERS, NEW_ROOM, sleep, startFaultBot, VIP_ROOM, waitFor, type FaultBot,
} from './support/fault-bot.js'

/*
 * Issue 8 "Bursts": a busy group floods the account with thousands of messages in a few seconds.
 * Every one is logged, an admin command inside the flood is still answered, and memory stays bounded.
 * Figures are printed for the note; nothing here asserts on timing.
 */

const BURST = 3_000
const CHUNK = 100

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

describe.sequential('a 3,000-message burst with an admin command inside it', () => {
  let bot: FaultBot
  beforeAll(async () => { bot = await startFaultBot({ puppet: createFaultWorld() }) })
  afterAll(async () => { await bot?.stop() })

  it('logs every message, answers the command, and keeps memory bounded', async () => {
    const idle: number[] = []
    for (let i = 0; i < 5; i++) idle.push((await ask(bot, '/stats', { settleMs: 50 })).ms)
    const rssBefore = process.memoryUsage().rss
    let peakRss = rssBefore
    const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss) }, 50)

    const ids: string[] = []
    let commandAt = 0
    let commandId = ''
    const sentBefore = bot.puppet.sent.length
    const start = performance.now()
    for (let i = 0; i < BURST; i++) {
      const sender = CUSTOMERS[i % CUSTOMERS.length]
      const place = i % 3
      // Private chats, two busy groups, and the merchant answering some of it from the phone.
      const message = place === 0 ? { talkerId: sender, listenerId: SHOP, text: `私聊 ${i} 这个多少钱` }
        : place === 1 ? { talkerId: sender, roomId: i % 2 ? VIP_ROOM : NEW_ROOM, text: `群消息 ${i} 👍` }
          : i % 10 === 2 ? { talkerId: SHOP, listenerId: sender, text: `回复 ${i}` }
            : { talkerId: sender, roomId: VIP_ROOM, text: `刷屏 ${i}` }
      ids.push(bot.puppet.inject({ ...message, id: `burst-${i}` }))
      if (i === BURST / 2) {
        commandAt = performance.now()
        commandId = bot.puppet.inject({ talkerId: BOSS, listenerId: SHOP, text: '/stats', id: 'burst-command' })
      }
      // A few seconds, not one tick: yield between chunks as a socket would.
      if (i % CHUNK === CHUNK - 1) await sleep(5)
    }
    const injectedMs = performance.now() - start

    let commandMs: number | undefined
    const answered = () => bot.puppet.sent.slice(sentBefore).some((s) => s.conversationId === BOSS)
    const total = BURST + 1
    await waitFor(() => {
      if (commandMs === undefined && answered()) commandMs = performance.now() - commandAt
      return bot.count("SELECT COUNT(*) FROM interactions WHERE message_id LIKE 'burst-%'") >= total
    }, 'the whole burst to be logged', 120_000)
    const loggedMs = performance.now() - start
    await waitFor(answered, 'the admin command to be answered', 30_000)
    commandMs ??= performance.now() - commandAt
    clearInterval(sampler)

    // (The bot's own answer comes back as an outbound message and is logged too.)
    expect(bot.count("SELECT COUNT(*) FROM interactions WHERE message_id LIKE 'burst-%'")).toBe(total)
    expect(bot.count('SELECT COUNT(*) FROM interactions WHERE message_id = ?', commandId)).toBe(1)
    expect(bot.puppet.sent.slice(sentBefore).filter((s) => s.conversationId === BOSS)).toHaveLength(1)
    // Logged in the order sent: rounds and "unanswered question" depend on which came first.
    const order = bot.all<{ message_id: string }>("SELECT message_id FROM interactions WHERE message_id LIKE 'burst-%' AND message_id <> 'burst-command' ORDER BY rowid").map((r) => r.message_id)
    expect(order.filter((id, i) => id !== `burst-${i}`)).toEqual([])
    // Bounded: a 3,000-message flood must not grow the process by hundreds of MB.
    expect(peakRss - rssBefore).toBeLessThan(300 * 1024 * 1024)

    const mb = (n: number) => (n / 1024 / 1024).toFixed(0)
    console.info(`[faults] burst ${total} messages: injected in ${(injectedMs / 1000).toFixed(1)} s, all logged after ${(loggedMs / 1000).toFixed(1)} s `
      + `(${Math.round(total / (loggedMs / 1000))} msg/s end to end over gRPC); `
      + `admin command latency idle median ${median(idle).toFixed(0)} ms vs during burst ${commandMs.toFixed(0)} ms; `
      + `RSS (gateway + bot, one process) ${mb(rssBefore)} MB before, peak ${mb(peakRss)} MB`)
  }, 180_000)
})
