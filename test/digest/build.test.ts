import { describe, expect, it } from 'vitest'
import { buildDigest, hotText, silentText, splitMessages } from '../../src/digest/build.js'
import { DEFAULT_CONFIG } from '../../src/config/schema.js'
import {
  NOW, configWith, daysAgo, emptySnapshot, inquiry, neverBought, order, sh, silent, warming,
} from './fixtures.js'

const config = DEFAULT_CONFIG
const text = (messages: string[]) => messages.join('\n\n')

describe('wake-up list (docs/rules.md §2)', () => {
  it('ranks by rung, then lifetime spend, then most recently silent first', () => {
    const snap = emptySnapshot({
      silent: [
        silent('阿二', { tier: 2, spendFen: 0 }),
        silent('老四', { tier: 4, spendFen: 30_000 }),
        silent('超五', { tier: 5, spendFen: 80_000 }),
        silent('老久', { tier: 4, spendFen: 50_000, lastInboundAt: daysAgo(90) }),
        silent('老近', { tier: 4, spendFen: 50_000, lastInboundAt: daysAgo(35) }),
        silent('阿三', { tier: 3, spendFen: 0 }),
      ],
      silentTotal: 6,
    })
    const out = silentText(snap, NOW, config, 6)
    const order = ['超五', '老近', '老久', '老四', '阿三', '阿二'].map((n) => out.indexOf(`. ${n}｜`))
    expect(order.every((pos, i) => pos > 0 && (i === 0 || pos > order[i - 1]))).toBe(true)
    const digest = text(buildDigest(snap, NOW, config))
    expect(digest).toContain('😴 3 位沉默客户待唤醒')
    expect(digest).toContain('1. 超五｜L5 超级用户｜沉默 40 天｜累计消费 ¥800')
    expect(digest).toContain('2. 老近｜L4 信任我的人｜沉默 35 天｜累计消费 ¥500')
    expect(digest).not.toContain('阿二｜')
    expect(digest).toContain('共 6 位沉默客户')
  })

  it.each([
    { name: 'L5 gets an old-customer opener', tier: 5 as const, opener: /老客回归礼|专属福利|关怀问候/ },
    { name: 'L4 gets an old-customer opener', tier: 4 as const, opener: /老客回归礼|专属福利|关怀问候/ },
    { name: 'L3 gets new-product value or a needs question', tier: 3 as const, opener: /新品价值|需求探寻/ },
    { name: 'L2 gets new-product value or a needs question', tier: 2 as const, opener: /新品价值|需求探寻/ },
  ])('$name', ({ tier, opener }) => {
    const out = silentText(emptySnapshot({ silent: [silent('甲', { tier })], silentTotal: 1 }), NOW, config, 3)
    expect(out).toMatch(new RegExp(`建议开场 · (${opener.source})`))
  })

  it.each([
    { name: 'snoozed customer is left out', row: silent('乙', { snoozedUntil: NOW + daysAgo(-3) - NOW }), listed: false },
    { name: 'a snooze that ran out no longer hides', row: silent('乙', { snoozedUntil: NOW - 1 }), listed: true },
    { name: 'messaged 5 days ago without an answer is left out (no harassment)', row: silent('乙', { lastOutboundAt: daysAgo(5) }), listed: false },
    { name: 'messaged 20 days ago without an answer is listed again', row: silent('乙', { lastOutboundAt: daysAgo(20), lastInboundAt: daysAgo(50) }), listed: true },
    // NOW is 24 November, 09:00 in Shanghai: the 14 days are the merchant's calendar days, whatever the hour.
    { name: 'messaged 14 days ago (10 November, 23:00) without an answer is still left out', row: silent('乙', { lastOutboundAt: sh('2026-11-10T23:00:00'), lastInboundAt: daysAgo(50) }), listed: false },
    { name: 'messaged 14 days ago (10 November, 00:30) without an answer is still left out', row: silent('乙', { lastOutboundAt: sh('2026-11-10T00:30:00'), lastInboundAt: daysAgo(50) }), listed: false },
    { name: 'messaged 15 days ago (9 November, 23:30) without an answer is listed again', row: silent('乙', { lastOutboundAt: sh('2026-11-09T23:30:00'), lastInboundAt: daysAgo(50) }), listed: true },
    { name: 'answered after our last message is listed', row: silent('乙', { lastOutboundAt: daysAgo(42), lastInboundAt: daysAgo(40) }), listed: true },
    { name: 'L1 is never on the wake-up list', row: silent('乙', { tier: 1 }), listed: false },
    { name: 'dormant is never listed', row: silent('乙', { activity: 'dormant', lastInboundAt: daysAgo(200) }), listed: false },
  ])('$name', ({ row, listed }) => {
    const digest = text(buildDigest(emptySnapshot({ silent: [row], silentTotal: 1 }), NOW, config))
    expect(digest.includes('乙｜')).toBe(listed)
  })
})

