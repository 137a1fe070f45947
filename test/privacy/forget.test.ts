import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCommand } from '../../src/commands/parse.js'
import { DEFAULT_CONFIG, type Config } from '../../src/config/schema.js'
import { runBackup, runExportContact, runForget } from '../../src/privacy/cli.js'
import { planUndo } from '../../src/privacy/forget.js'
import { dropMentions, findContactColumns, isContactColumn } from '../../src/privacy/privacy-store.js'
import { closeDb, createDb } from '../../src/store/client.js'
import { tempDbFile } from '../support/bot.js'
import { T0 } from './support.js'

const labels = DEFAULT_CONFIG.labels

describe('planUndo: taking tierbot\'s marks off one contact', () => {
  it.each([
    {
      name: "remark written by tierbot → the merchant's text back, every applied label removed",
      input: { currentRemark: 'L4|张三 宝妈', ledger: { labels: ['L4 信任我的人', '宝妈'], remark: 'L4|张三 宝妈', baseRemark: '张三 宝妈' } },
      ops: [
        { kind: 'remark', key: '', payload: { remark: '张三 宝妈', base: '张三 宝妈' } },
        { kind: 'label_remove', key: 'L4 信任我的人', payload: { label: 'L4 信任我的人' } },
        { kind: 'label_remove', key: '宝妈', payload: { label: '宝妈' } },
      ],
    },
    {
      name: 'a remark shortened to fit 20 characters gets the full text back',
      input: { currentRemark: 'L2|张三 宝妈 住在杭州西湖区喜欢小', ledger: { labels: [], remark: 'L2|张三 宝妈 住在杭州西湖区喜欢小', baseRemark: '张三 宝妈 住在杭州西湖区喜欢小包装的款式' } },
      ops: [{ kind: 'remark', key: '', payload: { remark: '张三 宝妈 住在杭州西湖区喜欢小包装的款式', base: '张三 宝妈 住在杭州西湖区喜欢小包装的款式' } }],
    },
    {
      name: 'the merchant changed the remark on the phone since → their new text, prefix stripped',
      input: { currentRemark: 'L3|老张', ledger: { labels: [], remark: 'L3|张三', baseRemark: '张三' } },
      ops: [{ kind: 'remark', key: '', payload: { remark: '老张', base: '老张' } }],
    },
    {
      name: 'no prefix and nothing written → nothing to do',
      input: { currentRemark: '张三', ledger: null },
      ops: [],
    },
  ])('$name', ({ input, ops }) => expect(planUndo(input, labels, true)).toEqual(ops))

  it('labels unsupported on the account → only the remark', () => {
    const ops = planUndo({ currentRemark: 'L4|张三', ledger: { labels: ['L4 信任我的人'], remark: 'L4|张三', baseRemark: '张三' } }, labels, false)
    expect(ops.map((o) => o.kind)).toEqual(['remark'])
  })
})

describe('contact columns are found from the schema', () => {
  it.each([
    { table: 'interactions', column: 'contact_id', yes: true },
    { table: 'referrals', column: 'referrer_contact_id', yes: true },
    { table: 'contacts', column: 'id', yes: true },
    { table: 'orders', column: 'id', yes: false },
    { table: 'privacy_audit', column: 'actor', yes: false },
  ])('$table.$column → $yes', ({ table, column, yes }) => expect(isContactColumn(table, column)).toBe(yes))

  it.each([
    { name: 'list entries [id, …] about the person go', json: '[["c1","张三",2,4],["c2","李四",1,2]]', out: '[["c2","李四",1,2]]' },
    { name: 'object entries { contactId } go', json: '[{"contactId":"c1"},{"contactId":"c2"}]', out: '[{"contactId":"c2"}]' },
    { name: 'nobody named: no change', json: '[["c2","李四",1,2]]', out: null },
    { name: 'not a list: no change', json: '{"c1":1}', out: null },
  ])('dropMentions — $name', ({ json, out }) => expect(dropMentions(json, 'c1')).toBe(out))

  it('a table added later is covered without touching the forget code', () => {
    const db = createDb(':memory:')
    db.$client.exec('CREATE TABLE referral_links (account_id TEXT, referrer_contact_id TEXT, referred_contact_id TEXT)')
    const found = findContactColumns(db).filter((c) => c.table === 'referral_links').map((c) => c.column)
    expect(found).toEqual(['referrer_contact_id', 'referred_contact_id'])
    closeDb(db)
  })
})

