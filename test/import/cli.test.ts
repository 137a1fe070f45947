import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { tempDbFile } from '../support/bot.js'
import { fixture } from './helpers.js'

/* `tierbot import` as the merchant runs it: the real CLI, in its capped-heap child, on a database file. */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

function tierbot(...args: string[]) {
  return tierbotLogging('silent', ...args)
}

function tierbotLogging(level: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', '--log-level', level, ...args], {
    cwd: root, encoding: 'utf8', timeout: 60_000,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TIERBOT_TEST_CLOCK: '2026-01-10T09:00:00+08:00' },
  })
}

describe('tierbot import (CLI)', () => {
  it('prints the summary, and a second run finds everything already there', () => {
    const db = tempDbFile('import-cli')
    const first = tierbot('--db', db, 'import', '--account', 'wxid_shop', fixture('weflow'))
    expect(first.status).toBe(0)
    expect(first.stdout).toContain('消息：新导入 13 条，已存在 0 条')
    expect(first.stdout).toContain('文件：2 个（WeFlow 导出 2）')
    expect(first.stdout).toContain('导入后的漏斗')
    const again = tierbot('--db', db, 'import', '--account', 'wxid_shop', fixture('weflow'))
    expect(again.stdout).toContain('消息：新导入 0 条，已存在 13 条')
  }, 120_000)

  it('at the default log level, prints no routine log line beside the summary', () => {
    const run = tierbotLogging('info', '--db', tempDbFile('import-cli'), 'import', '--account', 'wxid_shop', fixture('weflow'))
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('导入后的漏斗')
    expect(run.stderr).not.toContain('"level":30')
  }, 60_000)

  it('refuses a file in no known format with what it expected, and exits 2', () => {
    const run = tierbot('--db', tempDbFile('import-cli'), 'import', '--account', 'wxid_shop', fixture('tierbot', 'unknown.csv'))
    expect(run.status).toBe(2)
    expect(run.stdout).toContain('认不出格式。支持：WeFlow JSON')
    expect(run.stdout.split('\n')[0]).toBe('没有导入任何记录：下面的文件都没有读。')
    expect(run.stdout).not.toContain('导入完成')
  }, 60_000)

  it('names a missing --map file and exits 2, writing nothing', () => {
    const db = tempDbFile('import-cli')
    const run = tierbot('--db', db, 'import', '--account', 'wxid_shop', '--map', 'no-such-map.csv', fixture('weflow'))
    expect(run.status).toBe(2)
    expect(run.stderr).toContain('找不到 --map 文件：no-such-map.csv')
    expect(run.stderr).not.toContain('busy')
  }, 60_000)

  it('lets the event loop run between batches while the reader thread streams a big file: Ctrl-C stops it mid-way', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-import-loop-'))
    // Many people: writing is slower than reading, so the reader thread's batches queue up.
    const lines = ['kind,contact,name,time,direction,text']
    for (let i = 0; i < 60_000; i++) lines.push(`message,wxid_c${i % 2000},客户${i % 2000},${1767200000 + i * 7},${i % 3 ? 'in' : 'out'},消息内容 ${i} 车厘子多少钱`)
    fs.writeFileSync(path.join(dir, 'big.csv'), `${lines.join('\n')}\n`)
    // Its own process (as the CLI's child is): a callback scheduled at the 5th batch stands for the SIGINT handler.
    const script = `
      import { runImport } from ${JSON.stringify(path.join(root, 'src/import/run.ts'))}
      import { parseConfig } from ${JSON.stringify(path.join(root, 'src/config/load.ts'))}
      import { silentLogger } from ${JSON.stringify(path.join(root, 'src/shared/logger.ts'))}
      let batches = 0, ran = null
      const s = await runImport({ paths: [${JSON.stringify(path.join(dir, 'big.csv'))}], format: 'auto', dryRun: false,
        config: { ...parseConfig({}), db: ${JSON.stringify(path.join(dir, 'shop.db'))} }, account: 'wxid_shop', logger: silentLogger,
        clock: () => ${Date.parse('2026-01-10T09:00:00+08:00')},
        onProgress: () => { if (++batches === 5) setImmediate(() => { ran = batches }) } })
      console.log(JSON.stringify({ batches, ran, imported: s.messages.imported }))`
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 })
    fs.rmSync(dir, { recursive: true, force: true })
    const got = JSON.parse(run.stdout) as { batches: number; ran: number | null; imported: number }
    expect(got.imported).toBe(60_000)
    expect(got.batches).toBeGreaterThan(20)
    expect(got.ran).not.toBeNull()
    expect(got.ran!).toBeLessThan(got.batches)
  }, 60_000)
})
