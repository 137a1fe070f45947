import { describe, expect, it } from 'vitest'
import { configSchema, type Config } from '../../src/config/schema.js'
import { createIngest, type Ingest } from '../../src/ingest/ingest.js'
import type { ChatEvent, MessageKind } from '../../src/platform/types.js'
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../src/shared/clock.js'
import { silentLogger } from '../../src/shared/logger.js'
import { createDb, type Db } from '../../src/store/client.js'
import { classifyContact } from '../../src/tiers/classify.js'
import { installLadder } from '../../src/tiers/install.js'
import type { Tier } from '../../src/tiers/ladder.js'
import { createLadder, type LadderService } from '../../src/tiers/service.js'
import { createTierStore } from '../../src/tiers/tier-store.js'

/*
 * The daily pass examines only contacts whose stored boundary has come. It must give exactly what a
 * forced full recomputation gives: two databases get the same seeded random account (messages,
 * approvals, complaints, transfers, confirmed and refunded payments, pins, new friends) over 400
 * simulated days; one runs the due pass each night, the other the full pass. Every contact's stored
 * state, its reasons and the tier history must match, and match the pure classifier at that instant.
 */

const ACCOUNT = 'shop'
const START = Date.parse('2026-01-05T10:00:00+08:00')
const DAYS = 400
const CONTACTS = 120

// Short windows, so that 400 days cross every edge many times.
const CONFIG: Config = configSchema.parse({
  ladder: { approvalWindowDays: 20, l5ComplaintWindowDays: 40, l5MinOrders: 2, l5MinSpendFen: 30_000 },
  activity: { newDays: 5, silentAfterDays: 10, dormantAfterDays: 60, strangerDormantDays: 25 },
})

/** mulberry32: a small seeded PRNG, so every run plays the same account. */
function rng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] }
}

type Action =
  | { kind: 'message'; event: ChatEvent }
  | { kind: 'friend'; contactId: string; at: number }
  | { kind: 'pay'; contactId: string; amountFen: number; at: number }
  | { kind: 'refund'; contactId: string; amountFen: number; at: number }
  | { kind: 'pin'; contactId: string; tier: Tier | null; at: number }

const TEXTS = ['在吗', '你好', '好的', '太好用了', '多少钱', '喜欢', '过敏了', '退货', '帮朋友问问', '今天好热', '👍', '有货吗']

/** A day's actions, in time order. */
function dayActions(r: ReturnType<typeof rng>, day: number, known: Set<string>, seq: { n: number }): Action[] {
  const actions: Action[] = []
  const base = START + day * DAY_MS
  // Contacts come and go in bursts: most days few, some days many talk.
  const busy = r.next() < 0.1 ? 40 : r.int(8)
  for (let k = 0; k < busy; k++) {
    const contactId = `c${r.int(CONTACTS)}`
    let at = base + r.int(12 * HOUR_MS)
    if (!known.has(contactId) && r.next() < 0.6) {
      known.add(contactId)
      actions.push({ kind: 'friend', contactId, at })
      // Some new friends never say a word.
      if (r.next() < 0.4) continue
    }
    const turns = 1 + r.int(4)
    for (let t = 0; t < turns; t++) {
      at += MINUTE_MS + r.int(30 * MINUTE_MS)
      const group = r.next() < 0.2
      const kind: MessageKind = !group && r.next() < 0.03 ? 'transfer' : 'text'
      const text = kind === 'transfer' ? '[转账]' : r.pick(TEXTS)
      actions.push({ kind: 'message', event: event(`m${++seq.n}`, contactId, 'in', at, text, kind, group ? 'vip@chatroom' : undefined) })
      if (!group && r.next() < 0.7) {
        at += MINUTE_MS
        actions.push({ kind: 'message', event: event(`m${++seq.n}`, contactId, 'out', at, '好的', 'text') })
      }
    }
    const roll = r.next()
    if (roll < 0.04) actions.push({ kind: 'pay', contactId, amountFen: (1 + r.int(40)) * 1000, at: at + MINUTE_MS })
    else if (roll < 0.05) actions.push({ kind: 'refund', contactId, amountFen: (1 + r.int(40)) * 1000, at: at + MINUTE_MS })
    else if (roll < 0.06) actions.push({ kind: 'pin', contactId, tier: r.next() < 0.5 ? null : (r.int(6) as Tier), at: at + MINUTE_MS })
  }
  return actions.sort((a, b) => timeOf(a) - timeOf(b))
}

