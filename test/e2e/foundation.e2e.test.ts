import * as PUPPET from 'wechaty-puppet'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import { populate, SHOP, startGrpcBot, waitFor, type GrpcBot } from '../support/bot.js'
import { testClock } from '../support/clock.js'

const DAY = 86_400_000

describe('foundation over the real puppet-service gRPC path', () => {
  let bot: GrpcBot
  const rows = (sql: string, ...params: unknown[]) => bot.app.ctx.db.$client.prepare(sql).all(...params) as Array<Record<string, unknown>>
  const row = (messageId: string) => waitFor(
    () => rows('SELECT * FROM interactions WHERE message_id = ?', messageId)[0],
    `message ${messageId} to be logged`,
  )

  beforeAll(async () => {
    const puppet = new WorldPuppet()
    populate(puppet, {
      contacts: [
        { id: 'c-zhang', name: '张三', alias: '张三 宝妈' },
        { id: 'c-li', name: '李四' },
        { id: 'c-wang', name: '王五', friend: false },
      ],
      rooms: [{ id: 'vip@chatroom', topic: '宝妈交流群', memberIdList: ['c-li', 'c-wang'] }],
    })
    bot = await startGrpcBot({ puppet })
  })
  afterAll(async () => { await bot?.stop() })

  it('stores the contact directory at login, with remarks and friend flags', () => {
    const contacts = rows('SELECT id, name, remark, friend FROM contacts WHERE account_id = ? ORDER BY id', SHOP)
    expect(contacts).toEqual(expect.arrayContaining([
      { id: 'c-zhang', name: '张三', remark: '张三 宝妈', friend: 1 },
      { id: 'c-wang', name: '王五', remark: '', friend: 0 },
    ]))
    expect(rows('SELECT topic FROM rooms WHERE id = ?', 'vip@chatroom')).toEqual([{ topic: '宝妈交流群' }])
  })

  it('logs a private message from a customer as inbound private', async () => {
    const id = bot.puppet.inject({ talkerId: 'c-zhang', listenerId: SHOP, text: '你好，在吗' })
    expect(await row(id)).toMatchObject({ account_id: SHOP, contact_id: 'c-zhang', room_id: null, direction: 'in', type: 'text', text: '你好，在吗' })
  })

  it("logs the merchant's own message typed on the phone as outbound to that customer", async () => {
    const id = bot.puppet.inject({ talkerId: SHOP, listenerId: 'c-zhang', text: '在的，亲' })
    expect(await row(id)).toMatchObject({ contact_id: 'c-zhang', direction: 'out', room_id: null })
  })

  it('attributes a group message to the talker and the room', async () => {
    const id = bot.puppet.inject({ talkerId: 'c-wang', roomId: 'vip@chatroom', text: '群里有人用过吗' })
    expect(await row(id)).toMatchObject({ contact_id: 'c-wang', room_id: 'vip@chatroom', direction: 'in' })
  })

  it("stores a back-dated message with the message's own time", async () => {
    const at = testClock() - 40 * DAY
    const id = bot.puppet.inject({ talkerId: 'c-li', listenerId: SHOP, text: '上个月的消息', timestamp: at })
    const r = await row(id)
    expect(Math.abs(Number(r.at) - at)).toBeLessThan(1000)
  })

  it('keeps one row when the same message id is delivered twice', async () => {
    const id = bot.puppet.inject({ talkerId: 'c-li', listenerId: SHOP, text: '重复的消息' })
    await row(id)
    const before = bot.app.counts().duplicates
    bot.puppet.redeliver(id)
    await waitFor(() => bot.app.counts().duplicates > before, 'the redelivery to be seen')
    expect(rows('SELECT COUNT(*) AS n FROM interactions WHERE message_id = ?', id)).toEqual([{ n: 1 }])
  })

  it('logs a transfer and a recalled message by type, never dropping them', async () => {
    const transfer = bot.puppet.inject({ talkerId: 'c-zhang', listenerId: SHOP, type: PUPPET.types.Message.Transfer, text: '' })
    const recalled = bot.puppet.inject({ talkerId: 'c-li', listenerId: SHOP, type: PUPPET.types.Message.Recalled, text: '' })
    expect(await row(transfer)).toMatchObject({ type: 'transfer', raw_type: 11, contact_id: 'c-zhang' })
    expect(await row(recalled)).toMatchObject({ type: 'recalled', raw_type: 13, contact_id: 'c-li' })
  })
})
