import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG, type Config } from '../../src/config/schema.js'
import { createDigestScheduler, parseDailyTime } from '../../src/digest/schedule.js'
import { silentLogger } from '../../src/shared/logger.js'
import { closeDb, createDb, type Db } from '../../src/store/client.js'
import { daysAgo, sh } from './fixtures.js'
import { seedContact } from './seed-db.js'

const A = 'acc'
const RECIPIENTS = ['admin-wang', 'room-control']

/*
 * Each "process" opens the database file afresh and builds a new scheduler, as a restart would;
 * the clock is injected, so 09:00 and 10:00 are values, not waits.
 */
describe('digest schedule: exactly once per local day and recipient', () => {
  let dir: string
  let file: string
  let inbox: Array<{ to: string; text: string }>
  const open: Db[] = []

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-digest-'))
    file = path.join(dir, 'tierbot.db')
    inbox = []
    const db = createDb(file)
    seedContact(db, A, { id: 's1', name: '王老客', tier: 4, activity: 'silent', lastInboundAt: daysAgo(45, sh('2026-11-24T09:00:00')), spendFen: 32_000 })
    closeDb(db)
  })
  afterEach(() => {
    for (const db of open.splice(0)) closeDb(db)
    fs.rmSync(dir, { recursive: true, force: true })
  })

  function startProcess(now: number, options: { config?: Config; failFor?: string } = {}) {
    const db = createDb(file)
    open.push(db)
    let clockNow = now
    const scheduler = createDigestScheduler({
      db, config: options.config ?? DEFAULT_CONFIG, logger: silentLogger, clock: () => clockNow, accountId: A,
      recipients: () => RECIPIENTS,
      send: async (to, text) => {
        if (to === options.failFor) throw new Error('network down')
        inbox.push({ to, text })
      },
    })
    return { scheduler, db, setNow: (t: number) => { clockNow = t } }
  }
  const dailiesTo = (to: string) => inbox.filter((m) => m.to === to && m.text.includes('今日客户行动清单'))

  it('sends at 09:00 to every admin and the control room, naming the silent customer', async () => {
    const { scheduler } = startProcess(sh('2026-11-24T09:00:00'))
    await scheduler.sendDaily(sh('2026-11-24T09:00:00'))
    for (const to of RECIPIENTS) {
      expect(dailiesTo(to)).toHaveLength(1)
      expect(dailiesTo(to)[0].text).toContain('1. 王老客｜L4 信任我的人｜沉默 45 天｜累计消费 ¥320')
    }
  })

  it('a restart after sending does not send again', async () => {
    const first = startProcess(sh('2026-11-24T09:00:00'))
    await first.scheduler.sendDaily(sh('2026-11-24T09:00:00'))
    closeDb(first.db)
    const second = startProcess(sh('2026-11-24T09:20:00'))
    await second.scheduler.catchUp(sh('2026-11-24T09:20:00'))
    await second.scheduler.sendDaily(sh('2026-11-24T09:21:00'))
    for (const to of RECIPIENTS) expect(dailiesTo(to)).toHaveLength(1)
  })

  it('a restart at 10:00 after missing 09:00 sends once', async () => {
    const first = startProcess(sh('2026-11-24T10:00:00'))
    await first.scheduler.catchUp(sh('2026-11-24T10:00:00'))
    for (const to of RECIPIENTS) expect(dailiesTo(to)).toHaveLength(1)
    closeDb(first.db)
    const second = startProcess(sh('2026-11-24T10:05:00'))
    await second.scheduler.catchUp(sh('2026-11-24T10:05:00'))
    for (const to of RECIPIENTS) expect(dailiesTo(to)).toHaveLength(1)
  })

  it.each([
    { name: 'a restart after the cut-off sends nothing that day', at: '2026-11-24T12:30:00' },
    { name: 'a restart exactly at the cut-off sends nothing', at: '2026-11-24T12:00:00' },
    { name: 'a restart before the scheduled time leaves it to the cron task', at: '2026-11-24T08:30:00' },
  ])('$name', async ({ at }) => {
    const { scheduler } = startProcess(sh(at))
    expect(await scheduler.catchUp(sh(at))).toBeNull()
    expect(inbox).toHaveLength(0)
  })

  it('the next local day gets its own digest', async () => {
    const { scheduler } = startProcess(sh('2026-11-24T09:00:00'))
    await scheduler.sendDaily(sh('2026-11-24T09:00:00'))
    await scheduler.sendDaily(sh('2026-11-25T09:00:00'))
    for (const to of RECIPIENTS) expect(dailiesTo(to)).toHaveLength(2)
  })

  it('/digest on demand does not disturb the daily one', async () => {
    const { scheduler } = startProcess(sh('2026-11-24T08:00:00'))
    const shown = await scheduler.sendOnDemand('admin-wang', sh('2026-11-24T08:00:00'))
    expect(shown.join('\n')).toContain('王老客')
    await scheduler.sendDaily(sh('2026-11-24T09:00:00'))
    await scheduler.sendOnDemand('admin-wang', sh('2026-11-24T15:00:00'))
    await scheduler.sendDaily(sh('2026-11-24T15:00:01'))
    expect(inbox.filter((m) => m.to === 'admin-wang')).toHaveLength(3)
    expect(dailiesTo('room-control')).toHaveLength(1)
  })

  it('a failed delivery is retried on the next start; the others are not sent twice', async () => {
    const first = startProcess(sh('2026-11-24T09:00:00'), { failFor: 'room-control' })
    const report = await first.scheduler.sendDaily(sh('2026-11-24T09:00:00'))
    expect(report).toMatchObject({ sent: ['admin-wang'], failed: ['room-control'] })
    closeDb(first.db)
    const second = startProcess(sh('2026-11-24T09:30:00'))
    await second.scheduler.catchUp(sh('2026-11-24T09:30:00'))
    expect(dailiesTo('admin-wang')).toHaveLength(1)
    expect(dailiesTo('room-control')).toHaveLength(1)
  })

  it('a crash in the middle of a delivery is not resent (a duplicate is worse than a gap)', async () => {
    const db = createDb(file)
    db.$client.prepare(`INSERT INTO digest_log (account_id, day, recipient, kind, status, at)
      VALUES (?, '2026-11-24', 'admin-wang', 'daily', 'sending', ?)`).run(A, sh('2026-11-24T09:00:00'))
    closeDb(db)
    const { scheduler } = startProcess(sh('2026-11-24T09:10:00'))
    await scheduler.catchUp(sh('2026-11-24T09:10:00'))
    expect(dailiesTo('admin-wang')).toHaveLength(0)
    expect(dailiesTo('room-control')).toHaveLength(1)
  })

  it('start() catches up through the real cron wiring, stop() ends it', async () => {
    const { scheduler } = startProcess(sh('2026-11-24T10:00:00'))
    await scheduler.start()
    await scheduler.stop()
    for (const to of RECIPIENTS) expect(dailiesTo(to)).toHaveLength(1)
  })

  it('splits a long digest into several messages for each recipient', async () => {
    const db = createDb(file)
    for (let i = 0; i < 40; i++) {
      seedContact(db, A, { id: `q${i}`, name: `问价${i}`, tier: 2, activity: 'active', lastInboundAt: sh('2026-11-24T08:00:00'),
        unansweredIntentAt: sh('2026-11-24T08:00:00') - i * 60_000, unansweredIntentText: '这款多少钱，包邮吗？' })
    }
    closeDb(db)
    const config = { ...DEFAULT_CONFIG, digest: { ...DEFAULT_CONFIG.digest, maxMessageLength: 300, maxPerSection: 40 } }
    const { scheduler } = startProcess(sh('2026-11-24T09:00:00'), { config })
    await scheduler.sendDaily(sh('2026-11-24T09:00:00'))
    const toWang = inbox.filter((m) => m.to === 'admin-wang')
    expect(toWang.length).toBeGreaterThan(2)
    expect(toWang.every((m) => m.text.length <= 300)).toBe(true)
    expect(toWang[0].text).toContain('今日客户行动清单')
  })
})

describe('parseDailyTime', () => {
  it.each([
    { expr: '0 9 * * *', want: { hour: 9, minute: 0 } },
    { expr: '30 8 * * *', want: { hour: 8, minute: 30 } },
    { expr: '0 15 7 * * *', want: { hour: 7, minute: 15 } },
    { expr: '0 9 * * 1-5', want: null },
    { expr: '*/5 * * * *', want: null },
    { expr: '0 25 * * *', want: null },
  ])('$expr', ({ expr, want }) => expect(parseDailyTime(expr)).toEqual(want))
})
