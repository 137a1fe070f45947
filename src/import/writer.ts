import type { Config } from '../config/schema.js'
import { rawTypeOf } from '../platform/message-kind.js'
import type { ChatEvent } from '../platform/types.js'
import { applyEventToStats, StatsLists } from '../stats/apply.js'
import { RECENT_PER_KIND } from '../stats/recent.js'
import { createStatsRepo, emptyStats, indexedOf, type IndexedStats, type StatsRow } from '../stats/repo.js'
import type { Db } from '../store/client.js'
import { createOrderTotals } from '../tiers/orders.js'
import type { Tier } from '../tiers/ladder.js'
import type { ImportStore } from './import-store.js'
import { createPeopleIndex, personKey, standInId, type PeopleIndex, type PersonMatch } from './people.js'
import type { PreparedMessage } from './read-all.js'
import type { BirthdayRow, ExportPerson, OrderRow, TierRow } from './types.js'
import type { YearlyDate } from '../occasions/calendar-date.js'
import { createHash } from 'node:crypto'
import { createIntentBatch } from '../views/intent-keeper.js'
import { detectSignals } from '../signals/detect.js'
import { mergeStats } from './fold.js'
import type { MessagePool } from './columns.js'

/*
 * Rows → the database, in short batched transactions (a live bot on the same file waits tens of
 * milliseconds at most). A message becomes the ChatEvent the live path would have produced and is written
 * with the same exactly-once key rules; its contact's counters are advanced by the same pure
 * applyEventToStats, kept in memory for the batch and written once per contact per batch. A private chat's
 * messages from the reader thread arrive with their person's counters already folded (fold.ts): the fold is
 * merged whole when every one of its messages was written, else they are applied one by one.
 */

/**
 * Messages per transaction. 4000 rather than 1000: a quarter of the commits (each writes the batch's
 * pages to the WAL), about 5 % faster at 2M messages (8000 was slower: 147k against 163–172k messages/s);
 * the longest transaction, what a live message on the same file waits, stays around 50–90 ms (`lockMs`).
 */
export const BATCH_SIZE = 4000
/**
 * The run hands the reader's batches over whole and commits after one when BATCH_SIZE is reached
 * (`endOfBatch`), so a person's folded messages (fold.ts) are in one transaction; a queue this long
 * commits anyway.
 */
const QUEUE_MAX = 2 * BATCH_SIZE

export interface PeopleTally {
  matched: number
  ambiguous: number
  unmatched: number
  byVia: Record<string, number>
  ambiguousExamples: Array<{ person: string; candidates: string[] }>
  unmatchedExamples: string[]
}

export interface WriteTally {
  imported: number
  duplicates: number
  orders: number
  ordersDuplicate: number
  transfers: number
  people: PeopleTally
  /** Contacts whose history arrived older than what they had: rebuilt at the end. */
  rebuild: number
  /** The longest write transaction (ms): the most a live message on the same database waited. */
  longestBatchMs: number
}

export interface ImportWriter {
  addMessage(message: PreparedMessage): void
  addOrder(row: OrderRow): void
  addPin(row: TierRow): void
  addBirthday(row: BirthdayRow): void
  /** A batch of the reader's ends: commit if BATCH_SIZE messages are queued. */
  endOfBatch(): void
  /** Commit what is queued. */
  flush(): void
  /** A new file starts: its messages may repeat earlier files' under other keys (another tool's export). */
  nextFile(): void
  pins(): Array<{ contactId: string; tier: Tier | null }>
  /** Birthdays by contact (the last row for a contact wins), kept when the run finishes. */
  birthdays(): Map<string, YearlyDate>
  tally: WriteTally
}

interface PendingOrder { type: 'order'; contactId: string; row: OrderRow }

const EXAMPLES = 5

