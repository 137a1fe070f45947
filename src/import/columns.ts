import { rawTypeOf } from '../platform/message-kind.js'
import type { Signals } from '../signals/detect.js'
import { BatchFolder, type FoldRules, type StatsFold } from './fold.js'
import { preparedMessage, type PreparedMessage, type ReadItem } from './read-all.js'
import type { ExportPerson } from './types.js'

/*
 * A batch of read items as the reader thread hands it over: messages in columns (a few arrays of
 * strings and numbers), everything else as it is. Cloning a thousand message objects between threads
 * costs the receiving thread about as much as parsing them did; arrays of strings and typed arrays
 * cost a tenth of that. Repeated values (people, kinds, rooms, tags, signals) are sent once per batch. A
 * private chat's counted messages cross without their signals: each person's counters and intent score for
 * the batch cross folded instead (fold.ts), and whether each counts or is a payment as bits. A group's cross
 * with their signals as JSON: senders change from message to message there, and a fold object per sender
 * cost more to hand over than it saved (a 300-member group export ran 23 % slower folded).
 */

export interface PackedBatch {
  /** Messages in order, column by column. */
  ids: string[]
  texts: string[]
  at: Float64Array
  amount: Float64Array
  /** bit 0 own, bit 1 group, bit 2 counts for the stats, bit 3 payment. */
  flags: Uint8Array
  /** Indexes into `values` (-1: none). */
  kind: Int32Array
  room: Int32Array
  topic: Int32Array
  tags: Int32Array
  /** Index into `folds` (-1: none). */
  fold: Int32Array
  /** Index into `values` of the signals as JSON (-1: none: folded, or the message does not count). */
  signals: Int32Array
  person: Int32Array
  values: string[]
  people: ExportPerson[]
  folds: StatsFold[]
  /** Everything that is not a message, with the position it had among the items. */
  others: Array<{ at: number; item: Exclude<ReadItem, PreparedMessage> }>
  count: number
  /** Bytes read so far, and the file being read. */
  bytes: number
  file: string
}

/**
 * Packs items as they come (each message object dies young instead of waiting for its batch, which
 * is most of the reader thread's garbage collection otherwise).
 */
export class BatchPacker {
  private b!: PackedBatch
  private m = 0
  private values = new Map<string, number>()
  private byPerson = new Map<ExportPerson, number>()
  private byKey = new Map<string, number>()
  private readonly folder: BatchFolder | null

  /** With `rules`, each person's counted messages are folded as they come (fold.ts). */
  constructor(private readonly capacity: number, rules?: FoldRules) {
    this.folder = rules ? new BatchFolder(rules) : null
    this.reset()
  }

  get size(): number { return this.b.count }

  add(item: ReadItem): void {
    const b = this.b
    if (item.type !== 'message') {
      b.others.push({ at: b.count++, item })
      return
    }
    if (this.m === b.at.length) this.grow()
    const m = this.m++
    b.count++
    b.ids.push(item.messageId)
    b.texts.push(item.text)
    b.at[m] = item.at
    b.amount[m] = item.amountFen ?? Number.NaN
    b.flags[m] = (item.own ? 1 : 0) | (item.chat === 'group' ? 2 : 0) | (item.counts ? 4 : 0) | (item.payment ? 8 : 0)
    b.kind[m] = this.value(item.kind)
    b.room[m] = this.value(item.roomId)
    b.topic[m] = this.value(item.roomTopic)
    b.tags[m] = this.value(item.tags)
    if (this.folder && item.counts && item.signals && item.chat === 'private') {
      b.fold[m] = this.folder.add(item.customer, item, item.signals)
      b.signals[m] = -1
    } else {
      b.fold[m] = -1
      b.signals[m] = item.signals ? this.value(isNone(item.signals) ? NONE_JSON : JSON.stringify(item.signals)) : -1
    }
    b.person[m] = this.person(item.customer)
  }

  /** The batch so far (the typed arrays cut to the messages in it); the packer starts a new one. */
  take(bytes: number, file: string): PackedBatch {
    const b = this.b
    const n = this.m
    const cut = { at: b.at.slice(0, n), amount: b.amount.slice(0, n), flags: b.flags.slice(0, n), kind: b.kind.slice(0, n),
      room: b.room.slice(0, n), topic: b.topic.slice(0, n), tags: b.tags.slice(0, n), fold: b.fold.slice(0, n), signals: b.signals.slice(0, n), person: b.person.slice(0, n) }
    const folds = this.folder ? this.folder.take() : []
    this.reset()
    return { ...b, ...cut, folds, bytes, file }
  }

  private reset(): void {
    const c = this.capacity
    this.b = {
      ids: [], texts: [], at: new Float64Array(c), amount: new Float64Array(c), flags: new Uint8Array(c), kind: new Int32Array(c),
      room: new Int32Array(c), topic: new Int32Array(c), tags: new Int32Array(c), fold: new Int32Array(c), signals: new Int32Array(c), person: new Int32Array(c),
      values: [], people: [], folds: [], others: [], count: 0, bytes: 0, file: '',
    }
    this.m = 0
    this.values.clear()
    this.byPerson.clear()
    this.byKey.clear()
  }

