import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import type { App } from '../../src/app/app.js'
import { DeletingPuppet, talkThreeRounds } from '../lost/deleting-puppet.js'
import { askBot, populate, sentTo, SHOP, startGrpcBot, tempDbFile, waitFor, type GrpcBot } from '../support/bot.js'

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

/**
 * Copies the database file the moment the first message whose text passes `pick` commits: what a kill -9
 * right then leaves. Returns the copy's path and a beforeStart hook.
 */
function copyAtCommit(pick: (text: string) => boolean): { file: string; hook: (app: App) => void } {
  const file = path.join(path.dirname(tempDbFile('cmd-crash')), 'at-commit.db')
  return {
    file,
    hook: (app) => app.ingest.addAfterTransaction((event, outcome) => {
      if (outcome === 'committed' && pick(event.text) && !fs.existsSync(file)) app.ctx.db.$client.exec(`VACUUM INTO '${file}'`)
    }),
  }
}

describe('a crash right after a message is logged', () => {
  let bot: GrpcBot | undefined
  afterEach(async () => { await bot?.stop(); bot = undefined })

  it('keeps the /paid: the restarted bot, sent the same message again, answers it once and shows the payment and L4', async () => {
    const puppet = world()
    const crash = copyAtCommit((text) => text.startsWith('/paid'))
    const crashCopy = crash.file
    bot = await startGrpcBot({ puppet, config: CONFIG, beforeStart: crash.hook })
    const paid = puppet.inject({ talkerId: OWNER, listenerId: SHOP, text: '/paid 张三 199' })
    await waitFor(() => fs.existsSync(crashCopy), 'the message committed')
    const gatewayPort = bot.gateway.port
    await bot.stop()

    const answered = () => sentTo({ puppet }, OWNER).filter((text) => text.startsWith('已记录：张三 宝妈 付款 ¥199'))
    // The first bot answered before it stopped; the copy was taken before that answer went out.
    const answersBefore = answered().length
    bot = await startGrpcBot({ puppet, config: CONFIG, dbFile: crashCopy, gatewayPort })
    puppet.redeliver(paid)
    await waitFor(() => bot!.app.counts().duplicates > 0, 'the redelivered message')
    // The merchant gets the answer the crash kept from them (else they would type the /paid again), once.
    await waitFor(() => answered().length > answersBefore, 'the answer after the restart')
    puppet.redeliver(paid)
    await waitFor(() => bot!.app.counts().duplicates > 1, 'a second redelivery')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(answered()).toHaveLength(answersBefore + 1)
    const orders = bot.app.ctx.db.$client.prepare("SELECT amount_fen FROM orders WHERE contact_id = 'k-zhang'").all()
    expect(orders).toEqual([{ amount_fen: 19_900 }])
    expect(await askBot(bot, OWNER, '/tier 张三')).toMatch(/L4 信任我的人/)
  }, 60_000)

  it('keeps a lost customer\'s return: their message, redelivered after the restart, leaves them back (not 流失) and written again', async () => {
    const puppet = new DeletingPuppet()
    puppet.gone.add('k-zhao')
    populate(puppet, { contacts: [{ id: OWNER, name: '店主' }, { id: 'k-zhao', name: '赵六' }] })
    const crash = copyAtCommit((text) => text === '我又加回来了')
    bot = await startGrpcBot({ puppet, config: CONFIG, beforeStart: crash.hook })
    talkThreeRounds(puppet, SHOP, ['k-zhao'])
    await waitFor(() => bot!.app.features.ladder.getTier(SHOP, 'k-zhao')?.activity === 'lost', 'k-zhao lost')
    puppet.gone.delete('k-zhao')
    const back = puppet.inject({ talkerId: 'k-zhao', listenerId: SHOP, text: '我又加回来了' })
    await waitFor(() => fs.existsSync(crash.file), 'the message committed')
    const gatewayPort = bot.gateway.port
    await bot.stop()

    bot = await startGrpcBot({ puppet, config: CONFIG, dbFile: crash.file, gatewayPort })
    puppet.redeliver(back)
    await waitFor(() => bot!.app.counts().duplicates > 0, 'the redelivered message')
    expect(bot.app.features.ladder.getTier(SHOP, 'k-zhao')?.activity).not.toBe('lost')
    await waitFor(() => puppet.aliases.get('k-zhao') === 'L2|赵六', 'the remark written again')
  }, 60_000)
})
