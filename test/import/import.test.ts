import fs from 'node:fs'
import path from 'node:path'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config/load.js'
import { buildDigest } from '../../src/digest/build.js'
import { loadDigestSnapshot } from '../../src/digest/snapshot.js'
import { formatImportSummary } from '../../src/import/report.js'
import { BATCH_SIZE } from '../../src/import/writer.js'
import { runImport, type ImportOptions } from '../../src/import/run.js'
import { joinWaitingPeople } from '../../src/import/join.js'
import { createIngest } from '../../src/ingest/ingest.js'
import { silentLogger } from '../../src/shared/logger.js'
import { createDb, type Db } from '../../src/store/client.js'
import { createLadder } from '../../src/tiers/service.js'
import { fixture, tempFile } from './helpers.js'

const SHOP = 'wxid_shop'
const NOW = Date.parse('2026-01-10T09:00:00+08:00')
const config = parseConfig({ admins: ['boss'] })

function setup(contacts: Array<{ id: string; name: string; remark?: string }> = []): Db {
  const db = createDb(':memory:')
  const ingest = createIngest(db)
  ingest.upsertContact(SHOP, { id: SHOP, name: '鲜果铺', remark: '', friend: false, kind: 'individual' }, NOW)
  for (const c of contacts) ingest.upsertContact(SHOP, { id: c.id, name: c.name, remark: c.remark ?? '', friend: true, kind: 'individual' }, NOW, NOW - 90 * 86_400_000)
  return db
}

const run = (db: Db, paths: string[], extra: Partial<ImportOptions> = {}) =>
  runImport({ paths, format: 'auto', dryRun: false, config, logger: silentLogger, clock: () => NOW, progress: 'off', db, ...extra })

const q = <T = Record<string, unknown>>(db: Db, sql: string, ...params: unknown[]) => db.$client.prepare(sql).all(...params) as T[]
const one = <T = Record<string, unknown>>(db: Db, sql: string, ...params: unknown[]) => q<T>(db, sql, ...params)[0]

const LIN = fixture('weflow', '私聊_林女士.json')

