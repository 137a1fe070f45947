import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import { silentLogger } from '../../src/shared/logger.js'
import { createSync, type Sync } from '../../src/sync/feature.js'
import { LABELS_UNSUPPORTED_NOTICE } from '../../src/sync/runner.js'
import type { Tier } from '../../src/tiers/ladder.js'
import { populate, SHOP, startGrpcBot, type GrpcBot } from '../support/bot.js'
import { testConfig } from './support.js'

/*
 * One wiring test per case over the real puppet-service gRPC path (PuppetServer on loopback around
 * the world puppet): the platform's PlatformActions is all sync needs.
 */

// The puppet-service client keeps a LevelDB cache under ~/.wechaty/…/<token>/<account>; two bots with
// the same token and account in parallel test processes fight over its LOCK. Each file gets its own home.
process.env.HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-sync-home-'))

function setup(bot: GrpcBot, notices: string[]): { sync: Sync; setTier: (id: string, tier: Tier) => void } {
  const db = bot.app.ctx.db
  const setTier = (id: string, tier: Tier) => {
    db.$client.prepare(`INSERT OR REPLACE INTO tiers (account_id, contact_id, tier, evidence_tier, pinned_tier, activity, reasons, since, updated_at)
      VALUES (?, ?, ?, ?, NULL, 'active', '[]', 0, 0)`).run(SHOP, id, tier, tier)
    db.$client.prepare(`INSERT OR REPLACE INTO contact_stats (account_id, contact_id, private_inbound, first_inbound_at, updated_at)
      VALUES (?, ?, 1, 0, 0)`).run(SHOP, id)
  }
  const sync = createSync({
    db, config: testConfig({ ratePerMinute: 600, jitterMs: 0 }), logger: silentLogger, clock: Date.now,
    actions: bot.app.ctx.platform, accountId: SHOP, notify: (text) => { notices.push(text) },
  })
  return { sync, setTier }
}

describe('sync over the real gRPC path', () => {
  let bot: GrpcBot
  const notices: string[] = []
  beforeAll(async () => {
    const puppet = new WorldPuppet()
    populate(puppet, { contacts: [{ id: 'c-zhang', name: '张三', alias: '张三 宝妈' }, { id: 'c-wang', name: '王五', friend: false }] })
    bot = await startGrpcBot({ puppet })
  })
  afterAll(async () => { await bot?.stop() })

  it('a contact who moves up gets the new remark and label and loses the old label', async () => {
    const { sync, setTier } = setup(bot, notices)
    setTier('c-zhang', 3)
    setTier('c-wang', 3)
    sync.planAll(Date.now())
    await sync.drain()
    expect(bot.puppet.aliases.get('c-zhang')).toBe('L3|张三 宝妈')
    expect([...bot.puppet.tags.get('c-zhang') ?? []]).toEqual(['L3 认同我的人'])
    setTier('c-zhang', 4)
    sync.planContact('c-zhang', Date.now())
    await sync.drain()
    expect(bot.puppet.aliases.get('c-zhang')).toBe('L4|张三 宝妈')
    expect([...bot.puppet.tags.get('c-zhang') ?? []]).toEqual(['L4 信任我的人'])
    expect(bot.puppet.writes.some((w) => w.contactId === 'c-wang')).toBe(false)
    expect(notices).toEqual([])
  })
})

describe('sync over the real gRPC path, tags answered with 12 UNIMPLEMENTED', () => {
  let bot: GrpcBot
  const notices: string[] = []
  beforeAll(async () => {
    const puppet = new WorldPuppet({ tagsUnsupported: true })
    populate(puppet, { contacts: [{ id: 'c-a', name: '阿花' }, { id: 'c-b', name: '阿博', alias: '广州阿博' }] })
    bot = await startGrpcBot({ puppet })
  })
  afterAll(async () => { await bot?.stop() })

  it('falls back to remarks only and tells the merchant once', async () => {
    const { sync, setTier } = setup(bot, notices)
    setTier('c-a', 2)
    setTier('c-b', 5)
    sync.planAll(Date.now())
    await sync.drain()
    expect(bot.puppet.aliases.get('c-a')).toBe('L2|阿花')
    expect(bot.puppet.aliases.get('c-b')).toBe('L5|广州阿博')
    expect(notices).toEqual([LABELS_UNSUPPORTED_NOTICE])
    expect(sync.health()).toMatchObject({ labelsSupported: false, pending: 0, failed: 0 })
  })
})