function timeOf(a: Action): number {
  return a.kind === 'message' ? a.event.at : a.at
}

function event(messageId: string, contactId: string, direction: 'in' | 'out', at: number, text: string, kind: MessageKind, roomId?: string): ChatEvent {
  return {
    accountId: ACCOUNT, messageId, chat: roomId ? 'group' : 'private', kind, rawType: kind === 'transfer' ? 11 : 7, at, text,
    talkerId: direction === 'in' ? contactId : ACCOUNT, talkerName: contactId, contactId, direction,
    listenerId: direction === 'out' ? contactId : undefined, roomId,
  }
}

interface Side { db: Db; ingest: Ingest; ladder: LadderService; setClock(at: number): void }

function side(): Side {
  let clock = START
  const db = createDb(':memory:')
  const ingest = createIngest(db)
  const ladder = createLadder(db, CONFIG, silentLogger, () => clock)
  installLadder(ingest, ladder, db, CONFIG)
  return { db, ingest, ladder, setClock: (at) => { clock = at } }
}

function play(s: Side, a: Action): void {
  s.setClock(timeOf(a))
  switch (a.kind) {
    case 'message': s.ingest.ingestEvent(a.event, a.event.at); return
    case 'friend': s.ingest.upsertContact(ACCOUNT, { id: a.contactId, name: a.contactId, remark: '', friend: true, kind: 'individual' }, a.at, a.at); return
    case 'pay': s.ladder.recordPayment(ACCOUNT, a.contactId, { amountFen: a.amountFen, at: a.at, source: 'command' }, a.at); return
    case 'refund': s.ladder.recordRefund(ACCOUNT, a.contactId, a.amountFen, a.at); return
    case 'pin': s.ladder.pin(ACCOUNT, a.contactId, a.tier, a.at); return
  }
}

const storedRows = (db: Db) => db.$client.prepare(`
  SELECT contact_id AS contactId, tier, evidence_tier AS evidenceTier, pinned_tier AS pinnedTier, activity, since
  FROM tiers WHERE account_id = ? ORDER BY contact_id`).all(ACCOUNT)
const history = (db: Db) => db.$client.prepare(`
  SELECT contact_id, from_tier, to_tier, from_activity, to_activity, cause, cause_ref, at FROM tier_history
  WHERE account_id = ? ORDER BY contact_id, at, cause, to_tier, to_activity`).all(ACCOUNT)

describe('the due pass gives exactly what a forced full recomputation gives', () => {
  it('over 400 simulated days of a seeded random account: rung, activity, reasons and history', () => {
    const due = side()
    const full = side()
    const r = rng(20260617)
    const known = new Set<string>()
    const seq = { n: 0 }
    const store = createTierStore(due.db)
    let examinedDue = 0
    let examinedFull = 0
    let changes = 0
    for (let day = 0; day < DAYS; day++) {
      for (const a of dayActions(r, day, known, seq)) {
        play(due, a)
        play(full, a)
      }
      // The nightly pass, 03:00 the next morning.
      const at = START + (day + 1) * DAY_MS - 7 * HOUR_MS
      due.setClock(at)
      full.setClock(at)
      const d = due.ladder.reclassifyDue(ACCOUNT, at)
      const f = full.ladder.reclassifyAll(ACCOUNT, at)
      examinedDue += d.total
      examinedFull += f.total
      changes += f.changes.length
      expect(d.changes.map((c) => [c.contactId, c.to.tier, c.to.activity]).sort(), `changes on day ${day}`)
        .toEqual(f.changes.map((c) => [c.contactId, c.to.tier, c.to.activity]).sort())
      const rows = storedRows(due.db)
      expect(rows, `stored tiers on day ${day}`).toEqual(storedRows(full.db))
      // Both equal the truth at that instant, reasons included.
      const truths: unknown[] = []
      const answers: unknown[] = []
      for (const row of rows as Array<{ contactId: string; tier: number; activity: string }>) {
        const c = store.getContactRow(ACCOUNT, row.contactId)
        const truth = classifyContact({ stats: c.hasStats ? c : null, addedAt: c.addedAt, pinnedTier: c.curPinned as Tier | null }, CONFIG, at)
        truths.push([row.contactId, truth.tier, truth.activity, truth.reasons, truth.reasons])
        answers.push([row.contactId, row.tier, row.activity, due.ladder.getTier(ACCOUNT, row.contactId)?.reasons, full.ladder.getTier(ACCOUNT, row.contactId)?.reasons])
      }
      expect(answers, `rung, activity and reasons on day ${day}`).toEqual(truths)
    }
    expect(history(due.db)).toEqual(history(full.db))
    // The account really moved, and the due pass really looked at fewer contacts.
    expect(changes).toBeGreaterThan(300)
    expect(examinedDue).toBeLessThan(examinedFull / 3)
  })
})

