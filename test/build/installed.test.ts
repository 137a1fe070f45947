import { execFile, type ExecFileOptions } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/*
 * What `npm install && npm start` runs: the JavaScript the `prepare` script compiles, started with plain
 * node (no tsx, no TypeScript at run time). Built here into a directory of its own next to `dist/` (the
 * same depth, so `demo-data/` and `node_modules/` resolve as they do from `dist/`), then run as the
 * merchant would: the demo, an import dry run, the help.
 */
function run(file: string, args: string[], options: ExecFileOptions): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...options, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(err, { stdout, stderr }))
      else resolve({ stdout, stderr })
    })
  })
}
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const OUT = path.join(ROOT, `.dist-test-${process.pid}`)
const CLOCK = '2026-06-17T15:00:00+08:00'

describe('the built JavaScript (npm start)', () => {
  let cwd: string
  const node = (...args: string[]) => run(process.execPath, [path.join(OUT, 'main.js'), ...args], {
    cwd,
    env: { ...process.env, WECHATY_PUPPET_SERVICE_TOKEN: '', TIERBOT_TEST_CLOCK: CLOCK, NODE_OPTIONS: '' },
    timeout: 90_000,
    maxBuffer: 16 * 1024 * 1024,
  })

  beforeAll(async () => {
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-built-'))
    const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc')
    await run(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', OUT, '--sourceMap', 'false'], { cwd: ROOT, timeout: 150_000 })
  }, 180_000)
  afterAll(() => fs.rmSync(OUT, { recursive: true, force: true }))

  it('runs the demo once with node alone and prints the merchant\'s text, no log lines', async () => {
    const { stdout, stderr } = await node('--once')
    expect(stdout).toContain('这是内置的演示世界')
    expect(stdout).toMatch(/演示：\d+ 位客户/)
    expect(stdout).toContain('今日客户行动清单')
    expect(stdout).toContain('演示结束')
    expect(stdout).not.toMatch(/^\{"level"/m)
    expect(stderr).not.toMatch(/Error|ERR_/)
    expect(fs.existsSync(path.join(cwd, 'data', 'demo.db'))).toBe(true)
  }, 120_000)

  it('imports the example file from the README in its own process, and a dry run finds it all there', async () => {
    const db = path.join(cwd, 'import.db')
    const file = path.join(ROOT, 'docs/import-example.csv')
    const first = await node('import', file, '--db', db, '--account', 'wxid_shop')
    expect(first.stdout).toMatch(/消息：新导入 [1-9]\d* 条，已存在 0 条/)
    expect(first.stdout).toContain('导入后的漏斗')
    const again = await node('import', file, '--db', db, '--dry-run')
    expect(again.stdout).toContain('试运行')
    expect(again.stdout).toMatch(/消息：将导入 0 条，已存在 [1-9]\d* 条/)
  }, 120_000)

  it('answers --help with the commands', async () => {
    const { stdout } = await node('--help')
    for (const command of ['import', 'export', 'digest', 'report', 'forget', 'backup']) expect(stdout).toContain(command)
  }, 60_000)
})
