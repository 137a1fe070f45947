import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { DEFAULT_CONFIG } from '../../src/config/schema.js'
import { buildDigest, silentText } from '../../src/digest/build.js'
import { lostSection } from '../../src/digest/lost-section.js'
import type { LostRow } from '../../src/lost/store.js'
import { isNotAFriend } from '../../src/platform/deletions.js'
import { toActionError } from '../../src/platform/errors.js'
import { DAY_MS } from '../../src/shared/clock.js'
import { classifyContact, type ClassifyStats } from '../../src/tiers/classify.js'
import { emptySnapshot, silent } from '../digest/fixtures.js'

/* The rules of lost customers (流失), the juzi throttling error and the platform setting, as tables. */

const sh = (local: string) => Date.parse(`${local}+08:00`)
const NOW = sh('2026-06-18T09:00:00')
const RULES = { ladder: DEFAULT_CONFIG.ladder, activity: DEFAULT_CONFIG.activity, timezone: 'Asia/Shanghai' }
const paid: ClassifyStats = {
  rounds: 4, privateInbound: 8, groupInteractions: 0, lastInboundAt: NOW - DAY_MS, orders: 1, spendFen: 19_900,
  refunds: 0, lastOrderAt: NOW - 2 * DAY_MS, referrals: 0, lastComplaintAt: null, recent: [],
}

describe('activity: lost beats every other state, the rung stays (domain.md §6)', () => {
  it.each([
    { name: 'an active payer who deleted the account → lost, still L4', stats: paid, lostAt: NOW - DAY_MS, activity: 'lost', tier: 4 },
    { name: 'silent for 60 days and deleted → lost, not silent', stats: { ...paid, lastInboundAt: NOW - 60 * DAY_MS, lastOrderAt: null }, lostAt: NOW - DAY_MS, activity: 'lost', tier: 4 },
    { name: 'never interacted and removed → lost', stats: null, lostAt: NOW - DAY_MS, activity: 'lost', tier: 0 },
    { name: 'added again (lostAt cleared) → active with its history', stats: paid, lostAt: null, activity: 'active', tier: 4 },
  ])('$name', ({ stats, lostAt, activity, tier }) => {
    const result = classifyContact({ stats, addedAt: NOW - 100 * DAY_MS, pinnedTier: null, lostAt }, RULES, NOW)
    expect(result.activity).toBe(activity)
    expect(result.tier).toBe(tier)
  })
})

const row = (over: Partial<LostRow>): LostRow => ({
  contactId: 'c', name: '张三', tier: 4, at: sh('2026-06-17T20:00:00'), by: 'customer', lastText: null, lastComplaint: false, ...over,
})

describe('the digest line for lost customers', () => {
  it.each([
    { name: 'one customer whose last word was a complaint', rows: [row({ lastComplaint: true, lastText: '收到的坏了，要退货' })], line: '💔 昨天 1 位客户删除了你：L4 张三（最后一条是投诉）' },
    { name: 'two customers, the second with an ordinary last message', rows: [row({ lastComplaint: true }), row({ contactId: 'd', name: '李四', tier: 2, lastText: '好的 谢谢' })], line: '💔 昨天 2 位客户删除了你：L4 张三（最后一条是投诉）、L2 李四（最后一条：“好的 谢谢”）' },
    { name: 'one who never wrote', rows: [row({ tier: 1, name: '王五' })], line: '💔 昨天 1 位客户删除了你：L1 王五' },
    { name: 'losses over several days (a catch-up digest) say 最近', rows: [row({}), row({ contactId: 'd', name: '李四', at: sh('2026-06-15T10:00:00') })], line: '💔 最近 2 位客户删除了你：L4 张三、L4 李四' },
    { name: 'removed by the merchant', rows: [row({ by: 'merchant', name: '赵六', tier: 0 })], line: '💔 昨天你删除了 1 位客户：L0 赵六' },
  ])('$name', ({ rows, line }) => {
    const section = lostSection(emptySnapshot({ lost: rows }), NOW, DEFAULT_CONFIG)
    expect(section?.title).toBe(line)
  })

  it('a lost customer is never on the wake-up list, however valuable', () => {
    const valuable = { tier: 5 as const, spendFen: 99_900, orders: 5, lastInboundAt: NOW - 60 * DAY_MS, lastOutboundAt: null }
    expect(silentText(emptySnapshot({ silent: [silent('张三', { ...valuable, activity: 'lost' })], silentTotal: 1 }), NOW, DEFAULT_CONFIG, 3))
      .toBe('目前没有需要唤醒的沉默客户 👍')
    expect(silentText(emptySnapshot({ silent: [silent('张三', valuable)], silentTotal: 1 }), NOW, DEFAULT_CONFIG, 3)).toContain('张三')
  })

  it('no losses, no line; with losses the digest carries it', () => {
    expect(lostSection(emptySnapshot(), NOW, DEFAULT_CONFIG)).toBeNull()
    const digest = buildDigest(emptySnapshot({ lost: [row({ lastComplaint: true })] }), NOW, DEFAULT_CONFIG).join('\n')
    expect(digest).toContain('昨天 1 位客户删除了你：L4 张三（最后一条是投诉）')
  })
})

describe('juzi throttling counts as rate limited', () => {
  it.each([
    { name: 'juzi 20001 over gRPC', err: new Error('2 UNKNOWN: 20001 Feature temporarily unavailable'), kind: 'rate_limited' },
    { name: 'the words alone', err: new Error('Feature temporarily unavailable'), kind: 'rate_limited' },
    { name: 'a tag id that does not exist stays permanent', err: new Error('2 UNKNOWN: tag tag-8 not found'), kind: 'permanent' },
    { name: 'a number that merely contains 20001 is not it', err: new Error('order 1200015 failed'), kind: 'permanent' },
  ])('$name → $kind', ({ err, kind }) => expect(toActionError(err).kind).toBe(kind))
})

describe('a refusal that means the customer deleted the account', () => {
  it.each([
    { text: '2 UNKNOWN: 对方不是你的好友，无法修改备注', gone: true },
    { text: '2 UNKNOWN: s-gone is not a friend', gone: true },
    { text: '非好友关系，消息发送失败', gone: true },
    { text: '已被对方删除', gone: true },
    { text: '14 UNAVAILABLE: No connection established', gone: false },
    { text: 'remark did not stick', gone: false },
    { text: '好友申请已发送', gone: false },
  ])('$text → $gone', ({ text, gone }) => expect(isNotAFriend(text)).toBe(gone))
})

describe('platform setting', () => {
  it.each([
    { name: 'default: the official stack', env: {}, platform: 'wechaty' },
    { name: 'TIERBOT_PLATFORM=juzi', env: { TIERBOT_PLATFORM: 'juzi' }, platform: 'juzi' },
  ])('$name', ({ env, platform }) => {
    const { config } = loadConfig({ env })
    expect(config.platform).toBe(platform)
    expect(config.labels.tagGroup).toBe('tierbot 信任等级')
  })

  it('an unknown stack is refused with the field named', () => {
    expect(() => loadConfig({ env: { TIERBOT_PLATFORM: 'padlocal' } })).toThrow(/platform/)
  })
})
