import { afterEach, describe, expect, it } from 'vitest'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import { askBot, populate, SHOP, startGrpcBot, waitFor, type GrpcBot } from '../support/bot.js'
import { clockAt } from '../support/clock.js'

/*
 * The weekly picture of a shop in its first week with tierbot, over the real gRPC path: the friends the
 * merchant already had when the bot first started are not 新加好友 (on a real account that was the whole
 * address book); a friend who adds the merchant afterwards is.
 */

const OWNER = 'fw-owner'

describe('the first week\'s report over the real gRPC path', () => {
  let bot: GrpcBot | undefined
  afterEach(async () => { await bot?.stop(); bot = undefined })

  it('counts only the friends made after the first start as new', async () => {
    const now = Date.parse('2026-06-17T15:00:00+08:00')
    const puppet = new WorldPuppet()
    populate(puppet, {
      contacts: [
        { id: OWNER, name: '店主', alias: '老板' },
        { id: 'fw-a', name: '老客甲' }, { id: 'fw-b', name: '老客乙' }, { id: 'fw-c', name: '老客丙' },
        { id: 'fw-new', name: '新朋友', friend: false },
      ],
    })
    bot = await startGrpcBot({ puppet, clock: clockAt(now), config: { admins: [OWNER], digest: { enabled: false }, labels: { enabled: false, remarks: false } } })
    const b = bot
    puppet.injectFriendship({ id: 'fr-new', contactId: 'fw-new', timestamp: Math.floor((now + 60_000) / 1000) })
    await waitFor(() => b.app.ctx.db.$client.prepare(`SELECT friend FROM contacts WHERE id = 'fw-new'`).pluck().get() === 1, 'the new friend')

    const caption = await askBot(b, OWNER, '/周报')
    expect(caption).toContain('客户 4 人')
    expect(caption).toContain('新加好友 1 位')
  })
})
