import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readPuppetServiceSettings } from '../../src/platform/puppet.js'
import { loadConfig } from '../../src/config/load.js'
import { closeDb, createDb } from '../../src/store/client.js'
import { periodOf, type ReportModel } from '../../src/report/model.js'
import { periodText } from '../../src/report/text.js'
import { tempDbFile } from '../support/bot.js'

/*
 * The first hour of a new maintainer at the terminal: the wrong flag value, a database in a place
 * that cannot hold one, the demo piped into a file. Each case is what they read, and the exit code.
 */
const ENTRY = path.resolve('src/main.ts')
const CLOCK = '2026-06-17T15:00:00+08:00'

function tierbot(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    encoding: 'utf8', timeout: 90_000, input: '',
    env: { ...process.env, WECHATY_PUPPET_SERVICE_TOKEN: '', TIERBOT_CONFIG: '', TIERBOT_DB_KEY: '', TIERBOT_TEST_CLOCK: CLOCK },
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

/** A path whose parent is a plain file: no database can ever be created there (whoever runs the test). */
function impossibleDbPath(): string {
  const file = path.join(path.dirname(tempDbFile('fr-nodir')), 'not-a-folder')
  fs.writeFileSync(file, 'x')
  return path.join(file, 'tierbot.db')
}

describe('a flag value that cannot be read is a usage error (exit 2), before anything is opened', () => {
  it.each(['2026-W99', 'last-week'])('report --week %s', (week) => {
    const r = tierbot('--db', tempDbFile('fr-week'), 'report', '--out', 'x.png', '--week', week)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`'${week}' is invalid`)
    expect(r.err).toContain('expected an ISO week like 2026-W48')
  })
})

describe('tierbot --help is enough to start', () => {
  it('names the environment a real account needs, the exit codes and where the rest is written', () => {
    const r = tierbot('--help')
    expect(r.code).toBe(0)
    for (const word of ['WECHATY_PUPPET_SERVICE_TOKEN', 'TIERBOT_ADMINS', 'TIERBOT_DB', 'TIERBOT_DB_KEY', 'Exit codes: 0 ok, 1 failure, 2 bad usage or configuration', 'README.md', 'tierbot help <command>']) {
      expect(r.out, word).toContain(word)
    }
  })
})

describe('an unknown option names the command\'s help', () => {
  it('tierbot help frob: an unknown command, not the whole help as if nothing were wrong', () => {
    const r = tierbot('help', 'expot')
    expect(r.code).toBe(2)
    expect(r.err).toContain('tierbot: unknown command "expot". Did you mean "export"?')
  })

  it('tierbot digest --frob: exit 2 and where to look', () => {
    const r = tierbot('digest', '--frob')
    expect(r.code).toBe(2)
    expect(r.err).toContain("unknown option '--frob'")
    expect(r.err).toContain('tierbot digest --help')
  })
})

describe('a database where none can be', () => {
  it('the demo with --db a folder says it is a folder, and deletes nothing in it', () => {
    const folder = path.dirname(tempDbFile('fr-demo-dir'))
    fs.writeFileSync(path.join(folder, 'keep.txt'), 'mine')
    const r = tierbot('--once', '--db', folder)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`tierbot: ${folder} is a folder, not a database file`)
    expect(fs.readFileSync(path.join(folder, 'keep.txt'), 'utf8')).toBe('mine')
  })

  it('the demo with --db in a place that cannot be created says so plainly (no ENOENT/ENOTDIR dump)', () => {
    const file = impossibleDbPath()
    const r = tierbot('--once', '--db', file)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`tierbot: cannot create the database file ${file}`)
    expect(r.err).toContain('--db')
    expect(r.err).not.toMatch(/ENOTDIR|ENOENT|EACCES/)
  })

  it('import into a database that cannot be created: the same sentence, exit 2', () => {
    const file = impossibleDbPath()
    const r = tierbot('--db', file, 'import', path.resolve('demo-data/私聊_周姐.json'))
    expect(r.code).toBe(2)
    expect(r.err).toContain(`cannot create the database file ${file}`)
    expect(r.err).not.toMatch(/ENOTDIR|ENOENT|EACCES/)
  })
})

describe('--out in a place no file can be written', () => {
  it.each(['export', 'backup', 'report'])('tierbot %s --out under a plain file: exit 2, the path and why, nothing opened', (command) => {
    const out = path.dirname(impossibleDbPath())
    const r = tierbot('--db', tempDbFile('fr-out'), command, '--out', path.join(out, 'x'))
    expect(r.code).toBe(2)
    expect(r.err).toContain(`'${path.join(out, 'x')}' is invalid`)
    expect(r.err).toContain(`${out} is a file, not a folder`)
    expect(r.err).not.toMatch(/ENOTDIR|lstat/)
  })
})

