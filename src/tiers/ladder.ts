/*
 * The trust ladder of seed 002 (信任等级用户分层法), as docs/rules.md §1 states it. Pure constants:
 * codes, names, and each rung's goal (shown by /tier as the next step).
 */

export type Tier = 0 | 1 | 2 | 3 | 4 | 5
export type TierCode = 'L0' | 'L1' | 'L2' | 'L3' | 'L4' | 'L5'
/** `lost` (流失): the customer deleted the account, or was removed; gone, not silent. */
export type Activity = 'new' | 'active' | 'silent' | 'dormant' | 'lost'
/** Every activity (a new one fails to compile until listed here: the pass reads the rung index by them). */
const EVERY_ACTIVITY = { new: true, active: true, silent: true, dormant: true, lost: true } satisfies Record<Activity, true>
export const ACTIVITIES = Object.keys(EVERY_ACTIVITY) as readonly Activity[]

export const TIERS: readonly Tier[] = [0, 1, 2, 3, 4, 5]

export const TIER_NAMES: Record<Tier, string> = {
  0: '陌生人',
  1: '知道我的人',
  2: '认识我的人',
  3: '认同我的人',
  4: '信任我的人',
  5: '超级用户',
}

/** The merchant's goal on each rung: move the customer one rung up. */
export const TIER_GOALS: Record<Tier, string> = {
  0: '先让对方注意到你：评论朋友圈，别急着推销',
  1: '把聊天引到私聊，聊满 3 轮',
  2: '用内容和耐心赢得认同，先别卖货',
  3: '引导第一次购买，买后及时跟进',
  4: '从第 1 单到第 2 单、第 N 单；做好 VIP 服务',
  5: '把最好的给他：专属福利，请他参与进来',
}

export const ACTIVITY_NAMES: Record<Activity, string> = {
  new: '新加',
  active: '活跃',
  silent: '沉默',
  dormant: '沉睡',
  lost: '流失',
}

export function tierCode(tier: Tier): TierCode {
  return `L${tier}` as TierCode
}

/** `L4 信任我的人`: replies and the digest show code and name together (docs/rules.md §1). */
export function tierLabel(tier: Tier): string {
  return `${tierCode(tier)} ${TIER_NAMES[tier]}`
}

export function parseTierCode(input: string): Tier | undefined {
  const m = /^\s*[lL]\s*([0-5])\s*$/.exec(input.normalize('NFKC'))
  return m ? (Number(m[1]) as Tier) : undefined
}