  private grow(): void {
    const b = this.b
    const c = Math.max(16, b.at.length * 2)
    const more = <T extends Float64Array | Uint8Array | Int32Array>(a: T): T => {
      const bigger = new (a.constructor as new (n: number) => T)(c)
      bigger.set(a)
      return bigger
    }
    Object.assign(b, { at: more(b.at), amount: more(b.amount), flags: more(b.flags), kind: more(b.kind), room: more(b.room),
      topic: more(b.topic), tags: more(b.tags), fold: more(b.fold), signals: more(b.signals), person: more(b.person) })
  }

  private value(s: string | null | undefined): number {
    if (s === null || s === undefined) return -1
    let i = this.values.get(s)
    if (i === undefined) {
      i = this.b.values.length
      this.b.values.push(s)
      this.values.set(s, i)
    }
    return i
  }

  private person(p: ExportPerson | null): number {
    if (!p) return -1
    let i = this.byPerson.get(p)
    if (i === undefined) {
      const key = `${p.id}\u0000${p.name}\u0000${p.remark}`
      i = this.byKey.get(key)
      if (i === undefined) {
        i = this.b.people.length
        this.b.people.push({ id: p.id, name: p.name, remark: p.remark })
        this.byKey.set(key, i)
      }
      this.byPerson.set(p, i)
    }
    return i
  }
}

/** A whole list of items as one batch. */
export function packBatch(items: ReadItem[], bytes: number, file: string, rules?: FoldRules): PackedBatch {
  const packer = new BatchPacker(items.length, rules)
  for (const item of items) packer.add(item)
  return packer.take(bytes, file)
}

/**
 * Message objects used again batch after batch: the writer hands back a batch's messages once it is
 * committed (writer.ts), and the next batch is unpacked into them. A message waits in the writer's
 * queue for a few batches, long enough for V8 to move it to the old generation, where a new object
 * per message kept the main thread's garbage collector (and its helper threads) busy: with the
 * objects reused, the 2M-message import ran about 12 % faster.
 */
export class MessagePool {
  private readonly free: PreparedMessage[] = []

  constructor(private readonly max = 16_384) {}

  take(): PreparedMessage | undefined {
    return this.free.pop()
  }

  /** Messages nothing refers to any more (a committed batch); at most `max` are kept (standard input's are not pooled). */
  release(items: ReadonlyArray<{ type: string }>): void {
    for (const item of items) {
      if (this.free.length >= this.max) return
      if (item.type === 'message') this.free.push(item as PreparedMessage)
    }
  }
}

/** The shape a message is made in before it is filled (preparedMessage keeps every message's fields in one order). */
const BLANK: Parameters<typeof preparedMessage>[0] = {
  messageId: '', chat: 'private', own: false, customer: null, kind: 'text', at: 0, text: '', roomId: undefined, roomTopic: undefined,
  amountFen: null, signals: null, tags: null, counts: false, payment: false, fold: null,
}

const isNone = (s: Signals): boolean => s.excerpt === '' && !s.intent && !s.approval && !s.complaint && !s.referral && !s.payment
  && s.personas.length === 0 && s.discounted.length === 0 && isEmpty(s.quotes)

function isEmpty(o: object): boolean {
  for (const _ in o) return false
  return true
}
const NONE_JSON = JSON.stringify({ intent: false, approval: false, complaint: false, referral: false, personas: [], payment: false, excerpt: '', quotes: {}, discounted: [] } satisfies Signals)

export function unpackBatch(b: PackedBatch, pool?: MessagePool): ReadItem[] {
  const out: ReadItem[] = new Array(b.count)
  // Each distinct signals JSON is parsed once per batch (consumers only read it, as they read the shared "no signals").
  const parsed = new Map<number, Signals>()
  const signalsOf = (i: number): Signals | null => {
    if (i < 0) return null
    let s = parsed.get(i)
    if (!s) {
      s = JSON.parse(b.values[i]) as Signals
      parsed.set(i, s)
    }
    return s
  }
  const str = (i: number): string | undefined => (i < 0 ? undefined : b.values[i])
  let next = 0
  let m = 0
  for (const { at, item } of b.others) {
    while (next < at) out[next++] = message(m++)
    out[next++] = item
  }
  while (next < b.count) out[next++] = message(m++)
  return out

  function message(i: number): PreparedMessage {
    // Filled in place, field by field (no object per message besides the message itself, and often not even that).
    const m = pool?.take() ?? preparedMessage(BLANK)
    const amount = b.amount[i]
    const flags = b.flags[i]
    const p = b.person[i]
    const f = b.fold[i]
    m.accountId = ''
    m.messageId = b.ids[i]
    m.chat = flags & 2 ? 'group' : 'private'
    m.own = (flags & 1) === 1
    m.direction = m.own ? 'out' : 'in'
    m.kind = b.values[b.kind[i]] as PreparedMessage['kind']
    m.rawType = rawTypeOf(m.kind)
    m.at = b.at[i]
    m.text = b.texts[i]
    m.talkerId = ''
    m.talkerName = ''
    m.contactId = ''
    m.listenerId = undefined
    m.roomId = str(b.room[i])
    m.roomTopic = str(b.topic[i])
    m.customer = p < 0 ? null : b.people[p]
    m.amountFen = Number.isNaN(amount) ? null : amount
    m.signals = signalsOf(b.signals[i])
    m.tags = str(b.tags[i]) ?? null
    m.counts = (flags & 4) !== 0
    m.payment = (flags & 8) !== 0
    m.fold = f < 0 ? null : b.folds[f]
    return m
  }
}
