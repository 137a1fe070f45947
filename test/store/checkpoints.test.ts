import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SAFETY_CHECKPOINT_PAGES, startBackgroundCheckpoints, type BackgroundCheckpoints } from '../../src/store/checkpoints.js'
import { closeDb, createDb, type Db } from '../../src/store/client.js'
import { silentLogger, type Logger } from '../../src/shared/logger.js'

/*
 * WAL checkpoints on their own thread (issue 14): the bot's connection no longer copies the WAL into
 * the database file itself, yet the file gets the pages, nothing is lost, and a stop leaves a clean file.
 */

const open: Array<{ db: Db; checkpoints: BackgroundCheckpoints | null }> = []
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.checkpoints?.stop()
    closeDb(o.db)
  }
})

function tempFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-ckpt-')), 'bot.db')
}

/** Messages-sized writes, one transaction each (as ingest does): about `pages` WAL pages. */
function write(db: Db, count: number, from = 0): void {
  const insert = db.$client.prepare(`INSERT INTO meta (account_id, key, value, updated_at) VALUES ('shop', ?, ?, 0)`)
  const one = db.$client.transaction((i: number) => insert.run(`k${i}`, `消息 ${i} `.repeat(60)))
  for (let i = from; i < from + count; i++) one(i)
}

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const start = Date.now()
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

function start(file: string, options: { key?: string; logger?: Logger; driver?: string } = {}) {
  const db = createDb(file, { key: options.key })
  const checkpoints = startBackgroundCheckpoints(db, options.logger ?? silentLogger, { driver: options.driver })
  open.push({ db, checkpoints })
  return { db, checkpoints }
}

const threshold = (db: Db) => db.$client.pragma('wal_autocheckpoint', { simple: true })
const rows = (db: Db) => db.$client.prepare('SELECT COUNT(*) FROM meta').pluck().get()

describe('background checkpoints', () => {
  it('the thread copies what the bot writes into the database file; the bot itself only would past the safety line', async () => {
    const file = tempFile()
    const { db, checkpoints } = start(file)
    expect(checkpoints?.running).toBe(true)
    expect(threshold(db)).toBe(SAFETY_CHECKPOINT_PAGES)
    const before = fs.statSync(file).size
    write(db, 3000)
    // ~3000 pages written: below the bot's own threshold, so only the thread can have grown the file.
    await until(async () => (await checkpoints!.stats()).pages > 0 && fs.statSync(file).size > before + 1_000_000, 'the database file to get the pages')
    expect(rows(db)).toBe(3000)
  })

  it('a stop gives the bot its own checkpoints back and leaves a clean file with every row', async () => {
    const file = tempFile()
    const { db, checkpoints } = start(file)
    write(db, 2000)
    await checkpoints!.stop()
    expect(checkpoints!.running).toBe(false)
    expect(threshold(db)).toBe(1000)
    write(db, 10, 2000)
    closeDb(db)
    expect(fs.existsSync(`${file}-wal`)).toBe(false)
    const again = createDb(file)
    open.push({ db: again, checkpoints: null })
    expect(rows(again)).toBe(2010)
  })

  it('an encrypted database is checkpointed with its key and still opens with it', async () => {
    const file = tempFile()
    const { db, checkpoints } = start(file, { key: 'merchant secret' })
    const before = fs.statSync(file).size
    write(db, 3000)
    await until(async () => fs.statSync(file).size > before + 1_000_000, 'the encrypted file to get the pages')
    expect(checkpoints!.running).toBe(true)
    await checkpoints!.stop()
    closeDb(db)
    expect(() => createDb(file)).toThrow(/TIERBOT_DB_KEY/)
    const again = createDb(file, { key: 'merchant secret' })
    open.push({ db: again, checkpoints: null })
    expect(rows(again)).toBe(3000)
  })

  it('a thread that cannot start: the bot checkpoints itself again and says so in its log', async () => {
    const warnings: string[] = []
    const logger = { ...silentLogger, warn: (_o: unknown, msg?: string) => { warnings.push(String(msg)) } } as unknown as Logger
    const { db, checkpoints } = start(tempFile(), { logger, driver: path.join(os.tmpdir(), 'no-such-sqlite-driver.js') })
    await until(() => !checkpoints!.running, 'the thread to fail')
    expect(threshold(db)).toBe(1000)
    expect(warnings.join('\n')).toMatch(/checkpoint/)
    write(db, 1500)
    expect(rows(db)).toBe(1500)
  })

  it('a database in memory has no WAL: nothing to start', () => {
    const db = createDb(':memory:')
    open.push({ db, checkpoints: null })
    expect(startBackgroundCheckpoints(db, silentLogger)).toBeNull()
  })
})
