import { DAY_MS } from '../shared/clock.js'
import type { Logger } from '../shared/logger.js'
import type { Db } from '../store/client.js'
import { parseRecent } from '../stats/recent.js'
import type { LadderService } from '../tiers/service.js'
import { createPrivacyStore } from './privacy-store.js'

/*
 * Retention (PIPL: keep no longer than needed): message text older than `retention.messageTextDays`
 * is erased; the facts drawn from it stay. Counts, rounds, signals, orders and tiers live in
 * contact_stats / tiers and are untouched; the short quotes kept beside signal events lose their
 * text (so a reason reads "2 次认同: 5月3日" without the words), as do the intent score's top contributions
 * and the greetings kept as referral proof; the affected contacts are reclassified so their stored reasons
 * drop the quote too.
 */

/** The first instant whose text is kept, or null when text is kept forever. Pure. */
export function retentionCutoff(now: number, days: number | null | undefined): number | null {
  return days === null || days === undefined ? null : now - days * DAY_MS
}

/** Pure: `recent` with the text of events older than the cutoff blanked; null when nothing changes. */
export function scrubRecent(json: string, cutoff: number): string | null {
  const events = parseRecent(json)
  let changed = false
  const out = events.map((e) => {
    if (e.at >= cutoff || !e.text) return e
    changed = true
    return { ...e, text: '' }
  })
  return changed ? JSON.stringify(out) : null
}

/** Pure: the intent score's top contributions with the words of those older than the cutoff dropped; null when nothing changes. */
export function scrubIntentTop(json: string, cutoff: number): string | null {
  let items: Array<{ at: number; text?: string }>
  try {
    items = JSON.parse(json) as Array<{ at: number; text?: string }>
  } catch {
    return null
  }
  if (!Array.isArray(items) || !items.some((c) => c.at < cutoff && c.text)) return null
  return JSON.stringify(items.map(({ text, ...c }) => (c.at < cutoff || !text ? c : { ...c, text })))
}

export interface RetentionResult {
  /** Interaction rows whose text was erased. */
  texts: number
  /** Contacts whose signal quotes were erased (and were reclassified). */
  contacts: number
}

const ROWID_STEP = 20_000

export interface EraseOptions {
  db: Db
  ladder: Pick<LadderService, 'reclassifyContact' | 'flushChanges'>
  logger: Logger
  accountId: string
  days: number | null
  now: number
  /** Let other work run between steps (the live bot); none in tests and the CLI. */
  yieldBetween?: () => Promise<void>
}

export async function eraseOldText(options: EraseOptions): Promise<RetentionResult> {
  const { db, ladder, accountId, now } = options
  const cutoff = retentionCutoff(now, options.days)
  if (cutoff === null) return { texts: 0, contacts: 0 }
  const store = createPrivacyStore(db)
  const sqlite = db.$client
  let texts = 0
  const max = store.maxInteractionRowid()
  for (let from = 0; from < max; from += ROWID_STEP) {
    texts += store.eraseTextRange(accountId, from, from + ROWID_STEP, cutoff)
    if (options.yieldBetween) await options.yieldBetween()
  }
  const contacts = sqlite.transaction(() => {
    let n = 0
    for (const row of store.statsWithText(accountId, cutoff)) {
      const recent = scrubRecent(row.recent, cutoff)
      const dropIntent = row.intentText !== null && row.intentAt !== null && row.intentAt < cutoff
      // The intent score's reasons (/why: 问价/想买“…”) keep their dates and weights, not the words.
      const intentTop = scrubIntentTop(row.intentTop, cutoff)
      if (recent === null && !dropIntent && intentTop === null) continue
      store.updateStatsText(accountId, row.contactId, recent ?? row.recent, dropIntent ? null : row.intentText, intentTop ?? row.intentTop)
      // Same stats, same time: the rung and activity come out as before; only the quotes leave the reasons.
      ladder.reclassifyContact(accountId, row.contactId, { kind: 'time' }, now)
      n++
    }
    store.eraseGreetings(accountId, cutoff)
    return n
  })()
  ladder.flushChanges()
  store.audit(accountId, 'retention', 'system', JSON.stringify({ texts, contacts }), now)
  options.logger.info({ accountId, texts, contacts, days: options.days }, 'old message text erased')
  return { texts, contacts }
}
