import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/config/schema.js'
import { buildDigest } from '../../src/digest/build.js'
import { loadDigestSnapshot } from '../../src/digest/snapshot.js'
import { eraseOldText, retentionCutoff, scrubRecent } from '../../src/privacy/retention.js'
import { retentionLine } from '../../src/privacy/replies.js'
import { createPrivacyStore } from '../../src/privacy/privacy-store.js'
import { DAY_MS } from '../../src/shared/clock.js'
import { silentLogger } from '../../src/shared/logger.js'
import { ACCOUNT, createHarness } from '../tiers/harness.js'

/*
 * Retention erases message text older than the period and nothing else: on a seeded account the
 * tiers, activity, counters and the digest are the same before and after, and reasons that quoted
 * old text keep the fact without the words.
 */

const config = DEFAULT_CONFIG

/** ~4 months of a small shop: buyers, approvers, complainers, group members, a recent inquiry. */
function seededAccount() {
  const h = createHarness(config)
  for (let day = 0; day < 120; day++) {
    h.advance(1)
    if (day % 3 === 0) h.rounds('c-buyer', 1, day < 40 ? '这个好用，喜欢' : '在吗')
    if (day === 10 || day === 20 || day === 30) h.transfer('c-buyer')
    if (day % 10 === 0) h.rounds('c-fan', 1, day < 60 ? '太棒了 谢谢' : '收到')
    if (day === 5) h.rounds('c-old', 4, '喜欢 不错')
    if (day === 15) h.say('c-angry', '质量差 要退款')
    if (day % 7 === 0) h.group('c-group', `群里聊聊 ${day}`)
    if (day >= 100 && day % 2 === 0) h.rounds('c-recent', 1, '最近很满意')
  }
  h.advance(1)
  h.say('c-recent', '这个多少钱？怎么买')
  return h
}

function snapshot(h: ReturnType<typeof createHarness>, now: number) {
  const sqlite = h.db.$client
  return {
    tiers: sqlite.prepare('SELECT contact_id, tier, evidence_tier, activity, since FROM tiers ORDER BY contact_id').all(),
    counters: sqlite.prepare(`SELECT contact_id, rounds, private_inbound, group_interactions, approvals, intents, complaints,
      orders, spend_fen, first_inbound_at, last_inbound_at, active_days FROM contact_stats ORDER BY contact_id`).all(),
    messages: sqlite.prepare('SELECT COUNT(*) FROM interactions').pluck().get(),
    history: sqlite.prepare('SELECT COUNT(*) FROM tier_history').pluck().get(),
    // The digest keeps every entry and fact; quoted words of erased text go (a complaint then reads 投诉).
    digest: buildDigest(loadDigestSnapshot(h.db, ACCOUNT, now, config), now, config).map(withoutQuotes),
  }
}

function withoutQuotes(text: string): string {
  return text.replace(/（“[^）]*）/g, '').replace(/“[^”]*”/g, '').replace(/：投诉$/gm, '：')
}

describe('retention.messageTextDays', () => {
  it('erases old text while tiers, activity, counters and the digest stay identical', async () => {
    const h = seededAccount()
    const now = h.now() + 60_000
    h.ladder.reclassifyAll(ACCOUNT, now)
    const before = snapshot(h, now)
    const fanReasons = () => h.tier('c-fan')?.reasons.find((r) => r.rule === 'approval-window')?.text ?? ''
    const quoted = fanReasons()

    const result = await eraseOldText({ db: h.db, ladder: h.ladder, logger: silentLogger, accountId: ACCOUNT, days: 30, now })
    expect(result.texts).toBeGreaterThan(50)
    const after = snapshot(h, now)
    expect(after).toEqual(before)

    const sqlite = h.db.$client
    const cutoff = now - 30 * DAY_MS
    expect(sqlite.prepare('SELECT COUNT(*) FROM interactions WHERE at < ? AND text IS NOT NULL').pluck().get(cutoff)).toBe(0)
    expect(sqlite.prepare('SELECT COUNT(*) FROM interactions WHERE at >= ? AND text IS NOT NULL').pluck().get(cutoff)).toBeGreaterThan(0)
    expect(createPrivacyStore(h.db).oldestTextAt(ACCOUNT)).toBeGreaterThanOrEqual(cutoff)
    // No quote of erased text survives anywhere (stats; reasons are built from them, not stored).
    const everything = JSON.stringify(sqlite.prepare('SELECT recent, unanswered_intent_text FROM contact_stats').all())
      + JSON.stringify(fanReasons())
    // The reason keeps the fact (how many approvals, which days) and loses the words.
    expect(quoted).toMatch(/^认同或问价 \d+ 次：.*“太棒/)
    expect(fanReasons()).toMatch(/^认同或问价 \d+ 次：/)
    expect(fanReasons().split('：')[0]).toBe(quoted.split('：')[0])
    expect(fanReasons()).not.toContain('“')
    expect(everything).not.toContain('这个好用')
    expect(everything).not.toContain('太棒了')
    // The recent inquiry keeps its words: it is inside the period.
    expect(everything).toContain('多少钱')
    const audit = createPrivacyStore(h.db).auditRows(ACCOUNT)
    expect(audit).toEqual([expect.objectContaining({ action: 'retention', actor: 'system' })])

    // Run again: nothing left to erase, nothing changes.
    expect((await eraseOldText({ db: h.db, ladder: h.ladder, logger: silentLogger, accountId: ACCOUNT, days: 30, now })).texts).toBe(0)
    expect(snapshot(h, now)).toEqual(before)
  })

  it('keeps everything when no period is set (the default)', async () => {
    const h = seededAccount()
    const result = await eraseOldText({ db: h.db, ladder: h.ladder, logger: silentLogger, accountId: ACCOUNT, days: config.retention.messageTextDays, now: h.now() })
    expect(result).toEqual({ texts: 0, contacts: 0 })
    expect(h.db.$client.prepare('SELECT COUNT(*) FROM interactions WHERE text IS NULL').pluck().get()).toBe(0)
  })

  it.each([
    { name: 'no period: keep forever', days: null, cutoff: null },
    { name: '30 days: the instant 30 days back', days: 30, cutoff: 1_000 * DAY_MS - 30 * DAY_MS },
  ])('cutoff — $name', ({ days, cutoff }) => expect(retentionCutoff(1_000 * DAY_MS, days)).toBe(cutoff))

  it.each([
    { name: 'an old quote loses its words, keeps kind, time and message', json: '[{"kind":"approval","at":5,"text":"喜欢","messageId":"m1"}]', out: '[{"kind":"approval","at":5,"text":"","messageId":"m1"}]' },
    { name: 'a quote inside the period is kept', json: '[{"kind":"approval","at":50,"text":"喜欢","messageId":"m1"}]', out: null },
    { name: 'an already erased quote is no change', json: '[{"kind":"approval","at":5,"text":"","messageId":"m1"}]', out: null },
    { name: 'a damaged list is no change', json: 'not json', out: null },
  ])('scrubRecent — $name', ({ json, out }) => expect(scrubRecent(json, 10)).toBe(out))

  it.each([
    { name: 'default policy', days: null, oldest: null, line: '消息原文：一直保留（目前没有保存的原文）' },
    { name: '90 days with the oldest text kept', days: 90, oldest: Date.parse('2026-03-02T10:00:00+08:00'), line: '消息原文：保留 90 天，最早一条是 2026年3月2日' },
  ])('/stats line — $name', ({ days, oldest, line }) => expect(retentionLine(days, oldest, 'Asia/Shanghai')).toBe(line))
})
