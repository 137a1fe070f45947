import { describe, expect, it } from 'vitest'
import { createCustomerStore } from '../../src/commands/customer-store.js'
import { createIngest } from '../../src/ingest/ingest.js'
import { createDb, type Db } from '../../src/store/client.js'
import { createLedger } from '../../src/sync/ledger.js'
import { ACTIVITIES, TIERS } from '../../src/tiers/ladder.js'
import { SELECT_DUE_ROWS } from '../../src/tiers/tier-store.js'

/*
 * Migration 0013: one index on tiers for the rung lists and the daily pass, and a name-list counter
 * that tierbot's own rung prefix no longer moves. What must hold: the pass still finds its due rows
 * through an index (never a walk of every contact), and every change a merchant could see in a name
 * still moves the counter (in-memory name lists and remark lookups reload on it).
 */

const A = 'shop'
const contact = (id: string, name: string, remark = '') => ({ id, name, remark, friend: true, kind: 'individual' as const })
const counter = (db: Db) => db.$client.prepare(`SELECT value FROM meta WHERE account_id = ? AND key = 'contacts.version'`).pluck().get(A)
const writeRemark = (db: Db, id: string, remark: string, base: string) =>
  createLedger(db, A).apply(id, { kind: 'remark', key: '', payload: { remark, base } }, 0)

describe('the daily pass on tiers_rung_idx', () => {
  it('reads due boundaries rung by rung through the index, not by walking tiers', () => {
    const db = createDb(':memory:')
    const plan = (db.$client.prepare(`EXPLAIN QUERY PLAN ${SELECT_DUE_ROWS}`).all({ accountId: A, now: 0 }) as Array<{ detail: string }>)
      .map((p) => p.detail)
    expect(plan.find((d) => / t /.test(` ${d} `) || d.includes('tiers'))).toMatch(/SEARCH t USING (COVERING )?INDEX tiers_rung_idx \(account_id=\? AND tier=\? AND activity=\? AND next_check_at<\?\)/)
    expect(plan.join('\n')).not.toMatch(/SCAN t\b/)
  })

  it('finds a rung’s contacts whose boundary came, whatever their activity (a due row left out would never move)', () => {
    const db = createDb(':memory:')
    const put = db.$client.prepare(`INSERT INTO tiers (account_id, contact_id, tier, evidence_tier, activity, since, next_check_at, updated_at)
      VALUES (?, ?, ?, ?, ?, 0, ?, 0)`)
    const addContact = db.$client.prepare(`INSERT INTO contacts (account_id, id, name, remark, friend, first_seen_at, updated_at) VALUES (?, ?, ?, '', 1, 0, 0)`)
    const due: string[] = []
    for (const tier of TIERS) {
      for (const activity of ACTIVITIES) {
        const id = `c${tier}${activity}`
        addContact.run(A, id, id)
        addContact.run(A, `${id}-later`, id)
        put.run(A, id, tier, tier, activity, 100)
        put.run(A, `${id}-later`, tier, tier, activity, 300)
        due.push(id)
      }
    }
    const found = (db.$client.prepare(SELECT_DUE_ROWS).raw().all({ accountId: A, now: 200 }) as unknown[][]).map((r) => r[0])
    expect(found.sort()).toEqual(due.sort())
  })

  it('/list 沉默 (and the dormant and lost lists) and its count read the rung index per rung, not every contact', () => {
    const db = createDb(':memory:')
    const prepared: string[] = []
    const prepare = db.$client.prepare.bind(db.$client)
    db.$client.prepare = ((sql: string) => { prepared.push(sql); return prepare(sql) }) as typeof db.$client.prepare
    createCustomerStore(db)
    const byActivity = prepared.filter((sql) => /activity = \?/.test(sql))
    expect(byActivity).toHaveLength(2)
    for (const sql of byActivity) {
      const plan = (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(sql.includes('LIMIT') ? [A, 'silent', 50] : [A, 'silent'])) as Array<{ detail: string }>)
        .map((p) => p.detail).join('\n')
      expect(plan).toMatch(/tiers_rung_idx \(account_id=\? AND tier=\? AND activity=\?\)/)
    }
  })
})

describe('contacts.version after 0013', () => {
  it('tierbot writing or moving its rung prefix leaves it alone; the merchant’s words, a new name or another prefix move it', () => {
    const db = createDb(':memory:')
    const ingest = createIngest(db)
    ingest.upsertContact(A, contact('c1', '赵六'), 0)
    // The first remark gives the contact remark words (赵六, from the name): a remark lookup finds them now.
    const before = Number(counter(db))
    writeRemark(db, 'c1', 'L0|赵六', '赵六')
    expect(Number(counter(db))).toBe(before + 1)
    const start = counter(db)
    writeRemark(db, 'c1', 'L1|赵六', '赵六')
    writeRemark(db, 'c1', 'L2|赵六', '赵六')
    expect(counter(db)).toBe(start)
    // The merchant edits the remark on the phone; the directory brings it.
    ingest.upsertContact(A, contact('c1', '赵六', 'L2|赵小六'), 0)
    expect(Number(counter(db))).toBe(Number(start) + 1)
    ingest.upsertContact(A, contact('c1', '赵六六', 'L2|赵小六'), 0)
    expect(Number(counter(db))).toBe(Number(start) + 2)
    // Not a rung prefix: the words a merchant reads changed.
    ingest.upsertContact(A, contact('c1', '赵六六', 'VIP|赵小六'), 0)
    expect(Number(counter(db))).toBe(Number(start) + 3)
    ingest.upsertContact(A, contact('c1', '赵六六', 'L7|赵小六'), 0)
    expect(Number(counter(db))).toBe(Number(start) + 4)
    // Prefix dropped by the merchant: the plain words are the same, nothing a reader holds changed.
    ingest.upsertContact(A, contact('c1', '赵六六', 'L3|赵小六'), 0)
    ingest.upsertContact(A, contact('c1', '赵六六', '赵小六'), 0)
    expect(Number(counter(db))).toBe(Number(start) + 5)
  })
})
