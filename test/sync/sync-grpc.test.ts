import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import { LABELS_UNSUPPORTED_NOTICE } from '../../src/sync/runner.js'
import { populate, SHOP, startGrpcBot, tempDbFile, waitFor, type GrpcBot } from '../support/bot.js'

/*
 * Labels and remarks end to end over the real puppet-service gRPC path (PuppetServer on loopback
 * around the world puppet): real messages and commands move a customer, the app's own sync writes.
 */

const OWNER = 'sync-owner'
const FAST = { labels: { ratePerMinute: 600, jitterMs: 0 }, admins: [OWNER], digest: { enabled: false } }

function world(options: { tagsUnsupported?: boolean } = {}): WorldPuppet {
  const puppet = new WorldPuppet(options)
  populate(puppet, {
    contacts: [
      { id: OWNER, name: '店主' },
      { id: 's-zhang', name: '张三', alias: '张三 宝妈' },
      { id: 's-wang', name: '王五', friend: false },
    ],
    rooms: [{ id: 'sync-group@chatroom', topic: '宝妈群', memberIdList: ['s-wang'] }],
  })
  return puppet
}

async function rounds(bot: GrpcBot, contactId: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    bot.puppet.inject({ talkerId: contactId, listenerId: SHOP, text: `请问 ${i}` })
    bot.puppet.inject({ talkerId: SHOP, listenerId: contactId, text: `好的 ${i}` })
  }
}

const tagsOf = (bot: GrpcBot, id: string) => [...(bot.puppet.tags.get(id) ?? [])].sort()

describe('labels and remarks over the real gRPC path', () => {
  let bot: GrpcBot | undefined
  afterEach(async () => { await bot?.stop(); bot = undefined })

  it('a contact who moves up gets the new remark and label and loses the old label; group-only members are not touched', async () => {
    bot = await startGrpcBot({ puppet: world(), config: FAST })
    await rounds(bot, 's-zhang', 3)
    bot.puppet.inject({ talkerId: 's-wang', roomId: 'sync-group@chatroom', text: '群里问一下' })
    await waitFor(() => bot!.puppet.aliases.get('s-zhang') === 'L2|张三 宝妈', 'the L2 remark')
    await waitFor(() => tagsOf(bot!, 's-zhang').join() === 'L2 认识我的人', 'the L2 label')

    bot.puppet.inject({ talkerId: OWNER, listenerId: SHOP, text: '/paid 张三 宝妈 199' })
    await waitFor(() => bot!.puppet.aliases.get('s-zhang') === 'L4|张三 宝妈', 'the L4 remark')
    await waitFor(() => tagsOf(bot!, 's-zhang').join() === 'L4 信任我的人', 'the L4 label replacing L2')
    expect(bot.puppet.writes.filter((w) => w.contactId === 's-wang')).toEqual([])
    expect(bot.puppet.writes.filter((w) => w.contactId === OWNER)).toEqual([])
  })

  it('a remark the merchant edits on the phone is kept at the next rung change, not overwritten by an old copy', async () => {
    // A contact of its own: the client keeps contact payloads between bots, and this remark changes.
    const puppet = new WorldPuppet()
    populate(puppet, { contacts: [{ id: OWNER, name: '店主' }, { id: 's-chen', name: '陈晨', alias: '陈晨' }] })
    bot = await startGrpcBot({ puppet, config: FAST })
    await rounds(bot, 's-chen', 3)
    await waitFor(() => bot!.puppet.aliases.get('s-chen') === 'L2|陈晨', 'the L2 remark')
    // The merchant types a longer remark on the phone; tierbot is not told.
    await bot.puppet.contactAlias('s-chen', 'L2|陈晨 广州VIP')
    bot.puppet.inject({ talkerId: OWNER, listenerId: SHOP, text: '/paid 陈晨 199' })
    await waitFor(() => bot!.puppet.aliases.get('s-chen') === 'L4|陈晨 广州VIP', 'the L4 remark with the merchant\'s new text')
  })

  it('a puppet answering tags with 12 UNIMPLEMENTED leads to remarks only and one notice to the merchant', async () => {
    bot = await startGrpcBot({ puppet: world({ tagsUnsupported: true }), config: FAST })
    await rounds(bot, 's-zhang', 3)
    await waitFor(() => bot!.puppet.aliases.get('s-zhang') === 'L2|张三 宝妈', 'the L2 remark')
    bot.puppet.inject({ talkerId: OWNER, listenerId: SHOP, text: '/paid 张三 宝妈 199' })
    await waitFor(() => bot!.puppet.aliases.get('s-zhang') === 'L4|张三 宝妈', 'the L4 remark')
    await waitFor(() => bot!.app.features.sync()?.health().pending === 0, 'the queue to drain')
    const notices = () => bot!.puppet.sent.filter((s) => s.conversationId === OWNER && s.text === LABELS_UNSUPPORTED_NOTICE)
    // The notice crosses gRPC on its own schedule: wait for it, then give a second one time to show.
    await waitFor(() => notices().length > 0, 'the labels-unsupported notice')
    await new Promise((r) => setTimeout(r, 300))
    expect(notices()).toHaveLength(1)
    expect(bot.app.features.sync()?.health()).toMatchObject({ labelsSupported: false, failed: 0 })
  })

  it('operations pending when the bot stops are applied after a restart on the same database', async () => {
    const dbFile = tempDbFile('sync-restart')
    const puppet = world()
    // One write a minute: everything after the first write is still pending when we stop.
    bot = await startGrpcBot({ puppet, dbFile, config: { ...FAST, labels: { ratePerMinute: 1, jitterMs: 0 } } })
    await rounds(bot, 's-zhang', 3)
    // All six messages logged before the stop: a message still in flight would be lost with the first bot.
    await waitFor(() => (bot!.app.ctx.db.$client.prepare("SELECT COUNT(*) AS n FROM interactions WHERE contact_id = 's-zhang'").get() as { n: number }).n === 6, 'the rounds to be logged')
    await waitFor(() => bot!.puppet.writes.some((w) => w.contactId === 's-zhang'), 'the first write')
    await waitFor(() => (bot!.app.features.sync()?.health().pending ?? 0) > 0, 'pending writes')
    const gatewayPort = bot.gateway.port
    await bot.stop()
    const writesBefore = puppet.writes.length
    bot = await startGrpcBot({ puppet, dbFile, gatewayPort, config: FAST })
    // An op cut off by the stop was refused as "not logged in" and waits out the 15 s offline pause.
    await waitFor(() => bot!.puppet.aliases.get('s-zhang') === 'L2|张三 宝妈' && tagsOf(bot!, 's-zhang').join() === 'L2 认识我的人', 'the pending writes after restart', 30_000)
    expect(puppet.writes.length).toBeGreaterThan(writesBefore)
  }, 60_000)

  it('the observed write rate never exceeds the configured one', async () => {
    // 120 a minute = one write every 500 ms at most.
    bot = await startGrpcBot({ puppet: world(), config: { ...FAST, labels: { ratePerMinute: 120, jitterMs: 0 } } })
    await rounds(bot, 's-zhang', 3)
    bot.puppet.inject({ talkerId: OWNER, listenerId: SHOP, text: '/paid 张三 宝妈 199' })
    await waitFor(() => tagsOf(bot!, 's-zhang').join() === 'L4 信任我的人', 'the writes to finish', 20_000)
    const times = bot.puppet.writes.map((w) => w.at).sort((a, b) => a - b)
    expect(times.length).toBeGreaterThanOrEqual(3)
    // In any 1-second window at most 2 writes (+1 for the window edge).
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(3)
  })
})
