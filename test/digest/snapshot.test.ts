import { beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/config/schema.js'
import { buildDigest, silentText } from '../../src/digest/build.js'
import { loadDigestSnapshot } from '../../src/digest/snapshot.js'
import { renderDigestForPrint } from '../../src/digest/print.js'
import { createDb, type Db } from '../../src/store/client.js'
import { NOW, daysAgo, sh } from './fixtures.js'
import { seedContact, seedDigestLog, seedOrder, seedSnooze, seedTierChange } from './seed-db.js'

const A = 'acc'
const config = DEFAULT_CONFIG

describe('loadDigestSnapshot over the real schema', () => {
  let db: Db
  beforeEach(() => {
    db = createDb(':memory:')
    seedDigestLog(db, A, '2026-11-23', 'admin', sh('2026-11-23T09:00:00'))
    const silent = { activity: 'silent' as const, lastInboundAt: daysAgo(45), lastOutboundAt: daysAgo(46) }
    seedContact(db, A, { id: 'w1', name: '王老客', tier: 4, ...silent, spendFen: 32_000, orders: 2 })
    seedContact(db, A, { id: 'w2', name: '李超级', tier: 5, ...silent, spendFen: 88_000, orders: 4, lastInboundAt: daysAgo(60) })
    seedContact(db, A, { id: 'w3', name: '赵打扰', tier: 4, ...silent, lastOutboundAt: daysAgo(3) })
    seedContact(db, A, { id: 'w4', name: '钱贪睡', tier: 4, ...silent })
    seedSnooze(db, A, 'w4', NOW + 7 * 86_400_000)
    seedContact(db, A, { id: 'w5', name: '孙沉睡', tier: 5, activity: 'dormant', lastInboundAt: daysAgo(300), spendFen: 99_000 })
    seedContact(db, A, { id: 'w6', name: '周路人', tier: 1, ...silent })
    seedContact(db, A, { id: 'q1', name: '吴问价', tier: 2, activity: 'active', lastInboundAt: NOW - 7_200_000,
      unansweredIntentAt: NOW - 7_200_000, unansweredIntentText: '这个怎么买' })
    seedContact(db, A, { id: 'q2', name: '郑旧问', tier: 2, activity: 'active', lastInboundAt: daysAgo(10),
      unansweredIntentAt: daysAgo(10), unansweredIntentText: '多少钱' })
    seedContact(db, A, { id: 'h1', name: '冯升温', tier: 2, activity: 'active', lastInboundAt: daysAgo(0.5),
      activeDays: ['2026-11-23', '2026-11-22', '2026-11-21', '2026-11-01'] })
    seedContact(db, A, { id: 'o1', name: '陈新单', tier: 4, activity: 'active', lastInboundAt: daysAgo(1), orders: 1, spendFen: 19_900 })
    seedOrder(db, A, 'o1', 19_900, sh('2026-11-23T23:50:00'))
    seedContact(db, A, { id: 'o2', name: '褚退款', tier: 4, activity: 'active', lastInboundAt: daysAgo(1) })
    seedOrder(db, A, 'o2', 9_900, sh('2026-11-23T10:00:00'), sh('2026-11-23T12:00:00'))
    seedContact(db, A, { id: 'l3', name: '卫认同', tier: 3, activity: 'active', lastInboundAt: daysAgo(2), approvals: 3, intents: 1, recent: [{ kind: 'approval', at: daysAgo(2), text: '喜欢', messageId: 'm1' }, { kind: 'intent', at: daysAgo(3), text: '多少钱', messageId: 'm2' }] })
    seedTierChange(db, A, 'l3', 2, 3, sh('2026-11-23T15:00:00'))
    seedTierChange(db, A, 'o1', 3, 4, sh('2026-11-23T23:50:00'))
    seedTierChange(db, A, 'w1', 2, 3, sh('2026-11-22T15:00:00'))
    seedContact(db, A, { id: 'c1', name: '蒋投诉', tier: 4, activity: 'active', lastInboundAt: daysAgo(0.6),
      lastComplaintAt: daysAgo(0.6), recent: [{ kind: 'complaint', at: daysAgo(0.6), text: '收到就坏了', messageId: 'm1' }] })
    seedContact(db, 'other', { id: 'x1', name: '别家客户', tier: 5, ...silent, spendFen: 1_000_000 })
  })

  it('names the customers the merchant should act on today, and leaves the rest out', () => {
    const digest = buildDigest(loadDigestSnapshot(db, A, NOW, config), NOW, config).join('\n')
    expect(digest).toContain('· 吴问价（L2 认识我的人）2 小时前问：“这个怎么买”')
    expect(digest).toContain('😴 2 位沉默客户待唤醒')
    expect(digest).toContain('1. 李超级｜L5 超级用户｜沉默 60 天｜累计消费 ¥880')
    expect(digest).toContain('2. 王老客｜L4 信任我的人｜沉默 45 天｜累计消费 ¥320')
    expect(digest).toContain('· 冯升温（L2 认识我的人）')
    expect(digest).toContain('· 陈新单（L4 信任我的人）昨天下单 ¥199：发一份使用指南')
    expect(digest).toContain('· 卫认同：认同或问价 2 次（“喜欢”、“多少钱”）')
    expect(digest).toContain('· 卫认同 ↑ L2 认识我的人 → L3 认同我的人')
    expect(digest).toContain('· 陈新单 ↑ L3 认同我的人 → L4 信任我的人')
    expect(digest).toContain('⚠️ 1 个投诉还没回复，先处理\n· 蒋投诉（L4 信任我的人）11月23日：“收到就坏了”')
    for (const absent of ['赵打扰', '钱贪睡', '孙沉睡', '周路人', '郑旧问', '褚退款', '别家客户', '王老客 ↑']) {
      expect(digest).not.toContain(absent)
    }
  })

  it('lists a buying question from a customer the ladder has not classified yet', () => {
    db.$client.prepare(`INSERT INTO contact_stats (account_id, contact_id, last_inbound_at, unanswered_intent_at,
      unanswered_intent_text, updated_at) VALUES (?, 'n1', ?, ?, '有货吗', 0)`).run(A, NOW - 600_000, NOW - 600_000)
    const digest = buildDigest(loadDigestSnapshot(db, A, NOW, config), NOW, config).join('\n')
    expect(digest).toContain('· n1（L1 知道我的人）刚刚问：“有货吗”')
  })

  it('counts the funnel for this account only', () => {
    const snap = loadDigestSnapshot(db, A, NOW, config)
    expect(snap.funnel.total).toBe(13)
    expect(snap.funnel.tiers[4]).toBe(6)
    expect(snap.funnel.activity.dormant).toBe(1)
    expect(snap.since).toBe(sh('2026-11-23T09:00:00'))
  })

  it('loads more wake-up candidates for /silent N', () => {
    seedContact(db, A, { id: 'w7', name: '韩第三', tier: 2, activity: 'silent', lastInboundAt: daysAgo(40) })
    seedContact(db, A, { id: 'w8', name: '杨第四', tier: 3, activity: 'silent', lastInboundAt: daysAgo(40) })
    const snap = loadDigestSnapshot(db, A, NOW, { ...config, digest: { ...config.digest, maxPerSection: 1, wakeUpCount: 1 } }, { silentLimit: 4 })
    expect(snap.silentTotal).toBe(4)
    expect(silentText(snap, NOW, config, 4)).toMatch(/1\. 李超级[\s\S]*2\. 王老客[\s\S]*3\. 杨第四[\s\S]*4\. 韩第三/)
  })

  it('prints the digest for the command line without recording a delivery', () => {
    const out = renderDigestForPrint(db, config, A, NOW)
    expect(out).toContain('今日客户行动清单')
    expect(out).toContain('李超级')
    const rows = db.$client.prepare(`SELECT COUNT(*) AS n FROM digest_log`).get() as { n: number }
    expect(rows.n).toBe(1)
  })
})
