import { afterAll, describe, expect, it } from 'vitest'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import { askBot, populate, startGrpcBot, type GrpcBot } from '../support/bot.js'

/* /forget on one of two contacts of the same name: the prompt names the id once, and its own confirm line works. */
const NOW = Date.parse('2026-06-17T15:00:00+08:00')

describe('/forget one of two 王芳', () => {
  let bot: GrpcBot
  afterAll(async () => { await bot?.stop() })

  it('names the id once and the confirm line it suggests deletes that one', async () => {
    const puppet = new WorldPuppet()
    populate(puppet, { contacts: [{ id: 'fw-owner', name: '店主小美' }, { id: 'fw-1', name: '王芳' }, { id: 'fw-2', name: '王芳' }] })
    bot = await startGrpcBot({ puppet, config: { admins: ['fw-owner'] }, clock: () => NOW })
    expect((await askBot(bot, 'fw-owner', '/forget 王芳')).split('\n')[0]).toBe('“王芳”对应 2 位联系人，请说得更准确些：')
    const ask = await askBot(bot, 'fw-owner', '2')
    expect(ask.split('\n')[0]).toMatch(/^将永久删除 王芳（ID fw-[12]）在 tierbot 里的全部数据：/)
    const confirm = ask.split('\n').at(-1)!.replace(/^确认请在 5 分钟内回复：/, '')
    // Two 王芳: the confirmation names the id (the shared name would only list both again).
    expect(confirm).toMatch(/^\/forget fw-[12] 确认$/)
    expect(await askBot(bot, 'fw-owner', confirm)).toMatch(/^已删除 王芳（ID fw-[12]） 的全部数据/)
    expect(await askBot(bot, 'fw-owner', '/tier 王芳')).toMatch(/^王芳：L0 陌生人/)
  }, 60_000)

  it('a bare 确认 right after the prompt deletes the one asked about', async () => {
    await bot?.stop()
    const puppet = new WorldPuppet()
    populate(puppet, { contacts: [{ id: 'fw-owner', name: '店主小美' }, { id: 'fw-3', name: '李娜' }] })
    bot = await startGrpcBot({ puppet, config: { admins: ['fw-owner'] }, clock: () => NOW })
    expect(await askBot(bot, 'fw-owner', '/删除客户 李娜')).toMatch(/^将永久删除 李娜（ID fw-3）/)
    expect(await askBot(bot, 'fw-owner', '确认')).toMatch(/^已删除 李娜 的全部数据/)
  }, 60_000)
})