describe('a change of the ladder or activity settings', () => {
  it('makes every contact due once, so the due pass then equals a full recomputation under the new rules', () => {
    const s = side()
    const r = rng(7)
    const known = new Set<string>()
    const seq = { n: 0 }
    for (let day = 0; day < 60; day++) for (const a of dayActions(r, day, known, seq)) play(s, a)
    const at = START + 61 * DAY_MS
    s.ladder.reclassifyDue(ACCOUNT, at)
    // The merchant shortens the silence threshold: under the old boundaries nobody would be due today.
    const shorter: Config = configSchema.parse({ ...CONFIG, activity: { ...CONFIG.activity, silentAfterDays: 3 } })
    const after = createLadder(s.db, shorter, silentLogger, () => at)
    const due = after.reclassifyDue(ACCOUNT, at)
    expect(due.changes.length).toBeGreaterThan(0)
    const store = createTierStore(s.db)
    for (const row of storedRows(s.db) as Array<{ contactId: string; tier: number; activity: string }>) {
      const c = store.getContactRow(ACCOUNT, row.contactId)
      const truth = classifyContact({ stats: c.hasStats ? c : null, addedAt: c.addedAt, pinnedTier: c.curPinned as Tier | null }, shorter, at)
      expect([row.contactId, row.tier, row.activity]).toEqual([row.contactId, truth.tier, truth.activity])
    }
    expect(after.reclassifyAll(ACCOUNT, at).changes).toEqual([])
  })
})

describe('the merchant\'s admins in the due pass', () => {
  it('are never placed, however often the pass looks for unplaced contacts, and new friends are still found', () => {
    const db = createDb(':memory:')
    const ingest = createIngest(db)
    const ladder = createLadder(db, CONFIG, silentLogger, () => START, (_account, contactId) => contactId !== 'boss')
    for (const id of ['boss', 'c1', 'c2']) ingest.upsertContact(ACCOUNT, { id, name: id, remark: '', friend: true, kind: 'individual' }, START, START)
    const first = ladder.reclassifyDue(ACCOUNT, START + HOUR_MS)
    expect(first.total).toBe(2)
    expect(ladder.getTier(ACCOUNT, 'boss')).toBeUndefined()
    expect((storedRows(db) as Array<{ contactId: string }>).map((r) => r.contactId)).toEqual(['c1', 'c2'])
    // Nothing due and nobody unplaced but the admin: the next pass places no one.
    expect(ladder.reclassifyDue(ACCOUNT, START + 2 * HOUR_MS).total).toBe(0)
    // A new friend is found by the next pass.
    ingest.upsertContact(ACCOUNT, { id: 'c3', name: 'c3', remark: '', friend: true, kind: 'individual' }, START, START)
    expect(ladder.reclassifyDue(ACCOUNT, START + 3 * HOUR_MS).total).toBe(1)
  })
})
