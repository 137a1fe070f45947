import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordDemoContacts } from '../../src/demo/seed.js'
import { createDemoWorld, type DemoWorld } from '../../src/demo/world.js'
import { startGrpcBot, waitFor, type GrpcBot } from '../support/bot.js'
import { testClock } from '../support/clock.js'

/*
 * The morning digest over the real puppet-service gRPC path: the demo world's history is played on
 * the gateway's puppet, the bot logs and classifies it, and at digest time the admin receives the
 * action list naming the customers the scenario made silent.
 */
describe('the morning digest over the real gRPC path', () => {
  let bot: GrpcBot
  let world: DemoWorld
  const now = testClock()

  beforeAll(async () => {
    world = createDemoWorld({ now })
    world.populate()
    const { scenario } = world
    bot = await startGrpcBot({
      puppet: world.puppet,
      accountId: scenario.account.id,
      config: { admins: [scenario.owner.id], digest: { enabled: false }, labels: { enabled: false, remarks: false } },
      beforeStart: (app) => recordDemoContacts(app.ingest, scenario, now),
    })
    const { messages } = await world.playHistory()
    await waitFor(() => bot.app.counts().messages >= messages, 'the history to be logged', 30_000)
    for (const p of scenario.payments) {
      bot.app.features.ladder.recordPayment(scenario.account.id, p.contactId, { amountFen: p.amountFen, at: p.at, source: 'demo', messageId: p.transferMessageId }, testClock())
    }
    bot.app.features.reclassifyNow()
  }, 90_000)
  afterAll(async () => { await bot?.stop() })

  it('the admin receives the digest, and it names the silent customers to wake up', async () => {
    const report = await bot.app.features.digest.sendDaily(testClock())
    expect(report?.sent).toEqual([world.scenario.owner.id])
    const received = await waitFor(() => {
      const texts = world.puppet.sent.filter((s) => s.conversationId === world.scenario.owner.id).map((s) => s.text)
      return texts.length ? texts.join('\n') : undefined
    }, 'the digest to arrive')
    expect(received).toContain('3 位沉默客户待唤醒')
    // Seed 004: the complaint sleeper 冯玉 first, with the reason leading; then by rung, then spend: the
    // silent L5 林芳 (¥750), then the silent L4 陈红 (¥399).
    expect(received).toMatch(/1\. 投诉后沉睡：冯玉｜L4 信任我的人｜沉默 70 天｜累计消费 ¥159\n {3}建议开场 · 先道歉/)
    expect(received).toMatch(/2\. 林芳｜L5 超级用户｜沉默 40 天｜累计消费 ¥750/)
    expect(received).toMatch(/3\. 陈红｜L4 信任我的人｜沉默 70 天/)
    // 张三丰 was messaged 5 days ago without an answer: left out.
    expect(received).not.toContain('张三丰｜')
  })

  it('a second daily send the same day sends nothing', async () => {
    const before = world.puppet.sent.length
    const report = await bot.app.features.digest.sendDaily(testClock())
    expect(report?.sent ?? []).toEqual([])
    expect(world.puppet.sent.length).toBe(before)
  })
})
