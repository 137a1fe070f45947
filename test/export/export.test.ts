import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeExport, exportFormatOf, runExport } from '../../src/cli/export.js'
import type { Config } from '../../src/config/schema.js'
import { createOccasionStore } from '../../src/occasions/occasion-store.js'
import { closeDb, createDb } from '../../src/store/client.js'
import { silentLogger } from '../../src/shared/logger.js'
import { createViews } from '../../src/views/service.js'
import { ACCOUNT, ADMIN, CONFIG, createShopDb, DAY, NOW } from '../commands/seed.js'

/* The export over a real SQLite file built by ingest and the ladder (the shop of the command tests). */

let dir: string
let config: Config

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-export-'))
  const shop = createShopDb()
  shop.say('wxid_zs1', '宝宝最近睡得好', NOW - 2 * 86_400_000)
  createOccasionStore(shop.db).setBirthday('shop-1', 'wxid_zs1', { kind: 'solar', month: 3, day: 8 }, 'command', NOW)
  // Someone known only from an imported export (a stand-in, never a friend) and a group member who is no friend.
  const stranger = shop.db.$client.prepare(`INSERT INTO contacts (account_id, id, name, remark, friend, added_at, first_seen_at, updated_at)
    VALUES ('shop-1', ?, ?, '', 0, NULL, ?, ?)`)
  stranger.run('imp:林女士', '林女士', NOW - DAY, NOW - DAY)
  stranger.run('wxid_grp1', '群友小周', NOW - 3 * DAY, NOW - 3 * DAY)
  const file = path.join(dir, 'shop.db')
  fs.writeFileSync(file, shop.db.$client.serialize())
  shop.db.$client.close()
  config = { ...CONFIG, db: file }
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('tierbot export', () => {
  it('CSV: UTF-8 BOM, Chinese header, one row per contact with rung, spend and personas', async () => {
    const out = path.join(dir, 'customers.csv')
    const summary = await runExport(config, { out }, NOW)
    const bytes = fs.readFileSync(out)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.toString('utf8').slice(1).split('\r\n').filter((l) => l !== '')
    expect(lines[0]).toBe('微信名,备注,层级,手动设定,活跃度,累计消费（元）,订单数,最近互动,最近下单,画像,生日,依据,添加时间,微信ID,生命周期,意向,价值,价值依据,介绍人,介绍了几位,积分')
    expect(lines).toHaveLength(summary.contacts + 1)
    // Highest rung and spend first: 张三 (paid ¥199) leads.
    expect(lines[1]).toMatch(/^张三,张三 宝妈,L4 信任我的人,,活跃,199\.00,1,2026-05-18 10:00,2026-05-10 10:00,宝妈,3月8日,/)
    expect(lines[1]).toContain(',wxid_zs1,')
    expect(lines.some((l) => l.startsWith('赵六六,,L0 陌生人,'))).toBe(true)
    // 添加时间 is when the merchant added a friend: nobody added the stand-in of an import or a group member.
    expect(lines.find((l) => l.includes(',imp:林女士,'))).toContain(',,imp:林女士,')
    expect(lines.find((l) => l.includes(',wxid_grp1,'))).toContain(',,wxid_grp1,')
    expect(lines[1]).toMatch(/,\d{4}-\d\d-\d\d \d\d:\d\d,wxid_zs1,/)
    expect(lines.some((l) => l.includes('测试店铺'))).toBe(false)
    expect(summary).toMatchObject({ format: 'csv', out })
    expect(describeExport(summary)).toMatch(new RegExp(`^已导出 ${summary.contacts} 位联系人到 .*customers\\.csv（csv）：L0 \\d+ · L1 \\d+ · L2 \\d+ · L3 \\d+ · L4 1 · L5 0$`))
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('xlsx: real numbers and dates, the same rows', async () => {
    const out = path.join(dir, 'customers.xlsx')
    const summary = await runExport(config, { out }, NOW)
    expect(summary.format).toBe('xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(out)
    const sheet = wb.getWorksheet('客户')!
    expect(sheet.getRow(1).getCell(1).value).toBe('微信名')
    expect(sheet.rowCount).toBe(summary.contacts + 1)
    const zs = sheet.getRow(2)
    expect(zs.getCell(3).value).toBe('L4 信任我的人')
    expect(zs.getCell(6).value).toBe(199)
    expect(zs.getCell(7).value).toBe(1)
    // The merchant's wall clock (Beijing) as the cell's date.
    expect((zs.getCell(8).value as Date).toISOString()).toBe('2026-05-18T10:00:00.000Z')
    expect(zs.getCell(10).value).toBe('宝妈')
    expect(zs.getCell(11).value).toBe('3月8日')
    expect(zs.getCell(14).value).toBe('wxid_zs1')
  })

  it("'-' writes CSV to standard output", async () => {
    const sink = new PassThrough()
    const chunks: Buffer[] = []
    sink.on('data', (c: Buffer) => chunks.push(c))
    const summary = await runExport(config, { out: '-' }, NOW, sink)
    expect(summary.format).toBe('csv')
    expect(Buffer.concat(chunks).toString('utf8')).toContain('微信名,备注,层级')
  })

  it.each([
    { name: 'default is xlsx', opts: {}, format: 'xlsx' },
    { name: 'a .csv file name means CSV', opts: { out: 'a.CSV' }, format: 'csv' },
    { name: '--format wins over the name', opts: { out: 'a.csv', format: 'xlsx' as const }, format: 'xlsx' },
    { name: 'standard output is CSV', opts: { out: '-' }, format: 'csv' },
  ])('format: $name', ({ opts, format }) => expect(exportFormatOf(opts)).toBe(format))

  it('a folder that does not exist yet is made: the file lands where --out says', async () => {
    const out = path.join(dir, 'reports', 'june', 'customers.csv')
    const summary = await runExport(config, { out }, NOW)
    expect(fs.readFileSync(out, 'utf8')).toContain('张三,张三 宝妈,L4 信任我的人')
    expect(summary.out).toBe(out)
  })

  it.each([['an existing folder', 'existing'], ['a name ending in /', 'new-folder/']])('--out %s: the file goes into it under its usual name', async (_name, sub) => {
    if (sub === 'existing') fs.mkdirSync(path.join(dir, sub), { recursive: true })
    const summary = await runExport(config, { out: `${dir}/${sub}` }, NOW)
    expect(summary.out).toBe(path.join(dir, sub, 'tierbot-export-2026-05-20.xlsx'))
    expect(fs.statSync(summary.out).size).toBeGreaterThan(0)
  })

  it('no contacts yet (a fresh database): a file with the header row only, not an error', async () => {
    const empty = path.join(dir, 'empty.db')
    closeDb(createDb(empty))
    const out = path.join(dir, 'nobody.csv')
    const summary = await runExport({ ...config, db: empty }, { out }, NOW)
    expect(summary.contacts).toBe(0)
    expect(fs.readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trim()).toMatch(/^微信名,备注,层级,[^\n]*积分$/)
    expect(describeExport(summary)).toMatch(/^已导出 0 位联系人到 /)
    const xlsx = path.join(dir, 'nobody.xlsx')
    await runExport({ ...config, db: empty }, { out: xlsx }, NOW)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(xlsx)
    expect(wb.getWorksheet('客户')!.rowCount).toBe(1)
  })

  it('an --account the database does not have is refused naming the ones it has, not an empty file', async () => {
    const out = path.join(dir, 'typo.csv')
    await expect(runExport(config, { out, account: 'shop-l' }, NOW)).rejects.toThrow('the database holds no account shop-l (it has: shop-1): check --account')
    expect(fs.existsSync(out)).toBe(false)
  })

  it('no database: a clear error, no file', async () => {
    await expect(runExport({ ...config, db: path.join(dir, 'none.db') }, { out: path.join(dir, 'x.csv') }, NOW)).rejects.toThrow(/no database/)
    expect(fs.existsSync(path.join(dir, 'x.csv'))).toBe(false)
  })
})

describe('the views in the export are today\'s', () => {
  it('a payment recorded after the nightly views pass shows in 生命周期 and 价值 the same day (as /tier and /list show it)', async () => {
    const shop = createShopDb()
    const views = createViews({ db: shop.db, config: CONFIG, logger: silentLogger, ladder: shop.ladder })
    // Last night's pass: 李四 chatted but never bought.
    views.refreshAll(ACCOUNT, NOW - 10 * 3_600_000, new Set([ACCOUNT, ADMIN]))
    shop.ladder.recordPayment(ACCOUNT, 'wxid_ls', { amountFen: 29900, at: NOW - 3_600_000, source: 'command' }, NOW - 3_600_000)
    const file = path.join(dir, 'fresh.db')
    fs.writeFileSync(file, shop.db.$client.serialize())
    shop.db.$client.close()
    const out = path.join(dir, 'fresh.csv')
    await runExport({ ...config, db: file }, { out }, NOW)
    const ls = fs.readFileSync(out, 'utf8').split('\r\n').find((l) => l.startsWith('李四,'))!
    expect(ls).toContain(',299.00,1,')
    expect(ls.split(',')[14]).toBe('新客')
    expect(ls).not.toContain('潜在')
  })
})

describe('tierbot export on the command line', () => {
  it('writes the file and prints one summary line on stdout, nothing else', () => {
    const out = path.join(dir, 'cli.csv')
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'export', '--db', config.db, '--out', out], {
      cwd: path.resolve(__dirname, '../..'), encoding: 'utf8', timeout: 60_000,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TIERBOT_TEST_CLOCK: '2026-05-20T10:00:00+08:00' },
    })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/^已导出 10 位联系人到 .*cli\.csv（csv）：L0 \d+ · L1 \d+ · L2 \d+ · L3 \d+ · L4 1 · L5 0\n$/)
    expect(fs.readFileSync(out, 'utf8')).toContain('张三,张三 宝妈,L4 信任我的人')
  })
})

describe('the export agrees with what the merchant sees in chat', () => {
  it('the admin is not a customer row, and 积分 is what /points says without asking /points first', async () => {
    const shop = createShopDb()
    const file = path.join(dir, 'agree.db')
    fs.writeFileSync(file, shop.db.$client.serialize())
    shop.db.$client.close()
    const out = path.join(dir, 'agree.csv')
    const summary = await runExport({ ...config, db: file, views: { ...config.views, points: { ...config.views.points, enabled: true } } }, { out }, NOW)
    const lines = fs.readFileSync(out, 'utf8').slice(1).split('\r\n').filter((l) => l !== '')
    expect(lines.some((l) => l.includes(ADMIN) || l.startsWith('店主小美,'))).toBe(false)
    expect(summary.contacts).toBe(lines.length - 1)
    const zs = lines.find((l) => l.startsWith('张三,'))!
    expect(zs.split(',').at(-1)).toBe('199')
  })
})
