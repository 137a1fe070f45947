import type { Config } from '../config/schema.js'
import type { ChatEvent } from '../platform/types.js'
import type { Signals } from '../signals/detect.js'
import type { Db } from '../store/client.js'
import { addContribution, decayScore, keepTop, weighMessage, type Contribution, type DatedContribution, type IntentRules } from './intent.js'
import { createViewsStore, type IntentRow } from './views-store.js'
import { isQuestion } from './words.js'

/*
 * The intent score kept per customer as messages are logged: live ingest (views/service.ts) and the
 * history import (src/import/writer.ts) both call it. Order does not matter: an older message is aged
 * to the stored moment (intent.ts), so an import after live messages lands on the same score.
 */

/** How many contributions a contact keeps to explain its score. */
const TOP_KEPT = 5
const EXCERPT_MAX = 20

/** What the intent score needs of the settings (the history import's reader thread gets only this). */
export type IntentSettings = { views: Pick<Config['views'], 'enabled' | 'intent'> }

export function intentRulesOf(config: IntentSettings): IntentRules {
  const i = config.views.intent
  return { weights: i.weights, halfLifeDays: i.halfLifeDays, highAt: i.highAt, mediumAt: i.mediumAt }
}

export type IntentKeeper = (event: ChatEvent, signals: Signals) => void

/** A contact's kept score with its `top` list parsed only when a message changes it. */
export class KeptIntent {
  private items: DatedContribution[] | null = null
  private changed = false

  constructor(public score: number, public at: number | null, private top: string) {}

  list(): DatedContribution[] {
    return (this.items ??= JSON.parse(this.top) as DatedContribution[])
  }

  setList(items: DatedContribution[]): void {
    this.items = items
    this.changed = true
  }

  row(): IntentRow {
    if (this.changed) {
      this.top = JSON.stringify(this.items)
      this.changed = false
    }
    return { score: this.score, at: this.at, top: this.top }
  }
}

const NO_INTENT = { score: 0, at: null, top: '[]' }

/** What a message needs to be weighed (the history import's reader thread does not know the contact yet). */
type WeighedMessage = Pick<ChatEvent, 'direction' | 'chat' | 'kind' | 'text' | 'at'>

/**
 * Weighing and keeping, message by message. `weigh` leaves out the account's own contact itself
 * (a message the account logged about itself); `weighAny` does not ask (the caller knows).
 */
export function intentSteps(config: IntentSettings) {
  const rules = intentRulesOf(config)
  const half = rules.halfLifeDays
  function weighAny(event: WeighedMessage, signals: Signals): Contribution | null {
    if (!config.views.enabled || event.direction !== 'in') return null
    const c = weighMessage({
      chat: event.chat, kind: event.kind, buying: signals.intent,
      // A red envelope's approval is its own weight already.
      approval: signals.approval && event.kind !== 'red_envelope',
      question: event.kind === 'text' && !signals.intent && isQuestion(event.text),
    }, rules.weights)
    return c.weight > 0 ? c : null
  }
  return {
    halfLifeDays: half,
    weighAny,
    /** What the message adds; null when it adds nothing (then nothing is read or written). */
    weigh(event: ChatEvent, signals: Signals): Contribution | null {
      return event.contactId === event.accountId ? null : weighAny(event, signals)
    },
    apply(kept: KeptIntent, c: Contribution, event: WeighedMessage, signals: Signals): void {
      const next = addContribution({ score: kept.score, at: kept.at }, c.weight, event.at, half)
      // Plain chat explains little; what the customer said or did is kept, the strongest first.
      if (c.label !== '私聊' && c.label !== '群聊') {
        const text = signals.excerpt || event.text.slice(0, EXCERPT_MAX)
        const added: DatedContribution = text ? { weight: c.weight, label: c.label, at: event.at, text } : { weight: c.weight, label: c.label, at: event.at }
        kept.setList(keepTop(kept.list(), added, Math.max(next.at ?? event.at, event.at), half, TOP_KEPT))
      }
      kept.score = next.score
      kept.at = next.at
    },
    /**
     * Several messages' score kept from nothing (`folded`, by `apply`) added to a kept one: both aged
     * to the later moment and summed, the top lists merged. A decayed sum is the same whichever way it
     * is added up (to the last bits of a float); the order of the top list does not depend on the
     * moment it is valued at.
     */
    merge(kept: KeptIntent, folded: FoldedIntent): void {
      if (folded.at === null) return
      const at = kept.at === null ? folded.at : Math.max(kept.at, folded.at)
      const score = kept.at === null ? folded.score : decayScore(kept, at, half) + decayScore(folded, at, half)
      if (folded.top.length > 0) {
        let list = kept.list()
        for (const c of folded.top) list = keepTop(list, c, at, half, TOP_KEPT)
        kept.setList(list)
      }
      kept.score = score
      kept.at = at
    },
  }
}

