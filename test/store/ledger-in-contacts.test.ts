import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { describe, expect, it } from 'vitest'
import { createContactResolver } from '../../src/commands/resolve.js'
import { createDisplayNames } from '../../src/contacts/names.js'
import { createIngest } from '../../src/ingest/ingest.js'
import { createDb, MIGRATIONS_DIR } from '../../src/store/client.js'
import { loadSyncCandidates } from '../../src/sync/candidates.js'
import { createLedger } from '../../src/sync/ledger.js'

/*
 * Migration 0014: the label/remark ledger lives in the contact's row; label_state keeps the ledger of
 * people without one (the undo writes after a forget). What must hold: an upgraded file plans from the
 * same ledger as before, a forgotten person's undo is still recorded and read, and labels deleted on
 * WeChat are dropped wherever a ledger is.
 */

const A = 'shop'
const contact = (id: string, name: string, remark = '') => ({ id, name, remark, friend: true, kind: 'individual' as const })
const filter = { includeStrangers: true, isAdmin: () => false }

/** A copy of migrations/ that stops before `tag`. */
function migrationsBefore(tag: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-migrations-'))
  fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true })
  const journalFile = path.join(dir, 'meta', '_journal.json')
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> }
  const at = journal.entries.findIndex((e) => e.tag === tag)
  expect(at).toBeGreaterThan(0)
  journal.entries = journal.entries.slice(0, at)
  fs.writeFileSync(journalFile, JSON.stringify(journal))
  return dir
}