describe('the demo piped into a file', () => {
  it('finishes by itself, prints no JSON log line, and shows a command or two as the merchant would type them', () => {
    const r = tierbot('--db', tempDbFile('fr-demo-pipe'))
    expect(r.code).toBe(0)
    expect(r.out + r.err).not.toMatch(/^\{"level"/m)
    expect(r.out).toMatch(/店主> \/tier \S+/)
    expect(r.out).toMatch(/机器人: [^\n]+：L\d /)
    expect(r.out).toContain('演示结束')
  })
})

describe('connection settings copied wrong', () => {
  const env = (over: Record<string, string>) => ({ WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_workpro_abc123', ...over })

  it.each(['"puppet_workpro_abc123"', 'puppet_workpro_abc 123', "'puppet_workpro_abc123'"])('a token with quotes or a space inside (%s) is refused with what to fix', (token) => {
    expect(() => readPuppetServiceSettings(env({ WECHATY_PUPPET_SERVICE_TOKEN: token }))).toThrow('WECHATY_PUPPET_SERVICE_TOKEN has quotes or a space in it')
  })

  it.each(['1', 'yes', 'TRUE ', 'ture'])('WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT=%s is not silently "TLS on"', (value) => {
    if (value.trim().toLowerCase() === 'true') {
      expect(readPuppetServiceSettings(env({ WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: value }))?.noTls).toBe(true)
      return
    }
    expect(() => readPuppetServiceSettings(env({ WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: value }))).toThrow(`WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: got "${value}"; expected true (no TLS) or false`)
  })

  it('true, false and unset read as before', () => {
    expect(readPuppetServiceSettings(env({ WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: 'true' }))?.noTls).toBe(true)
    expect(readPuppetServiceSettings(env({ WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: 'false' }))?.noTls).toBe(false)
    expect(readPuppetServiceSettings(env({}))?.noTls).toBe(false)
  })
})

describe('backup --out a folder that does not exist yet', () => {
  it('a name ending in / is a folder, as for export: the copy goes inside it under its usual name', () => {
    const db = tempDbFile('fr-backup')
    closeDb(createDb(db))
    const folder = path.join(path.dirname(db), 'backups')
    const r = tierbot('--db', db, 'backup', '--out', `${folder}/`)
    expect(r.code).toBe(0)
    expect(fs.statSync(folder).isDirectory()).toBe(true)
    expect(fs.readdirSync(folder)).toEqual([expect.stringMatching(/^tierbot-backup-.*\.db$/)])
  })
})

describe('report --week of another week', () => {
  const text = (week: string, monday: string, today: string) => periodText({ period: periodOf(week, monday, today) } as ReportModel)

  it.each([
    { name: 'the week in progress', week: '2026-W49', monday: '2026-11-30', today: '2026-12-02', says: '本周（11月30日–12月2日，截至今天）' },
    { name: 'the week before this one', week: '2026-W48', monday: '2026-11-23', today: '2026-12-02', says: '上周（11月23日–11月29日）' },
    { name: 'the week before, on Monday', week: '2026-W48', monday: '2026-11-23', today: '2026-11-30', says: '上周（11月23日–11月29日）' },
    { name: 'two months back: its dates, not 上周', week: '2026-W40', monday: '2026-09-28', today: '2026-11-30', says: '9月28日–10月4日' },
  ])('$name', ({ week, monday, today, says }) => {
    expect(text(week, monday, today)).toBe(says)
  })

  it('a week that has not begun is refused (exit 2), no picture written', () => {
    const db = tempDbFile('fr-future')
    closeDb(createDb(db))
    const out = path.join(path.dirname(db), 'r.png')
    const r = tierbot('--db', db, 'report', '--out', out, '--week', '2026-W30')
    expect(r.code).toBe(2)
    expect(r.err).toContain('--week 2026-W30 has not begun yet')
    expect(fs.existsSync(out)).toBe(false)
  })
})

describe('an output name that says another format', () => {
  // (`export --format xlsx --out a.csv` is left as it was: --format wins over the name, test/export.)
  it('report --out x.jpg: the picture is a PNG (exit 2)', () => {
    const r = tierbot('--db', tempDbFile('fr-jpg'), 'report', '--out', 'x.jpg')
    expect(r.code).toBe(2)
    expect(r.err).toContain("'x.jpg' is invalid")
    expect(r.err).toContain('the picture is a PNG: name the file .png')
  })
})

describe('export --out with a name no spreadsheet opens', () => {
  it('export --out 客户.txt: refused (exit 2), nothing written; --format says what is meant', () => {
    const db = tempDbFile('fr-txt')
    createDb(db).$client.close()
    const out = path.join(path.dirname(db), 'fr-客户.txt')
    const r = tierbot('--db', db, 'export', '--account', 'wxid_shop', '--out', out)
    expect(r.code).toBe(2)
    expect(r.err).toContain('name it .xlsx or .csv (or pass --format xlsx|csv)')
    expect(fs.existsSync(out)).toBe(false)
    const ok = tierbot('--db', db, 'export', '--account', 'wxid_shop', '--format', 'csv', '--out', out)
    expect(ok.code).toBe(0)
    expect(fs.readFileSync(out, 'utf8')).toContain('微信名')
  })
})

describe('--log-level in capitals (a habit from other tools)', () => {
  it.each(['INFO', 'Debug'])('--log-level %s is read as the level it names', (level) => {
    const db = tempDbFile('fr-level')
    createDb(db).$client.close()
    const r = tierbot('--log-level', level, '--db', db, 'digest', '--print', '--account', 'wxid_shop')
    expect(r.err).not.toContain('is invalid')
    expect(r.code).toBe(0)
  })
  it('a level that is none is still refused (exit 2)', () => {
    const r = tierbot('--log-level', 'loud', 'digest', '--print')
    expect(r.code).toBe(2)
    expect(r.err).toContain('Allowed choices are fatal, error, warn, info, debug, trace, silent.')
  })
})

describe('output piped into a reader that stops early (npm start | head -3)', () => {
  it.each([[['--once']], [['digest', '--print']]])('tierbot %s: no EPIPE stack trace, exit 0', async (args) => {
    const db = tempDbFile('fr-epipe')
    const d = createDb(db)
    d.$client.prepare(`INSERT INTO contacts (account_id, id, name, remark, friend, added_at, first_seen_at, updated_at)
      VALUES ('wxid_shop', 'wxid_c1', '张三', '', 1, 0, 0, 0)`).run()
    closeDb(d)
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, '--db', db, ...args], {
      env: { ...process.env, WECHATY_PUPPET_SERVICE_TOKEN: '', TIERBOT_CONFIG: '', TIERBOT_DB_KEY: '', TIERBOT_TEST_CLOCK: CLOCK },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let err = ''
    child.stderr.on('data', (chunk) => { err += String(chunk) })
    // Read the first chunk, then close our end as `head` does.
    child.stdout.once('data', () => child.stdout.destroy())
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)))
    expect(err).not.toMatch(/EPIPE|Unhandled/)
    expect(code).toBe(0)
  }, 90_000)
})