/** A score kept from nothing over some messages (the history import's reader thread, src/import/fold.ts). */
export interface FoldedIntent {
  score: number
  at: number | null
  top: DatedContribution[]
}

/** The intent columns of a contact's stats row (contact_stats), adjusted where the row is written. */
export interface IntentColumns { intentScore: number; intentAt: number | null; intentTop: string }

/**
 * Live ingest's keeper: the message's contribution added to the score its stats row carries, before
 * the stats step writes that row (one read and one write of the row per message).
 */
export function createIntentRowKeeper(config: IntentSettings): (event: ChatEvent, signals: Signals, row: IntentColumns) => void {
  const steps = intentSteps(config)
  return (event, signals, row) => {
    const c = steps.weigh(event, signals)
    if (!c) return
    const kept = new KeptIntent(row.intentScore, row.intentAt, row.intentTop)
    steps.apply(kept, c, event, signals)
    const next = kept.row()
    row.intentScore = next.score
    row.intentAt = next.at
    row.intentTop = next.top
  }
}

export interface IntentBatch {
  keep: IntentKeeper
  /** A contact's messages kept elsewhere from nothing (see `merge` above). */
  merge(accountId: string, contactId: string, folded: FoldedIntent): void
  /** Write every contact the batch touched (once each) and start a new batch. */
  flush(): void
}

/**
 * The same keeper for many messages in one transaction (the history import): a contact's score is
 * read once per batch, its list kept parsed, and written once at `flush`, with the same result as
 * keeping message by message.
 */
export function createIntentBatch(db: Db, config: Config): () => IntentBatch {
  const store = createViewsStore(db)
  const steps = intentSteps(config)
  return () => {
    type Entry = { accountId: string; contactId: string; kept: KeptIntent }
    const touched = new Map<string, Entry>()
    // A contact's messages come one after another (an export is chat by chat): the last entry first.
    let last: Entry | undefined
    const entryOf = (accountId: string, contactId: string): Entry => {
      let entry = last
      if (entry === undefined || entry.contactId !== contactId || entry.accountId !== accountId) {
        const key = `${accountId}\u0000${contactId}`
        entry = touched.get(key)
        if (!entry) {
          const before = store.getIntent(accountId, contactId) ?? NO_INTENT
          entry = { accountId, contactId, kept: new KeptIntent(before.score, before.at, before.top) }
          touched.set(key, entry)
        }
        last = entry
      }
      return entry
    }
    return {
      keep(event, signals) {
        const c = steps.weigh(event, signals)
        if (!c) return
        steps.apply(entryOf(event.accountId, event.contactId).kept, c, event, signals)
      },
      merge(accountId, contactId, folded) {
        if (folded.at === null || contactId === accountId) return
        steps.merge(entryOf(accountId, contactId).kept, folded)
      },
      flush() {
        for (const { accountId, contactId, kept } of touched.values()) store.putIntent(accountId, contactId, kept.row())
        touched.clear()
        last = undefined
      },
    }
  }
}
