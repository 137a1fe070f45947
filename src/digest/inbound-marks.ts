import { DAY_MS, HOUR_MS } from '../shared/clock.js'
import type { Db } from '../store/client.js'
import { cachedStatements } from '../store/statements.js'

/*
 * Where the digest finds who wrote since yesterday without reading every contact's stats (issue 14:
 * no index on a column that moves with every message, since each would cost a page per message).
 * Interactions get increasing rowids as they are written, so the rows written after a mark hold every
 * recent writer: a mark is an interactions rowid and the latest inbound time any contact had as of
 * that row. A contact whose last inbound is later than the mark's wrote in a row after the mark.
 * The daily pass takes a mark (reading only the rows since the previous one); the digest reads the
 * rows after the newest mark older than its window, and without one reads the stats table as before.
 */

export interface InboundMark {
  /** interactions rowid: rows written after the mark have greater rowids. */
  rowid: number
  /** The message id of that row (null for an empty table): once that row is gone (/forget), rowids may be reused and the mark is void. */
  messageId: string | null
  /** No contact's last inbound as of the mark is later than this (null: nobody had written). */
  maxInboundAt: number | null
  /** The pass's `now` when the mark was taken. */
  takenAt: number
}

const KEY = 'digest.inboundMarks'
/** At most one mark an hour (the start-up catch-up runs the pass in many slices). */
const MARK_GAP_MS = HOUR_MS
/** Marks older than this are dropped but the newest of them (a window reaching back further reads from it). */
const MARK_KEEP_MS = 3 * DAY_MS

/** The marks after taking `mark`: kept in order, one an hour at most, three days and one before. */
export function appendMark(marks: InboundMark[], mark: InboundMark): InboundMark[] {
  const last = marks.at(-1)
  if (last && mark.takenAt - last.takenAt < MARK_GAP_MS) return marks
  const all = [...marks, mark]
  const keepFrom = mark.takenAt - MARK_KEEP_MS
  const older = all.filter((m) => m.takenAt < keepFrom)
  return [...older.slice(-1), ...all.filter((m) => m.takenAt >= keepFrom)]
}

/** The newest mark after which every contact whose last inbound is at or after `since` wrote; undefined if none. */
export function pickMark(marks: InboundMark[], since: number): InboundMark | undefined {
  for (let i = marks.length - 1; i >= 0; i--) {
    const m = marks[i]
    if (m.maxInboundAt === null || m.maxInboundAt < since) return m
  }
  return undefined
}

const statementsFor = cachedStatements((sqlite) => ({
  get: sqlite.prepare(`SELECT value FROM meta WHERE account_id = ? AND key = '${KEY}'`).pluck(),
  put: sqlite.prepare(`INSERT INTO meta (account_id, key, value, updated_at) VALUES (?, '${KEY}', ?, ?)
    ON CONFLICT (account_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
  lastRowid: sqlite.prepare('SELECT MAX(rowid) FROM interactions').pluck(),
  messageAt: sqlite.prepare('SELECT message_id FROM interactions WHERE rowid = ?').pluck(),
  latestInboundAfter: sqlite.prepare(`SELECT MAX(at) FROM interactions
    WHERE rowid > ? AND rowid <= ? AND account_id = ? AND direction = 'in'`).pluck(),
  // The first mark: what the stats say (one read of the table, once per account).
  latestInbound: sqlite.prepare('SELECT MAX(last_inbound_at) FROM contact_stats WHERE +account_id = ?').pluck(),
}))

function readMarks(db: Db, accountId: string): InboundMark[] {
  const value = statementsFor(db.$client).get.get(accountId) as string | undefined
  if (!value) return []
  try {
    const marks: unknown = JSON.parse(value)
    return Array.isArray(marks) ? marks.filter(isMark) : []
  } catch {
    return []
  }
}

function isMark(m: unknown): m is InboundMark {
  const x = m as Partial<InboundMark> | null
  return typeof x === 'object' && x !== null && Number.isInteger(x.rowid) && typeof x.takenAt === 'number'
    && (x.messageId === null || typeof x.messageId === 'string') && (x.maxInboundAt === null || typeof x.maxInboundAt === 'number')
}

function holds(db: Db, mark: InboundMark): boolean {
  return mark.rowid === 0 || statementsFor(db.$client).messageAt.get(mark.rowid) === mark.messageId
}

/**
 * Take a mark for the account (the daily pass, inside its transaction): reads the rows written since
 * the previous mark, or, for the first mark, the stats table.
 */
export function takeInboundMark(db: Db, accountId: string, now: number): void {
  const st = statementsFor(db.$client)
  let marks = readMarks(db, accountId)
  const last = marks.at(-1)
  if (last && !holds(db, last)) marks = []
  const top = (st.lastRowid.get() as number | null) ?? 0
  const previous = marks.at(-1)
  // Nothing written since, or a mark this hour already (each slice of the start-up catch-up is a pass).
  if (previous && (top === previous.rowid || now - previous.takenAt < MARK_GAP_MS)) return
  let maxInboundAt: number | null
  if (previous) {
    const since = st.latestInboundAfter.get(previous.rowid, top, accountId) as number | null
    maxInboundAt = since === null ? previous.maxInboundAt : Math.max(previous.maxInboundAt ?? since, since)
  } else {
    maxInboundAt = st.latestInbound.get(accountId) as number | null
  }
  const messageId = top === 0 ? null : st.messageAt.get(top) as string
  const next = appendMark(marks, { rowid: top, messageId, maxInboundAt, takenAt: now })
  if (next !== marks) st.put.run(accountId, JSON.stringify(next), now)
}

/**
 * The interactions rowid after which every contact with an inbound at or after `since` wrote (0: the
 * whole table), or null when no mark vouches for it or more than `maxRows` rows were written after it
 * (a big history import since: reading the stats costs less then).
 */
export function inboundMarkBefore(db: Db, accountId: string, since: number, maxRows = Infinity): number | null {
  const mark = pickMark(readMarks(db, accountId), since)
  if (!mark || !holds(db, mark)) return null
  const top = (statementsFor(db.$client).lastRowid.get() as number | null) ?? 0
  return top - mark.rowid <= maxRows ? mark.rowid : null
}
