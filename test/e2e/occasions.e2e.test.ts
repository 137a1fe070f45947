import { afterEach, describe, expect, it } from 'vitest'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import { askBot, populate, SHOP, startGrpcBot, waitFor, type GrpcBot } from '../support/bot.js'
import { clockAt } from '../support/clock.js'

/*
 * Issue 20 over the real puppet-service gRPC path on loopback, each bot on a clock the test chooses:
 * the merchant keeps a birthday with /生日 and the digest two days before names the customer with a
 * greeting; before 母亲节 the digest names a 宝妈 customer and leaves a dormant one alone.
 */

const OWNER = 'occ-owner'
const DAY = 86_400_000

describe('occasions in the morning list over the real gRPC path', () => {
  let bot: GrpcBot | undefined
  afterEach(async () => { await bot?.stop(); bot = undefined })

  const command = (text: string): Promise<string> => askBot(bot!, OWNER, text)
  const logged = (id: string) => (bot!.app.ctx.db.$client.prepare('SELECT COUNT(*) AS n FROM interactions WHERE contact_id = ?').get(id) as { n: number }).n

  async function start(at: string, contacts: Array<{ id: string; name: string }>): Promise<number> {
    const now = Date.parse(at)
    const puppet = new WorldPuppet()
    populate(puppet, { contacts: [{ id: OWNER, name: '店主', alias: '老板' }, ...contacts] })
    bot = await startGrpcBot({ puppet, clock: clockAt(now), config: { admins: [OWNER], digest: { enabled: false }, labels: { enabled: false, remarks: false } } })
    return now
  }

  it('/生日 张三 3月8日, then the digest on 3月6日 names 张三 with a greeting', async () => {
    const now = await start('2026-03-06T15:00:00+08:00', [{ id: 'occ-zhang', name: '张三' }])
    bot!.puppet.inject({ talkerId: 'occ-zhang', listenerId: SHOP, text: '最近怎么样', timestamp: now - 2 * DAY })
    await waitFor(() => logged('occ-zhang') > 0, '张三 to be logged')
    expect(await command('/生日 张三 3月8日')).toBe('好的，记下 张三 的生日：3月8日（还有 2 天）。快到时会写进早上的日报')
    expect(await command('/tier 张三')).toContain('生日：3月8日（还有 2 天）')
    const digest = await command('/日报')
    expect(digest).toMatch(/^☀️ 3月6日 今日客户行动清单/)
    expect(digest).toContain('🎂 张三（L1 知道我的人）后天 3月8日生日\n   建议 · 简单祝福：“生日快乐～”')
  })

  it('a forgotten customer\'s birthday goes with them: not in the digest, not kept', async () => {
    const now = await start('2026-03-06T15:00:00+08:00', [{ id: 'occ-zhang', name: '张三' }, { id: 'occ-li', name: '李四' }])
    bot!.puppet.inject({ talkerId: 'occ-zhang', listenerId: SHOP, text: '最近怎么样', timestamp: now - 2 * DAY })
    bot!.puppet.inject({ talkerId: 'occ-li', listenerId: SHOP, text: '在吗', timestamp: now - 2 * DAY })
    await waitFor(() => logged('occ-zhang') > 0 && logged('occ-li') > 0, 'both to be logged')
    await command('/生日 张三 3月8日')
    await command('/生日 李四 3月7日')
    expect(await command('/forget 张三')).toContain('生日 1 条')
    expect(await command('/forget 张三 确认')).toMatch(/^已删除 张三 的全部数据/)
    const digest = await command('/日报')
    expect(digest).toContain('🎂 李四（L1 知道我的人）明天 3月7日生日')
    expect(digest).not.toContain('张三')
    expect(bot!.app.ctx.db.$client.prepare(`SELECT COUNT(*) FROM birthdays WHERE contact_id = 'occ-zhang'`).pluck().get()).toBe(0)
  })

  it('before 母亲节 a 宝妈 customer is named, a dormant one is not', async () => {
    const now = await start('2026-05-06T15:00:00+08:00', [{ id: 'occ-mum', name: '宝妈小李' }, { id: 'occ-sleeper', name: '沉睡宝妈' }])
    bot!.puppet.inject({ talkerId: 'occ-mum', listenerId: SHOP, text: '宝宝最近在长牙', timestamp: now - 3 * DAY })
    bot!.puppet.inject({ talkerId: 'occ-sleeper', listenerId: SHOP, text: '宝宝的辅食怎么做', timestamp: now - 200 * DAY })
    await waitFor(() => logged('occ-mum') > 0 && logged('occ-sleeper') > 0, 'both to be logged')
    bot!.app.features.reclassifyNow()
    const activity = (id: string) => (bot!.app.ctx.db.$client.prepare('SELECT activity FROM tiers WHERE contact_id = ?').get(id) as { activity: string }).activity
    expect([activity('occ-mum'), activity('occ-sleeper')]).toEqual(['active', 'dormant'])
    const digest = await command('/日报')
    expect(digest).toContain('🎉 母亲节 5月10日（4 天后），适合问候：')
    expect(digest).toContain('· 宝妈小李（L1 知道我的人 · 宝妈）建议 · “母亲节快乐！当妈妈辛苦啦，也给自己挑份礼物吧🌷”')
    expect(digest).not.toContain('沉睡宝妈（')
  })
})