export function createImportWriter(options: {
  db: Db
  store: ImportStore
  config: Config
  accountId: string
  people: PeopleIndex
  now: number
  dryRun: boolean
  /** The run's row: each batch's commit records what the run has imported so far (kept if it stops). */
  runId?: number
  /** Committed messages go back here to be used again (columns.ts). */
  pool?: MessagePool
}): ImportWriter {
  const { db, store, config, accountId, people, now, dryRun } = options
  const repo = createStatsRepo(db)
  const totals = createOrderTotals(db)
  // Recent imported messages warm the views' intent score too (order-independent, so no rebuild needed);
  // like the stats, each contact's score is read and written once per batch.
  const intentBatch = createIntentBatch(db, config)
  const perKind = Math.max(RECENT_PER_KIND, config.ladder.approvalsForL3)
  const tally: WriteTally = {
    imported: 0, duplicates: 0, orders: 0, ordersDuplicate: 0, transfers: 0, rebuild: 0, longestBatchMs: 0,
    people: { matched: 0, ambiguous: 0, unmatched: 0, byVia: {}, ambiguousExamples: [], unmatchedExamples: [] },
  }
  // Bounded by people, rooms and contacts, not by messages.
  const resolved = new Map<string, string>()
  // People kept under stand-ins (this run's and earlier runs'), so naming them again finds the same one.
  const waiting = createPeopleIndex(store.waitingPeople(accountId).map((w) => ({ id: w.contactId, name: w.name, remark: w.remark })), config.labels.remarkPrefix)
  const contactsSeen = new Set<string>()
  const roomsSeen = new Set<string>()
  const ranges = new Map<string, { lo: number; hi: number } | null>()
  const rebuildSet = new Set<string>()
  let lastRange: { contactId: string | undefined; range: { lo: number; hi: number } | null } = { contactId: undefined, range: null }
  // The contact of the previous message (its row is ensured already).
  let lastEnsured: string | undefined
  const pinList: Array<{ contactId: string; tier: Tier | null }> = []
  const birthdayMap = new Map<string, YearlyDate>()
  // Rows up to here were there before the file being read (seen live, imported before, or from an earlier
  // file of this run: two overlapping exports in one command); the file's own rows are not "seen live".
  let rowidBefore = store.lastRowid()
  // Dry run: batches roll back, so keys seen earlier in the run are remembered here.
  const seenInDryRun = dryRun ? new Set<string>() : null
  let queue: Array<PreparedMessage | PendingOrder> = []
  // Where in the queue a new file begins (see nextFile).
  let fileStarts: number[] = []
  const people0 = tally.people

  function describe(p: ExportPerson): string {
    return p.remark || p.name || p.id
  }

  function resolve(p: ExportPerson): string {
    const key = personKey(p)
    const known = resolved.get(key)
    if (known) return known
    const stored = store.getPerson(accountId, key)
    let match: PersonMatch = people.match(p)
    // A person joined in an earlier run stays joined (unless matching now finds them for certain).
    if (match.status !== 'matched' && stored?.status === 'matched') match = { status: 'matched', contactId: stored.contactId, via: (stored.via ?? 'id') as 'id' }
    if (match.status === 'unmatched' && !stored && (!p.id || (!p.name && !p.remark))) {
      // The same not-yet-joined person named again (an order row naming a chat's remark): same stand-in.
      // Two different export ids are never joined by name.
      const again = waiting.match(p)
      if (again.status === 'matched') {
        resolved.set(key, again.contactId)
        return again.contactId
      }
    }
    const contactId = match.status === 'matched' ? match.contactId : (stored?.contactId ?? standInId(p))
    if (match.status === 'matched') {
      people0.matched++
      people0.byVia[match.via] = (people0.byVia[match.via] ?? 0) + 1
    } else if (match.status === 'ambiguous') {
      people0.ambiguous++
      if (people0.ambiguousExamples.length < EXAMPLES) people0.ambiguousExamples.push({ person: describe(p), candidates: match.candidates })
    } else {
      people0.unmatched++
      if (people0.unmatchedExamples.length < EXAMPLES) people0.unmatchedExamples.push(describe(p))
    }
    const record = {
      exportKey: key, exportId: p.id, name: p.name || (p.remark ? '' : p.id), remark: p.remark, contactId,
      status: match.status, via: match.status === 'matched' ? match.via : null,
    }
    if (match.status !== 'matched') waiting.add({ id: contactId, name: p.name, remark: p.remark })
    // Written inside the next batch's transaction (rolled back on a dry run).
    pendingPeople.push({ record, standIn: match.status !== 'matched', name: p.name || p.remark || p.id, remark: p.remark })
    resolved.set(key, contactId)
    return contactId
  }
  // A batch from the reader thread shares one object per person among its messages: the same object
  // resolves to the same contact without building its key again.
  const byObject = new WeakMap<ExportPerson, string>()
  function resolveObject(p: ExportPerson): string {
    let contactId = byObject.get(p)
    if (contactId === undefined) {
      contactId = resolve(p)
      byObject.set(p, contactId)
    }
    return contactId
  }
  const pendingPeople: Array<{ record: Parameters<ImportStore['putPerson']>[1]; standIn: boolean; name: string; remark: string }> = []

  /** Fill in who the message concerns: it becomes the ChatEvent the live path would have logged. */
  function settle(m: PreparedMessage): PreparedMessage {
    // A group export that does not say which member is the merchant (ChatLab without ownerId, no --self):
    // the account's own id is the merchant, not a customer of their own.
    if (!m.own && m.chat === 'group' && m.customer !== null && m.customer.id === accountId) {
      m.own = true
      m.direction = 'out'
      m.customer = null
      // What the merchant says in a group counts for no customer (countsForStats).
      m.signals = null
      m.tags = null
      m.counts = false
      m.payment = false
      // The person's fold took it for theirs: their messages are applied one by one instead.
      if (m.fold) m.fold.broken = true
    }
    const customerId = m.customer ? resolveObject(m.customer) : accountId
    m.accountId = accountId
    m.talkerId = m.own ? accountId : customerId
    m.talkerName = m.own ? '' : (m.customer?.name ?? '')
    m.contactId = customerId
    m.listenerId = m.chat === 'private' && m.own ? customerId : undefined
    return m
  }

  /** Messages older than what a contact had before this run may be the same ones the bot saw live. */
  function seenLive(e: ChatEvent): boolean {
    let r: { lo: number; hi: number } | null | undefined
    if (e.contactId === lastRange.contactId) r = lastRange.range
    else {
      r = ranges.get(e.contactId)
      if (r === undefined) {
        r = store.rangeBefore(accountId, e.contactId, rowidBefore)
        ranges.set(e.contactId, r)
      }
      // An export is chat by chat: the same contact's range is asked for message after message.
      lastRange = { contactId: e.contactId, range: r }
    }
    return r !== null && e.at >= r.lo - 1000 && e.at <= r.hi + 1000 && store.hasSimilar(e, rowidBefore)
  }

  // Each commit's number: a fold's counts of messages seen and written are the current commit's.
  let generation = 0

  const commit = db.$client.transaction((items: Array<PreparedMessage | PendingOrder>, fileStarts: number[]) => {
    const gen = ++generation
    for (const p of pendingPeople.splice(0)) {
      store.putPerson(accountId, p.record, now)
      if (p.standIn) store.ensureContact(accountId, p.record.contactId, p.name, p.remark, now)
    }
    // Each touched contact's row is read once and written once per batch, its JSON lists kept parsed in between.
    // `before`: the indexed columns of a stored row, so writing it back leaves the indexes that did not move alone.
    const cache = new Map<string, { row: StatsRow; lists: StatsLists; before: IndexedStats | undefined }>()
    const orderTouched = new Set<string>()
    const intent = intentBatch()
    const entryOf = (contactId: string): { row: StatsRow; lists: StatsLists } => {
      let entry = cache.get(contactId)
      if (!entry) {
        const stored = repo.get(accountId, contactId)
        const row = stored ?? emptyStats(accountId, contactId, now)
        entry = { row, lists: new StatsLists(row), before: stored ? indexedOf(stored) : undefined }
        cache.set(contactId, entry)
      }
      return entry
    }
    // The batch's messages are written in one run of INSERTs, then everything that follows from each
    // written one, in the batch's order: the INSERTs, the floor of the import's cost, keep their
    // B-tree pages and statement warm in the CPU's caches instead of alternating with the stats work.
    const written = new Uint8Array(items.length)
    let nextStart = 0
    for (let i = 0; i < items.length; i++) {
      // A new file begins here: what the batch wrote so far is "already there" for it.
      if (nextStart < fileStarts.length && fileStarts[nextStart] === i) {
        nextStart++
        sinceHere()
      }
      const e = items[i]
      if (e.type === 'order') continue
      const fold = e.counts ? e.fold : null
      if (fold !== null) {
        if (fold.gen !== gen) {
          fold.gen = gen
          fold.seen = 0
          fold.written = 0
          fold.merged = false
        }
        fold.seen++
      }
      if (seenInDryRun?.has(e.messageId) || seenLive(e)) { tally.duplicates++; continue }
      // Signals and tags were worked out while reading (read-all.ts): pure functions of the message.
      if (!store.insertMessage(e, e.tags, now)) { tally.duplicates++; continue }
      seenInDryRun?.add(e.messageId)
      written[i] = 1
      if (fold !== null) fold.written++
    }
    for (let i = 0; i < items.length; i++) {
      const item = items[i]
      if (item.type === 'order') {
        writeOrder(item, orderTouched)
        continue
      }
      if (written[i] === 0) continue
      const e = item
      tally.imported++
      if (e.roomId && !roomsSeen.has(e.roomId)) {
        roomsSeen.add(e.roomId)
        store.ensureRoom(accountId, e.roomId, e.roomTopic ?? '', now)
      }
      if (e.contactId !== lastEnsured) {
        lastEnsured = e.contactId
        if (!contactsSeen.has(e.contactId) && e.contactId !== accountId) {
          contactsSeen.add(e.contactId)
          store.ensureContact(accountId, e.contactId, e.talkerName, '', now)
        }
      }
      if (!e.counts) continue
      const fold = e.fold
      if (fold !== null && !fold.broken && fold.seen === fold.n && fold.written === fold.n) {
        // Every counted message of the person's in this batch was written: their fold goes in whole.
        if (!fold.merged) {
          fold.merged = true
          intent.merge(accountId, e.contactId, fold.intent)
          if (!rebuildSet.has(e.contactId)) {
            const { row, lists } = entryOf(e.contactId)
            if (!fold.inOrder || fold.firstAt < latestOf(row)) rebuildLater(e.contactId)
            else mergeStats(row, lists, fold, perKind)
          }
        }
      } else {
        // Message by message (some of the person's were there already): its signals read again if they did not cross.
        const signals = e.signals ?? detectSignals(e, config.signals)
        intent.keep(e, signals)
        if (!rebuildSet.has(e.contactId)) {
          const { row, lists } = entryOf(e.contactId)
          if (e.at < latestOf(row)) rebuildLater(e.contactId)
          else applyEventToStats(row, e, signals, config.timezone, now, perKind, lists)
        }
      }
      if (e.payment) {
        tally.transfers++
        const amountFen = item.amountFen ?? null
        if (store.insertOrder({ accountId, contactId: e.contactId, kind: 'payment', amountFen, at: e.at, source: 'transfer', key: e.messageId, note: '转账' }, now)) {
          orderTouched.add(e.contactId)
        }
      }
    }
    /** History older than what the contact has: rebuilt from the log at the end (rebuild.ts). */
    function rebuildLater(contactId: string): void {
      // The intent score lives in the stats row: a contact without a stored row gets one now (the rebuild
      // fills in its counters at the end), or the score this batch keeps would land nowhere.
      if (cache.get(contactId)?.before === undefined) repo.put(emptyStats(accountId, contactId, now))
      rebuildSet.add(contactId)
      store.markReplay(accountId, contactId)
      cache.delete(contactId)
    }
    for (const contactId of orderTouched) if (!rebuildSet.has(contactId)) totals(entryOf(contactId).row)
    for (const { row, lists, before } of cache.values()) {
      if (rebuildSet.has(row.contactId)) continue
      lists.store(row)
      row.updatedAt = now
      repo.put(row, before)
    }
    intent.flush()
    if (dryRun) throw new DryRunRollback()
    if (options.runId) store.progressRun(options.runId, { messages: tally.imported, orders: tally.orders, transfers: tally.transfers })
  })

  function latestOf(row: StatsRow): number {
    return Math.max(row.lastInboundAt ?? -Infinity, row.lastOutboundAt ?? -Infinity)
  }

  function writeOrder(item: PendingOrder, touched: Set<string>): void {
    const { row, contactId } = item
    const key = `imp:o:${createHash('sha1').update(`${contactId}\u0000${row.refund ? 'r' : 'p'}\u0000${row.at}\u0000${row.amountFen}\u0000${row.note}`).digest('base64url').slice(0, 22)}`
    if (seenInDryRun?.has(key)) { tally.ordersDuplicate++; return }
    const ok = store.insertOrder({ accountId, contactId, kind: row.refund ? 'refund' : 'payment', amountFen: row.amountFen, at: row.at, source: 'import', key, note: row.note || null }, now)
    if (!ok) { tally.ordersDuplicate++; return }
    seenInDryRun?.add(key)
    tally.orders++
    if (!contactsSeen.has(contactId)) {
      contactsSeen.add(contactId)
      store.ensureContact(accountId, contactId, row.customer.name || row.customer.id, '', now)
    }
    touched.add(contactId)
  }

  function flush(): void {
    if (queue.length === 0 && pendingPeople.length === 0) return
    const items = queue
    const starts = fileStarts
    queue = []
    fileStarts = []
    const before = rowidBefore
    const started = performance.now()
    try {
      commit(items, starts)
    } catch (err) {
      if (!(err instanceof DryRunRollback)) throw err
      // Rolled back: the rows a file boundary counted as "before" are gone again.
      if (rowidBefore !== before) {
        rowidBefore = before
        ranges.clear()
        lastRange = { contactId: undefined, range: null }
      }
    }
    tally.longestBatchMs = Math.max(tally.longestBatchMs, performance.now() - started)
    // Nothing refers to the batch's messages any more (the stats and lists keep their strings, not them).
    options.pool?.release(items)
    tally.rebuild = rebuildSet.size
  }

  /**
   * A new file starts: what the earlier ones wrote counts as already there for it (another tool's export
   * of the same chat has other keys). Marked at its place in the queue, not by committing early: an
   * export of many small files keeps its batches.
   */
  function nextFile(): void {
    if (queue.length === 0) sinceHere()
    else fileStarts.push(queue.length)
  }

  /** From here on, rows written so far (earlier files of this run included) are "seen before". */
  function sinceHere(): void {
    const last = store.lastRowid()
    if (last === rowidBefore) return
    rowidBefore = last
    ranges.clear()
    lastRange = { contactId: undefined, range: null }
  }

  return {
    tally,
    nextFile,
    addMessage(m) {
      queue.push(settle(m))
      if (queue.length >= QUEUE_MAX) flush()
    },
    addOrder(row) {
      queue.push({ type: 'order', contactId: resolve(row.customer), row })
      if (queue.length >= QUEUE_MAX) flush()
    },
    endOfBatch() {
      if (queue.length >= BATCH_SIZE) flush()
    },
    addPin(row) {
      pinList.push({ contactId: resolve(row.customer), tier: row.tier })
    },
    addBirthday(row) {
      birthdayMap.set(resolve(row.customer), row.date)
    },
    flush,
    pins: () => pinList,
    birthdays: () => birthdayMap,
  }
}

class DryRunRollback extends Error {}
