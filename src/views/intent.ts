import { DAY_MS } from '../shared/clock.js'
import type { Activity } from '../tiers/ladder.js'

/*
 * The intent score (意向客户等级, seed 003): "计算这些行为的权重分数。当这些分数达到一定水平…就可以
 * 采取'强硬手段'来推动成交" — behaviours weigh differently and fade with time. A decayed sum with a
 * half-life is exact when kept incrementally: the stored score only has to be aged to the new moment
 * before a message's weight is added. Pure: `now` and the rules are parameters.
 */

export type IntentBand = '高' | '中' | '低'

export interface IntentWeights {
  group: number
  private: number
  approval: number
  question: number
  buying: number
  redEnvelope: number
}

export interface IntentRules {
  weights: IntentWeights
  halfLifeDays: number
  /** Score at or above which a customer is 高 / 中. */
  highAt: number
  mediumAt: number
}

export const DEFAULT_INTENT_RULES: IntentRules = {
  weights: { group: 1, private: 2, approval: 3, question: 5, buying: 8, redEnvelope: 5 },
  halfLifeDays: 14,
  highAt: 20,
  mediumAt: 6,
}

/** What one inbound message shows of the customer's intent. */
export interface IntentMessage {
  chat: 'private' | 'group'
  kind: string
  /** Signals read from the text (price/buying question, approval). */
  buying: boolean
  approval: boolean
  /** A question that is not a buying question ("这个适合敏感肌吗"). */
  question: boolean
}

export interface Contribution {
  weight: number
  /** Chinese, short: what the customer did. */
  label: string
}

/** The weight of one inbound message: where it was said, plus the strongest thing it says. */
export function weighMessage(message: IntentMessage, weights: IntentWeights): Contribution {
  let weight = message.chat === 'private' ? weights.private : weights.group
  let label = message.chat === 'private' ? '私聊' : '群聊'
  if (message.kind === 'red_envelope' || message.kind === 'redEnvelope') {
    weight += weights.redEnvelope
    label = '发红包'
  } else if (message.buying) {
    weight += weights.buying
    label = '问价/想买'
  } else if (message.question) {
    weight += weights.question
    label = '提问'
  }
  if (message.approval) {
    weight += weights.approval
    if (label === '私聊' || label === '群聊') label = '认同'
  }
  return { weight, label }
}

export interface ScoreState {
  score: number
  /** The moment the score is valued at (epoch ms); null for no score yet. */
  at: number | null
}

/** The score aged from its moment to `now` (never grows; a score from the future is not aged). */
export function decayScore(state: ScoreState, now: number, halfLifeDays: number): number {
  if (state.at === null || state.score === 0) return 0
  const elapsed = now - state.at
  if (elapsed <= 0) return state.score
  return state.score * 2 ** (-elapsed / (halfLifeDays * DAY_MS))
}

/**
 * Adds a contribution made at `at`. Messages may arrive out of time order (an import, a replay): an
 * older one is aged to the state's moment instead of the state being aged backwards.
 */
export function addContribution(state: ScoreState, weight: number, at: number, halfLifeDays: number): ScoreState {
  if (state.at === null) return { score: weight, at }
  if (at >= state.at) return { score: decayScore(state, at, halfLifeDays) + weight, at }
  return { score: state.score + decayScore({ score: weight, at }, state.at, halfLifeDays), at: state.at }
}

/**
 * 高 / 中 / 低. Seed 003: "万年沉默" customers are left to wake by themselves, so dormant is never 高; nor is
 * a lost customer (流失), who deleted the account.
 */
export function intentBand(score: number, activity: Activity, rules: Pick<IntentRules, 'highAt' | 'mediumAt'>): IntentBand {
  if (score >= rules.highAt && activity !== 'dormant' && activity !== 'lost') return '高'
  if (score >= rules.mediumAt) return '中'
  return '低'
}

export interface DatedContribution extends Contribution {
  at: number
  /** Quoted words, when the contribution is a message with text. */
  text?: string
}

/** The contributions that weigh most today (weight aged to `now`), for "why is this customer 高". */
export function topContributions(items: DatedContribution[], now: number, halfLifeDays: number, limit = 3): Array<DatedContribution & { now: number }> {
  return items
    .map((c) => ({ ...c, now: decayScore({ score: c.weight, at: c.at }, now, halfLifeDays) }))
    .sort((a, b) => b.now - a.now || b.at - a.at)
    .slice(0, limit)
}

/**
 * `items` plus `added`, the `limit` that weigh most at `now`: the same list, in the same order, as
 * `topContributions([...items, added], now, …)` without its `now` field, but without copying every
 * item for each message (the import keeps a contact's list message after message). The stored items
 * are handed on as they are.
 */
export function keepTop(items: readonly DatedContribution[], added: DatedContribution, now: number, halfLifeDays: number, limit: number): DatedContribution[] {
  const out: DatedContribution[] = []
  const aged: number[] = []
  const n = items.length + 1
  for (let i = 0; i < n; i++) {
    const c = i < items.length ? items[i] : added
    const w = decayScore({ score: c.weight, at: c.at }, now, halfLifeDays)
    // Insertion after every item that sorts before or ties with it: a stable sort with the same comparator.
    let j = out.length
    while (j > 0 && (aged[j - 1] < w || (aged[j - 1] === w && out[j - 1].at < c.at))) j--
    if (j >= limit) continue
    // Insert at j, the last falling off when the list is full (splice would allocate an array per call).
    let k = out.length
    if (k < limit) {
      out.push(c)
      aged.push(w)
    } else {
      k = limit - 1
    }
    for (; k > j; k--) {
      out[k] = out[k - 1]
      aged[k] = aged[k - 1]
    }
    out[j] = c
    aged[j] = w
  }
  return out
}
