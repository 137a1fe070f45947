import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import { askBot, populate, SHOP, startGrpcBot, tempDbFile, waitFor, type GrpcBot } from '../support/bot.js'

/*
 * Issue 8 "Crash": kill -9 right after an admin's command was logged. What survives a kill is what was
 * committed; the service then re-sends the message, which the bot has already logged. The command's
 * effect (here a /paid's order and the rung it gives) must have been committed with the message, or
 * the replay leaves the merchant's payment lost for good.
 */

const OWNER = 'crash-owner'
const CONFIG = { admins: [OWNER], digest: { enabled: false }, report: { enabled: false }, labels: { ratePerMinute: 600, jitterMs: 0 } }

function world(): WorldPuppet {
  const puppet = new WorldPuppet()
  populate(puppet, { contacts: [{ id: OWNER, name: '店主' }, { id: 'k-zhang', name: '张三', alias: '张三 宝妈' }] })
  return puppet
}

describe('a crash right after a command is logged', () => {
  let bot: GrpcBot | undefined
  afterEach(async () => { await bot?.stop(); bot = undefined })

  it('keeps the /paid: the restarted bot, sent the same message again, shows the payment and L4', async () => {
    const puppet = world()
    // The database file as it stands the moment the message's transaction commits: what a kill -9 then leaves.
    const crashCopy = path.join(path.dirname(tempDbFile('cmd-crash')), 'at-commit.db')
    bot = await startGrpcBot({
      puppet, config: CONFIG,
      beforeStart: (app) => app.ingest.addAfterTransaction((event, outcome) => {
        if (outcome === 'committed' && event.text.startsWith('/paid') && !fs.existsSync(crashCopy)) {
          app.ctx.db.$client.exec(`VACUUM INTO '${crashCopy}'`)
        }
      }),
    })
    const paid = puppet.inject({ talkerId: OWNER, listenerId: SHOP, text: '/paid 张三 199' })
    await waitFor(() => fs.existsSync(crashCopy), 'the message committed')
    const gatewayPort = bot.gateway.port
    await bot.stop()

    bot = await startGrpcBot({ puppet, config: CONFIG, dbFile: crashCopy, gatewayPort })
    puppet.redeliver(paid)
    await waitFor(() => bot!.app.counts().duplicates > 0, 'the redelivered message')
    const orders = bot.app.ctx.db.$client.prepare("SELECT amount_fen FROM orders WHERE contact_id = 'k-zhang'").all()
    expect(orders).toEqual([{ amount_fen: 19_900 }])
    expect(await askBot(bot, OWNER, '/tier 张三')).toMatch(/L4 信任我的人/)
  }, 60_000)
})
