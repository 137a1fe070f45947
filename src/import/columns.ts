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

export function packBatch(items: ReadItem[], bytes: number, file: string): PackedBatch {
  const messages = items.reduce((n, i) => n + (i.type === 'message' ? 1 : 0), 0)
  const b: PackedBatch = {
    ids: [], texts: [], at: new Float64Array(messages), amount: new Float64Array(messages), flags: new Uint8Array(messages),
    kind: new Int32Array(messages), room: new Int32Array(messages), topic: new Int32Array(messages), tags: new Int32Array(messages),
    signals: new Int32Array(messages), person: new Int32Array(messages), values: [], people: [], others: [], count: items.length, bytes, file,
  }
  const values = new Map<string, number>()
  const value = (s: string | null | undefined): number => {
    if (s === null || s === undefined) return -1
    let i = values.get(s)
    if (i === undefined) {
      i = b.values.length
      b.values.push(s)
      values.set(s, i)
    }
    return i
  }
  const people = new Map<ExportPerson, number>()
  const byKey = new Map<string, number>()
  const person = (p: ExportPerson | null): number => {
    if (!p) return -1
    let i = people.get(p)
    if (i === undefined) {
      const key = `${p.id}\u0000${p.name}\u0000${p.remark}`
      i = byKey.get(key)
      if (i === undefined) {
        i = b.people.length
        b.people.push({ id: p.id, name: p.name, remark: p.remark })
        byKey.set(key, i)
      }
      people.set(p, i)
    }
    return i
  }
  let m = 0
  items.forEach((item, at) => {
    if (item.type !== 'message') {
      b.others.push({ at, item })
      return
    }
    b.ids.push(item.messageId)
    b.texts.push(item.text)
    b.at[m] = item.at
    b.amount[m] = item.amountFen ?? Number.NaN
    b.flags[m] = (item.own ? 1 : 0) | (item.chat === 'group' ? 2 : 0)
    b.kind[m] = value(item.kind)
    b.room[m] = value(item.roomId)
    b.topic[m] = value(item.roomTopic)
    b.tags[m] = value(item.tags)
    b.signals[m] = item.signals ? (isNone(item.signals) ? value(NONE_JSON) : value(JSON.stringify(item.signals))) : -1
    b.person[m] = person(item.customer)
    m++
  })
  return b
}

const isNone = (s: Signals): boolean => s.excerpt === '' && !s.intent && !s.approval && !s.complaint && !s.referral && !s.payment
  && s.personas.length === 0 && s.discounted.length === 0 && Object.keys(s.quotes).length === 0
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