describe('tierbot import', () => {
  it('counts the merchant answers as rounds and a transfer as a paid order, as if seen live', async () => {
    const db = setup([{ id: 'c-lin', name: '小林', remark: '林女士' }])
    const s = await run(db, [LIN])
    expect(s.messages).toEqual({ imported: 10, duplicates: 0 })
    expect(s.people).toMatchObject({ matched: 1, byVia: { remark: 1 }, unmatched: 0 })
    expect(one(db, 'SELECT rounds, private_inbound AS pin, orders, spend_fen AS spend FROM contact_stats WHERE contact_id = ?', 'c-lin'))
      .toEqual({ rounds: 4, pin: 5, orders: 1, spend: 12800 })
    expect(one(db, 'SELECT tier FROM tiers WHERE contact_id = ?', 'c-lin')).toMatchObject({ tier: 4 })
    // Reasons are built from the stats when asked (not stored).
    expect(createLadder(db, config, silentLogger, () => NOW).getTier(SHOP, 'c-lin')?.reasons.map((r) => r.text).join()).toContain('¥128')
    expect(q(db, "SELECT DISTINCT cause FROM tier_history WHERE contact_id = 'c-lin'")).toEqual([{ cause: 'import' }])
    expect(formatImportSummary(s)).toContain('消息：新导入 10 条，已存在 0 条')
  })

  it('places no rung on the merchant\'s admin nor counts them in the funnel, even when the export has their chats', async () => {
    const db = setup([{ id: 'c-lin', name: '小林', remark: '林女士' }, { id: 'boss', name: '老板' }])
    // The admin's earlier rung (placed before they were made admin) goes too.
    db.$client.prepare(`INSERT INTO tiers (account_id, contact_id, tier, evidence_tier, activity, since, updated_at)
      VALUES (?, 'boss', 2, 2, 'active', ?, ?)`).run(SHOP, NOW, NOW)
    const csv = tempFile('admin.csv', [
      'kind,contact,name,remark,time,direction,type,text,amount',
      'message,boss,老板,,2026-01-05 10:00:00,in,text,这个多少钱,',
      'message,boss,老板,,2026-01-05 10:01:00,out,text,128,',
      'message,boss,老板,,2026-01-05 10:02:00,in,transfer,,128.00',
    ].join('\n') + '\n')
    const s = await run(db, [LIN, csv])
    expect(q(db, "SELECT tier FROM tiers WHERE contact_id = 'boss'")).toEqual([])
    expect(s.funnel?.total).toBe(1)
    expect(one(db, "SELECT tier FROM tiers WHERE contact_id = 'c-lin'")).toMatchObject({ tier: 4 })
  })

  it('imported buying questions warm the intent score, once (views, issue 12)', async () => {
    const db = setup([{ id: 'c-lin', name: '小林', remark: '林女士' }])
    await run(db, [LIN])
    const first = one<{ score: number; top: string }>(db, "SELECT intent_score AS score, intent_top AS top FROM contact_stats WHERE contact_id = 'c-lin'")
    expect(first.top).toContain('问价/想买')
    await run(db, [LIN])
    expect(one(db, "SELECT intent_score AS score, intent_top AS top FROM contact_stats WHERE contact_id = 'c-lin'")).toEqual(first)
  })

  it('changes nothing the second time, nor for an overlapping export from another tool', async () => {
    const db = setup([{ id: 'c-lin', name: '小林', remark: '林女士' }])
    await run(db, [LIN])
    const before = q(db, 'SELECT * FROM contact_stats UNION ALL SELECT NULL, COUNT(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM interactions')
    const again = await run(db, [LIN, fixture('chatlab', '林女士.jsonl'), fixture('pywxdump'), fixture('memotrace')])
    expect(again.messages.duplicates).toBeGreaterThan(15)
    // Only the second group in the PyWxDump export is new.
    expect(again.messages.imported).toBe(3)
    expect(q(db, "SELECT COUNT(*) AS n FROM orders")).toEqual([{ n: 1 }])
    const lin = q(db, "SELECT * FROM contact_stats WHERE contact_id = 'c-lin'")
    expect(lin).toEqual(before.filter((r) => r.contact_id === 'c-lin').map((r) => ({ ...r })))
  })

  it('two overlapping exports from different tools in one command (or one folder) import each message once', async () => {
    const db = setup([{ id: 'c-lin', name: '小林', remark: '林女士' }])
    // A MemoTrace export of the same chat (no server ids: keys are hashes, so only "the same message" can tell).
    const mt = tempFile('林女士_utf8.csv', '\ufefflocalId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender\r\n'
      + '101,27,1,0,1,1767250860,2,"好的，128两箱",2026-01-01 15:01:00,鲜果铺,鲜果铺,wxid_shop\r\n'
      + '102,27,49,2000,0,1767250920,3,,2026-01-01 15:02:00,林女士,小林,wxid_c8a2k\r\n')
    const s = await run(db, [LIN, mt])
    expect(s.messages).toEqual({ imported: 10, duplicates: 2 })
    expect(q(db, 'SELECT amount_fen AS fen FROM orders')).toEqual([{ fen: 12800 }])
    expect(one(db, "SELECT orders, spend_fen AS spend FROM contact_stats WHERE contact_id = 'c-lin'")).toEqual({ orders: 1, spend: 12800 })
  })

  it('a server id written as a bare JSON number past 2^53 is no id: two messages whose ids round alike both arrive', async () => {
    const db = setup([{ id: 'c-lin', name: '小林', remark: '林女士' }])
    // 4710582905123456781 and …782 parse to the same double: as ids, the second would be taken for a copy of the first.
    const file = tempFile('林女士.jsonl', [
      '{"_type":"header","chatlab":{"version":"0.0.2","exportedAt":1767252000,"generator":"other"},"meta":{"name":"林女士","platform":"wechat","type":"private","ownerId":"wxid_shop"}}',
      '{"_type":"member","platformId":"wxid_shop","accountName":"鲜果铺"}',
      '{"_type":"member","platformId":"c-lin","accountName":"林女士"}',
      '{"_type":"message","sender":"c-lin","accountName":"林女士","timestamp":1767250800,"type":0,"content":"这个多少钱","platformMessageId":4710582905123456781}',
      '{"_type":"message","sender":"c-lin","accountName":"林女士","timestamp":1767250805,"type":0,"content":"两箱包邮吗","platformMessageId":4710582905123456782}',
      '{"_type":"message","sender":"wxid_shop","accountName":"鲜果铺","timestamp":1767250860,"type":0,"content":"包邮的亲","platformMessageId":"4710582905123456783"}',
    ].join('\n') + '\n')
    expect((await run(db, [file])).messages).toEqual({ imported: 3, duplicates: 0 })
    // Again: the same three are recognised (by their hashes and the string id), nothing doubles.
    expect((await run(db, [file])).messages).toEqual({ imported: 0, duplicates: 3 })
    expect(one(db, "SELECT rounds, private_inbound AS pin FROM contact_stats WHERE contact_id = 'c-lin'")).toEqual({ rounds: 1, pin: 2 })
  })

  it('recognises a message the bot already saw live (other id, same person, time and text)', async () => {
    const db = setup([{ id: 'c-lin', name: '小林', remark: '林女士' }])
    db.$client.prepare(`INSERT INTO interactions (account_id, message_id, contact_id, room_id, direction, type, raw_type, at, text, signals, received_at)
      VALUES (?, 'live-1', 'c-lin', NULL, 'in', 'text', 7, ?, '你好，车厘子多少钱一箱', NULL, ?)`).run(SHOP, Date.parse('2026-01-01T13:00:00.420+08:00'), NOW - 1000)
    const s = await run(db, [LIN])
    expect(s.messages).toEqual({ imported: 9, duplicates: 1 })
  })

  it('rebuilds rounds from the log when history is older than what was counted (an export written newest first)', async () => {
    const db = setup([{ id: 'wxid_c8a2k', name: '小林', remark: '林女士' }])
    const s = await run(db, [fixture('memotrace')])
    expect(s.rebuilt).toBe(1)
    expect(one(db, "SELECT rounds, pending_inbound AS pending, orders FROM contact_stats WHERE contact_id = 'wxid_c8a2k'")).toEqual({ rounds: 1, pending: 2, orders: 1 })
    // The intent score is kept with the counters: a contact rebuilt on the first import keeps what their messages showed.
    expect(one<{ top: string }>(db, "SELECT intent_top AS top FROM contact_stats WHERE contact_id = 'wxid_c8a2k'").top).toContain('问价/想买')
  })

  it('--dry-run reads everything and writes nothing', async () => {
    const db = setup([{ id: 'c-lin', name: '小林', remark: '林女士' }])
    const count = () => one(db, 'SELECT (SELECT COUNT(*) FROM interactions) + (SELECT COUNT(*) FROM orders) + (SELECT COUNT(*) FROM import_people) + (SELECT COUNT(*) FROM tiers) + (SELECT COUNT(*) FROM import_runs) AS n')
    const s = await run(db, [LIN, LIN, fixture('tierbot', 'orders.csv')], { dryRun: true })
    expect(s.messages).toEqual({ imported: 10, duplicates: 10 })
    expect(s.orders.imported).toBe(3)
    expect(count()).toEqual({ n: 0 })
    expect(formatImportSummary(s)).toContain('试运行')
    expect(formatImportSummary(s).split('\n').at(-1)).toBe('确认无误后，去掉 --dry-run 再运行同一条命令即可导入。')
  })

  it("a ChatLab group that does not say who the merchant is: the account's own id is the merchant, not a customer", async () => {
    const db = setup()
    const noOwner = tempFile('果友群.json', fs.readFileSync(fixture('chatlab', '果友群.json'), 'utf8').replace(',"ownerId":"wxid_shop"', ''))
    const s = await run(db, [noOwner])
    expect(s.people).toMatchObject({ unmatched: 1, unmatchedExamples: ['王姐'] })
    expect(q(db, "SELECT contact_id, direction FROM interactions WHERE text = '谢谢大家支持'")).toEqual([{ contact_id: SHOP, direction: 'out' }])
    expect(q(db, "SELECT id FROM contacts WHERE name = '鲜果铺' AND id <> ?", SHOP)).toEqual([])
  })

  it('--account: a typo next to the accounts the database has is refused, naming them; several accounts need it', async () => {
    const db = setup()
    await expect(run(db, [LIN], { account: 'wxid_shpo' })).rejects.toThrow('数据库里没有账号 wxid_shpo（有：wxid_shop）：请检查 --account')
    expect(one(db, 'SELECT COUNT(*) AS n FROM interactions')).toEqual({ n: 0 })
    createIngest(db).upsertContact('wxid_other', { id: 'c-1', name: '甲', remark: '', friend: true, kind: 'individual' }, NOW)
    await expect(run(db, [LIN])).rejects.toThrow('数据库里有多个账号（wxid_other、wxid_shop）：请用 --account 指定')
    expect((await run(db, [LIN], { account: SHOP })).messages.imported).toBe(10)
  })

  it('never merges on a guess: two contacts of the same name stay ambiguous, kept under a stand-in', async () => {
    const db = setup([{ id: 'c-w1', name: '王姐' }, { id: 'c-w2', name: '王姐' }])
    const s = await run(db, [fixture('weflow', '群聊_果友群.json')])
    expect(s.people).toMatchObject({ ambiguous: 1, matched: 0, ambiguousExamples: [{ person: '王姐', candidates: ['c-w1', 'c-w2'] }] })
    expect(q(db, "SELECT contact_id FROM interactions WHERE direction = 'in'")).toEqual([{ contact_id: 'wxid_w7hb2' }, { contact_id: 'wxid_w7hb2' }])
  })

  it('joins an unmatched person when the contact appears, moving their history onto it', async () => {
    const db = setup()
    const s = await run(db, [LIN])
    expect(s.people).toMatchObject({ unmatched: 1, unmatchedExamples: ['林女士'] })
    createIngest(db).upsertContact(SHOP, { id: 'c-lin', name: '小林', remark: '林女士', friend: true, kind: 'individual' }, NOW)
    expect(joinWaitingPeople(db, config, SHOP, NOW).joined).toEqual([{ from: 'wxid_c8a2k', to: 'c-lin', name: '林女士' }])
    expect(one(db, "SELECT rounds, orders FROM contact_stats WHERE contact_id = 'c-lin'")).toEqual({ rounds: 4, orders: 1 })
    expect(q(db, "SELECT id FROM contacts WHERE id = 'wxid_c8a2k'")).toEqual([])
  })

  it('a hand-kept tier (pin) for someone not yet matched joins them with their history when the contact appears', async () => {
    const db = setup()
    const csv = tempFile('tiers.csv', 'kind,contact,time,amount,tier\norder,王姐,2026-01-02 10:00,199,\ntier,王姐,,,L5\n')
    const s = await run(db, [csv])
    expect(s.people).toMatchObject({ unmatched: 1 })
    createIngest(db).upsertContact(SHOP, { id: 'c-wang', name: '王姐', remark: '', friend: true, kind: 'individual' }, NOW)
    expect(joinWaitingPeople(db, config, SHOP, NOW).joined).toHaveLength(1)
    expect(one(db, "SELECT orders FROM contact_stats WHERE contact_id = 'c-wang'")).toEqual({ orders: 1 })
    expect(one(db, "SELECT pinned_tier AS pinned FROM tiers WHERE contact_id = 'c-wang'")).toEqual({ pinned: 5 })
    const ladder = createLadder(db, config, silentLogger, () => NOW)
    expect(ladder.getTier(SHOP, 'c-wang')?.tier).toBe(5)
    // The next pass places it as a change (history, remark).
    ladder.reclassifyAll(SHOP, NOW)
    expect(one(db, "SELECT tier, pinned_tier AS pinned FROM tiers WHERE contact_id = 'c-wang'")).toEqual({ tier: 5, pinned: 5 })
  })

  it('--map joins people matching could not settle', async () => {
    const db = setup([{ id: 'c-w1', name: '王姐' }, { id: 'c-w2', name: '王姐' }])
    const map = tempFile('map.csv', 'export_id,contact\nwxid_w7hb2,c-w2\n')
    const s = await run(db, [fixture('weflow', '群聊_果友群.json')], { mapFile: map })
    expect(s.people).toMatchObject({ matched: 1, byVia: { map: 1 } })
    expect(one(db, "SELECT group_interactions AS g FROM contact_stats WHERE contact_id = 'c-w2'")).toEqual({ g: 2 })
  })

  it.each([
    ['GBK (saved by Excel/WPS)', iconv.encode('export_id,contact\nwxid_w7hb2,王姐二号\n', 'gbk')],
    ['UTF-8 with BOM', Buffer.from('\uFEFFexport_id,contact\nwxid_w7hb2,王姐二号\n')],
  ])('--map reads a %s file', async (_name, bytes) => {
    const db = setup([{ id: 'c-w1', name: '王姐' }, { id: 'c-w2', name: '王姐', remark: '王姐二号' }])
    const s = await run(db, [fixture('weflow', '群聊_果友群.json')], { mapFile: tempFile('map.csv', bytes) })
    expect(s.mapProblems).toEqual([])
    expect(s.people).toMatchObject({ matched: 1, byVia: { map: 1 } })
  })

  it('--map naming a folder is refused with what it wants, writing nothing', async () => {
    const db = setup()
    await expect(run(db, [LIN], { mapFile: path.dirname(LIN) })).rejects.toThrow(`--map 要一个 CSV 文件（export_id,contact），${path.dirname(LIN)} 是文件夹`)
    expect(one(db, 'SELECT COUNT(*) AS n FROM interactions')).toEqual({ n: 0 })
  })

  it('imports orders and hand-kept tiers from tierbot CSV; bad rows are reported and skipped', async () => {
    const db = setup([{ id: 'c-lin', name: '小林', remark: '林女士' }, { id: 'c-chen', name: '老陈' }])
    const s = await run(db, [fixture('tierbot', 'orders.csv')])
    expect(s.orders.imported).toBe(3)
    expect(s.bad).toBe(2)
    expect(one(db, "SELECT orders, spend_fen AS spend FROM contact_stats WHERE contact_id = 'c-lin'")).toEqual({ orders: 3, spend: 56650 })
    expect(one(db, "SELECT tier, pinned_tier AS pinned FROM tiers WHERE contact_id = 'c-chen'")).toEqual({ tier: 5, pinned: 5 })
    expect(q(db, "SELECT DISTINCT cause FROM tier_history WHERE contact_id = 'c-chen'")).toEqual([{ cause: 'import' }])
    expect(formatImportSummary(s)).toContain('orders.csv:5 金额读不懂：12.3.4')
    // What to do about them: fix and import again (nothing already in comes twice).
    expect(formatImportSummary(s)).toContain('改好这几行后把同一个文件再导入一次即可，已导入的不会重复')
    // The summary's count of rungs the import set includes the pinned one.
    expect(formatImportSummary(s)).toContain(`分层：${s.changes} 人`)
    const placed = one<{ n: number }>(db, "SELECT COUNT(DISTINCT contact_id) AS n FROM tier_history WHERE cause = 'import'")!.n
    expect(s.changes).toBe(placed)
    // The same file again: nothing changes, and the summary says so.
    const again = await run(db, [fixture('tierbot', 'orders.csv')])
    expect(again.changes).toBe(0)
    expect(one(db, "SELECT COUNT(DISTINCT contact_id) AS n FROM tier_history WHERE cause = 'import'")).toEqual({ n: placed })
  })

  it('carries birthdays in tierbot CSV (a birthday row, solar or lunar); an impossible date is a bad row; an unmatched person\'s birthday joins them', async () => {
    const db = setup([{ id: 'c-lin', name: '小林', remark: '林女士' }, { id: 'c-chen', name: '老陈' }])
    const file = tempFile('birthdays.csv', [
      'kind,contact,name,remark,time,birthday',
      'birthday,林女士,,,,3月8日',
      'birthday,老陈,,,,农历八月十五',
      ',周姐,,,,12月1日',
      'birthday,老陈,,,,2月30日',
    ].join('\n'))
    const s = await run(db, [file])
    expect(s.birthdays).toBe(3)
    expect(s.bad).toBe(1)
    expect(formatImportSummary(s)).toContain('生日：3 人')
    expect(formatImportSummary(s)).toContain('birthdays.csv:5 生日读不懂：2月30日')
    const kept = () => q(db, 'SELECT contact_id AS id, calendar, month, day, source FROM birthdays ORDER BY month')
    expect(kept()).toEqual([
      { id: 'c-lin', calendar: 'solar', month: 3, day: 8, source: 'import' },
      { id: 'c-chen', calendar: 'lunar', month: 8, day: 15, source: 'import' },
      { id: expect.not.stringMatching(/^c-/), calendar: 'solar', month: 12, day: 1, source: 'import' },
    ])
    // 周姐 was nobody yet: when she appears, her birthday moves onto her with the rest of her history.
    createIngest(db).upsertContact(SHOP, { id: 'c-zhou', name: '周姐', friend: true, remark: '', kind: 'individual' }, NOW)
    joinWaitingPeople(db, config, SHOP, NOW)
    expect(kept().map((r) => r.id)).toEqual(['c-lin', 'c-chen', 'c-zhou'])
  })

  it('--dry-run counts birthdays and keeps none', async () => {
    const db = setup([{ id: 'c-lin', name: '小林', remark: '林女士' }])
    const s = await run(db, [tempFile('b.csv', 'kind,contact,birthday\nbirthday,林女士,3月8日\n')], { dryRun: true })
    expect(s.birthdays).toBe(1)
    expect(q(db, 'SELECT * FROM birthdays')).toEqual([])
  })

  it.each([
    ['weflow', '私聊_林女士.json'], ['chatlab', '林女士.jsonl'], ['chatlab', '果友群.json'], ['memotrace', '林女士/林女士_utf8.csv'],
    ['pywxdump', 'export/wxid_shop/csv/wxid_c8a2k/wxid_c8a2k_0_5001.csv'], ['wecom', 'archive.jsonl'], ['tierbot', 'orders.csv'],
  ])("'-' reads %s %s from standard input as it reads the file", async (dir, name) => {
    const file = fixture(dir, ...name.split('/'))
    const fromFile = await run(setup([{ id: 'c-lin', name: '小林', remark: '林女士' }]), [file])
    const fromStdin = await run(setup([{ id: 'c-lin', name: '小林', remark: '林女士' }]), ['-'], { stdin: fs.createReadStream(file) })
    expect(fromStdin.messages).toEqual(fromFile.messages)
    expect(fromStdin.orders).toEqual(fromFile.orders)
    expect(fromStdin.bad).toBe(fromFile.bad)
    expect(fromFile.messages.imported + fromFile.orders.imported).toBeGreaterThan(0)
  })

  it('an Excel workbook (by name, or a .xlsx renamed .csv) is refused saying to save it as CSV', async () => {
    const db = setup()
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 1)])
    const files = [tempFile('订单.xlsx', zip), tempFile('订单.csv', zip), tempFile('老订单.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]))]
    const s = await run(db, files)
    expect(s.refused).toEqual(files.map((file) => ({ file, reason: '这是 Excel 表格：请在 Excel / WPS 里「另存为」CSV（逗号分隔）再导入' })))
  })

  it('a row dated in the future (a year typed wrong) is a bad row with its line, not a contact active for decades', async () => {
    const db = setup([{ id: 'c-lin', name: '小林', remark: '林女士' }])
    const csv = tempFile('orders.csv', 'kind,contact,time,amount,text\norder,林女士,2062-01-03 09:00,99,\nmessage,林女士,2062-01-03 09:01,,在吗\nmessage,林女士,2026-01-10 20:00,,今晚发货吗\n')
    const s = await run(db, [csv])
    expect(s.badExamples).toEqual([
      { file: csv, line: 2, reason: '时间在未来：2062-01-03（年份写错了？）' },
      { file: csv, line: 3, reason: '时间在未来：2062-01-03（年份写错了？）' },
    ])
    expect([s.orders.imported, s.messages.imported]).toEqual([0, 1])
  })

  it('an empty file is refused as empty, not as an unknown format', async () => {
    const db = setup()
    const empty = tempFile('林女士.csv', '')
    const s = await run(db, [empty, fixture('tierbot', 'orders.csv')])
    expect(s.refused).toEqual([{ file: empty, reason: '文件是空的：请重新导出这个聊天' }])
    expect(s.orders.imported).toBe(3)
  })

  it('refuses a file in no known format, saying what it expected', async () => {
    const db = setup()
    const s = await run(db, [fixture('tierbot', 'unknown.csv')])
    expect(s.refused).toEqual([{ file: fixture('tierbot', 'unknown.csv'), reason: expect.stringContaining('WeFlow JSON') }])
  })

  it('a WeFlow export cut off mid-way keeps what it had and reports where it broke; the next file is still read', async () => {
    const db = setup([{ id: 'c-lin', name: '小林', remark: '林女士' }])
    const whole = fs.readFileSync(LIN, 'utf8')
    // Cut inside the fourth message, as an export interrupted by a full disk leaves it.
    const cut = tempFile('私聊_林女士_cut.json', whole.slice(0, whole.indexOf('"localId": 4') + 20))
    const s = await run(db, [cut, fixture('tierbot', 'orders.csv')])
    expect(s.messages.imported).toBe(3)
    expect(s.badExamples).toContainEqual({ file: cut, line: 4, reason: expect.stringContaining('JSON 格式错误，文件余下部分没有读取') })
    expect(s.orders.imported).toBeGreaterThan(0)
  })

  it('a CSV that breaks off in an open quote keeps every row before it and reports the line', async () => {
    const db = setup([{ id: 'c-lin', name: '小林', remark: '林女士' }])
    const csv = tempFile('orders_cut.csv', 'kind,contact,time,amount,note\norder,林女士,2025-12-20 10:00,299,有赞\norder,林女士,2025-12-21 10:00,199,"没写完\n')
    const s = await run(db, [csv])
    expect(s.orders.imported).toBe(1)
    expect(s.badExamples).toEqual([{ file: csv, line: 3, reason: expect.stringContaining('CSV 格式错误，文件余下部分没有读取') }])
    expect(one(db, "SELECT spend_fen AS spend FROM contact_stats WHERE contact_id = 'c-lin'")).toEqual({ spend: 29900 })
  })

  it('--format names the tool: a file that is plainly another tool\'s is refused with what it is; one that is no JSON reports its line', async () => {
    const db = setup([{ id: 'c-lin', name: '小林', remark: '林女士' }])
    const wrong = await run(db, [LIN], { format: 'memotrace' })
    expect(wrong.messages.imported).toBe(0)
    expect(wrong.refused).toEqual([{ file: LIN, reason: '内容是 WeFlow 导出，不是 --format 指定的留痕 MemoTrace CSV：去掉 --format 让它自动识别' }])
    const notJson = await run(db, [fixture('tierbot', 'unknown.csv')], { format: 'weflow' })
    expect(notJson.badExamples).toEqual([{ file: fixture('tierbot', 'unknown.csv'), line: 1, reason: expect.stringContaining('JSON 格式错误') }])
    expect(formatImportSummary(wrong).split('\n')[0]).toBe('没有导入任何记录：下面的文件都没有读。')
  })

  it('the next digest says once what the import did instead of listing every rung it set', async () => {
    const db = setup([{ id: 'c-lin', name: '小林', remark: '林女士' }, { id: 'c-chen', name: '老陈' }])
    // Rungs before the import, so the import's pass moves them.
    await run(db, [fixture('weflow', '群聊_果友群.json')])
    await run(db, [LIN, fixture('tierbot', 'orders.csv')])
    const text = buildDigest(loadDigestSnapshot(db, SHOP, NOW + 3_600_000, config), NOW + 3_600_000, config).join('\n')
    expect(text).toContain('📥 导入了历史记录')
    expect(text).not.toMatch(/林女士.*→/)
  })

  it('an import stopped part-way (Ctrl-C) and run again: the second run says it finished the first one, the digest counts every message once', async () => {
    const db = setup([{ id: 'c-lin', name: '小林', remark: '林女士' }])
    // Three batches: the first is committed before the second is interrupted.
    const total = 3 * BATCH_SIZE
    const rows = Array.from({ length: total }, (_, i) => `message,林女士,2026-01-0${1 + (i % 5)} 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},in,text,第${i}条`)
    const csv = tempFile('long_chat.csv', ['kind,contact,time,direction,type,text', ...rows].join('\n'))
    // Ctrl-C once more than a batch was read: the first batch is committed, the second never finishes.
    await expect(run(db, [csv], { onProgress: (_bytes, _total, rows) => { if (rows > BATCH_SIZE) throw new Error('interrupted') } })).rejects.toThrow('interrupted')
    const first = one<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM interactions').n
    expect(first).toBeGreaterThan(0)
    expect(first).toBeLessThan(total)
    const s = await run(db, [csv])
    expect(s.messages).toEqual({ imported: total - first, duplicates: first })
    expect(formatImportSummary(s)).toContain(`接着上次中断的导入：那次已导入消息 ${first} 条`)
    expect(q(db, 'SELECT status FROM import_runs ORDER BY id')).toEqual([{ status: 'interrupted' }, { status: 'done' }])
    const text = buildDigest(loadDigestSnapshot(db, SHOP, NOW + 3_600_000, config), NOW + 3_600_000, config).join('\n')
    expect(text).toContain(`📥 导入了历史记录：消息 ${total} 条`)
  })
})
