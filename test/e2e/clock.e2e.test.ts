import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import { clockStartingAt, isWallClock, parseInstant, systemClock } from '../../src/shared/clock.js'
import { populate, SHOP, startGrpcBot, waitFor, type GrpcBot } from '../support/bot.js'
import { clockAt } from '../support/clock.js'

/*
 * Issue 11: a bot lives in the moment its test chooses. The morning digest's catch-up (a bot started
 * between 09:00 and the 12:00 cut-off sends the day's missed digest) follows that clock, never the
 * machine's; a test that wants the digest says so by choosing a morning.
 */

const OWNER = 'clock-owner'

function world(): WorldPuppet {
  const puppet = new WorldPuppet()
  populate(puppet, { contacts: [{ id: OWNER, name: '店主', alias: '老板' }, { id: 'clock-zhang', name: '张三' }] })
  return puppet
}

describe('the clock a test chooses', () => {
  let bot: GrpcBot | undefined
  afterEach(async () => { await bot?.stop(); bot = undefined })

  it('a bot started at 09:30 Beijing on its clock catches up on the missed digest, once', async () => {
    bot = await startGrpcBot({ puppet: world(), config: { admins: [OWNER] }, clock: clockAt(Date.parse('2026-12-31T09:30:00+08:00')) })
    const digest = await waitFor(() => bot!.puppet.sent.find((s) => s.conversationId === OWNER)?.text, 'the catch-up digest')
    expect(digest).toMatch(/^☀️ 12月31日 /)
    // The ledger marks the row 'sent' once the last message is out: wait for it rather than race it.
    const ledger = () => bot!.app.ctx.db.$client.prepare("SELECT day, status FROM digest_log WHERE kind = 'daily'").all() as Array<{ status: string }>
    await waitFor(() => ledger().every((r) => r.status === 'sent'), 'the ledger to record the delivery')
    expect(ledger()).toEqual([{ day: '2026-12-31', status: 'sent' }])
  })

  it('a bot started at 15:00 Beijing on its clock sends no digest, whatever the machine says', async () => {
    bot = await startGrpcBot({ puppet: world(), config: { admins: [OWNER] }, clock: clockAt(Date.parse('2026-12-31T15:00:00+08:00')) })
    bot.puppet.inject({ talkerId: OWNER, listenerId: SHOP, text: '/stats' })
    await waitFor(() => bot!.puppet.sent.some((s) => s.conversationId === OWNER), 'the /stats answer')
    await new Promise((r) => setTimeout(r, 300))
    expect(bot.puppet.sent.filter((s) => s.conversationId === OWNER)).toHaveLength(1)
    expect(bot.app.ctx.db.$client.prepare("SELECT COUNT(*) AS n FROM digest_log WHERE kind = 'daily'").get()).toEqual({ n: 0 })
  })
})

describe('clock helpers', () => {
  it.each([
    { name: 'ISO with an offset', value: '2026-06-17T15:00:00+08:00', at: Date.UTC(2026, 5, 17, 7) },
    { name: 'ISO in UTC', value: '2026-06-17T07:00:00Z', at: Date.UTC(2026, 5, 17, 7) },
    { name: 'epoch milliseconds', value: '1781679600000', at: 1781679600000 },
    { name: 'no offset: the machine zone would decide, refused', value: '2026-06-17T15:00:00', at: undefined },
    { name: 'not a time', value: 'tomorrow', at: undefined },
  ])('parseInstant: $name', ({ value, at }) => expect(parseInstant(value)).toBe(at))

  it('only the system clock arms wall-clock cron triggers; a pinned clock starts where asked and runs on', () => {
    expect(isWallClock(systemClock)).toBe(true)
    const pinned = clockStartingAt(1_000_000)
    expect(isWallClock(pinned)).toBe(false)
    expect(pinned()).toBeGreaterThanOrEqual(1_000_000)
    expect(pinned()).toBeLessThan(1_000_000 + 60_000)
  })

  it('a malformed TIERBOT_TEST_CLOCK stops the CLI with exit 2 and says what it expects', () => {
    const root = path.resolve(__dirname, '../..')
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', '--once'], {
      cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TIERBOT_TEST_CLOCK: 'soon' }, encoding: 'utf8', timeout: 30_000,
    })
    expect(run.status).toBe(2)
    expect(run.stderr).toContain('TIERBOT_TEST_CLOCK')
  })
})
