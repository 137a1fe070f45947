import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG, type Config } from '../../src/config/schema.js'
import { loadReportModel, type ReportMessage } from '../../src/report/compose.js'
import { createReportScheduler } from '../../src/report/schedule.js'
import { renderReportSvg } from '../../src/report/render.js'
import { createSnapshotStore } from '../../src/report/snapshot-store.js'
import { captionText, fullText } from '../../src/report/text.js'
import { silentLogger } from '../../src/shared/logger.js'
import { closeDb, createDb, type Db } from '../../src/store/client.js'
import { tempDbFile } from '../support/bot.js'
import { seedContact, seedOrder, seedTierChange } from '../digest/seed-db.js'

const ACCOUNT = 'shop-1'
const config: Config = DEFAULT_CONFIG
// Monday 30 November 2026 in Shanghai: the report for week 48 is due at 09:00.
const MONDAY_0930 = Date.parse('2026-11-30T09:30:00+08:00')
const at = (iso: string) => Date.parse(iso)

let db: Db | undefined
afterEach(() => { if (db) closeDb(db); db = undefined })

function openDb(): Db {
  db = createDb(tempDbFile('report'))
  return db
}

describe('daily funnel snapshots', () => {
  it('the pass records the funnel and the day\'s counts; the report reads them back', () => {
    const d = openDb()
    const tiers = [0, 1, 1, 2, 4, 5]
    tiers.forEach((tier, i) => seedContact(d, ACCOUNT, { id: `c${i}`, name: `客户${i}`, tier, activity: i === 0 ? 'new' : 'active' }))
    d.$client.prepare('UPDATE contacts SET added_at = ? WHERE id = ?').run(at('2026-11-25T10:00:00+08:00'), 'c0')
    seedOrder(d, ACCOUNT, 'c4', 19_900, at('2026-11-25T12:00:00+08:00'))
    seedOrder(d, ACCOUNT, 'c5', 50_000, at('2026-11-26T12:00:00+08:00'), at('2026-11-27T12:00:00+08:00')) // refunded
    seedTierChange(d, ACCOUNT, 'c3', 1, 2, at('2026-11-24T12:00:00+08:00'))
    d.$client.prepare(`INSERT INTO tier_history (account_id, contact_id, from_tier, to_tier, from_activity, to_activity, cause, at, seq)
      VALUES (?, 'c2', 1, 1, 'silent', 'active', 'message', ?, 1)`).run(ACCOUNT, at('2026-11-26T15:00:00+08:00'))

    const store = createSnapshotStore(d)
    const monday = store.takeSnapshot(ACCOUNT, at('2026-11-23T08:30:00+08:00'), config.timezone)
    expect(monday).toMatchObject({ day: '2026-11-23', total: 6, tiers: [1, 2, 1, 0, 1, 1] })
    const next = store.takeSnapshot(ACCOUNT, at('2026-11-30T08:30:00+08:00'), config.timezone)
    expect(next.day).toBe('2026-11-30')

    // The next Monday's pass completed the counts of the days before it.
    const days = store.list(ACCOUNT, '2026-11-23', '2026-11-29')
    expect(days.find((s) => s.day === '2026-11-25')).toMatchObject({ newFriends: 1, orders: 1, spendFen: 19_900, tiers: null })
    expect(days.find((s) => s.day === '2026-11-26')).toMatchObject({ woken: 1, orders: 0 })

    const model = loadReportModel(d, config, ACCOUNT, '2026-W48', MONDAY_0930)
    expect(model.hasData).toBe(true)
    expect(model.thisWeek).toMatchObject({ newFriends: 1, woken: 1, orders: 1, spendFen: 19_900 })
    expect(model.up.map((m) => m.name)).toEqual(['客户3'])
  })
})

describe('the first week tierbot runs', () => {
  it('no day before the first snapshot is recorded, so nothing is compared with a week tierbot never saw', () => {
    const d = openDb()
    seedContact(d, ACCOUNT, { id: 'c1', name: '客户1', tier: 4, activity: 'active' })
    seedOrder(d, ACCOUNT, 'c1', 19_900, at('2026-11-25T12:00:00+08:00'))
    const store = createSnapshotStore(d)
    store.takeSnapshot(ACCOUNT, at('2026-11-25T15:00:00+08:00'), config.timezone)
    expect(store.list(ACCOUNT, '2026-11-01', '2026-11-30').map((r) => r.day)).toEqual(['2026-11-25'])
    const model = loadReportModel(d, config, ACCOUNT, '2026-W48', at('2026-11-25T15:00:00+08:00'))
    expect(model.lastWeek).toBeNull()
    expect(captionText(model)).toContain('成交 ¥199（1 单）')
    // The next morning's pass completes the day before it: the first day is recorded from then on.
    store.takeSnapshot(ACCOUNT, at('2026-11-26T08:30:00+08:00'), config.timezone)
    expect(store.list(ACCOUNT, '2026-11-01', '2026-11-30').map((r) => r.day)).toEqual(['2026-11-25', '2026-11-26'])
  })
})

