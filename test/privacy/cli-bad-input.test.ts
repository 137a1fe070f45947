import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { closeDb, createDb, isPlainSqliteFile } from '../../src/store/client.js'
import { tempDbFile } from '../support/bot.js'

/*
 * `tierbot backup` and `tierbot db encrypt|decrypt` given the wrong thing, as the person at the terminal
 * sees it: a plain sentence saying what to do, nothing lost, no half file left behind.
 */

const KEY = 'correct horse battery staple'
const CLOCK = '2026-06-17T15:00:00+08:00'

function tierbot(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('src/main.ts'), ...args], {
    encoding: 'utf8', timeout: 60_000,
    env: { ...process.env, WECHATY_PUPPET_SERVICE_TOKEN: '', TIERBOT_CONFIG: '', TIERBOT_DB_KEY: '', TIERBOT_TEST_CLOCK: CLOCK, ...env },
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

/** A database holding one customer, 张三. */
function shopDb(prefix: string, key?: string): string {
  const file = tempDbFile(prefix)
  const db = createDb(file, { key })
  db.$client.prepare(`INSERT INTO contacts (account_id, id, name, remark, friend, added_at, first_seen_at, updated_at)
    VALUES ('wxid_shop', 'wxid_c1', '张三', '', 1, 0, 0, 0)`).run()
  closeDb(db)
  return file
}

const names = (dir: string) => fs.readdirSync(dir).sort()

describe('tierbot backup, given the wrong place', () => {
  it('--out an existing folder writes the copy into that folder', () => {
    const db = shopDb('bk-folder')
    const folder = path.join(path.dirname(db), 'backups')
    fs.mkdirSync(folder)
    const r = tierbot({}, '--db', db, 'backup', '--out', folder)
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    const written = names(folder)
    expect(written).toEqual([expect.stringMatching(/^tierbot-backup-.*\.db$/)])
    expect(r.out).toContain(`backup written to ${path.join(folder, written[0])}`)
    expect(isPlainSqliteFile(path.join(folder, written[0]))).toBe(true)
  }, 60_000)

  it('--out the database itself is refused, and the database is untouched', () => {
    const db = shopDb('bk-self')
    const before = fs.readFileSync(db)
    const r = tierbot({}, '--db', db, 'backup', '--out', db)
    expect(r.code).toBe(2)
    expect(r.out + r.err).toContain(`${db} is the database itself: a backup must go to another file`)
    expect(fs.readFileSync(db).equals(before)).toBe(true)
    expect(names(path.dirname(db)).filter((n) => n.includes('partial'))).toEqual([])
  }, 60_000)

  it('--out a file that already exists is not overwritten without --force', () => {
    const db = shopDb('bk-exists')
    const notes = path.join(path.dirname(db), 'notes.txt')
    fs.writeFileSync(notes, '我的笔记')
    const r = tierbot({}, '--db', db, 'backup', '--out', notes)
    expect(r.code).toBe(1)
    expect(r.out).toContain(`${notes} already exists: choose another --out, or add --force to replace it`)
    expect(fs.readFileSync(notes, 'utf8')).toBe('我的笔记')
    const forced = tierbot({}, '--db', db, 'backup', '--out', notes, '--force')
    expect(forced.code).toBe(0)
    expect(isPlainSqliteFile(notes)).toBe(true)
  }, 60_000)

  it('--db a folder says so (not "unable to open database file")', () => {
    const folder = path.dirname(shopDb('bk-dbdir'))
    const r = tierbot({}, '--db', folder, 'backup', '--out', path.join(folder, 'copy.db'))
    expect(r.code).toBe(2)
    expect(r.err).toContain(`tierbot: ${folder} is a folder, not a database file: pass the file itself, e.g. --db ${path.join(folder, 'tierbot.db')}`)
    expect(fs.existsSync(path.join(folder, 'copy.db'))).toBe(false)
  }, 60_000)
})

describe('tierbot db encrypt, given something that is not a plain database', () => {
  it('a folder is called a folder, not "already encrypted"', () => {
    const folder = path.dirname(shopDb('enc-dir'))
    const r = tierbot({ TIERBOT_DB_KEY: KEY }, '--db', folder, 'db', 'encrypt')
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${folder} is a folder, not a database file`)
  }, 60_000)

  it('a file that is no database is left as it was and called what it is', () => {
    const file = path.join(path.dirname(tempDbFile('enc-txt')), 'tierbot.db')
    fs.writeFileSync(file, 'hello')
    const r = tierbot({ TIERBOT_DB_KEY: KEY }, '--db', file, 'db', 'encrypt')
    expect(r.code).toBe(2)
    expect(r.err).toContain(`the file ${file} is not a plain SQLite database: encrypted with another key, or not a tierbot database; nothing was changed`)
    expect(fs.readFileSync(file, 'utf8')).toBe('hello')
  }, 60_000)

  it('a database already encrypted with this key says there is nothing to do', () => {
    const db = shopDb('enc-twice', KEY)
    const r = tierbot({ TIERBOT_DB_KEY: KEY }, '--db', db, 'db', 'encrypt')
    expect(r.code).toBe(2)
    expect(r.err).toContain(`the database ${db} is already encrypted with this TIERBOT_DB_KEY: nothing to do`)
  }, 60_000)
})

describe('half files from an interrupted run', () => {
  it('a copy left by a killed db encrypt, or a killed backup an hour ago, is cleared by the next run (it holds customers\' data)', () => {
    const db = shopDb('stale')
    const dir = path.dirname(db)
    fs.writeFileSync(`${db}.converting-99999`, 'half a copy')
    const out = path.join(dir, 'copy.db')
    const stalePartial = `${out}.partial-99999`
    fs.writeFileSync(stalePartial, 'half a backup')
    const hourAgo = new Date(Date.now() - 2 * 3600_000)
    fs.utimesSync(stalePartial, hourAgo, hourAgo)
    expect(tierbot({}, '--db', db, 'backup', '--out', out).code).toBe(0)
    expect(tierbot({ TIERBOT_DB_KEY: KEY }, '--db', db, 'db', 'encrypt').code).toBe(0)
    expect(names(dir).filter((n) => n.includes('.partial-') || n.includes('.converting-'))).toEqual([])
  }, 60_000)
})
