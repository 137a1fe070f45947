import type { Config } from '../config/schema.js'
import type { ChatEvent } from '../platform/types.js'
import type { Signals } from '../signals/detect.js'
import type { Db } from '../store/client.js'
import { addContribution, topContributions, weighMessage, type DatedContribution, type IntentRules } from './intent.js'
import { createViewsStore } from './views-store.js'
import { isQuestion } from './words.js'

/*
 * The intent score kept per customer as messages are logged: live ingest (views/service.ts) and the
 * history import (src/import/writer.ts) both call it. Order does not matter: an older message is aged
 * to the stored moment (intent.ts), so an import after live messages lands on the same score.
 */

/** How many contributions a contact keeps to explain its score. */
const TOP_KEPT = 5
const EXCERPT_MAX = 20

export function intentRulesOf(config: Config): IntentRules {
  const i = config.views.intent
  return { weights: i.weights, halfLifeDays: i.halfLifeDays, highAt: i.highAt, mediumAt: i.mediumAt }
}

export type IntentKeeper = (event: ChatEvent, signals: Signals) => void

export function createIntentKeeper(db: Db, config: Config): IntentKeeper {
  const store = createViewsStore(db)
  const rules = intentRulesOf(config)
  const half = rules.halfLifeDays
  return (event, signals) => {
    if (!config.views.enabled || event.direction !== 'in' || event.contactId === event.accountId) return
    const c = weighMessage({
      chat: event.chat, kind: event.kind, buying: signals.intent,
      // A red envelope's approval is its own weight already.
      approval: signals.approval && event.kind !== 'red_envelope',
      question: event.kind === 'text' && !signals.intent && isQuestion(event.text),
    }, rules.weights)
    if (c.weight <= 0) return
    const before = store.getIntent(event.accountId, event.contactId) ?? { score: 0, at: null, top: '[]' }
    const next = addContribution({ score: before.score, at: before.at }, c.weight, event.at, half)
    let top = before.top
    // Plain chat explains little; what the customer said or did is kept, the strongest first.
    if (c.label !== '私聊' && c.label !== '群聊') {
      const text = signals.excerpt || event.text.slice(0, EXCERPT_MAX)
      const items = [...(JSON.parse(before.top) as DatedContribution[]), { ...c, at: event.at, ...(text ? { text } : {}) }]
      top = JSON.stringify(topContributions(items, Math.max(next.at ?? event.at, event.at), half, TOP_KEPT)
        .map(({ now: _aged, ...kept }) => kept))
    }
    store.putIntent(event.accountId, event.contactId, { score: next.score, at: next.at, top })
  }
}