describe('/forget parsing', () => {
  it.each([
    { text: '/forget 张三', parsed: { kind: 'forget', name: '张三', confirm: false } },
    { text: '/删除客户 张三 确认', parsed: { kind: 'forget', name: '张三', confirm: true } },
    { text: '/forget "张 三" 确认', parsed: { kind: 'forget', name: '张 三', confirm: true } },
    { text: '/forget "确认"', parsed: { kind: 'forget', name: '确认', confirm: false } },
    { text: '/forget', parsed: { kind: 'invalid', reason: { code: 'usage', command: 'forget' } } },
  ])('$text', ({ text, parsed }) => expect(parseCommand(text)).toEqual(parsed))
})

describe('offline: tierbot forget / export --contact / backup', () => {
  function shopFile(): { config: Config; file: string } {
    const file = tempDbFile('cli')
    const db = createDb(file)
    const q = db.$client
    q.prepare(`INSERT INTO contacts (account_id, id, name, remark, friend, first_seen_at, updated_at) VALUES ('s', 'c1', '张三', 'L4|张三 宝妈', 1, ?, ?)`).run(T0, T0)
    q.prepare(`INSERT INTO contacts (account_id, id, name, remark, friend, first_seen_at, updated_at) VALUES ('s', 'c2', '李四', '', 1, ?, ?)`).run(T0, T0)
    q.prepare(`INSERT INTO interactions (account_id, message_id, contact_id, direction, type, raw_type, at, text, received_at) VALUES ('s', 'm1', 'c1', 'in', 'text', 7, ?, '[强] 喜欢', ?)`).run(T0, T0)
    q.prepare(`INSERT INTO notes (account_id, contact_id, text, at) VALUES ('s', 'c1', '喜欢小包装', ?)`).run(T0)
    q.prepare(`INSERT INTO funnel_snapshots (account_id, day, taken_at, source, moves) VALUES ('s', '2026-06-14', ?, 'backfill', ?)`)
      .run(T0, JSON.stringify([['c1', '张三', 2, 4], ['c2', '李四', 1, 2]]))
    q.prepare(`INSERT INTO label_state (account_id, contact_id, labels, remark, base_remark, updated_at) VALUES ('s', 'c1', '["L4 信任我的人"]', 'L4|张三 宝妈', '张三 宝妈', ?)`).run(T0)
    closeDb(db)
    return { config: { ...DEFAULT_CONFIG, db: file, backup: { ...DEFAULT_CONFIG.backup, dir: path.join(path.dirname(file), 'bk') } }, file }
  }

  it('export --contact writes every row about the person; forget without --yes changes nothing, with --yes queues the undo', async () => {
    const { config, file } = shopFile()
    const ctx = { config, now: T0 }
    const out = path.join(path.dirname(file), 'zhang.json')
    expect(runExportContact(ctx, '张三 宝妈', out).code).toBe(0)
    const exported = JSON.parse(fs.readFileSync(out, 'utf8'))
    expect(Object.keys(exported.tables).sort()).toEqual(['contacts', 'interactions', 'label_state', 'notes'])
    expect(exported.tables.interactions[0].text).toBe('[强] 喜欢')
    expect(exported.tables.label_state[0].labels).toEqual(['L4 信任我的人'])

    const dry = runForget(ctx, '张三 宝妈', false)
    expect(dry.text).toContain('--yes')
    const done = runForget(ctx, 'c1', true)
    expect(done.text).toMatch(/deleted everything stored about 张三 宝妈 \(id c1\).*2 WeChat write/s)
    const db = createDb(file)
    expect(db.$client.prepare(`SELECT kind, payload FROM sync_outbox WHERE contact_id = 'c1' AND status = 'pending' ORDER BY kind`).all()).toEqual([
      { kind: 'label_remove', payload: '{"label":"L4 信任我的人"}' },
      { kind: 'remark', payload: '{"remark":"张三 宝妈","base":"张三 宝妈"}' },
    ])
    expect(db.$client.prepare(`SELECT COUNT(*) FROM interactions WHERE contact_id = 'c1'`).pluck().get()).toBe(0)
    expect(db.$client.prepare(`SELECT action, actor FROM privacy_audit`).all()).toEqual([{ action: 'forget', actor: 'cli' }])
    // Named inside the weekly report's reconstructed moves too: that entry goes, the others stay.
    expect(JSON.parse(db.$client.prepare(`SELECT moves FROM funnel_snapshots`).pluck().get() as string)).toEqual([['c2', '李四', 1, 2]])
    closeDb(db)

    const again = runForget(ctx, '张三 宝妈', true)
    expect(again).toEqual({ code: 1, text: expect.stringContaining('already forgotten') })

    const backup = await runBackup(ctx)
    expect(backup.code).toBe(0)
    expect(fs.readdirSync(config.backup.dir)).toHaveLength(1)
  })
})
