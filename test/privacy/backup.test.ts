import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { backupDatabase, backupsToDelete } from '../../src/privacy/backup.js'
import { closeDb, createDb, isPlainSqliteFile, type Db } from '../../src/store/client.js'
import { SHOP, startGrpcBot, tempDbFile, waitFor, type GrpcBot } from '../support/bot.js'
import { backupFailedText } from '../../src/privacy/replies.js'
import { FAST, OWNER, say, shopWorld, testClock } from './support.js'

/*
 * A backup taken while a burst of messages is arriving restores to a database whose tiers equal the
 * source's at the moment the copy finished, plain (SQLite's online backup API) and encrypted
 * (VACUUM INTO with the same key).
 */

const tiersOf = (db: Db) => db.$client.prepare('SELECT contact_id, tier, evidence_tier, activity FROM tiers WHERE account_id = ? ORDER BY contact_id').all(SHOP)
const count = (db: Db) => db.$client.prepare('SELECT COUNT(*) FROM interactions').pluck().get() as number

describe('backups', () => {
  let bot: GrpcBot | undefined
  afterEach(async () => { await bot?.stop(); bot = undefined })

  for (const key of [undefined, 'backup key']) {
    it(`a copy taken during a message burst restores to the source's tiers at that moment (${key ? 'encrypted' : 'plain'})`, async () => {
      const clock = testClock()
      bot = await startGrpcBot({ puppet: shopWorld(), config: FAST, clock, dbKey: key })
      const b = bot
      const db = b.app.ctx.db
      const customers = ['p-zhang', 'p-li']
      for (let i = 0; i < 300; i++) {
        const who = customers[i % 2]
        say(b, clock, who, i % 7 === 0 ? `喜欢 ${i}` : `消息 ${i}`)
        say(b, clock, SHOP, `回复 ${i}`, who)
      }
      // Copy once the burst is flowing, not before and not after it ended.
      await waitFor(() => count(db) > 40, 'the burst under way')
      const out = path.join(path.dirname(b.dbFile), 'backups', 'copy.db')
      await backupDatabase(db.$client, out)
      const atThatMoment = { tiers: tiersOf(db), messages: count(db) }
      expect(atThatMoment.messages).toBeLessThan(600)
      await waitFor(() => count(db) === 600, 'the rest of the burst', 30_000)

      expect(isPlainSqliteFile(out)).toBe(!key)
      expect(fs.statSync(out).mode & 0o777).toBe(0o600)
      const restored = createDb(out, { key })
      try {
        expect(count(restored)).toBe(atThatMoment.messages)
        expect(tiersOf(restored)).toEqual(atThatMoment.tiers)
        expect(tiersOf(restored).length).toBeGreaterThan(0)
      } finally {
        closeDb(restored)
      }
    }, 60_000)
  }

  it('a scheduled backup that fails is reported to the merchant once', async () => {
    const clock = testClock()
    const dbFile = tempDbFile('backup-fail')
    const blocker = path.join(path.dirname(dbFile), 'not-a-folder')
    fs.writeFileSync(blocker, 'a file where the backup folder should be')
    bot = await startGrpcBot({ puppet: shopWorld(), config: { ...FAST, backup: { dir: blocker } }, clock, dbFile })
    const b = bot
    const privacy = b.app.features.privacy
    expect(await privacy.backupNow()).toBe(false)
    expect(await privacy.backupNow()).toBe(false)
    const notices = () => b.puppet.sent.filter((s) => s.conversationId === OWNER && s.text.includes('备份失败'))
    await waitFor(() => notices().length === 1, 'the notice')
    expect(notices()[0].text).toBe(backupFailedText('EEXIST'))
    expect(notices()[0].text).toContain('备份目录不可用')
    await new Promise((r) => setTimeout(r, 200))
    expect(notices()).toHaveLength(1)
  })

  it('the command-line copy (a second connection) completes while another connection keeps writing, and is a consistent prefix', async () => {
    const file = tempDbFile('two-conn')
    const writer = createDb(file)
    const insert = writer.$client.prepare(`INSERT INTO notes (account_id, contact_id, text, at) VALUES (?, 'c', ?, ?)`)
    for (let i = 0; i < 2000; i++) insert.run(SHOP, `note ${i} ${'x'.repeat(200)}`, i)
    let writing = true
    let written = 2000
    const loop = (async () => {
      while (writing) {
        insert.run(SHOP, `note ${written}`, written++)
        await new Promise((r) => setImmediate(r))
      }
    })()
    const reader = createDb(file, { migrate: false })
    const out = path.join(path.dirname(file), 'cli-copy.db')
    await backupDatabase(reader.$client, out, { singleStep: true })
    writing = false
    await loop
    closeDb(reader)
    closeDb(writer)
    const copy = createDb(out)
    const ids = copy.$client.prepare('SELECT at FROM notes ORDER BY at').pluck().all() as number[]
    closeDb(copy)
    expect(ids.length).toBeGreaterThanOrEqual(2000)
    expect(ids.length).toBeLessThanOrEqual(written)
    expect(ids.every((at, i) => at === i)).toBe(true)
  })

  it('a second copy into the same file replaces it; rotation keeps the newest daily copies', async () => {
    const file = tempDbFile('rotate')
    const db = createDb(file)
    const out = path.join(path.dirname(file), 'b', 'x.db')
    await backupDatabase(db.$client, out)
    await backupDatabase(db.$client, out)
    expect(fs.readdirSync(path.dirname(out))).toEqual(['x.db'])
    closeDb(db)
    expect(backupsToDelete(['tierbot-2026-06-15.db', 'tierbot-2026-06-17.db', 'notes.txt', 'tierbot-2026-06-16.db'], 2))
      .toEqual(['tierbot-2026-06-15.db'])
  })
})
