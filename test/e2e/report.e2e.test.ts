import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordDemoContacts } from '../../src/demo/seed.js'
import { createDemoWorld, type DemoWorld } from '../../src/demo/world.js'
import { REPORT_HEIGHT, REPORT_WIDTH } from '../../src/report/render.js'
import { closeDb, createDb } from '../../src/store/client.js'
import { startGrpcBot, waitFor, type GrpcBot } from '../support/bot.js'
import { clockAt } from '../support/clock.js'
import { greyVariance, pngSize } from '../report/png.js'

/*
 * The weekly picture over the real puppet-service gRPC path: the demo world's history is played on the
 * gateway's puppet, past weeks are back-filled from it, and on Monday the admin receives a PNG (uploaded
 * through the client's file stream) and the caption; /周报 draws the week so far on demand.
 */
describe('the weekly report over the real gRPC path', () => {
  let bot: GrpcBot
  let world: DemoWorld
  // Monday afternoon, Beijing: after the catch-up window, so nothing goes out until the test sends it.
  const clock = clockAt(Date.parse('2026-06-22T15:00:00+08:00'))
  const now = clock()
  const filesTo = (id: string) => world.puppet.files.filter((f) => f.conversationId === id)
  const textsTo = (id: string) => world.puppet.sent.filter((s) => s.conversationId === id).map((s) => s.text)

  beforeAll(async () => {
    world = createDemoWorld({ now, clock })
    world.populate()
    const { scenario } = world
    bot = await startGrpcBot({
      puppet: world.puppet,
      accountId: scenario.account.id,
      clock,
      config: { admins: [scenario.owner.id], digest: { enabled: false }, labels: { enabled: false, remarks: false } },
      beforeStart: (app) => recordDemoContacts(app.ingest, scenario, now),
    })
    const { messages } = await world.playHistory()
    await waitFor(() => bot.app.counts().messages >= messages, 'the history to be logged', 30_000)
    for (const p of scenario.payments) {
      bot.app.features.ladder.recordPayment(scenario.account.id, p.contactId, { amountFen: p.amountFen, at: p.at, source: 'demo', messageId: p.transferMessageId }, clock())
    }
    bot.app.features.reclassifyNow()
    expect(bot.app.features.report.backfill(clock())).toBeGreaterThan(50)
    // The daily pass recorded today's funnel; the back-fill filled the weeks before from the history.
    const db = createDb(bot.dbFile)
    const today = db.$client.prepare("SELECT source, total FROM funnel_snapshots WHERE day = '2026-06-22'").get()
    closeDb(db)
    // The customers: the merchant's own admin contact is not one (as in /stats and the digest).
    expect(today).toEqual({ source: 'pass', total: world.scenario.customers.length })
  }, 120_000)
  afterAll(async () => { await bot?.stop() })

  it('on Monday the admin receives last week as a PNG of the promised size, and the caption', async () => {
    const owner = world.scenario.owner.id
    const result = await bot.app.features.report.sendWeekly(clock())
    expect(result).toMatchObject({ week: '2026-W25', sent: [owner], failed: [] })
    const [file] = await waitFor(() => filesTo(owner).length > 0 && filesTo(owner), 'the picture to arrive')
    expect(file.name).toMatch(/^weekly-report-2026-W25\.png$/)
    expect(pngSize(file.data)).toEqual({ width: REPORT_WIDTH, height: REPORT_HEIGHT })
    expect(greyVariance(file.data)).toBeGreaterThan(500)
    const caption = await waitFor(() => textsTo(owner).find((t) => t.includes('客户周报')), 'the caption')
    expect(caption).toContain('上周（6月15日–6月21日）')
    expect(caption).toMatch(/客户 \d+ 人（[+-±]\d+）/)
  }, 60_000)

  it('a second weekly run the same week sends nothing', async () => {
    const before = world.puppet.files.length
    const result = await bot.app.features.report.sendWeekly(clock())
    expect(result?.sent).toEqual([])
    expect(world.puppet.files.length).toBe(before)
  })

  it('/周报 draws the week so far, on demand', async () => {
    const owner = world.scenario.owner.id
    const before = filesTo(owner).length
    world.say('/周报')
    const files = await waitFor(() => filesTo(owner).length > before && filesTo(owner), 'the on-demand picture', 60_000)
    expect(files.at(-1)!.name).toBe('weekly-report-2026-W26.png')
    await waitFor(() => textsTo(owner).find((t) => t.includes('本周（6月22日–6月22日，截至今天）')), 'its caption')
  }, 90_000)
})
