import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config/load.js'
import { createDb } from '../../src/store/client.js'
import { tempDbFile } from '../support/bot.js'
import { createShopDb } from '../commands/seed.js'

/* Issue 18 "developer-facing": exit codes, suggestions, checked cron settings, a true hint. */
const ENTRY = path.resolve('src/main.ts')

function tierbot(...args: string[]) {
  return tierbotAt(undefined, ...args)
}

/** With TIERBOT_TEST_CLOCK: the command's "now" is the instant the test chose. */
function tierbotAt(clock: string | undefined, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    encoding: 'utf8', timeout: 60_000, env: { ...process.env, WECHATY_PUPPET_SERVICE_TOKEN: '', TIERBOT_CONFIG: '', TIERBOT_TEST_CLOCK: clock ?? '' },
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

describe('the command line', () => {
  it('an unknown log level is a usage error (exit 2)', () => {
    const r = tierbot('--log-level', 'loud')
    expect(r.code).toBe(2)
    expect(r.err).toContain("argument 'loud' is invalid")
  })

  it('an unknown command suggests the nearest one (exit 2)', () => {
    const r = tierbot('digets')
    expect(r.code).toBe(2)
    expect(r.err).toContain('unknown command "digets". Did you mean "digest"?')
  })

  it.each([
    { args: ['forget'], says: "missing required argument 'name-or-id'" },
    { args: ['backup', '--out'], says: "option '--out <file>' argument missing" },
  ])('a subcommand used wrongly is a usage error too: tierbot $args (exit 2)', ({ args, says }) => {
    const r = tierbot(...args)
    expect(r.code).toBe(2)
    expect(r.err).toContain(says)
  })

  it('tierbot help forget shows the forget command\'s help (exit 0)', () => {
    const r = tierbot('help', 'forget')
    expect(r.code).toBe(0)
    expect(r.out).toContain('Usage: tierbot forget [options] <name-or-id>')
  })

  it('digest --print without a database offers the demo database', () => {
    const db = tempDbFile('cli')
    fs.writeFileSync(path.join(path.dirname(db), 'demo.db'), '')
    const r = tierbot('--db', db, 'digest', '--print')
    expect(r.code).toBe(1)
    expect(r.err).toContain(`digest --print --db ${path.join(path.dirname(db), 'demo.db')}`)
  })

  it('digest --print is the digest of the clock\'s day (as every other command), not of the machine\'s date', () => {
    const db = tempDbFile('cli-digest-day')
    const d = createDb(db)
    d.$client.prepare(`INSERT INTO contacts (account_id, id, name, remark, friend, added_at, first_seen_at, updated_at)
      VALUES ('wxid_shop', 'wxid_c1', '张三', '', 1, 0, 0, 0)`).run()
    d.$client.close()
    const r = tierbotAt('2026-06-17T08:00:00+08:00', '--db', db, 'digest', '--print')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^☀️ 6月17日/)
  })
})

describe('sync --dry-run', () => {
  it('shows the first few changes of each kind and how to see all; --all lists every one', () => {
    const db = tempDbFile('cli-sync-all')
    const shop = createShopDb()
    fs.writeFileSync(db, shop.db.$client.serialize())
    shop.db.$client.close()
    const some = tierbotAt('2026-05-20T10:00:00+08:00', '--db', db, 'sync', '--dry-run')
    expect(some.code).toBe(0)
    expect(some.out).toMatch(/…还有 \d+ 个（加 --all 看全部）/)
    const all = tierbotAt('2026-05-20T10:00:00+08:00', '--db', db, 'sync', '--dry-run', '--all')
    expect(all.code).toBe(0)
    expect(all.out).not.toContain('…还有')
    expect(all.out.split('\n').filter((l) => l.startsWith('  · ')).length).toBeGreaterThan(some.out.split('\n').filter((l) => l.startsWith('  · ')).length)
  })
})

describe('the demo is for a person', () => {
  it('Chinese first, and no JSON log line on the terminal (logs go to demo.log), even at --log-level info', () => {
    const db = tempDbFile('demo-cli')
    const r = tierbot('--once', '--log-level', 'info', '--db', db)
    expect(r.code).toBe(0)
    expect(r.out.split('\n')[0]).toMatch(/^tierbot：没有设置 WECHATY_PUPPET_SERVICE_TOKEN，这是内置的演示世界/)
    expect(r.out + r.err).not.toMatch(/^\{"level"/m)
    expect(fs.readFileSync(db.replace(/\.db$/, '.log'), 'utf8')).toMatch(/"level":30/)
  }, 90_000)
})

describe('settings are checked by the schema', () => {
  it.each([
    { name: 'a cron that is not one', input: { reclassifyCron: 'every day' }, says: 'reclassifyCron: got "every day"; expected a cron expression' },
    { name: 'a cron out of range', input: { digest: { cron: '99 99 * * *' } }, says: 'digest.cron: got "99 99 * * *"; expected a cron expression' },
    { name: 'a misspelt key', input: { digest: { wakeupCount: 3 } }, says: 'digest: unknown setting "wakeupCount"; did you mean "wakeUpCount"?' },
    { name: 'a misspelt top-level key', input: { timezon: 'Asia/Shanghai' }, says: 'unknown setting "timezon"; did you mean "timezone"?' },
  ])('$name', ({ input, says }) => {
    expect(() => parseConfig(input)).toThrow(says)
  })
})
