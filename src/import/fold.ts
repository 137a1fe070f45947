import type { Config } from '../config/schema.js'
import type { ChatEvent } from '../platform/types.js'
import type { Signals } from '../signals/detect.js'
import { applyEventToStats, StatsLists } from '../stats/apply.js'
import { addActiveDay, addPersonas, addRecentEvents, RECENT_PER_KIND, type RecentEvent } from '../stats/recent.js'
import { emptyStats, type StatsRow } from '../stats/repo.js'
import { intentSteps, KeptIntent, type FoldedIntent } from '../views/intent-keeper.js'
import type { ExportPerson } from './types.js'

/*
 * A person's private-chat messages in one batch of the history import, folded into their counters and
 * intent score on the reader thread (the writing thread was the import's bound; this was a third of its
 * work). Group messages are not folded: senders change from message to message there, so a fold would
 * hold a message or two and cost more to hand over than applying them (columns.ts).
 * A fold starts from nothing: it is the same applyEventToStats and intent steps the live path runs,
 * over the person's counted messages in the batch, in order. The writer merges it into the contact's
 * stored row (mergeStats) when every one of those messages was written; otherwise (a message already
 * there, seen live) it applies the written ones message by message, as before. Merging gives the row
 * that applying the messages one by one would have given (test/import/fold.test.ts checks it on random
 * histories split at random places); history older than what the row has is rebuilt from the log, as
 * before.
 */

/** What a fold depends on besides the messages: the writer's settings (config), handed to the reader thread. */
export interface FoldRules {
  timeZone: string
  perKind: number
  views: Pick<Config['views'], 'enabled' | 'intent'>
}

export function foldRulesOf(config: Pick<Config, 'timezone' | 'ladder' | 'views'>): FoldRules {
  return {
    timeZone: config.timezone,
    perKind: Math.max(RECENT_PER_KIND, config.ladder.approvalsForL3),
    views: { enabled: config.views.enabled, intent: config.views.intent },
  }
}

/** One person's counted messages of a batch, folded (a plain object: it crosses between threads). */
export interface StatsFold {
  /** Counted messages folded. */
  n: number
  /** The first message's time, and whether each came at or after the ones before (else the contact is rebuilt). */
  firstAt: number
  inOrder: boolean
  /** A private message from the customer came before the merchant's first answer in the fold. */
  leadIn: boolean
  /** The counters from nothing (its JSON list columns unused: the lists below). */
  row: StatsRow
  recent: RecentEvent[]
  activeDays: string[]
  personas: string[]
  intent: FoldedIntent
  /** The writer's bookkeeping for the batch being written (see writer.ts). */
  gen: number
  seen: number
  written: number
  broken: boolean
  merged: boolean
}

/** What a counted message brings to a fold (a prepared message has all of it). */
export type FoldedMessage = Pick<ChatEvent, 'messageId' | 'chat' | 'direction' | 'kind' | 'at' | 'text'>

/** Folds a batch's counted messages per person; `take()` hands the folds over and starts again. */
export class BatchFolder {
  private folds: StatsFold[] = []
  private state: Array<{ lists: StatsLists; kept: KeptIntent; latest: number }> = []
  private readonly byPerson = new Map<ExportPerson | null, number>()
  private readonly steps: ReturnType<typeof intentSteps>

  constructor(private readonly rules: FoldRules) {
    this.steps = intentSteps(rules)
  }

  /** Folds a counted message of `person`'s and says into which fold (its index in this batch). */
  add(person: ExportPerson | null, m: FoldedMessage, signals: Signals): number {
    let i = this.byPerson.get(person)
    if (i === undefined) {
      i = this.folds.length
      const row = emptyStats('', '', 0)
      this.folds.push({
        n: 0, firstAt: m.at, inOrder: true, leadIn: false, row, recent: [], activeDays: [], personas: [],
        intent: { score: 0, at: null, top: [] }, gen: 0, seen: 0, written: 0, broken: false, merged: false,
      })
      this.state.push({ lists: new StatsLists(row), kept: new KeptIntent(0, null, '[]'), latest: -Infinity })
      this.byPerson.set(person, i)
    }
    const fold = this.folds[i]
    const state = this.state[i]
    fold.n++
    if (m.at < state.latest) fold.inOrder = false
    else state.latest = m.at
    if (m.direction === 'in' && fold.row.privateOutbound === 0 && m.chat === 'private' && m.kind !== 'post') fold.leadIn = true
    applyEventToStats(fold.row, m as ChatEvent, signals, this.rules.timeZone, 0, this.rules.perKind, state.lists)
    const c = this.steps.weighAny(m, signals)
    if (c) this.steps.apply(state.kept, c, m, signals)
    return i
  }

  get size(): number { return this.folds.length }

  take(): StatsFold[] {
    const folds = this.folds
    for (let i = 0; i < folds.length; i++) {
      const { lists, kept } = this.state[i]
      folds[i].recent = lists.recent
      folds[i].activeDays = lists.activeDays
      folds[i].personas = lists.personas
      folds[i].intent = { score: kept.score, at: kept.at, top: kept.at === null ? [] : kept.list() }
    }
    this.folds = []
    this.state = []
    this.byPerson.clear()
    return folds
  }
}

/**
 * A fold merged into the contact's row (and its parsed lists): the row applying the fold's messages one by
 * one would give. The caller has checked that they are not older than what the row has (else: rebuild).
 */
export function mergeStats(row: StatsRow, lists: StatsLists, fold: StatsFold, perKind: number): void {
  const f = fold.row
  if (f.privateOutbound > 0) {
    // The merchant answered in the fold: its first answer also closes a run the row had open.
    if (row.pendingInbound > 0 && !fold.leadIn) row.rounds += 1
    row.rounds += f.rounds
    row.pendingInbound = f.pendingInbound
    row.pendingSince = f.pendingSince
    row.unansweredIntentAt = f.unansweredIntentAt
    row.unansweredIntentText = f.unansweredIntentText
  } else {
    if (row.pendingInbound === 0 && f.pendingInbound > 0) row.pendingSince = f.pendingSince
    row.pendingInbound += f.pendingInbound
    if (row.unansweredIntentAt === null) {
      row.unansweredIntentAt = f.unansweredIntentAt
      row.unansweredIntentText = f.unansweredIntentText
    }
  }
  row.privateOutbound += f.privateOutbound
  row.privateInbound += f.privateInbound
  row.groupInteractions += f.groupInteractions
  row.intents += f.intents
  row.approvals += f.approvals
  row.referrals += f.referrals
  row.complaints += f.complaints
  row.lastOutboundAt = later(row.lastOutboundAt, f.lastOutboundAt)
  row.lastInboundAt = later(row.lastInboundAt, f.lastInboundAt)
  row.lastComplaintAt = later(row.lastComplaintAt, f.lastComplaintAt)
  if (f.firstInboundAt !== null && (row.firstInboundAt === null || f.firstInboundAt < row.firstInboundAt)) row.firstInboundAt = f.firstInboundAt
  // The kept days are the newest distinct ones whatever order they come in; personas in order of first appearance.
  for (let i = fold.activeDays.length - 1; i >= 0; i--) lists.update('activeDays', addActiveDay(lists.activeDays, fold.activeDays[i]))
  if (fold.personas.length > 0) lists.update('personas', addPersonas(lists.personas, fold.personas))
  // Newest first per kind, ties in the order they were logged: the fold's events all come after the row's.
  if (fold.recent.length > 0) lists.update('recent', addRecentEvents(lists.recent, fold.recent, perKind))
}

function later(a: number | null, b: number | null): number | null {
  return b === null ? a : a === null || b > a ? b : a
}
