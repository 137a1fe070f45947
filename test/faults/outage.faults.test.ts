import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SHOP } from '../support/bot.js'
import {
  ask, BOSS, createFaultWorld, repliesTo, rowsFor, sleep, startFaultBot, VIP_ROOM, waitFor, waitLogged, type FaultBot,
} from './support/fault-bot.js'

/*
 * Issue 8 "Outage and reconnect": a hosted puppet service restarts when it deploys. The official
 * client only notices through its watchdog (60 s after the last event), then logs out and in again;
 * the bot has to survive that cycle on its own and keep exactly one set of handlers.
 */

// Longer than the client's 60 s watchdog: its reset finds the service still away, and only the
// platform's own reconnect brings the bot back (without it the bot stayed up but deaf for good).
const OUTAGE_MS = 75_000
const CYCLES = 5

describe.sequential('the puppet service goes away and comes back', () => {
  let bot: FaultBot
  beforeAll(async () => {
    // A digest already due today with the catch-up window open all day: every login could be
    // tempted to send it again.
    bot = await startFaultBot({ puppet: createFaultWorld(), config: { timezone: 'UTC', digest: { cron: '0 0 * * *', catchUpUntil: '23:59' } } })
  })
  afterAll(async () => { await bot?.stop() })

  it('survives repeated logout/login cycles without registering handlers twice', async () => {
    const puppet = bot.puppet as unknown as { logout(reason?: string): Promise<void>; login(id: string): Promise<void> }
    // Back to back, as a service reset or a phone re-login does: the client closes and reopens its
    // payload cache each time, which used to race (an uncaught LevelDB lock error ends the process).
    const seen = (kind: string) => bot.count('SELECT COUNT(*) FROM bot_events WHERE kind = ?', kind)
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      await puppet.logout(`test cycle ${cycle}`)
      await waitFor(() => seen('logout') > cycle, `logout ${cycle} seen by the bot`, 15_000, 1)
      await puppet.login(SHOP)
      await waitFor(() => seen('login') > cycle + 1, `login ${cycle} seen by the bot`, 15_000, 1)
    }
    await waitFor(() => bot.count("SELECT COUNT(*) FROM bot_events WHERE kind = 'login'") >= CYCLES + 1, 'every login recorded')
    // One customer message → one row; the same message seen through three logins is still one row.
    const id = bot.puppet.inject({ talkerId: 'c-zhang', listenerId: SHOP, text: '还在吗' })
    await waitLogged(bot, id)
    await sleep(500)
    expect(rowsFor(bot, id)).toBe(1)
    expect(bot.app.counts().duplicates).toBe(0)
    expect(bot.count("SELECT COUNT(*) FROM bot_events WHERE kind = 'offline'")).toBe(CYCLES)
    expect(bot.count("SELECT COUNT(*) FROM bot_events WHERE kind = 'online'")).toBe(CYCLES)
  })

  it('answers one admin command exactly once after the cycles', async () => {
    const { replies } = await ask(bot, '/help', { settleMs: 1000 })
    expect(replies).toHaveLength(1)
  })

  it('recovers on its own after the gateway stops and a new one starts on the same port', async () => {
    const before = bot.count('SELECT COUNT(*) FROM interactions')
    const lastEvent = bot.count('SELECT COALESCE(MAX(id), 0) FROM bot_events')
    await bot.stopGateway()
    // On the bot's clock (the test's), which is what bot_events records; durations below use real time.
    const down = bot.app.ctx.clock()
    // Sent while the service is down: lost upstream until the service re-sends them on resume (below).
    const duringOutage = bot.puppet.inject({ talkerId: 'c-li', listenerId: SHOP, text: '断线时的消息' })
    const commandDuringOutage = bot.puppet.inject({ talkerId: BOSS, listenerId: SHOP, text: '/paid 李四 88' })
    await sleep(OUTAGE_MS)
    await bot.restartGateway()
    const back = Date.now()

    // Probe as a customer would: one new message a second until the bot logs one.
    const probes: string[] = []
    const firstLogged = await waitFor(() => {
      const logged = probes.find((id) => rowsFor(bot, id) > 0)
      if (logged) return logged
      probes.push(bot.puppet.inject({ talkerId: 'c-wang', roomId: VIP_ROOM, text: `探测 ${probes.length}` }))
      return undefined
    }, 'a message after the gateway returned', 120_000, 1000)
    const recoveryMs = Date.now() - back

    // Messages after recovery are all logged, once each.
    const after = [
      bot.puppet.inject({ talkerId: 'c-zhao', listenerId: SHOP, text: '恢复后的私聊' }),
      bot.puppet.inject({ talkerId: 'c-zhou', roomId: VIP_ROOM, text: '恢复后的群聊' }),
    ]
    for (const id of after) await waitLogged(bot, id)
    expect(after.map((id) => rowsFor(bot, id))).toEqual([1, 1])

    // The service re-sends what it held during the outage: logged once, and the command answered.
    const answersBefore = repliesTo(bot.puppet, BOSS).length
    bot.puppet.redeliver(duringOutage)
    bot.puppet.redeliver(commandDuringOutage)
    for (const id of [duringOutage, commandDuringOutage]) await waitLogged(bot, id)
    await waitFor(() => repliesTo(bot.puppet, BOSS).length > answersBefore, 'the answer to the re-sent command')
    expect(repliesTo(bot.puppet, BOSS).slice(answersBefore)[0]).toMatch(/^已记录：李四 付款 ¥88/)
    expect(bot.count("SELECT COUNT(*) FROM orders WHERE contact_id = 'c-li'")).toBe(1)
    expect(bot.count('SELECT COUNT(*) FROM interactions')).toBeGreaterThan(before)

    // The offline period is on record (what /stats shows).
    const events = bot.all<{ kind: string; detail: string | null; at: number }>(
      "SELECT kind, detail, at FROM bot_events WHERE id > ? AND kind IN ('offline', 'online') ORDER BY id", lastEvent)
    expect(events.map((e) => e.kind)).toEqual(['offline', 'online'])
    const offlineMs = Number(events[1].detail)
    // The bot cannot hear the outage begin; it records it from the last sign of life, so the period
    // shown covers at least the time the service was really gone.
    expect(offlineMs).toBeGreaterThanOrEqual(OUTAGE_MS)
    expect(events[0].at).toBeLessThanOrEqual(down)

    const answer = await ask(bot, '/stats', { timeoutMs: 120_000, settleMs: 1000 })
    expect(answer.replies).toHaveLength(1)
    // The merchant sees the outages: the quick cycles and this one.
    expect(answer.replies[0]).toMatch(new RegExp(`掉线 ${CYCLES + 1} 次`))
    const commandMs = Date.now() - back
    console.info(`[faults] outage ${OUTAGE_MS / 1000} s: first message logged ${(recoveryMs / 1000).toFixed(1)} s after the gateway returned `
      + `(probe ${probes.indexOf(firstLogged) + 1}/${probes.length}); recorded offline ${(offlineMs / 1000).toFixed(1)} s`
      + `; admin command answered ${(commandMs / 1000).toFixed(1)} s after the return`)
    expect(recoveryMs).toBeLessThan(120_000)
  }, 260_000)

  it('still logs exactly one row per message after the reconnect, and sent the digest once', async () => {
    const id = bot.puppet.inject({ talkerId: BOSS, listenerId: SHOP, text: '普通聊天' })
    await waitLogged(bot, id)
    await sleep(300)
    expect(rowsFor(bot, id)).toBe(1)
    // Every digest opens with ☀️ and the date (also the short "nothing urgent today" one).
    const digests = repliesTo(bot.puppet, BOSS).filter((text) => text.startsWith('☀️'))
    expect(digests.length).toBe(1)
  })
})
