import type { Signals } from '../signals/detect.js'
import { preparedMessage, type PreparedMessage, type ReadItem } from './read-all.js'
import type { ExportPerson } from './types.js'

/*
 * A batch of read items as the reader thread hands it over: messages in columns (a few arrays of
 * strings and numbers), everything else as it is. Cloning a thousand message objects between threads
 * costs the receiving thread about as much as parsing them did; arrays of strings and typed arrays
 * cost a tenth of that. Repeated values (people, kinds, rooms, tags, signals) are sent once per batch.
 */

export interface PackedBatch {
  /** Messages in order, column by column. */
  ids: string[]
  texts: string[]
  at: Float64Array
  amount: Float64Array
  /** bit 0 own, bit 1 group. */
  flags: Uint8Array
  /** Indexes into `values` (-1: none). */
  kind: Int32Array
  room: Int32Array
  topic: Int32Array
  tags: Int32Array
  /** Signals as JSON ('' is no signals object: the message does not count). */
  signals: Int32Array
  person: Int32Array
  values: string[]
  people: ExportPerson[]
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

  constructor(private readonly capacity: number) {
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
    b.flags[m] = (item.own ? 1 : 0) | (item.chat === 'group' ? 2 : 0)
    b.kind[m] = this.value(item.kind)
    b.room[m] = this.value(item.roomId)
    b.topic[m] = this.value(item.roomTopic)
    b.tags[m] = this.value(item.tags)
    b.signals[m] = item.signals ? this.value(isNone(item.signals) ? NONE_JSON : JSON.stringify(item.signals)) : -1
    b.person[m] = this.person(item.customer)
  }

  /** The batch so far (the typed arrays cut to the messages in it); the packer starts a new one. */
  take(bytes: number, file: string): PackedBatch {
    const b = this.b
    const n = this.m
    const cut = { at: b.at.slice(0, n), amount: b.amount.slice(0, n), flags: b.flags.slice(0, n), kind: b.kind.slice(0, n),
      room: b.room.slice(0, n), topic: b.topic.slice(0, n), tags: b.tags.slice(0, n), signals: b.signals.slice(0, n), person: b.person.slice(0, n) }
    this.reset()
    return { ...b, ...cut, bytes, file }
  }

  private reset(): void {
    const c = this.capacity
    this.b = {
      ids: [], texts: [], at: new Float64Array(c), amount: new Float64Array(c), flags: new Uint8Array(c), kind: new Int32Array(c),
      room: new Int32Array(c), topic: new Int32Array(c), tags: new Int32Array(c), signals: new Int32Array(c), person: new Int32Array(c),
      values: [], people: [], others: [], count: 0, bytes: 0, file: '',
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
      topic: more(b.topic), tags: more(b.tags), signals: more(b.signals), person: more(b.person) })
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
export function packBatch(items: ReadItem[], bytes: number, file: string): PackedBatch {
  const packer = new BatchPacker(items.length)
  for (const item of items) packer.add(item)
  return packer.take(bytes, file)
}

const isNone = (s: Signals): boolean => s.excerpt === '' && !s.intent && !s.approval && !s.complaint && !s.referral && !s.payment
  && s.personas.length === 0 && s.discounted.length === 0 && isEmpty(s.quotes)

function isEmpty(o: object): boolean {
  for (const _ in o) return false
  return true
}
const NONE_JSON = JSON.stringify({ intent: false, approval: false, complaint: false, referral: false, personas: [], payment: false, excerpt: '', quotes: {}, discounted: [] } satisfies Signals)

export function unpackBatch(b: PackedBatch): ReadItem[] {
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
    const amount = b.amount[i]
    const flags = b.flags[i]
    const p = b.person[i]
    return preparedMessage({
      messageId: b.ids[i], chat: flags & 2 ? 'group' : 'private', own: (flags & 1) === 1, customer: p < 0 ? null : b.people[p],
      kind: b.values[b.kind[i]] as PreparedMessage['kind'], at: b.at[i], text: b.texts[i], roomId: str(b.room[i]), roomTopic: str(b.topic[i]),
      amountFen: Number.isNaN(amount) ? null : amount, signals: signalsOf(b.signals[i]), tags: str(b.tags[i]) ?? null,
    })
  }
}
