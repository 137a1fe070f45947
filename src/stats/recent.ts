import type { DiscountedReading, SignalKind } from '../signals/detect.js'

/*
 * The small JSON lists kept in contact_stats: the newest signal events per kind (so windows such as
 * "approval in the last 90 days" age correctly without scanning the log) and the newest local days
 * with inbound interaction (for "3 consecutive days" warming). Pure.
 */

export interface RecentEvent {
  /** 'reading': a keyword that did not count (negated, asked …), kept so /why can show how the line was read. */
  kind: SignalKind | 'reading'
  at: number
  text: string
  messageId: string
  /** For kind 'reading': the signal it was not, and why. */
  of?: DiscountedReading['signal']
  as?: DiscountedReading['as']
}

/** Enough for the default windows (2 approvals for L3, the newest complaint for L5). */
export const RECENT_PER_KIND = 5
/** A week of local days covers "interaction on 3 consecutive days". */
export const ACTIVE_DAYS_KEPT = 7

/** Parse `recent`; a damaged value reads as empty rather than stopping ingest. */
export function parseRecent(json: string | null | undefined): RecentEvent[] {
  if (!json || json === '[]') return []
  try {
    const v = JSON.parse(json)
    return Array.isArray(v) ? (v as RecentEvent[]) : []
  } catch {
    return []
  }
}

/** Parse a JSON list of strings (personas, active days); damaged reads as empty. */
export function parseStringList(json: string | null | undefined): string[] {
  if (!json || json === '[]') return []
  try {
    const v = JSON.parse(json)
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}

/**
 * Add events and keep the newest `perKind` of each kind, newest first. A message already
 * present for a kind is not added twice.
 */
export function addRecentEvents(list: RecentEvent[], events: RecentEvent[], perKind = RECENT_PER_KIND): RecentEvent[] {
  if (isNewerThanAll(events, list)) {
    // One message's events, newer than the list (messages logged in time order): they go in front, in
    // their order, which is where the stable sort would put them. Built in one array, counted per kind
    // as it goes (the history import adds events to a contact's list message after message).
    const out: RecentEvent[] = []
    kindsSeen.length = 0
    countsSeen.length = 0
    for (const e of events) {
      if (!hasEvent(out, e) && !hasEvent(list, e)) keepIfRoom(out, e, perKind)
    }
    for (const x of list) keepIfRoom(out, x, perKind)
    return out
  }
  const merged = list.slice()
  for (const e of events) {
    if (!merged.some((x) => x.kind === e.kind && x.messageId === e.messageId)) merged.push(e)
  }
  merged.sort((a, b) => b.at - a.at)
  const seen: Record<string, number> = {}
  return merged.filter((e) => {
    const n = (seen[e.kind] ?? 0) + 1
    seen[e.kind] = n
    return n <= perKind
  })
}

/** The same message's event of the same kind is in `list` already (a loop: no closure per call). */
function hasEvent(list: RecentEvent[], e: RecentEvent): boolean {
  for (let i = 0; i < list.length; i++) if (list[i].kind === e.kind && list[i].messageId === e.messageId) return true
  return false
}

// Per-kind counts of the list being built by addRecentEvents (a handful of kinds; reused, not allocated per call).
const kindsSeen: string[] = []
const countsSeen: number[] = []

function keepIfRoom(out: RecentEvent[], e: RecentEvent, perKind: number): void {
  let i = kindsSeen.indexOf(e.kind)
  if (i < 0) {
    i = kindsSeen.length
    kindsSeen.push(e.kind)
    countsSeen.push(0)
  }
  if (++countsSeen[i] <= perKind) out.push(e)
}

/** All `events` at one moment later than every item of `list`, which is newest first. */
function isNewerThanAll(events: RecentEvent[], list: RecentEvent[]): boolean {
  if (events.length === 0) return false
  const at = events[0].at
  for (const e of events) if (e.at !== at) return false
  if (list.length > 0 && !(at > list[0].at)) return false
  for (let i = 1; i < list.length; i++) if (!(list[i - 1].at >= list[i].at)) return false
  return true
}

/** Insert a local day ('YYYY-MM-DD'), keeping the newest `keep` distinct days, newest first. */
export function addActiveDay(days: string[], day: string, keep = ACTIVE_DAYS_KEPT): string[] {
  if (days.includes(day)) return days
  // Messages mostly arrive in time order: a day newer than a list already newest first goes in front.
  if ((days.length === 0 || day > days[0]) && isNewestFirst(days) && keep > 0) {
    const next = [day]
    for (let i = 0; i < days.length && next.length < keep; i++) next.push(days[i])
    return next
  }
  const next = [...days, day].sort().reverse()
  return next.slice(0, keep)
}

function isNewestFirst(days: string[]): boolean {
  for (let i = 1; i < days.length; i++) if (!(days[i - 1] > days[i])) return false
  return true
}

/** Union of persona names, order of first appearance. */
export function addPersonas(list: string[], names: string[]): string[] {
  const fresh = names.filter((n, i) => !list.includes(n) && names.indexOf(n) === i)
  return fresh.length === 0 ? list : [...list, ...fresh]
}
