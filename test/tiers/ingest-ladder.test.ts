import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/config/schema.js'
import { createHarness, ACCOUNT } from './harness.js'

type H = ReturnType<typeof createHarness>

describe('rounds and rungs from ingested chat (docs/rules.md §1)', () => {
  it.each([
    { name: 'two rounds → L1', play: (h: H) => h.rounds('c', 2), rounds: 2, tier: 1 },
    { name: 'three rounds → L2', play: (h: H) => h.rounds('c', 3), rounds: 3, tier: 2 },
    {
      name: 'several customer messages in a row are one round',
      play: (h: H) => { h.say('c', '在吗'); h.say('c', '问一下'); h.say('c', '这个怎么用'); h.reply('c') },
      rounds: 1, tier: 1,
    },
    {
      name: 'several merchant messages in a row close one round only',
      play: (h: H) => { h.say('c', '在吗'); h.reply('c'); h.reply('c'); h.reply('c') },
      rounds: 1, tier: 1,
    },
    {
      name: 'a merchant message with no customer message before it is no round',
      play: (h: H) => { h.reply('c', '新品上架'); h.reply('c', '看看吧') },
      rounds: 0, tier: 0,
    },
    {
      name: 'group messages count as interaction, not rounds',
      play: (h: H) => { h.group('c', '大家好'); h.group('c', '今天好热'); h.merchantInGroup('欢迎') },
      rounds: 0, tier: 1,
    },
    {
      name: 'three rounds with two approvals → L3',
      play: (h: H) => { h.rounds('c', 2); h.say('c', '太好用了'); h.reply('c'); h.say('c', '还想再买，多少钱'); h.reply('c') },
      rounds: 4, tier: 3,
    },
    {
      name: 'a transfer and zero rounds → L4',
      play: (h: H) => { h.transfer('c') },
      rounds: 0, tier: 4,
    },
    // WeChat's own notices, delivered as text by some protocols: nobody typed them (L0 is "never wrote").
    {
      name: 'a new friend with only WeChat\'s 你已添加了 notice is still L0',
      play: (h: H) => { h.say('c', '你已添加了张三，现在可以开始聊天了。'); h.say('c', '以上是打招呼的内容') },
      rounds: 0, tier: 0,
    },
    {
      name: 'a recall notice answers no customer message',
      play: (h: H) => { h.rounds('c', 2); h.say('c', '在吗'); h.reply('c', '你撤回了一条消息') },
      rounds: 2, tier: 1,
    },
    {
      name: 'moment likes and comments are group-level interaction, not private rounds (§3)',
      play: (h: H) => { h.moment('c'); h.reply('c'); h.moment('c'); h.reply('c'); h.moment('c'); h.reply('c') },
      rounds: 0, tier: 1,
    },
    {
      name: "the merchant's own moment answers no customer message",
      play: (h: H) => { h.rounds('c', 2); h.say('c', '在吗'); h.moment('c', 'out') },
      rounds: 2, tier: 1,
    },
    {
      name: 'a 拍一拍 is the customer acting',
      play: (h: H) => { h.say('c', '张三拍了拍我') },
      rounds: 0, tier: 1,
    },
  ])('$name', ({ play, rounds, tier }) => {
    const h = createHarness()
    play(h)
    expect(h.stats('c')?.rounds ?? 0).toBe(rounds)
    expect(h.tier('c')?.tier ?? 0).toBe(tier)
  })
})

describe('stats kept incrementally', () => {
  it('a redelivered message counts once', () => {
    const h = createHarness()
    h.say('c', '太好用了', { messageId: 'x1' })
    const again = h.say('c', '太好用了', { messageId: 'x1' })
    expect(again.result.inserted).toBe(false)
    expect(h.stats('c')).toMatchObject({ private_inbound: 1, approvals: 1, pending_inbound: 1 })
  })

  it('a redelivered transfer records one order', () => {
    const h = createHarness()
    h.transfer('c', { messageId: 't1' })
    h.transfer('c', { messageId: 't1' })
    expect(h.stats('c')).toMatchObject({ orders: 1, spend_fen: 0 })
    expect(h.tier('c')?.reasons.map((r) => r.text)).toContain('已付款 1 单（金额待确认）')
  })

  it('an unanswered buying question is kept until the merchant replies', () => {
    const h = createHarness()
    h.say('c', '你好')
    h.say('c', '这个多少钱')
    h.say('c', '包邮吗')
    expect(h.stats('c')).toMatchObject({ unanswered_intent_text: '这个多少钱', pending_inbound: 3 })
    h.reply('c', '99 包邮')
    expect(h.stats('c')).toMatchObject({ unanswered_intent_at: null, pending_inbound: 0, pending_since: null, rounds: 1 })
  })

  it('signals, personas, active days and the interaction row', () => {
    const h = createHarness()
    h.say('c', '宝宝用着不错')
    h.advance(1)
    h.group('c', '东西不好用，要退款')
    const s = h.stats('c')
    expect(s).toMatchObject({ approvals: 1, complaints: 1, group_interactions: 1, private_inbound: 1 })
    expect(JSON.parse(s.personas)).toEqual(['宝妈'])
    expect(JSON.parse(s.active_days)).toEqual(['2026-05-02', '2026-05-01'])
    expect(JSON.parse(s.recent).map((e: { kind: string }) => e.kind)).toEqual(['complaint', 'approval'])
    const rows = h.db.$client.prepare('SELECT signals FROM interactions ORDER BY at').all() as Array<{ signals: string | null }>
    expect(rows.map((r) => r.signals)).toEqual(['approval,persona', 'complaint'])
  })

  it("the merchant's group messages change no customer's stats", () => {
    const h = createHarness()
    h.merchantInGroup('今天有活动，多少钱都便宜')
    expect(h.db.$client.prepare('SELECT COUNT(*) AS n FROM contact_stats').get()).toEqual({ n: 0 })
  })

  it('a red envelope in private chat is an approval', () => {
    const h = createHarness()
    h.redEnvelope('c')
    expect(h.stats('c')).toMatchObject({ approvals: 1 })
  })
})

