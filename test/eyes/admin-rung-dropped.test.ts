import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../src/shared/logger.js'
import { createLadder } from '../../src/tiers/service.js'
import { ACCOUNT, ADMIN, CONFIG, createShopDb, NOW } from '../commands/seed.js'

/* Issue 18 §1 on a database an older version filled: the admin's rung and counters go at the next pass. */
describe('an admin ranked by an older version', () => {
  it('loses the rung and the counters at the next pass; customers keep theirs', () => {
    const shop = createShopDb()
    shop.say(ADMIN, '/note 李四 想买面霜 多少钱', NOW - 60_000)
    const count = (table: string, id: string) => shop.db.$client.prepare(`SELECT COUNT(*) FROM ${table} WHERE contact_id = ?`).pluck().get(id)
    expect(count('contact_stats', ADMIN)).toBe(1)
    const ladder = createLadder(shop.db, CONFIG, silentLogger, () => NOW, (account, id) => id !== account && id !== ADMIN)
    ladder.reclassifyAll(ACCOUNT, NOW)
    expect(count('tiers', ADMIN)).toBe(0)
    expect(count('contact_stats', ADMIN)).toBe(0)
    expect(count('tiers', ACCOUNT)).toBe(0)
    expect(count('tiers', 'wxid_ls')).toBe(1)
    expect(ladder.getTier(ACCOUNT, ADMIN)).toBeUndefined()
  })
})
