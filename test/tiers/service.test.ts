import { describe, expect, it } from 'vitest'
import { summarizeFunnel, describeFunnel } from '../../src/tiers/funnel.js'
import { ACCOUNT, createHarness } from './harness.js'

const pay = (h: ReturnType<typeof createHarness>, contactId: string, amountFen: number | null) =>
  h.ladder.recordPayment(ACCOUNT, contactId, { amountFen, at: h.now(), source: 'command' }, h.now())

describe('orders: payments and refunds (money in fen)', () => {
  it.each([
    {
      name: 'refunding the only payment drops L4 back to the conversation rung',
      play: (h: ReturnType<typeof createHarness>) => { h.rounds('c', 3); pay(h, 'c', 19_900); h.ladder.recordRefund(ACCOUNT, 'c', 19_900, h.now()) },
      tier: 2, orders: 0, spend: 0,
    },
    {
      name: 'L5 needs 3 orders and ¥500',
      play: (h: ReturnType<typeof createHarness>) => { pay(h, 'c', 20_000); pay(h, 'c', 20_000); pay(h, 'c', 10_000) },
      tier: 5, orders: 3, spend: 50_000,
    },
    {
      name: 'a refund of one of three orders demotes L5 to L4',
      play: (h: ReturnType<typeof createHarness>) => { pay(h, 'c', 20_000); pay(h, 'c', 20_000); pay(h, 'c', 10_000); h.ladder.recordRefund(ACCOUNT, 'c', 10_000, h.now()) },
      tier: 4, orders: 2, spend: 40_000,
    },
    {
      name: 'L5 with a referral instead of the spend',
      play: (h: ReturnType<typeof createHarness>) => { h.say('c', '我闺蜜也想要'); pay(h, 'c', 5_000); pay(h, 'c', 5_000); pay(h, 'c', 5_000) },
      tier: 5, orders: 3, spend: 15_000,
    },
    {
      name: 'a complaint demotes L5 to L4',
      play: (h: ReturnType<typeof createHarness>) => { pay(h, 'c', 20_000); pay(h, 'c', 20_000); pay(h, 'c', 20_000); h.say('c', '质量差，要退货') },
      tier: 4, orders: 3, spend: 60_000,
    },
  ])('$name', ({ play, tier, orders, spend }) => {
    const h = createHarness()
    play(h)
    expect(h.tier('c')?.tier).toBe(tier)
    expect(h.stats('c')).toMatchObject({ orders, spend_fen: spend })
  })

  it('a refund cancels the newest unrefunded payment of that amount; less than the newest is partial, the rest cancels it', () => {
    const h = createHarness()
    const a = pay(h, 'c', 10_000)
    const b = pay(h, 'c', 20_000)
    const c = pay(h, 'c', 10_000)
    expect(h.ladder.recordRefund(ACCOUNT, 'c', 10_000, h.now()).cancelledOrderId).toBe(c.orderId)
    expect(h.ladder.recordRefund(ACCOUNT, 'c', 10_000, h.now()).cancelledOrderId).toBe(a.orderId)
    // ¥50 of the ¥200 payment: it still counts (L4 falls only when every payment is refunded).
    const partial = h.ladder.recordRefund(ACCOUNT, 'c', 5_000, h.now())
    expect(partial.cancelledOrderId).toBeNull()
    expect(h.stats('c')).toMatchObject({ orders: 1, spend_fen: 15_000, refunds: 3 })
    expect(h.ladder.getTier(ACCOUNT, 'c')?.tier).toBe(4)
    const last = h.ladder.recordRefund(ACCOUNT, 'c', 15_000, h.now())
    expect(last.cancelledOrderId).toBe(b.orderId)
    expect(h.stats('c')).toMatchObject({ orders: 0, spend_fen: 0, refunds: 4 })
    expect(last.change?.to.tier).toBe(0)
  })

  it.each([
    {
      name: 'the merchant confirming a transfer by its message id fills in the amount',
      confirm: (h: ReturnType<typeof createHarness>) => h.ladder.recordPayment(ACCOUNT, 'c', { amountFen: 19_900, at: h.now(), source: 'demo', messageId: 't1' }, h.now()),
    },
    {
      name: '/paid after a transfer confirms that transfer instead of adding an order',
      confirm: (h: ReturnType<typeof createHarness>) => pay(h, 'c', 19_900),
    },
  ])('$name', ({ confirm }) => {
    const h = createHarness()
    h.transfer('c', { messageId: 't1' })
    const r = confirm(h)
    expect(r).toMatchObject({ recorded: true, confirmed: true })
    expect(h.stats('c')).toMatchObject({ orders: 1, spend_fen: 19_900 })
    expect(h.tier('c')?.reasons.map((x) => x.text)).toContain('已付款 1 单 ¥199')
    expect(pay(h, 'c', 5_000)).toMatchObject({ recorded: true, confirmed: false })
    expect(h.stats('c')).toMatchObject({ orders: 2, spend_fen: 24_900 })
  })

  it('a payment change carries the order id as its cause', () => {
    const h = createHarness()
    h.rounds('c', 1)
    const r = pay(h, 'c', 39_800)
    expect(r).toMatchObject({ recorded: true, change: { from: { tier: 1 }, cause: { kind: 'payment', ref: String(r.orderId) } } })
    expect(h.tier('c')?.reasons.map((x) => x.text)).toContain('已付款 1 单 ¥398')
  })
})

