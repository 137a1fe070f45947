import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCommand } from '../../src/commands/parse.js'
import { DEFAULT_CONFIG, type Config } from '../../src/config/schema.js'
import { runBackup, runExportContact, runForget } from '../../src/privacy/cli.js'
import { planUndo } from '../../src/privacy/forget.js'
import { dropMentions, findContactColumns, isContactColumn } from '../../src/privacy/privacy-store.js'
import { describeRows, TABLE_NAMES } from '../../src/privacy/replies.js'
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

    // No backup folder yet: nothing said about backups.
    expect(done.text).not.toContain('backup')

    const again = runForget(ctx, '张三 宝妈', true)
    expect(again).toEqual({ code: 1, text: expect.stringContaining('already forgotten') })

    const backup = await runBackup(ctx)
    expect(backup.code).toBe(0)
    expect(fs.readdirSync(config.backup.dir)).toHaveLength(1)
  })
})

describe('nothing of a forgotten person remains in any table', () => {
  /** Every cell of every table that holds the text (the person's id or name), as `table.column`. */
  function cellsHolding(db: ReturnType<typeof createDb>, needle: string): string[] {
    const q = db.$client
    const tables = q.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'`).pluck().all() as string[]
    const out: string[] = []
    for (const table of tables) {
      for (const row of q.prepare(`SELECT * FROM "${table}"`).all() as Array<Record<string, unknown>>) {
        for (const [column, value] of Object.entries(row)) if (typeof value === 'string' && value.includes(needle)) out.push(`${table}.${column}`)
      }
    }
    return [...new Set(out)].sort()
  }

  it("a referrer's points and rung history, an import's examples, a birthday and a report's moves forget the person too", () => {
    const file = tempDbFile('forget-all')
    const db = createDb(file)
    const q = db.$client
    const contact = q.prepare(`INSERT INTO contacts (account_id, id, name, remark, friend, first_seen_at, updated_at) VALUES ('s', ?, ?, ?, 1, ?, ?)`)
    contact.run('wxid_wangfang', '王芳', '', T0, T0)
    contact.run('wxid_forgetme', '张小忘', '张小忘 宝妈', T0, T0)
    contact.run('wxid_other', '李四', '', T0, T0)
    // 王芳 brought 张小忘: the link, the points it earned 王芳 and the rung change it caused on 王芳's history.
    q.prepare(`INSERT INTO referrals (account_id, contact_id, referrer_contact_id, source, detail, at) VALUES ('s', 'wxid_forgetme', 'wxid_wangfang', 'greeting', '我是王芳介绍的', ?)`).run(T0)
    q.prepare(`INSERT INTO points_ledger (account_id, contact_id, delta, reason, source, ref, at) VALUES ('s', 'wxid_wangfang', 100, '推荐新朋友', 'referral', 'wxid_forgetme', ?)`).run(T0)
    q.prepare(`INSERT INTO tier_history (account_id, contact_id, from_tier, to_tier, from_activity, to_activity, cause, cause_ref, at, seq) VALUES ('s', 'wxid_wangfang', 4, 5, 'active', 'active', 'referral', 'wxid_forgetme', ?, 1)`).run(T0)
    // Their own rung history (clustered by contact since 0012): two changes in one millisecond.
    q.prepare(`INSERT INTO tier_history (account_id, contact_id, from_tier, to_tier, from_activity, to_activity, cause, at, seq) VALUES ('s', 'wxid_forgetme', NULL, 1, NULL, 'new', 'time', ?, 1), ('s', 'wxid_forgetme', 1, 2, 'new', 'active', 'message', ?, 2)`).run(T0, T0)
    q.prepare(`INSERT INTO referral_cards (account_id, message_id, referrer_contact_id, card_contact_id, card_name, at) VALUES ('s', 'card-1', 'wxid_wangfang', 'wxid_forgetme', '张小忘', ?)`).run(T0)
    q.prepare(`INSERT INTO birthdays (account_id, contact_id, calendar, month, day, leap, source, created_at, updated_at) VALUES ('s', 'wxid_forgetme', 'solar', 3, 8, 0, 'command', ?, ?)`).run(T0, T0)
    q.prepare(`INSERT INTO funnel_snapshots (account_id, day, taken_at, source, moves) VALUES ('s', '2026-06-14', ?, 'backfill', ?)`)
      .run(T0, JSON.stringify([['wxid_forgetme', '张小忘', 2, 4], ['wxid_other', '李四', 1, 2]]))
    // An import named them twice: as a person two contacts could be, and as one nobody matched.
    q.prepare(`INSERT INTO import_people (account_id, export_key, export_id, name, remark, contact_id, status, updated_at) VALUES ('s', 'name:张小忘 宝妈', '', '张小忘', '张小忘 宝妈', 'wxid_forgetme', 'matched', ?)`).run(T0)
    q.prepare(`INSERT INTO import_runs (account_id, started_at, finished_at, status, summary) VALUES ('s', ?, ?, 'done', ?)`).run(T0, T0, JSON.stringify({
      messages: { imported: 3, duplicates: 0 },
      people: {
        matched: 1, ambiguous: 1, unmatched: 2, byVia: {},
        ambiguousExamples: [{ person: '小张', candidates: ['wxid_forgetme', 'wxid_other'] }],
        unmatchedExamples: ['张小忘 宝妈', '周姐'],
      },
    }))
    closeDb(db)

    const config = { ...DEFAULT_CONFIG, db: file }
    expect(runForget({ config, now: T0 }, 'wxid_forgetme', true).code).toBe(0)

    const after = createDb(file)
    expect(cellsHolding(after, 'wxid_forgetme')).toEqual([])
    expect(cellsHolding(after, '张小忘')).toEqual([])
    // What was about others stays: 王芳's points and rung change (without whom), 李四's entries.
    expect(after.$client.prepare(`SELECT delta, ref FROM points_ledger WHERE contact_id = 'wxid_wangfang'`).all()).toEqual([{ delta: 100, ref: null }])
    expect(after.$client.prepare(`SELECT to_tier AS toTier, cause FROM tier_history WHERE contact_id = 'wxid_wangfang'`).all()).toEqual([{ toTier: 5, cause: 'referral' }])
    const summary = JSON.parse(after.$client.prepare('SELECT summary FROM import_runs').pluck().get() as string)
    expect(summary.people).toMatchObject({ ambiguousExamples: [{ person: '小张', candidates: ['wxid_other'] }], unmatchedExamples: ['周姐'] })
    closeDb(after)
  })
})

