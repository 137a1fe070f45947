import { DAY_MS } from '../shared/clock.js'
import { formatYuan } from '../tiers/format.js'
import type { IntentBand } from './intent.js'

/*
 * Value class A / B / C (seed 001: 消费频次 + 互动意愿 + 潜在价值). A: high spend, high interaction, high
 * potential ("每月都买，还常问新品"); B: medium ("一个季度买一次，偶尔互动"); C: low ("问过但从没买，很少
 * 互动"). Recency, frequency and money are scored against this account's own buyers (quantiles), so a
 * shop of ¥30 snacks and a shop of ¥3,000 skincare both get their A's; absolute floors keep an
 * account where nobody buys often from calling everyone A. Pure: thresholds are computed once per pass.
 */

export type ValueClass = 'A' | 'B' | 'C'

export interface ValueInput {
  orders: number
  spendFen: number
  firstOrderAt: number | null
  lastOrderAt: number | null
  intent: IntentBand
}

export interface ValueThresholds {
  spendHighFen: number
  spendMidFen: number
  /** Orders per 30 days over the buying life. */
  rateHigh: number
  rateMid: number
  /**
   * When the buyers' order rates were measured. A customer's own rate is measured at the same instant: a rate
   * falls as time passes, so the buyer at the 80th percentile would otherwise drop below their own yardstick
   * a minute after the pass (/tier saying B while /list A类 lists them).
   */
  at: number
}

/** "Buys monthly" and "buys quarterly", the seed's own yardsticks, as floors for the quantiles. */
const RATE_FLOOR_HIGH = 0.75
const RATE_FLOOR_MID = 0.3
const MONTH_MS = 30 * DAY_MS

/** Orders per 30 days since the first order (at least one month of life, so one order is not "monthly"). */
export function orderRate(orders: number, firstOrderAt: number | null, now: number): number {
  if (orders <= 0 || firstOrderAt === null) return 0
  return orders / Math.max(1, (now - firstOrderAt) / MONTH_MS)
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[i]
}

/** The account's yardsticks from its buyers (linear in the buyers, one sort per measure). */
export function valueThresholds(buyers: Array<Pick<ValueInput, 'orders' | 'spendFen' | 'firstOrderAt'>>, now: number): ValueThresholds {
  const spend = buyers.filter((b) => b.orders > 0).map((b) => b.spendFen).sort((a, b) => a - b)
  const rate = buyers.filter((b) => b.orders > 0).map((b) => orderRate(b.orders, b.firstOrderAt, now)).sort((a, b) => a - b)
  return {
    spendHighFen: Math.max(1, quantile(spend, 0.8)),
    spendMidFen: Math.max(1, quantile(spend, 0.5)),
    rateHigh: Math.max(RATE_FLOOR_HIGH, quantile(rate, 0.8)),
    rateMid: Math.max(RATE_FLOOR_MID, quantile(rate, 0.5)),
    at: now,
  }
}

export interface ValueResult {
  cls: ValueClass
  /** Chinese, short: the measures that decided it. */
  reason: string
}

const score = (value: number, high: number, mid: number): 1 | 2 | 3 => (value >= high ? 3 : value >= mid ? 2 : 1)

export function classifyValue(input: ValueInput, t: ValueThresholds, now: number): ValueResult {
  if (input.orders <= 0) {
    // Never bought: potential is all there is to go on. A warm one is worth the time (B).
    return input.intent === '高'
      ? { cls: 'B', reason: '还没买过，但意向高' }
      : { cls: 'C', reason: input.intent === '中' ? '还没买过，偶尔互动' : '还没买过，很少互动' }
  }
  const rate = orderRate(input.orders, input.firstOrderAt, t.at)
  const sinceOrder = input.lastOrderAt === null ? Infinity : now - input.lastOrderAt
  const r = sinceOrder <= 60 * DAY_MS ? 3 : sinceOrder <= 180 * DAY_MS ? 2 : 1
  const f = score(rate, t.rateHigh, t.rateMid)
  const m = score(input.spendFen, t.spendHighFen, t.spendMidFen)
  const i = input.intent === '高' ? 3 : input.intent === '中' ? 2 : 1
  const total = r + f + m + i
  const cls: ValueClass = total >= 10 && f >= 2 && m >= 2 ? 'A' : total >= 7 ? 'B' : 'C'
  const freq = rate >= RATE_FLOOR_HIGH ? '约每月一单' : rate >= RATE_FLOOR_MID ? '约每季一单' : '买得少'
  return { cls, reason: `${input.orders} 单${input.spendFen > 0 ? ` ${formatYuan(input.spendFen)}` : '（金额待确认）'}，${freq}，意向${input.intent}` }
}