describe('a bad setting from the environment names the variable', () => {
  it.each([
    { env: { TIERBOT_TZ: 'Mars/Olympus' }, says: 'timezone: got "Mars/Olympus"; expected an IANA time zone such as Asia/Shanghai (set by TIERBOT_TZ)' },
    { env: { TIERBOT_PLATFORM: 'padlocal' }, says: 'platform: got "padlocal"' },
    { env: { TIERBOT_LOG_LEVEL: 'loud' }, says: 'log.level: got "loud"' },
  ])('$env', ({ env, says }) => {
    expect(() => loadConfig({ env })).toThrow(says)
    expect(() => loadConfig({ env })).toThrow(`(set by ${Object.keys(env)[0]})`)
  })
})

describe('--account that names no account is a usage error for every command (exit 2, as import)', () => {
  it.each([['digest', '--print'], ['sync', '--dry-run'], ['export', '--out', '-'], ['report', '--out', 'REPORT']])('tierbot %s', (...given) => {
    const db = tempDbFile('fr-account')
    const args = given.map((a) => (a === 'REPORT' ? path.join(path.dirname(db), 'r.png') : a))
    const d = createDb(db)
    d.$client.prepare(`INSERT INTO contacts (account_id, id, name, remark, friend, added_at, first_seen_at, updated_at)
      VALUES ('wxid_shop', 'wxid_c1', '张三', '', 1, 0, 0, 0)`).run()
    closeDb(d)
    const r = tierbot('--db', db, ...args, '--account', 'wxid_shpo')
    expect(r.err).toContain('the database holds no account wxid_shpo (it has: wxid_shop): check --account')
    expect(r.code).toBe(2)
  })
})