describe('/forget names what goes in the merchant\'s words', () => {
  it('every table that can hold a person has a name (none shows as 其他记录)', () => {
    const db = createDb(':memory:')
    const unnamed = findContactColumns(db).map((c) => c.table).filter((t) => !(t in TABLE_NAMES))
    closeDb(db)
    expect(unnamed).toEqual([])
  })

  it('a birthday, points and a referral are named', () => {
    expect(describeRows(new Map([['interactions', 6], ['birthdays', 1], ['points_ledger', 2], ['referrals', 1]])))
      .toBe('消息 6 条、生日 1 条、积分 2 条、推荐关系 1 条')
  })
})

describe('tierbot forget when backups exist', () => {
  it('says the backups taken before still hold the person until they rotate out', async () => {
    const file = tempDbFile('cli-backups')
    const db = createDb(file)
    db.$client.prepare(`INSERT INTO contacts (account_id, id, name, remark, friend, first_seen_at, updated_at) VALUES ('s', 'c9', '王五', '', 1, ?, ?)`).run(T0, T0)
    closeDb(db)
    const dir = path.join(path.dirname(file), 'bk')
    fs.mkdirSync(dir)
    fs.writeFileSync(path.join(dir, 'tierbot-2026-06-16.db'), 'copy')
    const config = { ...DEFAULT_CONFIG, db: file, backup: { ...DEFAULT_CONFIG.backup, dir, keep: 7 } }
    const done = runForget({ config, now: T0 }, '王五', true)
    expect(done.text).toContain(`1 backup(s) in ${dir} taken before still hold this person until they rotate out (backup.keep = 7)`)
  })
})
