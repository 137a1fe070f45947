import type { Activity, Tier } from '../tiers/ladder.js'
import { DAY_MS, MINUTE_MS } from '../shared/clock.js'
import { CAST, GROUP_POSTS, type CastMember } from './scenario-cast.js'

/*
 * The simulated WeCom account of the demo world: who is in it and ~200 days of back-dated history,
 * written so that under domain.md's default rules every rung L0–L5 and every activity state occurs.
 * Pure and deterministic: everything is relative to `now`, message ids are stable, so a replay
 * against the same database logs nothing twice.
 */

/** wechaty-puppet MessageType numbers (kept here so this module stays free of the puppet). */
export const MSG = { card: 3, image: 6, text: 7, transfer: 11, redEnvelope: 12, recalled: 13, url: 14 } as const

export interface DemoPerson {
  id: string
  name: string
}

export interface DemoCustomer extends DemoPerson {
  /** The merchant's own remark (备注), '' when none. */
  remark: string
  gender: 'male' | 'female'
  friend: boolean
  /** When the friendship was made (epoch ms); null for group members who are not friends. */
  addedAt: number | null
  /** What the ladder should say about this customer under the default rules. */
  expect: { tier: Tier; activity: Activity }
  /** Why (English), for test failures and the demo printout. */
  why: string
}

export interface DemoRoom {
  id: string
  topic: string
  memberIds: string[]
}

export type DemoStep =
  /** cardContactId: a contact card (名片) carrying this contact. */
  | { kind: 'message'; id: string; at: number; talkerId: string; listenerId?: string; roomId?: string; type: number; text: string; cardContactId?: string }
  /** hello: the new friend's greeting (验证消息). */
  | { kind: 'friend'; id: string; at: number; contactId: string; hello?: string }

/** A payment whose amount the merchant confirms (a transfer's amount is unknown to the bot). */
export interface ConfirmedPayment {
  contactId: string
  amountFen: number
  at: number
  /** The transfer message this amount belongs to: a confirmation of that order, not an extra one. */
  transferMessageId: string
}

export interface DemoScenario {
  now: number
  account: DemoPerson
  /** The merchant's admin contact: types commands to the bot. */
  owner: DemoPerson
  customers: DemoCustomer[]
  rooms: DemoRoom[]
  /** Every step, in time order. */
  steps: DemoStep[]
  payments: ConfirmedPayment[]
  /** Customers the digest should name, by section. */
  highlights: {
    unansweredInquiries: string[]
    warming: string[]
    followUps: Array<{ contactId: string; daysSincePurchase: number }>
    /** Last purchase one product cycle (30 days) ago: time to remind them to replenish. */
    replenish: string[]
    /** Silent L2+ customers the merchant messaged lately without an answer: left off the wake-up list. */
    recentlyChased: string[]
  }
}

export const DEMO_ACCOUNT: DemoPerson = { id: 'demo-shop', name: '小美的店' }
export const DEMO_OWNER: DemoPerson = { id: 'demo-owner', name: '店主小美' }
export const VIP_ROOM = { id: 'demo-vip@chatroom', topic: '宝妈交流群' }
export const NEW_ROOM = { id: 'demo-new@chatroom', topic: '新品体验群' }

/*
 * A line of the cast's scripts: '>' the customer writes, '<' the merchant answers from the phone;
 * a bracketed body is a non-text message: [转账] transfer, [红包] red envelope, [图片] image,
 * [撤回] recalled, [链接] url, [名片]<contact id> a contact card.
 */
const SPECIAL: Record<string, number> = {
  '[转账]': MSG.transfer, '[红包]': MSG.redEnvelope, '[图片]': MSG.image, '[撤回]': MSG.recalled,
}

const CARD = '[名片]'
const SECOND_MS = 1000

/*
 * Steps of one day sit in the 20 minutes before `now`'s time of day, 20 s apart: "1 day ago" is then
 * yesterday on the calendar too, unless the demo starts in the first 20 minutes after midnight.
 */
function timeOf(now: number, daysAgo: number, index: number): number {
  return now - daysAgo * DAY_MS - 20 * MINUTE_MS + index * 20 * SECOND_MS
}

