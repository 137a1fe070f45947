import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SHOP } from '../support/bot.js'
import {
  ask, BOSS, createCaptureLogger, createFaultWorld, expectNoReply, repliesTo, sleep, startFaultBot, VIP_ROOM, waitLogged,
  type FaultBot,
} from './support/fault-bot.js'

/*
 * Issue 8 "Hostile input": people type odd things. Every admin command gets an answer or a clear
 * refusal (never silence, never a crash, never an apology for an internal error), and messages of
 * any type and size are logged without harm.
 */

const APOLOGY = /抱歉，出错了/

describe.sequential('odd messages are logged without harm', () => {
  let bot: FaultBot
  const capture = createCaptureLogger()
  beforeAll(async () => { bot = await startFaultBot({ puppet: createFaultWorld(), logger: capture.logger }) })
  afterAll(async () => { await bot?.stop() })

  const big = '长'.repeat(100 * 1024)
  it.each([
    { name: 'unknown type 0', message: { type: 0, text: '??' }, kind: 'unknown' },
    { name: 'unknown type 99 (newer than the puppet library)', message: { type: 99, text: 'future' }, kind: 'unknown' },
    { name: 'a 100 KB text, kept whole', message: { text: big }, kind: 'text', length: big.length },
    { name: 'an empty text', message: { text: '' }, kind: 'text' },
    { name: 'emoji only', message: { text: '👍🏻❤️🎉🙏' }, kind: 'text' },
    { name: 'NUL and control characters', message: { text: 'a\u0000b\u0007c\u202Ed' }, kind: 'text' },
  ])('$name', async ({ message, kind, length }) => {
    for (const where of [{ listenerId: SHOP }, { roomId: VIP_ROOM }]) {
      const id = bot.puppet.inject({ talkerId: 'c-li', ...where, ...message } as never)
      await waitLogged(bot, id)
      const [row] = bot.all<{ type: string; n: number }>('SELECT type, length(text) AS n FROM interactions WHERE message_id = ?', id)
      expect(row.type).toBe(kind)
      if (length) expect(row.n).toBe(length)
    }
  })

  it('a 1 MB text of emoji is logged, cut at the stored limit between two characters, never inside one', async () => {
    const huge = `a${'😀'.repeat(512 * 1024)}`
    const id = bot.puppet.inject({ talkerId: 'c-li', listenerId: SHOP, text: huge })
    await waitLogged(bot, id, 30_000)
    const [row] = bot.all<{ type: string; text: string }>('SELECT type, text FROM interactions WHERE message_id = ?', id)
    expect(row.type).toBe('text')
    expect(row.text.length).toBeGreaterThan(100_000)
    expect(huge.startsWith(row.text)).toBe(true)
  })

  it('keeps working afterwards and never logged the text', async () => {
    const id = bot.puppet.inject({ talkerId: 'c-zhang', listenerId: SHOP, text: '还好吗' })
    await waitLogged(bot, id)
    expect(capture.lines.join('\n')).not.toContain('长长长')
    expect(capture.lines.filter((l) => /"level":(50|60)/.test(l))).toEqual([])
  })
})

