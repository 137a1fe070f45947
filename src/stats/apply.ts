import type { ChatEvent } from '../platform/types.js'
import { listSignalKinds, type Signals } from '../signals/detect.js'
import { cachedLocalDay } from '../tiers/format.js'
import type { StatsRow } from './repo.js'
import { isSystemNotice } from './system-notice.js'
import { addActiveDay, addPersonas, addRecentEvents, parseRecent, parseStringList, RECENT_PER_KIND, type RecentEvent } from './recent.js'

/*
 * How one message changes a contact's counters (docs/rules.md §1 rounds, §2 activity, §3 signals). Pure:
 * the ingest step reads the row, applies the event, writes the row back.
 */

/** Does this message count toward the customer's stats at all? */
export function countsForStats(event: Pick<ChatEvent, 'chat' | 'direction' | 'kind'> & { text?: string }): boolean {
  // The merchant talking in a group concerns no single customer; a recall notice is not an interaction.
  if (event.chat === 'group' && event.direction === 'out') return false
  if (event.kind === 'recalled') return false
  // The merchant's own moment (朋友圈) is addressed to nobody: it answers no customer.
  if (event.kind === 'post' && event.direction === 'out') return false
  // WeChat's own notices delivered as text ("你已添加了…，现在可以开始聊天了") are nobody interacting.
  return !((event.kind === 'text' || event.kind === 'unknown') && event.text !== undefined && isSystemNotice(event.text))
}

/**
 * Apply one newly logged message to the contact's stats row (mutated and returned).
 * A round is a run of customer messages in private chat answered by a merchant message: several
 * customer messages in a row stay one pending run, and the merchant's reply closes it.
 */
export function applyEventToStats(row: StatsRow, event: ChatEvent, signals: Signals, timeZone: string, now: number, perKind = RECENT_PER_KIND, lists?: StatsLists): StatsRow {
  row.updatedAt = now
  const at = event.at
  if (event.direction === 'out') {
    row.privateOutbound += 1
    row.lastOutboundAt = maxOf(row.lastOutboundAt, at)
    if (row.pendingInbound > 0) {
      row.rounds += 1
      row.pendingInbound = 0
      row.pendingSince = null
    }
    row.unansweredIntentAt = null
    row.unansweredIntentText = null
    return row
  }

  row.firstInboundAt = minOf(row.firstInboundAt, at)
  row.lastInboundAt = maxOf(row.lastInboundAt, at)
  const day = cachedLocalDay(at, timeZone)
  if (lists) lists.update('activeDays', addActiveDay(lists.activeDays, day))
  else row.activeDays = stringifyIfChanged(row.activeDays, (days) => addActiveDay(days, day))
  // A moment like or comment (post) is group-level interaction (docs/rules.md §3), never a private round.
  if (event.chat === 'private' && event.kind !== 'post') {
    row.privateInbound += 1
    if (row.pendingInbound === 0) row.pendingSince = at
    row.pendingInbound += 1
    if (signals.intent && row.unansweredIntentAt === null) {
      row.unansweredIntentAt = at
      row.unansweredIntentText = signals.quotes.intent || signals.excerpt || event.text.slice(0, 40)
    }
  } else {
    row.groupInteractions += 1
  }

  if (signals.intent) row.intents += 1
  if (signals.approval) row.approvals += 1
  if (signals.referral) row.referrals += 1
  if (signals.complaint) {
    row.complaints += 1
    row.lastComplaintAt = maxOf(row.lastComplaintAt, at)
  }
  if (signals.personas.length > 0) {
    if (lists) lists.update('personas', addPersonas(lists.personas, signals.personas))
    else row.personas = stringifyIfChanged(row.personas, (list) => addPersonas(list, signals.personas))
  }
  const kinds = listSignalKinds(signals)
  if (kinds.length > 0 || signals.discounted.length > 0) {
    const events: RecentEvent[] = []
    for (const kind of kinds) events.push({ kind, at, text: signals.quotes[kind] ?? signals.excerpt, messageId: event.messageId })
    for (const d of signals.discounted) events.push({ kind: 'reading', at, text: d.quote, messageId: event.messageId, of: d.signal, as: d.as })
    if (lists) lists.update('recent', addRecentEvents(lists.recent, events, perKind))
    else row.recent = JSON.stringify(addRecentEvents(parseRecent(row.recent), events, perKind))
  }
  return row
}

/**
 * A row's JSON lists kept parsed while many messages of the same contact are applied (the history
 * import, a rebuild): `applyEventToStats(…, lists)` updates these instead of re-parsing and
 * re-serialising the row's strings per message; `store()` writes the changed ones back once. The
 * strings come out the same as applying the messages one by one.
 */
export class StatsLists {
  recent: RecentEvent[]
  activeDays: string[]
  personas: string[]
  private readonly changed = new Set<'recent' | 'activeDays' | 'personas'>()

  constructor(row: Pick<StatsRow, 'recent' | 'activeDays' | 'personas'>) {
    this.recent = parseRecent(row.recent)
    this.activeDays = parseStringList(row.activeDays)
    this.personas = parseStringList(row.personas)
  }

  update<K extends 'recent' | 'activeDays' | 'personas'>(key: K, next: StatsLists[K]): void {
    // The add* helpers return the same list when nothing was added (then the row's string stays as it was).
    const self: StatsLists = this
    if (next === self[key]) return
    self[key] = next
    this.changed.add(key)
  }

  /** Write the changed lists into the row's JSON columns. */
  store(row: StatsRow): void {
    for (const key of this.changed) row[key] = JSON.stringify(this[key])
    this.changed.clear()
  }
}

function stringifyIfChanged(json: string, update: (list: string[]) => string[]): string {
  const before = parseStringList(json)
  const after = update(before)
  return after === before ? json : JSON.stringify(after)
}

function maxOf(a: number | null, b: number): number {
  return a === null || b > a ? b : a
}

function minOf(a: number | null, b: number): number {
  return a === null || b < a ? b : a
}