export function buildScenario(now: number): DemoScenario {
  const steps: DemoStep[] = []
  const payments: ConfirmedPayment[] = []
  const customers: DemoCustomer[] = []
  let seq = 0
  const nextId = () => `demo-msg-${(++seq).toString().padStart(4, '0')}`

  for (const member of CAST) {
    let first = Number.POSITIVE_INFINITY
    const transfers = new Map<number, string>()
    for (const [daysAgo, lines] of member.days) {
      lines.forEach((line, index) => {
        const at = timeOf(now, daysAgo, index)
        first = Math.min(first, at)
        const step = toMessage(member, line, at, nextId())
        if (step.kind === 'message' && step.type === MSG.transfer) transfers.set(daysAgo, step.id)
        steps.push(step)
      })
    }
    for (const [daysAgo, roomId, text] of member.group ?? []) {
      const at = timeOf(now, daysAgo, 40)
      first = Math.min(first, at)
      steps.push({ kind: 'message', id: nextId(), at, talkerId: member.id, roomId, type: MSG.text, text })
    }
    for (const [daysAgo, amountFen] of member.confirmed ?? []) {
      const transferMessageId = transfers.get(daysAgo)
      if (!transferMessageId) throw new Error(`demo cast: ${member.id} has no transfer ${daysAgo} days ago`)
      payments.push({ contactId: member.id, amountFen, at: timeOf(now, daysAgo, 30), transferMessageId })
    }
    const friend = member.friend ?? true
    const addedAt = !friend ? null
      : member.addedDaysAgo !== undefined ? timeOf(now, member.addedDaysAgo, 0)
        : first - 2 * DAY_MS
    if (addedAt !== null) steps.push({ kind: 'friend', id: `demo-friend-${member.id}`, at: addedAt, contactId: member.id, ...(member.hello ? { hello: member.hello } : {}) })
    customers.push({
      id: member.id, name: member.name, remark: member.remark ?? '', gender: member.gender ?? 'female',
      friend, addedAt, expect: member.expect, why: member.why,
    })
  }
  for (const [daysAgo, room, text] of GROUP_POSTS) {
    steps.push({ kind: 'message', id: nextId(), at: timeOf(now, daysAgo, 50), talkerId: DEMO_ACCOUNT.id, roomId: room, type: MSG.text, text })
  }
  // Stable order: by time, then by id, so equal times replay the same way every run.
  steps.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))

  const memberOf = (roomId: string) => CAST.filter((m) => m.rooms?.includes(roomId)).map((m) => m.id)
  return {
    now,
    account: DEMO_ACCOUNT,
    owner: DEMO_OWNER,
    customers,
    rooms: [VIP_ROOM, NEW_ROOM].map((r) => ({ ...r, memberIds: [DEMO_ACCOUNT.id, ...memberOf(r.id)] })),
    steps,
    payments: payments.sort((a, b) => a.at - b.at),
    highlights: {
      unansweredInquiries: CAST.filter((m) => m.highlight === 'inquiry').map((m) => m.id),
      warming: CAST.filter((m) => m.highlight === 'warming').map((m) => m.id),
      followUps: CAST.filter((m) => m.highlight === 'follow-up-1' || m.highlight === 'follow-up-3')
        .map((m) => ({ contactId: m.id, daysSincePurchase: m.highlight === 'follow-up-1' ? 1 : 3 })),
      replenish: CAST.filter((m) => m.highlight === 'replenish').map((m) => m.id),
      recentlyChased: CAST.filter((m) => m.highlight === 'chased').map((m) => m.id),
    },
  }
}

function toMessage(member: CastMember, line: string, at: number, id: string): DemoStep {
  const inbound = line.startsWith('>')
  const body = line.slice(1)
  if (inbound && body.startsWith(CARD)) {
    return { kind: 'message', id, at, talkerId: member.id, listenerId: DEMO_ACCOUNT.id, type: MSG.card, text: CARD, cardContactId: body.slice(CARD.length) }
  }
  const special = Object.keys(SPECIAL).find((k) => body.startsWith(k))
  const type = special ? SPECIAL[special] : body.startsWith('[链接]') ? MSG.url : MSG.text
  const text = type === MSG.url ? body.slice('[链接]'.length) : body
  return inbound
    ? { kind: 'message', id, at, talkerId: member.id, listenerId: DEMO_ACCOUNT.id, type, text }
    : { kind: 'message', id, at, talkerId: DEMO_ACCOUNT.id, listenerId: member.id, type, text }
}

export interface ScenarioSummary {
  customers: number
  rooms: number
  messages: number
  friendships: number
  /** How far back the history goes, in whole days. */
  days: number
}

/** Counts for the demo's opening lines. */
export function summarizeScenario(scenario: DemoScenario): ScenarioSummary {
  const messages = scenario.steps.filter((s) => s.kind === 'message')
  const oldest = Math.min(scenario.now, ...scenario.steps.map((s) => s.at))
  return {
    customers: scenario.customers.length,
    rooms: scenario.rooms.length,
    messages: messages.length,
    friendships: scenario.steps.length - messages.length,
    days: Math.floor((scenario.now - oldest) / DAY_MS),
  }
}
