import type { Activity, Tier } from '../tiers/ladder.js'

/*
 * The buying life (微店客户分层, seed 004): 潜在 (interacted, never bought) → 新客 (1 order) → 老客
 * (2–9) → 忠诚 (≥ 10, or a super user), and the seed's split of sleepers: 临时性沉默 (silent, worth
 * waking) vs 永久性沉睡 (dormant). "多数沉睡客户来自不满意的购买体验": a sleeper whose last paid experience
 * ended in a complaint is flagged, and that leads their wake-up entry (an apology, not a promotion).
 */

export type LifecycleStage = '未互动' | '潜在' | '新客' | '老客' | '忠诚'
export type Sleep = '临时性沉默' | '永久性沉睡'

export interface LifecycleInput {
  /** Paid orders not refunded. */
  orders: number
  lastInboundAt: number | null
  lastOrderAt: number | null
  lastComplaintAt: number | null
  tier: Tier
  activity: Activity
}

export interface LifecycleRules {
  /** Orders from which a customer is 忠诚 (default 10). */
  loyalOrders: number
}

export const DEFAULT_LIFECYCLE_RULES: LifecycleRules = { loyalOrders: 10 }

export interface Lifecycle {
  stage: LifecycleStage
  sleep: Sleep | null
  /** A sleeper whose last purchase was followed by a complaint (投诉后沉睡). */
  complaintSleeper: boolean
}

export function classifyLifecycle(input: LifecycleInput, rules: LifecycleRules = DEFAULT_LIFECYCLE_RULES): Lifecycle {
  const stage: LifecycleStage = input.tier === 5 || input.orders >= rules.loyalOrders ? '忠诚'
    : input.orders >= 2 ? '老客'
      : input.orders === 1 ? '新客'
        : input.lastInboundAt !== null ? '潜在' : '未互动'
  const sleep: Sleep | null = input.activity === 'silent' && input.lastInboundAt !== null ? '临时性沉默'
    : input.activity === 'dormant' && (input.lastInboundAt !== null || input.orders > 0) ? '永久性沉睡' : null
  const complaintSleeper = sleep !== null && input.orders > 0 && input.lastComplaintAt !== null
    && input.lastOrderAt !== null && input.lastComplaintAt >= input.lastOrderAt
  return { stage, sleep, complaintSleeper }
}

/** "老客", "老客（临时性沉默·投诉后沉睡）". */
export function describeLifecycle(l: Lifecycle): string {
  const notes = [l.sleep, l.complaintSleeper ? '投诉后沉睡' : null].filter(Boolean)
  return notes.length > 0 ? `${l.stage}（${notes.join('·')}）` : l.stage
}