describe('dormant customers (seed 003: 万年沉默, do not chase)', () => {
  it('are never listed in any section', () => {
    const dormant = { activity: 'dormant' as const }
    const snap = emptySnapshot({
      inquiries: [inquiry('睡一', dormant)],
      silent: [silent('睡二', { ...dormant, tier: 5, spendFen: 99_900 })],
      warming: [warming('睡三', ['2026-11-24', '2026-11-23', '2026-11-22'], dormant)],
      orders: [order('睡四', sh('2026-11-23T10:00:00'), dormant)],
      neverBought: [neverBought('睡五', dormant)],
      silentTotal: 0,
    })
    expect(text(buildDigest(snap, NOW, config))).not.toMatch(/睡[一二三四五]/)
  })
})

describe('follow-ups after purchase (seed 001 售后跟进), local days in Asia/Shanghai', () => {
  it.each([
    { name: 'order 23:50, next morning is day 1 → usage guide', at: '2026-11-22T23:50:00', now: '2026-11-23T09:00:00', want: '昨天下单 ¥199：发一份使用指南' },
    { name: 'order 23:50, ten minutes later it is already day 1', at: '2026-11-22T23:50:00', now: '2026-11-23T00:00:00', want: '昨天下单 ¥199：发一份使用指南' },
    { name: 'order 23:50, same local day is day 0 → nothing yet', at: '2026-11-22T23:50:00', now: '2026-11-22T23:59:00', want: null },
    { name: 'order 00:10, 9:00 the same day is day 0 → nothing', at: '2026-11-23T00:10:00', now: '2026-11-23T09:00:00', want: null },
    { name: 'order 23:50, three local days later → ask how it feels', at: '2026-11-20T23:50:00', now: '2026-11-23T09:00:00', want: '3 天前下单 ¥199：问问“用着感觉怎么样?”' },
    { name: 'order 00:05, day 2 → nothing', at: '2026-11-21T00:05:00', now: '2026-11-23T09:00:00', want: null },
    { name: 'replenish after the product cycle (30 days)', at: '2026-10-24T20:00:00', now: '2026-11-23T09:00:00', want: '30 天前下单 ¥199：差不多用完了，提醒补货' },
  ])('$name', ({ at, now, want }) => {
    const snap = emptySnapshot({ orders: [order('丙', sh(at))] })
    const digest = text(buildDigest(snap, sh(now), config))
    if (want) expect(digest).toContain(`· 丙（L4 信任我的人）${want}`)
    else expect(digest).not.toContain('丙')
  })

  it('a later order makes the replenish reminder moot', () => {
    const snap = emptySnapshot({
      orders: [order('丁', sh('2026-10-24T20:00:00')), order('丁', sh('2026-11-10T20:00:00'), { orderId: 2 })],
    })
    expect(text(buildDigest(snap, sh('2026-11-23T09:00:00'), config))).not.toContain('补货')
  })
})

describe('warming up (seed 001: 互动升温)', () => {
  it.each([
    { name: '3 consecutive days ending yesterday', days: ['2026-11-23', '2026-11-22', '2026-11-21'], listed: true },
    { name: '3 consecutive days ending today', days: ['2026-11-24', '2026-11-23', '2026-11-22', '2026-11-10'], listed: true },
    { name: 'a gap breaks the run', days: ['2026-11-23', '2026-11-21', '2026-11-20'], listed: false },
    { name: 'a run that ended days ago is old news', days: ['2026-11-20', '2026-11-19', '2026-11-18'], listed: false },
  ])('$name', ({ days, listed }) => {
    const digest = text(buildDigest(emptySnapshot({ warming: [warming('戊', days)] }), NOW, config))
    expect(digest.includes('· 戊（L2 认识我的人）')).toBe(listed)
  })
})

describe('unanswered buying questions (docs/rules.md §4.1): up to 7 calendar days back', () => {
  // NOW is 24 November, 09:00 in Shanghai.
  it.each([
    { name: 'asked 7 days ago, earlier in the day than now, is still listed', at: sh('2026-11-17T07:00:00'), line: '· 甲（L2 认识我的人）7 天前问：“这个多少钱？”' },
    { name: 'asked 8 days ago, late in the evening, has dropped off', at: sh('2026-11-16T23:00:00'), line: null },
  ])('$name', ({ at, line }) => {
    const digest = text(buildDigest(emptySnapshot({ inquiries: [inquiry('甲', { at })] }), NOW, config))
    if (line) expect(digest).toContain(line)
    else expect(digest).not.toContain('甲')
  })
})