describe('pins (docs/rules.md §1: the pin wins, the evidence is kept)', () => {
  it('pin and unpin', () => {
    const h = createHarness()
    h.rounds('c', 3)
    const pinned = h.ladder.pin(ACCOUNT, 'c', 4, h.now())
    expect(pinned).toMatchObject({ from: { tier: 2 }, to: { tier: 4, evidenceTier: 2, pinnedTier: 4 }, cause: { kind: 'pin' } })
    h.say('c', '你好'); h.reply('c')
    expect(h.tier('c')).toMatchObject({ tier: 4, evidenceTier: 2, pinnedTier: 4 })
    const unpinned = h.ladder.pin(ACCOUNT, 'c', null, h.now())
    expect(unpinned).toMatchObject({ to: { tier: 2, pinnedTier: null }, cause: { kind: 'unpin' } })
  })

  it('pinning to the evidence rung stores the pin without a history row', () => {
    const h = createHarness()
    h.rounds('c', 3)
    const before = h.historyCount()
    expect(h.ladder.pin(ACCOUNT, 'c', 2, h.now())).toBeNull()
    expect(h.tier('c')?.pinnedTier).toBe(2)
    expect(h.historyCount()).toBe(before)
  })

  it('the pin survives the periodic pass', () => {
    const h = createHarness()
    h.rounds('c', 1)
    h.ladder.pin(ACCOUNT, 'c', 3, h.now())
    h.advance(200)
    h.ladder.reclassifyAll(ACCOUNT, h.now())
    expect(h.tier('c')).toMatchObject({ tier: 3, pinnedTier: 3, activity: 'dormant' })
  })
})

describe('getTier and the funnel', () => {
  it('a known contact never classified reads as L0 (new) without writing', () => {
    const h = createHarness()
    h.ingest.upsertContact(ACCOUNT, { id: 'n', name: '新朋友', remark: '', friend: true, kind: 'individual' }, h.now())
    expect(h.tier('n')).toMatchObject({ tier: 0, activity: 'new' })
    expect(h.tier('nobody')).toBeUndefined()
  })

  it('counts per rung, silent and dormant', () => {
    const h = createHarness()
    h.rounds('a', 3)
    h.group('b', '你好')
    pay(h, 'p', 10_000)
    h.ingest.upsertContact(ACCOUNT, { id: 'p', name: '付', remark: '', friend: true, kind: 'individual' }, h.now())
    h.ingest.upsertContact(ACCOUNT, { id: 'z', name: '赵', remark: '', friend: true, kind: 'individual' }, h.now())
    h.advance(45)
    h.group('b', '又来了')
    h.ladder.reclassifyAll(ACCOUNT, h.now())
    const f = summarizeFunnel(h.db, ACCOUNT)
    expect(f).toMatchObject({ total: 4, tiers: { 0: 1, 1: 1, 2: 1, 3: 0, 4: 1, 5: 0 }, silent: 2, dormant: 1 })
    expect(describeFunnel(f)).toContain('L2 认识我的人: 1')
  })
})
