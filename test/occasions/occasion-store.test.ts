import { describe, expect, it } from 'vitest'
import { createOccasionStore } from '../../src/occasions/occasion-store.js'
import { createDb } from '../../src/store/client.js'
import { seedContact, seedSnooze } from '../digest/seed-db.js'
import { sh } from '../digest/fixtures.js'

/* The occasions' SQL on the real migrations: who may be greeted, and in what order. */

const A = 'acc'
const NOW = sh('2026-05-06T09:00:00')
const DAY = 86_400_000

function shop() {
  const db = createDb(':memory:')
  const personas = db.$client.prepare('UPDATE contact_stats SET personas = ? WHERE account_id = ? AND contact_id = ?')
  const add = (id: string, tier: number, over: { activity?: 'active' | 'silent' | 'dormant'; personas?: string[]; spendFen?: number; lastOutboundAt?: number; lastInboundAt?: number } = {}) => {
    seedContact(db, A, { id, name: id, tier, activity: over.activity ?? 'active', lastInboundAt: over.lastInboundAt ?? NOW - 2 * DAY, lastOutboundAt: over.lastOutboundAt ?? null, spendFen: over.spendFen ?? 0 }, NOW)
    if (over.personas) personas.run(JSON.stringify(over.personas), A, id)
  }
  return { db, store: createOccasionStore(db), add }
}

describe('occasion store', () => {
  it('birthdays: kept, replaced, read back, removed', () => {
    const { store, add } = shop()
    add('zs', 4)
    store.setBirthday(A, 'zs', { kind: 'solar', month: 3, day: 8 }, 'command', NOW)
    store.setBirthday(A, 'zs', { kind: 'lunar', month: 8, day: 15, leap: false }, 'command', NOW)
    expect(store.getBirthday(A, 'zs')).toEqual({ kind: 'lunar', month: 8, day: 15, leap: false })
    expect(store.clearBirthday(A, 'zs')).toBe(true)
    expect(store.getBirthday(A, 'zs')).toBeNull()
    expect(store.clearBirthday(A, 'zs')).toBe(false)
  })

  it('birthday candidates leave out the dormant, the snoozed and the recently nudged', () => {
    const { db, store, add } = shop()
    add('ok', 2)
    add('sleeper', 4, { activity: 'dormant', lastInboundAt: NOW - 300 * DAY })
    add('snoozed', 4)
    add('nudged', 4, { lastInboundAt: NOW - 20 * DAY, lastOutboundAt: NOW - 3 * DAY })
    seedSnooze(db, A, 'snoozed', NOW + 5 * DAY)
    for (const id of ['ok', 'sleeper', 'snoozed', 'nudged']) store.setBirthday(A, id, { kind: 'solar', month: 5, day: 8 }, 'command', NOW)
    expect(store.birthdayCandidates(A, NOW, NOW - 14 * DAY).map((r) => r.contactId)).toEqual(['ok'])
  })

  it('festival candidates: persona fits first, then the rung and spend; never the dormant', () => {
    const { store, add } = shop()
    add('mum-l1', 1, { personas: ['宝妈'] })
    add('mum-dormant', 4, { activity: 'dormant', personas: ['宝妈'], lastInboundAt: NOW - 300 * DAY })
    add('vip', 5, { spendFen: 90_000 })
    add('l4', 4, { spendFen: 50_000 })
    add('l2', 2)
    const rows = store.festivalCandidates(A, NOW, NOW - 14 * DAY, ['宝妈'], 3, 10)
    expect(rows.map((r) => r.contactId)).toEqual(['mum-l1', 'vip', 'l4'])
    expect(store.festivalCandidates(A, NOW, NOW - 14 * DAY, [], 3, 10).map((r) => r.contactId)).toEqual(['vip', 'l4'])
  })
})
