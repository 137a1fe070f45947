import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { tempDbFile } from '../support/bot.js'
import { fixture } from './helpers.js'

/* `tierbot import` as the merchant runs it: the real CLI, in its capped-heap child, on a database file. */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

function tierbot(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', '--log-level', 'silent', ...args], {
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
    expect(first.stdout).toContain('导入后的漏斗')
    const again = tierbot('--db', db, 'import', '--account', 'wxid_shop', fixture('weflow'))
    expect(again.stdout).toContain('消息：新导入 0 条，已存在 13 条')
  }, 120_000)

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
})
