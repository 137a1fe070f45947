import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/config/schema.js'
import { DAY_MS } from '../../src/shared/clock.js'
import { detectSignals } from '../../src/signals/detect.js'
import { readingText } from '../../src/signals/replies.js'
import type { RecentEvent } from '../../src/stats/recent.js'
import { classifyContact, type ClassifyStats } from '../../src/tiers/classify.js'

/* /why's reasons quote the clause that counted and show the newest line read otherwise (issue 17). Pure. */

const RULES = { ladder: DEFAULT_CONFIG.ladder, activity: DEFAULT_CONFIG.activity, timezone: 'Asia/Shanghai' }
const NOW = Date.parse('2026-06-30T12:00:00+08:00')
const daysAgo = (d: number) => NOW - d * DAY_MS

/** The recent events the stats step would keep for these lines, newest first (as addRecentEvents keeps them). */
function eventsOf(lines: Array<[days: number, text: string]>): RecentEvent[] {
  return lines.flatMap(([days, text], i) => {
    const s = detectSignals({ text, kind: 'text', chat: 'private', direction: 'in' }, DEFAULT_CONFIG.signals)
    const id = `m${i}`
    const counted = (['intent', 'approval', 'complaint', 'referral'] as const).filter((k) => s[k])
      .map((kind): RecentEvent => ({ kind, at: daysAgo(days), text: s.quotes[kind]!, messageId: id }))
    const readings = s.discounted.map((d): RecentEvent => ({ kind: 'reading', at: daysAgo(days), text: d.quote, messageId: id, of: d.signal, as: d.as }))
    return [...counted, ...readings]
  }).sort((a, b) => b.at - a.at)
}

function approvalReason(lines: Array<[number, string]>): string | undefined {
  const stats: ClassifyStats = {
    rounds: 3, privateInbound: 3, groupInteractions: 0, lastInboundAt: daysAgo(1), orders: 0, spendFen: 0,
    refunds: 0, lastOrderAt: null, referrals: 0, lastComplaintAt: null, recent: eventsOf(lines),
  }
  return classifyContact({ stats, addedAt: daysAgo(100), pinnedTier: null }, RULES, NOW).reasons.find((r) => r.rule === 'approval-window')?.text
}

describe('/why reasons (docs/rules.md §7)', () => {
  it.each([
    { name: 'negated', lines: [[5, '挺好用的'], [2, '颜色不是很喜欢']], text: "90 天内认同或问价 1 次（需 2 次）；'颜色不是很喜欢'：否定，不算认同" },
    { name: 'asked (counts as buying intent, so two)', lines: [[5, '挺好用的'], [2, '真的有效果吗']], text: "认同或问价 2 次：6月28日 “真的有效果吗”、6月25日 “挺好用的”" },
    { name: 'asked, with one approval', lines: [[2, '好用吗']], text: "90 天内认同或问价 1 次（需 2 次）；'好用吗'：提问，算购买意向，不算认同" },
    { name: 'a condition', lines: [[2, '喜欢的话再找你']], text: "90 天内认同或问价 0 次（需 2 次）；'喜欢的话再找你'：假设，不算认同" },
    { name: 'a polite no', lines: [[2, '谢谢，不用了']], text: "90 天内认同或问价 0 次（需 2 次）；'谢谢'：客气话，不算认同" },
    { name: 'the words that counted, not the whole message', lines: [[5, '上次买的很好用，再来两盒，多少钱'], [2, '颜色不喜欢，但是质量不错']], text: "认同或问价 2 次：6月28日 “质量不错”、6月25日 “再来两盒”" },
    { name: 'a reading older than the window is not shown', lines: [[120, '不是很喜欢'], [5, '挺好用的']], text: '90 天内认同或问价 1 次（需 2 次）' },
  ] as Array<{ name: string; lines: Array<[number, string]>; text: string }>)('$name', ({ lines, text }) => {
    expect(approvalReason(lines)).toBe(text)
  })

  it('reading words', () => {
    expect(readingText({ signal: 'complaint', as: 'question', text: '会不会烂脸' })).toBe("'会不会烂脸'：提问，不算投诉")
    expect(readingText({ signal: 'approval', as: 'asked', text: '好用吗' })).toBe("'好用吗'：提问，算购买意向，不算认同")
  })
})
