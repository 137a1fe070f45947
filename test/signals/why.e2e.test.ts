import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import { askBot, populate, SHOP, startGrpcBot, waitFor, type GrpcBot } from '../support/bot.js'

/*
 * Issue 17 end to end, over the real puppet-service gRPC path: a customer who says "not very keen" with a
 * degree word between is not promoted to L3 认同, and /why shows the merchant how that line was read.
 */

describe('reading a negated line, over the real gRPC path', () => {
  let bot: GrpcBot
  const OWNER = 'sig-owner'
  const CUSTOMER = 'sig-wang'
  const rounds = () => (bot.app.ctx.db.$client.prepare(`SELECT rounds AS n FROM contact_stats WHERE contact_id = '${CUSTOMER}'`).get() as { n: number } | undefined)?.n ?? 0

  const command = (text: string): Promise<string> => askBot(bot, OWNER, text)

  beforeAll(async () => {
    const puppet = new WorldPuppet()
    populate(puppet, { contacts: [{ id: OWNER, name: '店主', alias: '老板' }, { id: CUSTOMER, name: '王五' }] })
    bot = await startGrpcBot({ puppet, config: { admins: ['老板'] } })
    const lines = ['在吗', '颜色不是很喜欢', '不过面膜挺好用的']
    for (const [i, text] of lines.entries()) {
      bot.puppet.inject({ talkerId: CUSTOMER, listenerId: SHOP, text })
      bot.puppet.inject({ talkerId: SHOP, listenerId: CUSTOMER, text: `回复 ${i}` })
    }
    await waitFor(() => rounds() >= 3, '3 rounds')
  })
  afterAll(async () => { await bot?.stop() })

  it('one approval, not two: L2, and /why quotes the words that counted and the line read as negated', async () => {
    const reply = await command('/why 王五')
    expect(reply).toContain('王五：L2 认识我的人')
    expect(reply).toContain("· 90 天内认同或问价 1 次（需 2 次）；'颜色不是很喜欢'：否定，不算认同")
  })

  it('/tier shows the same reading among its evidence', async () => {
    expect(await command('/tier 王五')).toContain("'颜色不是很喜欢'：否定，不算认同")
  })
})
