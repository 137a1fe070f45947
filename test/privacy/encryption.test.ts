import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { decryptDatabaseFile, encryptDatabaseFile } from '../../src/privacy/db-crypt.js'
import { closeDb, createDb, DbKeyError, isPlainSqliteFile } from '../../src/store/client.js'
import { SHOP, startGrpcBot, tempDbFile, waitFor, type GrpcBot } from '../support/bot.js'
import { FAST, OWNER, say, shopWorld, testClock, T0 } from './support.js'

/*
 * Encryption at rest with TIERBOT_DB_KEY (SQLCipher 4 format through better-sqlite3-multiple-ciphers):
 * the file holds no message text, cannot be opened without the key or with a wrong one, and the bot
 * works end to end over the loopback gRPC gateway with it.
 */

const KEY = 'correct horse battery staple'
const SECRET = '秘密暗号 ZQX-4471'

function fileBytes(file: string): Buffer {
  return Buffer.concat(['', '-wal'].filter((s) => fs.existsSync(file + s)).map((s) => fs.readFileSync(file + s)))
}

describe('encryption at rest', () => {
  let bot: GrpcBot | undefined
  afterEach(async () => { await bot?.stop(); bot = undefined })

  it('with a key the bot works end to end over gRPC, and the file holds no message text and opens only with the key', async () => {
    const clock = testClock()
    const dbFile = tempDbFile('enc')
    bot = await startGrpcBot({ puppet: shopWorld(), config: FAST, clock, dbFile, dbKey: KEY })
    const b = bot
    say(b, clock, 'p-zhang', `你好 ${SECRET} 多少钱`)
    say(b, clock, OWNER, '/tier 张三 宝妈')
    const reply = await waitFor(() => b.puppet.sent.find((s) => s.conversationId === OWNER), 'the /tier answer')
    expect(reply.text).toContain('L1 知道我的人')
    // While running (WAL) and after stopping, no byte of the message text is on disk.
    expect(fileBytes(dbFile).includes(Buffer.from(SECRET))).toBe(false)
    await b.stop()
    bot = undefined
    expect(isPlainSqliteFile(dbFile)).toBe(false)
    expect(fileBytes(dbFile).includes(Buffer.from(SECRET))).toBe(false)
    expect(fileBytes(dbFile).includes(Buffer.from('ZQX-4471'))).toBe(false)

    expect(() => createDb(dbFile)).toThrow(DbKeyError)
    expect(() => createDb(dbFile)).toThrow(/encrypted.*TIERBOT_DB_KEY/)
    expect(() => createDb(dbFile, { key: 'wrong key' })).toThrow(/cannot be opened with this TIERBOT_DB_KEY/)
    const db = createDb(dbFile, { key: KEY })
    expect(db.$client.prepare('SELECT text FROM interactions WHERE contact_id = ?').pluck().get('p-zhang')).toContain(SECRET)
    closeDb(db)
  })

  it('db encrypt / decrypt convert an existing file after checking the copy, and a key on a plain file is refused plainly', () => {
    const file = tempDbFile('convert')
    const plain = createDb(file)
    plain.$client.prepare(`INSERT INTO contacts (account_id, id, name, remark, friend, first_seen_at, updated_at) VALUES (?, 'c1', '张三', '', 1, ?, ?)`).run(SHOP, T0, T0)
    plain.$client.prepare(`INSERT INTO interactions (account_id, message_id, contact_id, direction, type, raw_type, at, text, received_at)
      VALUES (?, 'm1', 'c1', 'in', 'text', 7, ?, ?, ?)`).run(SHOP, T0, SECRET, T0)
    closeDb(plain)
    expect(() => createDb(file, { key: KEY })).toThrow(/not encrypted.*tierbot db encrypt/)

    expect(encryptDatabaseFile(file, KEY).rows).toBeGreaterThan(1)
    expect(isPlainSqliteFile(file)).toBe(false)
    expect(fileBytes(file).includes(Buffer.from(SECRET))).toBe(false)
    expect(fs.readdirSync(path.dirname(file)).filter((n) => n.includes('converting'))).toEqual([])
    const enc = createDb(file, { key: KEY })
    expect(enc.$client.prepare('SELECT text FROM interactions').pluck().get()).toBe(SECRET)
    closeDb(enc)
    expect(() => encryptDatabaseFile(file, KEY)).toThrow(/already encrypted/)

    decryptDatabaseFile(file, KEY)
    expect(isPlainSqliteFile(file)).toBe(true)
    const back = createDb(file)
    expect(back.$client.prepare('SELECT text FROM interactions').pluck().get()).toBe(SECRET)
    closeDb(back)
  })

  it('db encrypt refuses a file another connection (the running bot) has open, and leaves it as it was', () => {
    const file = tempDbFile('in-use')
    const running = createDb(file)
    running.$client.prepare(`INSERT INTO notes (account_id, contact_id, text, at) VALUES (?, 'c1', ?, ?)`).run(SHOP, SECRET, T0)
    expect(() => encryptDatabaseFile(file, KEY)).toThrow(/in use: stop the bot first/)
    expect(isPlainSqliteFile(file)).toBe(true)
    expect(running.$client.prepare('SELECT text FROM notes').pluck().get()).toBe(SECRET)
    closeDb(running)
    expect(fs.readdirSync(path.dirname(file)).filter((n) => n.includes('converting'))).toEqual([])
  })

  it('the command line answers a wrong key with a plain message and exit code 2', () => {
    const file = tempDbFile('cli-key')
    closeDb(createDb(file, { key: KEY }))
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', '--db', file, 'digest', '--print'], {
      env: { ...process.env, TIERBOT_DB_KEY: 'not the key', TIERBOT_CONFIG: '' }, encoding: 'utf8',
    })
    expect(run.status).toBe(2)
    expect(run.stderr).toContain('cannot be opened with this TIERBOT_DB_KEY')
    expect(run.stderr).not.toContain('not the key')
  }, 30_000)
})
