import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/config/schema.js'
import { buildDigest } from '../../src/digest/build.js'
import { loadDigestSnapshot } from '../../src/digest/snapshot.js'
import { createImportStore } from '../../src/import/import-store.js'
import { netMoves } from '../../src/report/model.js'
import { createSnapshotStore } from '../../src/report/snapshot-store.js'
import { createDb } from '../../src/store/client.js'
import { createTierStore } from '../../src/tiers/tier-store.js'
import { NOW, sh } from '../digest/fixtures.js'
import { seedContact, seedDigestLog, seedTierChange } from '../digest/seed-db.js'

/*
 * tier_history is clustered by contact (migration 0012: WITHOUT ROWID, key account, contact, at, seq).
 * Nothing may depend on row ids any more: a contact's changes keep the order tierbot made them in `seq`,
 * also when two share a millisecond or one is dated back (a /paid of three days ago).
 */

const A = 'acc'
const history = (db: ReturnType<typeof createDb>, contactId: string) => db.$client.prepare(`SELECT from_tier AS fromTier,
  to_tier AS toTier, at, seq FROM tier_history WHERE account_id = ? AND contact_id = ? ORDER BY seq`).all(A, contactId)

describe('tier history without row ids', () => {
  it('two changes of one contact in the same millisecond are both kept, in the order made', () => {
    const db = createDb(':memory:')
    const store = createTierStore(db)
    const at = sh('2026-11-23T15:00:00')
    store.addHistory(A, 'c1', { tier: 1, activity: 'active' }, { tier: 2, activity: 'active' }, { kind: 'message', ref: 'm1' }, at)
    store.addHistory(A, 'c1', { tier: 2, activity: 'active' }, { tier: 3, activity: 'active' }, { kind: 'message', ref: 'm2' }, at)
    store.addHistory(A, 'c1', { tier: 3, activity: 'active' }, { tier: 4, activity: 'active' }, { kind: 'payment', ref: '7' }, at - 3 * 86_400_000)
    store.addHistory(A, 'c2', null, { tier: 1, activity: 'new' }, { kind: 'time' }, at)
    expect(history(db, 'c1')).toEqual([
      { fromTier: 1, toTier: 2, at, seq: 1 },
      { fromTier: 2, toTier: 3, at, seq: 2 },
      { fromTier: 3, toTier: 4, at: at - 3 * 86_400_000, seq: 3 },
    ])
    expect(history(db, 'c2')).toEqual([{ fromTier: null, toTier: 1, at, seq: 1 }])
  })

  it('the digest reads a contact’s changes first rung → last rung in the order made, one dated back included', () => {
    const db = createDb(':memory:')
    seedDigestLog(db, A, '2026-11-23', 'admin', sh('2026-11-23T09:00:00'))
    seedContact(db, A, { id: 'b1', name: '周回溯', tier: 4, activity: 'active' })
    seedContact(db, A, { id: 'b2', name: '吴同刻', tier: 3, activity: 'active' })
    // b1: L1 → L2 at 16:00, then a payment recorded later but dated 12:00 took L2 → L4.
    seedTierChange(db, A, 'b1', 1, 2, sh('2026-11-23T16:00:00'))
    seedTierChange(db, A, 'b1', 2, 4, sh('2026-11-23T12:00:00'))
    // b2: two changes in one millisecond.
    seedTierChange(db, A, 'b2', 1, 2, sh('2026-11-23T17:00:00'))
    seedTierChange(db, A, 'b2', 2, 3, sh('2026-11-23T17:00:00'))
    const snapshot = loadDigestSnapshot(db, A, NOW, DEFAULT_CONFIG)
    expect(snapshot.changes.map((c) => [c.contactId, c.from, c.to])).toEqual([['b1', 1, 4], ['b2', 1, 3]])
    const digest = buildDigest(snapshot, NOW, DEFAULT_CONFIG).join('\n')
    expect(digest).toContain('· 周回溯 ↑ L1 知道我的人 → L4 信任我的人')
    expect(digest).toContain('· 吴同刻 ↑ L1 知道我的人 → L3 认同我的人')
  })

  it('the weekly report nets a contact’s moves of one millisecond in the order made', () => {
    const db = createDb(':memory:')
    seedContact(db, A, { id: 'b2', name: '吴同刻', tier: 1, activity: 'active' })
    const at = sh('2026-11-25T17:00:00')
    seedTierChange(db, A, 'b2', 3, 2, at)
    seedTierChange(db, A, 'b2', 2, 1, at)
    const moves = createSnapshotStore(db).moves(A, sh('2026-11-23T00:00:00'), sh('2026-11-30T00:00:00'))
    expect(netMoves(moves)).toEqual({ up: [], down: [{ name: '吴同刻', from: 3, to: 1 }] })
  })

  it('an imported stand-in’s history joins the contact’s after it, even at the same instant', () => {
    const db = createDb(':memory:')
    const store = createTierStore(db)
    const at = sh('2026-11-23T15:00:00')
    store.addHistory(A, 'c1', null, { tier: 2, activity: 'active' }, { kind: 'import' }, at)
    store.addHistory(A, 'stand-in', null, { tier: 4, activity: 'active' }, { kind: 'import' }, at)
    createImportStore(db).moveContact(A, 'stand-in', 'c1', 'map', at)
    expect(history(db, 'c1')).toEqual([{ fromTier: null, toTier: 2, at, seq: 1 }, { fromTier: null, toTier: 4, at, seq: 2 }])
    expect(history(db, 'stand-in')).toEqual([])
  })

  it('is a table clustered by contact: no rowid, no separate contact index', () => {
    const db = createDb(':memory:')
    const info = db.$client.prepare(`SELECT wr FROM pragma_table_list WHERE name = 'tier_history'`).get() as { wr: number }
    expect(info.wr).toBe(1)
    const indexes = db.$client.prepare(`SELECT name FROM pragma_index_list('tier_history') WHERE origin = 'c'`).pluck().all()
    expect(indexes).toEqual(['tier_history_at_idx'])
    expect(db.$client.prepare(`SELECT name FROM pragma_index_list('contacts') WHERE origin = 'c' ORDER BY name`).pluck().all())
      .toEqual(['contacts_lost_idx', 'contacts_name_idx'])
  })
})
