import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/config/schema.js'
import { BatchFolder, foldRulesOf, mergeStats } from '../../src/import/fold.js'
import type { ChatEvent, MessageKind } from '../../src/platform/types.js'
import { detectSignals } from '../../src/signals/detect.js'
import { applyEventToStats, countsForStats, StatsLists } from '../../src/stats/apply.js'
import { emptyStats, type StatsRow } from '../../src/stats/repo.js'
import { intentSteps, KeptIntent } from '../../src/views/intent-keeper.js'
import { CUSTOMER_LINES, MERCHANT_LINES, random } from './helpers.js'

/*
 * The history import folds each person's messages of a batch on the reader thread and merges the fold
 * into the stored row (src/import/fold.ts). Rule checked: for any history, applying it message by
 * message gives the same row and intent score as applying a prefix and then merging the rest's folds,
 * cut anywhere, in any number of pieces.
 */

const rules = foldRulesOf(DEFAULT_CONFIG)
const steps = intentSteps(DEFAULT_CONFIG)
const T0 = Date.parse('2026-03-01T09:00:00+08:00')

function history(seed: number, n: number): ChatEvent[] {
  const r = random(seed)
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]
  let at = T0
  const out: ChatEvent[] = []
  for (let i = 0; i < n; i++) {
    // Same second now and then (exports keep seconds), hours or days apart otherwise.
    const gap = r()
    at += gap < 0.15 ? 0 : gap < 0.6 ? Math.floor(r() * 3_600_000) : Math.floor(r() * 4 * 86_400_000)
    const own = r() < 0.35
    const chat = !own && r() < 0.25 ? 'group' : 'private'
    const roll = r()
    const kind: MessageKind = own ? 'text' : roll < 0.06 ? 'transfer' : roll < 0.1 ? 'red_envelope' : roll < 0.13 ? 'post' : roll < 0.18 ? 'image' : 'text'
    const text = kind === 'text' ? pick(own ? MERCHANT_LINES : CUSTOMER_LINES) : kind === 'transfer' ? '[转账] ￥128.00' : kind === 'red_envelope' ? '微信红包' : ''
    out.push({
      accountId: 'shop', messageId: `m${seed}-${i}`, chat, direction: own ? 'out' : 'in', kind, rawType: 1, at, text,
      talkerId: own ? 'shop' : 'c1', talkerName: '', contactId: 'c1', roomId: chat === 'group' ? 'r@chatroom' : undefined,
    })
  }
  return out.filter((e) => countsForStats(e))
}

interface State { row: StatsRow; lists: StatsLists; kept: KeptIntent }

function start(): State {
  const row = emptyStats('shop', 'c1', 0)
  return { row, lists: new StatsLists(row), kept: new KeptIntent(0, null, '[]') }
}

function oneByOne(state: State, events: ChatEvent[]): void {
  for (const e of events) {
    const signals = detectSignals(e, DEFAULT_CONFIG.signals)
    applyEventToStats(state.row, e, signals, rules.timeZone, 0, rules.perKind, state.lists)
    const c = steps.weigh(e, signals)
    if (c) steps.apply(state.kept, c, e, signals)
  }
}

function folded(state: State, events: ChatEvent[]): void {
  const folder = new BatchFolder(rules)
  for (const e of events) folder.add(null, e, detectSignals(e, DEFAULT_CONFIG.signals))
  const [fold] = structuredClone(folder.take())
  expect(fold.n).toBe(events.length)
  expect(fold.inOrder).toBe(true)
  // The writer merges only what is not older than the row (else it rebuilds the contact).
  expect(fold.firstAt).toBeGreaterThanOrEqual(Math.max(state.row.lastInboundAt ?? -Infinity, state.row.lastOutboundAt ?? -Infinity))
  mergeStats(state.row, state.lists, fold, rules.perKind)
  steps.merge(state.kept, fold.intent)
}

function settled(state: State): { row: StatsRow; score: number; at: number | null; top: unknown } {
  state.lists.store(state.row)
  const { score, at, top } = state.kept.row()
  return { row: { ...state.row, updatedAt: 0 }, score, at, top: JSON.parse(top) }
}

describe('a fold merged into a row is the same as its messages applied one by one', () => {
  it.each(Array.from({ length: 60 }, (_, i) => [i + 1]))('random history, seed %i, cut into random pieces', (seed) => {
    const events = history(seed, 20 + (seed % 7) * 15)
    const r = random(seed * 7919)
    const cuts = [...new Set(Array.from({ length: 1 + Math.floor(r() * 5) }, () => Math.floor(r() * events.length)))].sort((a, b) => a - b)
    const reference = start()
    oneByOne(reference, events)
    // The first piece message by message (what the row had before), the others each merged as a fold.
    const merged = start()
    const pieces = [0, ...cuts, events.length]
    oneByOne(merged, events.slice(0, pieces[1]))
    for (let p = 1; p < pieces.length - 1; p++) {
      const piece = events.slice(pieces[p], pieces[p + 1])
      if (piece.length > 0) folded(merged, piece)
    }
    const want = settled(reference)
    const got = settled(merged)
    expect(got.row).toEqual(want.row)
    expect(got.at).toBe(want.at)
    expect(got.top).toEqual(want.top)
    // A decayed sum added up in another order: equal to the last bits of a float.
    expect(Math.abs(got.score - want.score)).toBeLessThanOrEqual(1e-9 * Math.max(1, want.score))
  })

  it.each([
    ['a run the row left open is closed by the fold\'s first answer (one round, not two)', ['在吗'], [['out', '在的亲'], ['in', '这个多少钱']]],
    ['a run the row left open goes on in the fold', ['在吗'], [['in', '这个多少钱'], ['out', '128 一箱']]],
    ['no answer in the fold: the open run and its unanswered question stay the row\'s', ['这个多少钱'], [['in', '怎么买'], ['in', '好的']]],
    ['an answer in the fold clears the row\'s unanswered question', ['这个多少钱'], [['out', '128 一箱']]],
  ])('rule: %s', (_rule, before, after) => {
    const events = [...before.map((t) => ['in', t]), ...after].map(([dir, text], i): ChatEvent => ({
      accountId: 'shop', messageId: `x${i}`, chat: 'private', direction: dir as 'in' | 'out', kind: 'text', rawType: 1, at: T0 + i * 60_000, text,
      talkerId: 'c1', talkerName: '', contactId: 'c1',
    }))
    const reference = start()
    oneByOne(reference, events)
    const merged = start()
    oneByOne(merged, events.slice(0, before.length))
    folded(merged, events.slice(before.length))
    expect(settled(merged)).toEqual(settled(reference))
  })

  it('a fold whose messages go back in time says so (the writer rebuilds that contact from its log)', () => {
    const folder = new BatchFolder(rules)
    const e = (at: number, text: string): ChatEvent => ({ accountId: 'shop', messageId: text, chat: 'private', direction: 'in', kind: 'text', rawType: 1, at, text, talkerId: 'c1', talkerName: '', contactId: 'c1' })
    for (const m of [e(T0 + 5000, '好的'), e(T0, '在吗')]) folder.add(null, m, detectSignals(m, DEFAULT_CONFIG.signals))
    expect(folder.take()[0]).toMatchObject({ n: 2, firstAt: T0 + 5000, inOrder: false })
  })
})
