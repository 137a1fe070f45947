import { spawn } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import { askBot, populate, SHOP, startGrpcBot, waitFor, type GrpcBot } from '../support/bot.js'

/*
 * The database held by another process for longer than SQLite's busy wait (an import or a backup tool
 * on the same file): a message that arrives meanwhile is logged once the lock is gone, not dropped, and
 * a command that arrives meanwhile is answered then.
 */

const OWNER = 'busy-owner'
const CONFIG = { admins: [OWNER], digest: { enabled: false }, report: { enabled: false }, labels: { enabled: false, remarks: false } }

describe('the database locked by another process for a while', () => {
  let bot: GrpcBot | undefined
  afterEach(async () => { await bot?.stop(); bot = undefined })

  it('loses no message and answers the command once the lock is released', async () => {
    const puppet = new WorldPuppet()
    populate(puppet, { contacts: [{ id: OWNER, name: '店主' }, { id: 'b-zhang', name: '张三' }] })
    bot = await startGrpcBot({ puppet, config: CONFIG })
    // Another process takes the write lock and keeps it 12 s (longer than the bot's 5 s busy wait).
    const holder = spawn(process.execPath, ['-e', `
      const db = new (require('better-sqlite3'))(process.argv[1]); db.exec('BEGIN IMMEDIATE'); console.log('locked')
      setTimeout(() => { db.exec('ROLLBACK'); db.close() }, 12000)`, bot.dbFile], { stdio: ['ignore', 'pipe', 'inherit'] })
    const released = new Promise((resolve) => holder.once('exit', resolve))
    await new Promise((resolve) => holder.stdout!.once('data', resolve))
    const id = puppet.inject({ talkerId: 'b-zhang', listenerId: SHOP, text: '锁住时发的消息' })
    const before = puppet.sent.length
    puppet.inject({ talkerId: OWNER, listenerId: SHOP, text: '/tier 张三' })
    await released
    const logged = () => bot!.app.ctx.db.$client.prepare('SELECT COUNT(*) AS n FROM interactions WHERE message_id = ?').get(id) as { n: number }
    await waitFor(() => logged().n === 1, 'the message logged after the lock', 30_000)
    await waitFor(() => puppet.sent.length > before, 'the command answered', 30_000)
    expect(puppet.sent.slice(before).map((s) => s.text).join('\n')).toMatch(/^张三：L1 知道我的人/)
    expect(await askBot(bot, OWNER, '/tier 张三')).toMatch(/^张三：L1/)
  }, 60_000)
})