describe('the whole digest', () => {
  const busy = emptySnapshot({
    inquiries: [inquiry('问价', { text: '还有货吗 多少钱一盒' })],
    silent: [silent('沉默', { spendFen: 32_000 })],
    silentTotal: 1,
    warming: [warming('升温', ['2026-11-24', '2026-11-23', '2026-11-22'])],
    orders: [order('跟进', sh('2026-11-23T23:50:00'))],
    neverBought: [neverBought('认同')],
    neverBoughtTotal: 1,
    changes: [
      { contactId: 'a', name: '升级', from: 3, to: 4, at: daysAgo(0.5) },
      { contactId: 'b', name: '降级', from: 5, to: 4, at: daysAgo(0.5) },
    ],
    complaints: [{ contactId: 'c', name: '投诉', tier: 4, at: sh('2026-11-23T15:00:00'), text: '收到的坏了，要退货' }],
    funnel: { total: 10, tiers: { 0: 1, 1: 2, 2: 3, 3: 1, 4: 2, 5: 1 }, activity: { new: 1, active: 6, silent: 2, dormant: 1, lost: 0 } },
  })

  it('lists the sections in docs/rules.md §4 order', () => {
    const digest = text(buildDigest(busy, NOW, config))
    const titles = ['今日客户行动清单', '购买咨询还没回复', '沉默客户待唤醒', '互动升温', '购后跟进', '可以促成第一单', '等级变化和投诉', '客户分布']
    const positions = titles.map((t) => digest.indexOf(t))
    expect(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]))).toBe(true)
  })

  it('shows what the merchant acts on', () => {
    const digest = text(buildDigest(busy, NOW, config))
    expect(digest).toContain('· 问价（L2 认识我的人）3 小时前问：“还有货吗 多少钱一盒”')
    expect(digest).toContain('· 升级 ↑ L3 认同我的人 → L4 信任我的人')
    expect(digest).toContain('· 降级 ↓ L5 超级用户 → L4 信任我的人')
    expect(digest).toContain('· ⚠️ 投诉（L4 信任我的人）11月23日投诉：“收到的坏了，要退货”')
    expect(digest).toContain('· 认同：认同或问价 3 次')
    expect(digest).toContain('L5 超级用户：1')
    expect(digest).toContain('沉默 2 · 沉睡 1 · 共 10 人')
  })

  it('a quiet day gives one short line, not silence', () => {
    const messages = buildDigest(emptySnapshot({ funnel: { ...busy.funnel } }), NOW, config)
    expect(messages).toEqual(['☀️ 11月24日 今天没有要紧的客户要跟进，共 10 位客户，一切平稳～'])
  })

  it('splits a long digest at entry boundaries within the configured limit', () => {
    const many = emptySnapshot({
      inquiries: Array.from({ length: 30 }, (_, i) => inquiry(`客户${i}`, { at: NOW - (i + 1) * 60_000 * 70 })),
      silent: Array.from({ length: 8 }, (_, i) => silent(`沉默${i}`, { spendFen: 1000 * i })),
      silentTotal: 8,
    })
    const cfg = configWith({ maxMessageLength: 200, maxPerSection: 30, wakeUpCount: 8 })
    const messages = buildDigest(many, NOW, cfg)
    expect(messages.length).toBeGreaterThan(3)
    for (const m of messages) expect(m.length).toBeLessThanOrEqual(200)
    // Every entry stays whole in one message: the wake-up entry keeps its opener with it.
    for (let i = 0; i < 30; i++) expect(messages.some((m) => m.includes(`· 客户${i}（L2 认识我的人）`))).toBe(true)
    for (let i = 0; i < 8; i++) expect(messages.some((m) => /沉默\d｜[^\n]+\n   建议开场/.test(m) && m.includes(`沉默${i}｜`))).toBe(true)
    expect(messages[0]).toContain('今日客户行动清单')
  })

  it('/hot shows buying questions, warming up and L3 never bought only', () => {
    const hot = hotText(busy, NOW, config)
    expect(hot).toContain('问价')
    expect(hot).toContain('升温')
    expect(hot).toContain('认同')
    expect(hot).not.toContain('沉默客户待唤醒')
    expect(hotText(emptySnapshot(), NOW, config)).toBe('暂时没有热门线索，继续用内容养熟客户～')
  })

  it('/silent with nobody to wake up says so', () => {
    expect(silentText(emptySnapshot(), NOW, config, 5)).toBe('目前没有需要唤醒的沉默客户 👍')
  })
})

describe('splitMessages', () => {
  it('packs whole blocks and cuts only a unit longer than the limit', () => {
    const out = splitMessages([['a'.repeat(150)], ['b'.repeat(40)], ['c'.repeat(450)]], 200)
    expect(out).toEqual(['a'.repeat(150) + '\n\n' + 'b'.repeat(40), 'c'.repeat(200), 'c'.repeat(200), 'c'.repeat(50)])
  })
})
