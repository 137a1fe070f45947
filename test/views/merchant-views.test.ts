import { describe, expect, it } from 'vitest'
import { markLost } from '../../src/lost/store.js'
import { ACCOUNT, DAY, NOW, world } from './views-world.js'

/* The views as a merchant checks them against each other: /tier, /list, /ref, /refs and /points. */

describe('/list by view and /tier agree after days without a pass (intent decays by the clock)', () => {
  it('two half-lives later 张三 is 中 in /tier, on /list 中意向 and off /list 高意向', () => {
    const w = world()
    for (const [i, text] of ['这个多少钱', '有优惠吗', '适合敏感肌吗'].entries()) w.say('zs', text, NOW - DAY + i * 60_000)
    w.pass()
    expect(w.command('/list 高意向')).toContain('1. 张三')
    const later = NOW + 28 * DAY
    expect(w.command('/tier 张三', later)).toContain('意向：中')
    expect(w.command('/list 高意向', later)).not.toContain('张三')
    expect(w.command('/list 中意向', later)).toContain('1. 张三')
    // Nothing to wait for: the list is as of now, so the empty answer says so and where to look next.
    expect(w.command('/list 高意向', later)).toBe('高意向 目前没有客户（名单随聊天和付款随时更新；发 /list 中意向 看稍冷一些的）')
    expect(w.command('/list 忠诚', later)).toBe('忠诚 目前没有客户（名单随聊天和付款随时更新）')
  })
})

describe('/ref refuses a referral cycle', () => {
  it('张三 introduced 小美: /ref 张三 小美 is refused and says who brought whom', () => {
    const w = world()
    w.say('zs', '你好', NOW - DAY)
    w.say('new', '你好', NOW - DAY)
    w.command('/ref 小美 张三')
    expect(w.command('/ref 张三 小美')).toBe('没有记录：小美 是 张三 介绍来的，不能再记成 小美 介绍了 张三。记错了的话，先发 /ref 小美 正确的介绍人')
    expect(w.command('/refs 小美')).toContain('还没有记录 小美 介绍的朋友')
    expect(w.command('/refs 张三')).toContain('张三 介绍了 1 位朋友')
  })

  it('a longer cycle (张三 → 小美 → 李四, then 李四 → 张三) is refused too', () => {
    const w = world()
    for (const id of ['zs', 'new', 'ls']) w.say(id, '你好', NOW - DAY)
    w.command('/ref 小美 张三')
    w.command('/ref 李四 小美')
    expect(w.command('/ref 张三 李四')).toContain('没有记录')
    expect(w.command('/refs 李四')).toContain('还没有记录 李四 介绍的朋友')
  })
})

describe('a corrected referral moves its points', () => {
  it('/ref 小美 张三, then /ref 小美 李四: 李四 gets the referral points, 张三 gives them back, once', () => {
    const w = world({ views: { points: { enabled: true } } })
    for (const id of ['zs', 'new', 'ls']) w.say(id, '你好', NOW - DAY)
    w.command('/ref 小美 张三')
    expect(w.command('/points 张三')).toMatch(/^张三 现有 100 分/)
    w.command('/ref 小美 李四', NOW + 60_000)
    expect(w.command('/points 李四', NOW + 120_000)).toMatch(/^李四 现有 100 分/)
    expect(w.command('/points 张三', NOW + 120_000)).toMatch(/^张三 现有 0 分/)
    w.command('/ref 小美 张三', NOW + 180_000)
    expect(w.command('/points 张三', NOW + 240_000)).toMatch(/^张三 现有 100 分/)
    expect(w.command('/points 李四', NOW + 240_000)).toMatch(/^李四 现有 0 分/)
  })
})

describe('spend points follow refunds, never below zero without 透支', () => {
  const shop = () => {
    const w = world({ views: { points: { enabled: true } } })
    w.say('zs', '你好', NOW - 3 * DAY)
    w.pay('zs', 199, NOW - 2 * DAY)
    return w
  }

  it('a partial refund takes back its points; /undo gives them back', () => {
    const w = shop()
    expect(w.command('/points 张三')).toMatch(/^张三 现有 199 分/)
    w.command('/refund 张三 50')
    expect(w.command('/points 张三')).toMatch(/^张三 现有 149 分\n最近：6月17日 -50 退款；/)
    w.command('/undo')
    expect(w.command('/points 张三')).toMatch(/^张三 现有 199 分\n最近：6月17日 \+50 退款撤销；/)
  })

  it('points already redeemed are not taken back into the negative by a refund', () => {
    const w = shop()
    w.command('/points 张三 -150 兑换')
    w.command('/refund 张三 199')
    expect(w.command('/points 张三')).toMatch(/^张三 现有 0 分\n最近：6月17日 \+150 已兑换的不扣回；6月17日 -199 退款；/)
    expect(w.command('/points 张三')).toMatch(/^张三 现有 0 分/)
    expect(w.command('/points 张三 +30 生日礼')).toMatch(/现在共 30 分/)
    expect(w.command('/points 张三')).toMatch(/^张三 现有 30 分/)
    // The refund undone: 199 earned, 150 redeemed, 30 given → 79, not 229.
    w.command('/undo')
    expect(w.command('/points 张三')).toMatch(/^张三 现有 79 分/)
  })
})

describe('a customer who deleted the merchant (流失) gets no nudge in the digest', () => {
  it('李四, a regular due to buy again, deletes the merchant: /list 老客 marks 流失 (as /list L4 does), 老客该复购了 leaves them out', () => {
    const w = world()
    w.say('ls', '好', NOW - 61 * DAY)
    for (const d of [61, 41, 21]) w.pay('ls', 99, NOW - d * DAY)
    w.pass()
    expect(w.command('/list 老客')).toContain('1. 李四')
    expect(w.digest()).toContain('🔁 老客该复购了\n· 李四')
    markLost(w.db, ACCOUNT, 'ls', 'customer', NOW - DAY / 2)
    w.ladder.reclassifyContact(ACCOUNT, 'ls', { kind: 'friendship', ref: 'lost' }, NOW - DAY / 2)
    w.pass()
    expect(w.command('/tier 李四')).toContain('流失')
    expect(w.command('/list 老客')).toContain('1. 李四 · 流失')
    expect(w.digest()).not.toContain('· 李四（')
  })
})