describe('the report adds up as /stats and the digest do', () => {
  it('a customer who deleted the merchant (流失) is in the total and shown as 流失, so the states add up to it', async () => {
    const d = openDb()
    seedContact(d, ACCOUNT, { id: 'c1', name: '活跃客', tier: 2, activity: 'active' })
    seedContact(d, ACCOUNT, { id: 'c2', name: '沉默客', tier: 4, activity: 'silent' })
    seedContact(d, ACCOUNT, { id: 'c3', name: '走了的', tier: 4, activity: 'lost' })
    createSnapshotStore(d).takeSnapshot(ACCOUNT, at('2026-11-30T08:30:00+08:00'), config.timezone)
    const model = loadReportModel(d, config, ACCOUNT, '2026-W48', MONDAY_0930)
    expect(model.total).toBe(3)
    expect(model.activity).toEqual({ new: 0, active: 1, silent: 1, dormant: 0, lost: 1 })
    expect(captionText(model)).toContain('沉默 1 人，沉睡 0 人，流失 1 人。')
    expect(fullText(model)).toContain('流失 1 人')
    const svg = await renderReportSvg(model)
    expect(svg).toContain('流失 1')
  })

  it('a day recorded before 流失 was counted reads as nobody lost', () => {
    const d = openDb()
    d.$client.prepare(`INSERT INTO funnel_snapshots (account_id, day, taken_at, source, total, tiers, activity) VALUES (?, '2026-11-30', ?, 'pass', 2, '[0,0,1,0,1,0]', '[0,1,1,0]')`)
      .run(ACCOUNT, at('2026-11-30T08:30:00+08:00'))
    const model = loadReportModel(d, config, ACCOUNT, '2026-W48', MONDAY_0930)
    expect(model.activity).toEqual({ new: 0, active: 1, silent: 1, dormant: 0, lost: 0 })
    expect(captionText(model)).toContain('沉默 1 人，沉睡 0 人。')
  })
})

describe('weekly delivery, exactly once', () => {
  function scheduler(d: Db, now: () => number, deliver: (recipient: string, m: ReportMessage) => Promise<void>) {
    const built: string[] = []
    const s = createReportScheduler({
      db: d, config, logger: silentLogger, clock: now, accountId: () => ACCOUNT,
      recipients: () => ['admin-1', 'room:ops@chatroom'],
      build: async (week) => { built.push(week); return { kind: 'text', week, texts: ['周报'] } },
      deliver,
    })
    return { s, built }
  }

  it('sends last week to every recipient once; a second run sends nothing', async () => {
    const d = openDb()
    const sent: string[] = []
    const { s, built } = scheduler(d, () => MONDAY_0930, async (r) => { sent.push(r) })
    expect(await s.sendWeekly(MONDAY_0930)).toMatchObject({ week: '2026-W48', sent: ['admin-1', 'room:ops@chatroom'] })
    expect(await s.sendWeekly(MONDAY_0930 + 60_000)).toMatchObject({ sent: [], skipped: ['admin-1', 'room:ops@chatroom'] })
    expect(sent).toEqual(['admin-1', 'room:ops@chatroom'])
    expect(built).toEqual(['2026-W48'])
  })

  it('a Sunday-evening schedule reports the week ending that day, not the one before', async () => {
    const d = openDb()
    const sunday = at('2026-11-29T20:00:00+08:00')
    const { s, built } = scheduler(d, () => sunday, async () => {})
    expect(await s.sendWeekly(sunday)).toMatchObject({ week: '2026-W48' })
    expect(built).toEqual(['2026-W48'])
  })

  it('a failed delivery is retried by the catch-up; the one that went out is not repeated', async () => {
    const d = openDb()
    const sent: string[] = []
    let failRoom = true
    const { s } = scheduler(d, () => MONDAY_0930, async (r) => {
      if (r.startsWith('room:') && failRoom) throw new Error('gateway down')
      sent.push(r)
    })
    expect(await s.sendWeekly(MONDAY_0930)).toMatchObject({ sent: ['admin-1'], failed: ['room:ops@chatroom'] })
    failRoom = false
    expect(await s.catchUp(MONDAY_0930 + 3_600_000)).toMatchObject({ sent: ['room:ops@chatroom'], skipped: ['admin-1'] })
    expect(sent).toEqual(['admin-1', 'room:ops@chatroom'])
  })

  it.each([
    { name: 'Monday 10:00 (bot was down at 09:00) → catch up', now: '2026-11-30T10:00:00+08:00', sends: true },
    { name: 'Monday 08:59 → too early', now: '2026-11-30T08:59:00+08:00', sends: false },
    { name: 'Monday 12:00 → past catchUpUntil', now: '2026-11-30T12:00:00+08:00', sends: false },
    { name: 'Tuesday 10:00 → not the report day', now: '2026-12-01T10:00:00+08:00', sends: false },
  ])('$name', async ({ now, sends }) => {
    const d = openDb()
    const { s } = scheduler(d, () => at(now), async () => {})
    const result = await s.catchUp(at(now))
    expect(result !== null).toBe(sends)
  })
})