describe('migration 0014: the ledger in the contact row', () => {
  it('moves each contact’s ledger into its row, keeps a forgotten person’s in label_state, and keeps names, remarks and triggers', () => {
    const old = createDb(':memory:', { migrate: false })
    migrate(old, { migrationsFolder: migrationsBefore('0014_ledger_in_contacts') })
    const q = old.$client
    q.prepare(`INSERT INTO contacts (account_id, id, name, remark, friend, first_seen_at, updated_at) VALUES (?, ?, ?, ?, 1, 0, 0)`)
      .run(A, 'c1', '赵六', 'L2|赵六 宝妈')
    q.prepare(`INSERT INTO contacts (account_id, id, name, remark, friend, first_seen_at, updated_at) VALUES (?, ?, ?, '', 1, 0, 0)`)
      .run(A, 'c2', '钱七')
    const putLedger = q.prepare(`INSERT INTO label_state (account_id, contact_id, labels, remark, base_remark, updated_at) VALUES (?, ?, ?, ?, ?, 5)`)
    putLedger.run(A, 'c1', '["L2 回头客"]', 'L2|赵六 宝妈', '赵六 宝妈')
    putLedger.run(A, 'gone', '[]', '孙八', '孙八')
    const version = () => Number(q.prepare(`SELECT value FROM meta WHERE account_id = ? AND key = 'contacts.version'`).pluck().get(A))
    const versionBefore = version()

    migrate(old, { migrationsFolder: MIGRATIONS_DIR })
    expect(q.prepare(`SELECT id, name, remark, ledger_labels, ledger_remark, ledger_base_remark FROM contacts ORDER BY id`).all()).toEqual([
      { id: 'c1', name: '赵六', remark: 'L2|赵六 宝妈', ledger_labels: '["L2 回头客"]', ledger_remark: 'L2|赵六 宝妈', ledger_base_remark: '赵六 宝妈' },
      { id: 'c2', name: '钱七', remark: '', ledger_labels: null, ledger_remark: null, ledger_base_remark: null },
    ])
    expect(q.prepare('SELECT contact_id FROM label_state').pluck().all()).toEqual(['gone'])
    expect(q.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'contacts'`).pluck().get()).toMatch(/WITHOUT ROWID/)

    const ledger = createLedger(old, A)
    expect(ledger.get('c1')).toEqual({ labels: ['L2 回头客'], remark: 'L2|赵六 宝妈', baseRemark: '赵六 宝妈' })
    expect(ledger.get('c2')).toBeNull()
    expect(ledger.get('gone')).toEqual({ labels: [], remark: '孙八', baseRemark: '孙八' })
    const [c1] = loadSyncCandidates(old, A, { ...filter, contactId: 'c1' })
    expect(c1.input.ledger).toEqual({ labels: ['L2 回头客'], remark: 'L2|赵六 宝妈', baseRemark: '赵六 宝妈' })

    // The triggers came back with the table: a new contact and a merchant's remark move the name-list counter.
    createIngest(old).upsertContact(A, contact('c3', '李四'), 10)
    expect(version()).toBe(versionBefore + 1)
    q.prepare(`UPDATE contacts SET remark = '老客户' WHERE account_id = ? AND id = 'c2'`).run(A)
    expect(version()).toBe(versionBefore + 2)
  })
})

describe('the ledger with and without a contacts row', () => {
  it('a recorded write lands in the contact row; without one (a forgotten person’s undo) in label_state', () => {
    const db = createDb(':memory:')
    createIngest(db).upsertContact(A, contact('c1', '赵六'), 0)
    const ledger = createLedger(db, A)
    ledger.applyAll('c1', [
      { op: { kind: 'label_add', key: 'L3 老朋友', payload: { label: 'L3 老朋友' } }, at: 1 },
      { op: { kind: 'remark', key: '', payload: { remark: 'L3|赵六', base: '赵六' } }, at: 2 },
    ])
    expect(db.$client.prepare(`SELECT remark, ledger_labels FROM contacts WHERE id = 'c1'`).get()).toEqual({ remark: 'L3|赵六', ledger_labels: '["L3 老朋友"]' })
    expect(db.$client.prepare('SELECT COUNT(*) FROM label_state').pluck().get()).toBe(0)

    ledger.apply('gone', { kind: 'label_remove', key: 'L3 老朋友', payload: { label: 'L3 老朋友' } }, 3)
    expect(db.$client.prepare(`SELECT contact_id, labels FROM label_state`).all()).toEqual([{ contact_id: 'gone', labels: '[]' }])
    expect(ledger.get('gone')).toEqual({ labels: [], remark: null, baseRemark: null })
  })

  it('a forgotten person who writes again is planned from the undo ledger until their row holds one', () => {
    const db = createDb(':memory:')
    const ledger = createLedger(db, A)
    // The undo took the label off and wrote the remark back while they had no row.
    ledger.applyAll('p', [
      { op: { kind: 'label_remove', key: 'L2 回头客', payload: { label: 'L2 回头客' } }, at: 1 },
      { op: { kind: 'remark', key: '', payload: { remark: '小周', base: '小周' } }, at: 2 },
    ])
    createIngest(db).upsertContact(A, contact('p', '小周', '小周'), 3)
    expect(ledger.get('p')).toEqual({ labels: [], remark: '小周', baseRemark: '小周' })
    expect(loadSyncCandidates(db, A, { ...filter, contactId: 'p' })[0].input.ledger).toEqual({ labels: [], remark: '小周', baseRemark: '小周' })
    ledger.apply('p', { kind: 'label_add', key: 'L1 新朋友', payload: { label: 'L1 新朋友' } }, 4)
    expect(ledger.get('p')).toEqual({ labels: ['L1 新朋友'], remark: '小周', baseRemark: '小周' })
    expect(db.$client.prepare(`SELECT ledger_labels FROM contacts WHERE id = 'p'`).pluck().get()).toBe('["L1 新朋友"]')
  })

  it('labels deleted on WeChat leave every ledger, in contact rows and in label_state', () => {
    const db = createDb(':memory:')
    const ingest = createIngest(db)
    for (const id of ['a', 'b', 'c']) ingest.upsertContact(A, contact(id, id), 0)
    const ledger = createLedger(db, A)
    const add = (id: string, label: string) => ledger.apply(id, { kind: 'label_add', key: label, payload: { label } }, 1)
    add('a', 'L2 回头客'); add('a', '宝妈')
    add('b', '宝妈')
    add('c', 'L1 新朋友')
    add('gone', 'L2 回头客')
    expect(ledger.dropLabels(['L2 回头客'], 2).sort()).toEqual(['a', 'gone'])
    expect(ledger.get('a')?.labels).toEqual(['宝妈'])
    expect(ledger.get('b')?.labels).toEqual(['宝妈'])
    expect(ledger.get('c')?.labels).toEqual(['L1 新朋友'])
    expect(ledger.get('gone')?.labels).toEqual([])
  })
})

describe('contacts without a rowid', () => {
  it('a name is looked up on the name index (/tier, display names), not by walking the account’s contacts', () => {
    const db = createDb(':memory:')
    const prepared: string[] = []
    const prepare = db.$client.prepare.bind(db.$client)
    db.$client.prepare = ((sql: string) => { prepared.push(sql); return prepare(sql) }) as typeof db.$client.prepare
    createContactResolver(db).resolve(A, '赵六')
    createDisplayNames(db).fillLazily(A, [{ contactId: 'x', name: '赵六' }])
    const byName = prepared.filter((sql) => /name = [?@]/.test(sql) && /LIMIT/.test(sql))
    expect(byName).toHaveLength(2)
    for (const sql of byName) {
      const plan = (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(sql.includes('@q') ? [{ account: A, q: '赵六' }] : [A, '赵六'])) as Array<{ detail: string }>)
        .map((p) => p.detail).join('\n')
      expect(plan).toMatch(/contacts_name_idx \(account_id=\? AND name=\?\)/)
    }
  })
})