describe.sequential('hostile admin commands each get an answer or a clear refusal', () => {
  let bot: FaultBot
  const capture = createCaptureLogger()
  beforeAll(async () => { bot = await startFaultBot({ puppet: createFaultWorld(), logger: capture.logger }) })
  afterAll(async () => { await bot?.stop() })
  const orders = () => bot.count('SELECT COUNT(*) FROM orders')

  it.each([
    { name: 'a bare slash', text: '/' },
    { name: 'a slash and spaces', text: '/   ' },
    { name: '20,000 characters', text: `/tier ${'张'.repeat(20_000)}` },
    { name: 'NUL bytes in the name', text: '/tier 张\u0000三' },
    { name: 'SQL-looking text', text: "/tier '; DROP TABLE contacts; --" },
    { name: 'SQL-looking amount', text: '/paid 张三 1; DELETE FROM orders' },
    { name: 'full-width slash ／tier', text: '／tier 张三' },
    { name: 'amount 1e309', text: '/paid 张三 1e309' },
    { name: 'amount NaN', text: '/paid 张三 NaN' },
    { name: 'amount 12.345', text: '/paid 张三 12.345' },
    { name: 'negative amount', text: '/paid 张三 -50' },
    { name: 'a second command on a new line is not run', text: '/tier 张三\n/paid 张三 100' },
    { name: 'unknown command', text: '/drop everything' },
    { name: 'a name nobody has', text: '/tier 不存在的人' },
  ])('$name', async ({ text }) => {
    const before = orders()
    const { replies } = await ask(bot, text)
    expect(replies).toHaveLength(1)
    expect(replies[0].trim().length).toBeGreaterThan(0)
    expect(replies[0]).not.toMatch(APOLOGY)
    expect(orders()).toBe(before)
  })

  it('takes full-width digits as an amount (／paid 张三 ５０ → ¥50)', async () => {
    const before = orders()
    const { replies } = await ask(bot, '／paid 张三 ５０')
    expect(replies).toHaveLength(1)
    expect(replies[0]).not.toMatch(APOLOGY)
    expect(orders()).toBe(before + 1)
    expect(bot.all('SELECT amount_fen FROM orders ORDER BY id DESC LIMIT 1')).toEqual([{ amount_fen: 5000 }])
  })

  it('still has every table and row afterwards, and logged no internal error', async () => {
    expect(bot.count("SELECT COUNT(*) FROM contacts WHERE id = 'c-zhang'")).toBe(1)
    const { replies } = await ask(bot, '/tier 张三')
    expect(replies[0]).toMatch(/L[0-5] /)
    expect(capture.lines.filter((l) => /"level":(50|60)/.test(l))).toEqual([])
  })
})

describe.sequential('the renamed impostor gains nothing', () => {
  let bot: FaultBot
  beforeAll(async () => {
    // The merchant names the admin by the remark only she can set: 老板.
    const puppet = createFaultWorld([{ id: 'c-fake', name: '王二' }])
    bot = await startFaultBot({ puppet, config: { admins: ['老板'] } })
  })
  afterAll(async () => { await bot?.stop() })

  it('answers the merchant, who is 老板 by remark', async () => {
    const { replies } = await ask(bot, '/help')
    expect(replies).toHaveLength(1)
  })

  it('ignores a customer who renamed themselves 老板: no reply, no change', async () => {
    const payload = bot.puppet.mocker.cacheContactPayload.get('c-fake')!
    bot.puppet.mocker.cacheContactPayload.set('c-fake', { ...payload, name: '老板' })
    await bot.puppet.contactPayloadDirty('c-fake')
    await sleep(300)
    const orders = bot.count('SELECT COUNT(*) FROM orders')
    for (const text of ['/help', '/paid 张三 999', '/tier 张三 L5', '/备注 张三 骗子']) {
      const { replies } = await expectNoReply(bot, text, 'c-fake', 800)
      expect(replies).toEqual([])
    }
    expect(bot.count('SELECT COUNT(*) FROM orders')).toBe(orders)
    expect(bot.count('SELECT COUNT(*) FROM tiers WHERE pinned_tier IS NOT NULL')).toBe(0)
    expect(bot.count('SELECT COUNT(*) FROM notes')).toBe(0)
    expect(repliesTo(bot.puppet, BOSS).length).toBeGreaterThan(0)
  })
})

describe.sequential('an admin name matching two contacts', () => {
  let bot: FaultBot
  const capture = createCaptureLogger()
  beforeAll(async () => {
    const puppet = createFaultWorld([{ id: 'c-qiang1', name: '阿强' }, { id: 'c-qiang2', name: '阿强' }])
    bot = await startFaultBot({ puppet, config: { admins: ['阿强'] }, logger: capture.logger })
    await sleep(500)
  })
  afterAll(async () => { await bot?.stop() })

  it('trusts neither and warns the merchant at start-up', async () => {
    expect(capture.lines.filter((l) => /"level":40/.test(l) && l.includes('阿强'))).not.toEqual([])
    for (const from of ['c-qiang1', 'c-qiang2']) {
      const { replies } = await expectNoReply(bot, '/help', from, 800)
      expect(replies).toEqual([])
    }
  })
})
