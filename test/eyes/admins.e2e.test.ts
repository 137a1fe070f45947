import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import { populate, SHOP, startGrpcBot, waitFor, type GrpcBot } from '../support/bot.js'

/*
 * Issue 18 §1 over the real puppet-service path: the merchant's admin is not a customer. Her
 * commands (full of 多少钱, 喜欢, 退款) are logged as commands and read as no signal; she has no rung,
 * is in no funnel, no digest line, no /hot list.
 */
const NOW = Date.parse('2026-06-17T15:00:00+08:00')
const MIN = 60_000

describe('the admin is not a customer', () => {
  let bot: GrpcBot
  const OWNER = 'eyes-owner'
  const sentTo = (id: string) => bot.puppet.sent.filter((s) => s.conversationId === id).map((s) => s.text)
  const get = (sql: string, ...params: unknown[]) => bot.app.ctx.db.$client.prepare(sql).get(...params)
  let seq = 0

  async function command(text: string): Promise<string> {
    const before = sentTo(OWNER).length
    bot.puppet.inject({ talkerId: OWNER, listenerId: SHOP, text, timestamp: NOW - 30 * MIN + ++seq * 1000 })
    await waitFor(() => sentTo(OWNER).length > before, `an answer to ${text}`)
    return sentTo(OWNER)[before]
  }

  beforeAll(async () => {
    const puppet = new WorldPuppet()
    populate(puppet, { contacts: [{ id: OWNER, name: '店主小美' }, { id: 'eyes-li', name: '李娜' }] })
    bot = await startGrpcBot({ puppet, config: { admins: [OWNER] }, clock: () => NOW })
    for (let i = 0; i < 3; i++) {
      bot.puppet.inject({ talkerId: 'eyes-li', listenerId: SHOP, text: `在吗 ${i}`, timestamp: NOW - 3 * 60 * MIN + i * 2 * MIN })
      bot.puppet.inject({ talkerId: SHOP, listenerId: 'eyes-li', text: `在的 ${i}`, timestamp: NOW - 3 * 60 * MIN + i * 2 * MIN + MIN })
    }
    await waitFor(() => (get("SELECT rounds FROM contact_stats WHERE contact_id = 'eyes-li'") as { rounds: number } | undefined)?.rounds === 3, '3 rounds')
    await command('/note 李娜 想买面霜 多少钱')
    await command('/note 李娜 很喜欢这款，效果好')
    await command('/退款 李娜 10')
  })
  afterAll(async () => { await bot?.stop() })

  it('/tier on the admin says she is not a customer', async () => {
    expect(await command('/tier 店主小美')).toBe('店主小美 是管理员（店主这边的人），不算客户：没有层级，也不进日报和漏斗')
  })

  it('she has no rung and no counters; her commands are logged as commands', () => {
    expect(get('SELECT COUNT(*) AS n FROM tiers WHERE contact_id = ?', OWNER)).toEqual({ n: 0 })
    expect(get('SELECT COUNT(*) AS n FROM contact_stats WHERE contact_id = ?', OWNER)).toEqual({ n: 0 })
    const rows = get("SELECT COUNT(*) AS n, SUM(type = 'command') AS commands, COUNT(signals) AS signals FROM interactions WHERE contact_id = ? AND direction = 'in'", OWNER) as { n: number; commands: number; signals: number }
    expect(rows.n).toBeGreaterThanOrEqual(3)
    expect(rows.commands).toBe(rows.n)
    expect(rows.signals).toBe(0)
  })

  it('the funnel, /hot and the digest do not show her', async () => {
    expect((await command('/stats')).split('\n')[0]).toBe('客户共 1 人：')
    expect(await command('/hot')).not.toContain('店主小美')
    const digest = await command('/digest')
    expect(digest).not.toContain('店主小美')
    expect(digest).toContain('共 1 人')
  })
})

describe('a customer the merchant makes an admin later', () => {
  it('loses her rung at the next start: not in the funnel, the digest or /stats', async () => {
    const OWNER = 'eyes-owner2'
    const HELPER = 'eyes-helper'
    const contacts = [{ id: OWNER, name: '店主小美' }, { id: HELPER, name: '小助理' }, { id: 'eyes-wang', name: '王芳' }]
    const first = new WorldPuppet()
    populate(first, { contacts })
    let bot = await startGrpcBot({ puppet: first, config: { admins: [OWNER] }, clock: () => NOW })
    const dbFile = bot.dbFile
    const tierOf = (b: GrpcBot) => b.app.ctx.db.$client.prepare('SELECT tier FROM tiers WHERE contact_id = ?').get(HELPER) as { tier: number } | undefined
    try {
      for (let i = 0; i < 2; i++) {
        first.inject({ talkerId: HELPER, listenerId: SHOP, text: `在吗 ${i}`, timestamp: NOW - 60 * MIN + i * 2 * MIN })
        first.inject({ talkerId: SHOP, listenerId: HELPER, text: `在的 ${i}`, timestamp: NOW - 60 * MIN + i * 2 * MIN + MIN })
      }
      await waitFor(() => (tierOf(bot)?.tier ?? 0) >= 1, 'the helper placed as a customer')
    } finally {
      await bot.stop()
    }
    const second = new WorldPuppet()
    populate(second, { contacts })
    bot = await startGrpcBot({ puppet: second, dbFile, config: { admins: [OWNER, HELPER] }, clock: () => NOW + 5 * MIN })
    try {
      expect(tierOf(bot)).toBeUndefined()
      const before = second.sent.filter((s) => s.conversationId === OWNER).length
      second.inject({ talkerId: OWNER, listenerId: SHOP, text: '/digest', timestamp: NOW + 4 * MIN })
      await waitFor(() => second.sent.filter((s) => s.conversationId === OWNER).length > before, 'the digest')
      const digest = second.sent.filter((s) => s.conversationId === OWNER)[before].text
      expect(digest).not.toContain('小助理')
      expect(digest).toMatch(/共 1 (人|位客户)/)
      const stats = second.sent.length
      second.inject({ talkerId: OWNER, listenerId: SHOP, text: '/stats', timestamp: NOW + 4 * MIN + 1000 })
      await waitFor(() => second.sent.length > stats, '/stats')
      expect(second.sent[stats].text.split('\n')[0]).toBe('客户共 1 人：')
    } finally {
      await bot.stop()
    }
  })
})