describe('tier changes and their history', () => {
  it('each change is written with the message that caused it, and listeners hear it after commit', () => {
    const h = createHarness()
    let seenInDb: number | undefined
    h.ladder.onChange((c) => {
      seenInDb = (h.db.$client.prepare('SELECT tier FROM tiers WHERE contact_id = ?').get(c.contactId) as { tier: number }).tier
      expect(h.db.$client.inTransaction).toBe(false)
    })
    h.rounds('c', 3)
    const history = h.db.$client.prepare('SELECT from_tier AS fromTier, to_tier AS toTier, cause, cause_ref AS ref FROM tier_history ORDER BY contact_id, seq').all()
    expect(history).toEqual([
      { fromTier: null, toTier: 1, cause: 'message', ref: 'm1' },
      { fromTier: 1, toTier: 2, cause: 'message', ref: 'm6' },
    ])
    expect(h.changes.map((c) => c.to.tier)).toEqual([1, 2])
    expect(seenInDb).toBe(2)
  })

  it('a step that throws rolls back the message and nobody hears a change', () => {
    const h = createHarness()
    h.ingest.addStep(() => { throw new Error('boom') })
    expect(() => h.say('c', '你好')).toThrow('boom')
    expect(h.changes).toEqual([])
    expect(h.tier('c')).toBeUndefined()
  })

  it('re-running the periodic pass adds no history rows', () => {
    const h = createHarness()
    h.rounds('a', 3)
    h.group('b', '大家好')
    h.ingest.upsertContact(ACCOUNT, { id: 'z', name: '赵', remark: '', friend: true, kind: 'individual' }, h.now())
    h.advance(40)
    const first = h.ladder.reclassifyAll(ACCOUNT, h.now())
    expect(first.total).toBe(3)
    expect(first.changes.map((c) => [c.contactId, c.to.activity])).toEqual(expect.arrayContaining([['a', 'silent'], ['b', 'silent'], ['z', 'dormant']]))
    const rows = h.historyCount()
    expect(h.ladder.reclassifyAll(ACCOUNT, h.now()).changes).toEqual([])
    expect(h.ladder.reclassifyAll(ACCOUNT, h.now() + 60_000).changes).toEqual([])
    expect(h.historyCount()).toBe(rows)
  })

  it.each([
    { name: 'L4 silent for 200 days stays L4 (dormant)', play: (h: H) => { h.transfer('c') }, tier: 4 },
    { name: 'L2 silent for 200 days stays L2 (dormant)', play: (h: H) => { h.rounds('c', 3) }, tier: 2 },
    { name: 'L1 group talker silent for 200 days stays L1 (dormant)', play: (h: H) => { h.group('c', '早') }, tier: 1 },
  ])('silence never lowers a tier: $name', ({ play, tier }) => {
    const h = createHarness()
    play(h)
    h.advance(200)
    h.ladder.reclassifyAll(ACCOUNT, h.now())
    expect(h.tier('c')).toMatchObject({ tier, activity: 'dormant' })
  })

  it('keeps enough recent events for a stricter L3 rule', () => {
    const config = { ...DEFAULT_CONFIG, ladder: { ...DEFAULT_CONFIG.ladder, approvalsForL3: 7 } }
    const h = createHarness(config)
    h.rounds('c', 3)
    for (let i = 0; i < 7; i++) { h.say('c', '太好用了'); h.reply('c') }
    expect(h.tier('c')?.tier).toBe(3)
  })

  it('approval ageing out of the window moves L3 to L2 on the periodic pass, with cause time', () => {
    const h = createHarness()
    h.rounds('c', 3)
    h.say('c', '太好用了'); h.reply('c')
    h.say('c', '喜欢'); h.reply('c')
    expect(h.tier('c')?.tier).toBe(3)
    h.advance(91)
    const { changes } = h.ladder.reclassifyAll(ACCOUNT, h.now())
    expect(changes.map((c) => [c.from?.tier, c.to.tier, c.to.activity, c.cause.kind])).toEqual([[3, 2, 'silent', 'time']])
  })
})
