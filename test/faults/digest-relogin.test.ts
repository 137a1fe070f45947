import cron from 'node-cron'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/config/schema.js'
import { createDigestScheduler } from '../../src/digest/schedule.js'
import type { Clock } from '../../src/shared/clock.js'
import { silentLogger } from '../../src/shared/logger.js'
import { closeDb, createDb, type Db } from '../../src/store/client.js'
import { sh } from '../digest/fixtures.js'
import { seedContact } from '../digest/seed-db.js'

/*
 * Issue 8: repeated logout/login cycles must not re-send a digest. If the scheduler is (re)started
 * at every login, it keeps one cron task and the catch-up sends today's digest once.
 */
/** The fixed moment, marked as the wall clock so the scheduler arms its cron task (the subject here). */
const wallLike = (clock: () => number): Clock => Object.assign(clock, { wall: true as const })

describe('digest scheduler started at every login', () => {
  const open: Db[] = []
  afterEach(() => { for (const db of open.splice(0)) closeDb(db) })

  it('keeps one cron task and sends the caught-up digest once over five logins', async () => {
    const db = createDb(':memory:')
    open.push(db)
    seedContact(db, 'acc', { id: 's1', name: '王老客', tier: 4, activity: 'silent', lastInboundAt: sh('2026-10-01T10:00:00'), spendFen: 32_000 })
    const inbox: string[] = []
    const now = sh('2026-11-24T10:00:00')
    const scheduler = createDigestScheduler({
      db, config: DEFAULT_CONFIG, logger: silentLogger, clock: wallLike(() => now), accountId: 'acc',
      recipients: () => ['boss'],
      send: async (_to, text) => { inbox.push(text) },
    })
    const before = cron.getTasks().size
    for (let login = 0; login < 5; login++) await scheduler.start()
    expect(cron.getTasks().size - before).toBe(1)
    expect(inbox.filter((t) => t.includes('今日客户行动清单'))).toHaveLength(1)
    await scheduler.stop()
    expect(cron.getTasks().size).toBe(before)
  })
})
