import { afterEach, describe, expect, it } from 'vitest'
import { TEST_NOW } from '../support/clock.js'
import { DeletingPuppet, talkThreeRounds } from './deleting-puppet.js'
import { askBot, populate, SHOP, startGrpcBot, waitFor, type GrpcBot } from '../support/bot.js'

/*
 * A customer who deleted the merchant (流失) over the real gRPC path, as the merchant sees it: listed under
 * /list 流失, and back to an ordinary customer (remark written again) when they write privately once more,
 * which only a friend can (the re-add itself may have happened while the bot was offline).
 */

const FAST = { admins: ['boss'], labels: { ratePerMinute: 600, jitterMs: 0 }, digest: { enabled: false } }

describe('a lost customer (流失), seen by the merchant', () => {
  let bot: GrpcBot | undefined
  afterEach(async () => { await bot?.stop(); bot = undefined })

  it('is listed by /list 流失, and is back (not 流失, remark written) once they write privately again', async () => {
    const puppet = new DeletingPuppet()
    puppet.gone.add('s-gone')
    populate(puppet, { contacts: [{ id: 'boss', name: '店主' }, { id: 's-gone', name: '赵六' }, { id: 's-here', name: '钱七' }] })
    bot = await startGrpcBot({ puppet, config: FAST })
    talkThreeRounds(puppet, SHOP, ['s-gone', 's-here'])
    await waitFor(() => bot!.app.features.ladder.getTier(SHOP, 's-gone')?.activity === 'lost', 's-gone lost')
    const list = await askBot(bot, 'boss', '/list 流失')
    expect(list.split('\n')[0]).toBe('流失客户（已不是好友，不再打标签、改备注） 共 1 人：')
    expect(list).toContain('1. 赵六 · L2')
    expect(list).not.toContain('钱七')

    // A message from before the deletion, delivered late, brings nobody back.
    puppet.inject({ talkerId: 's-gone', listenerId: SHOP, text: '旧消息', timestamp: TEST_NOW - 86_400_000 })
    await waitFor(() => bot!.app.ctx.db.$client.prepare("SELECT 1 FROM interactions WHERE text = '旧消息'").get(), 'the late message logged')
    expect(bot.app.features.ladder.getTier(SHOP, 's-gone')?.activity).toBe('lost')

    // Added again (while the bot did not hear it), then writes: an ordinary customer once more.
    puppet.gone.delete('s-gone')
    puppet.inject({ talkerId: 's-gone', listenerId: SHOP, text: '我又加回来了' })
    await waitFor(() => puppet.aliases.get('s-gone') === 'L2|赵六', 'the remark written again')
    const tier = await askBot(bot, 'boss', '/tier 赵六')
    expect(tier).toContain('L2 认识我的人')
    expect(tier).not.toContain('流失')
    expect(await askBot(bot, 'boss', '/list 流失')).toBe('目前没有流失的客户')
  })

  it('a message stamped the very millisecond the refusal was noticed brings them back too (the deletion came before)', async () => {
    const puppet = new DeletingPuppet()
    puppet.gone.add('s-same-ms')
    populate(puppet, { contacts: [{ id: 'boss', name: '店主' }, { id: 's-same-ms', name: '赵六' }] })
    bot = await startGrpcBot({ puppet, config: FAST })
    talkThreeRounds(puppet, SHOP, ['s-same-ms'])
    await waitFor(() => bot!.app.features.ladder.getTier(SHOP, 's-same-ms')?.activity === 'lost', 's-same-ms lost')
    // Their next private message carries the very instant the refusal was recorded.
    const { at } = bot.app.ctx.db.$client.prepare("SELECT lost_at AS at FROM contacts WHERE id = 's-same-ms'").get() as { at: number }
    puppet.gone.delete('s-same-ms')
    puppet.inject({ talkerId: 's-same-ms', listenerId: SHOP, text: '我又加回来了', timestamp: at })
    await waitFor(() => puppet.aliases.get('s-same-ms') === 'L2|赵六', 'the remark written again')
    expect(bot.app.features.ladder.getTier(SHOP, 's-same-ms')?.activity).not.toBe('lost')
  })
})
