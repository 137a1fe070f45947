import { readCalendarDate } from '../../occasions/calendar-date.js'
import type { MessageKind } from '../../platform/types.js'
import { yuanToFen } from '../content.js'
import { parseAnyTime } from '../time.js'
import type { ExportPerson, ImportRow, ReaderContext } from '../types.js'
import { jsonServerId, serverIdOf, isRow, readCsv, readJsonLines, str, type Reader } from './common.js'

/*
 * tierbot's own import format, for everything no tool exports: one row per message, order, tier or birthday,
 * as CSV (header row) or JSON lines with the same keys. docs/import-example.csv shows every kind.
 *
 *   kind      message | order | refund | tier | birthday (default: order when amount is set and text is not,
 *             tier when tier is set, birthday when only birthday is set, else message)
 *   contact   the customer: WeChat id, remark or name (matched like /tier)
 *   name, remark   optional, help matching
 *   time      epoch seconds/ms or local 'YYYY-MM-DD HH:mm[:ss]' (--tz)
 *   direction in (customer wrote, default) | out (the merchant)
 *   type      text (default), transfer, red_envelope, image, …
 *   text, amount (yuan), note, tier (L0–L5 or auto), room (group name or id), message_id,
 *   birthday (as /生日 takes it: 3月8日, 1990-03-08, 农历八月十五)
 */

const KINDS = new Set<MessageKind>(['text', 'transfer', 'red_envelope', 'recalled', 'url', 'mini_program', 'image', 'audio',
  'video', 'emoticon', 'attachment', 'contact_card', 'location', 'chat_history', 'unknown'])

function readRecord(r: Record<string, string>, file: string, line: number, context: ReaderContext): ImportRow {
  const contact = (r.contact ?? '').trim()
  if (!contact) return { type: 'bad', file, line, reason: '缺少 contact（客户）' }
  const customer: ExportPerson = { id: contact, name: (r.name ?? '').trim(), remark: (r.remark ?? '').trim() }
  const amountText = (r.amount ?? '').trim()
  const birthday = (r.birthday ?? '').trim()
  const onlyBirthday = birthday !== '' && !amountText && !(r.text ?? '').trim() && !(r.type ?? '').trim()
  const kind = (r.kind ?? '').trim().toLowerCase() || ((r.tier ?? '').trim() ? 'tier' : onlyBirthday ? 'birthday'
    : amountText && !(r.text ?? '').trim() && !(r.type ?? '').trim() ? 'order' : 'message')
  if (kind === 'birthday') {
    const date = readCalendarDate(birthday)
    if (!date || date.kind === 'weekday') return { type: 'bad', file, line, reason: `生日读不懂：${birthday.slice(0, 20) || '（空）'}` }
    return { type: 'birthday', file, line, customer, date }
  }
  if (kind === 'tier') {
    const t = (r.tier ?? '').trim().toUpperCase()
    if (t === 'AUTO') return { type: 'tier', file, line, customer, tier: null }
    const m = /^L([0-5])$/.exec(t)
    if (!m) return { type: 'bad', file, line, reason: `tier 应为 L0–L5 或 auto：${t.slice(0, 10)}` }
    return { type: 'tier', file, line, customer, tier: Number(m[1]) as 0 | 1 | 2 | 3 | 4 | 5 }
  }
  const at = parseAnyTime((r.time ?? '').trim(), context.timeZone)
  if (at === null) return { type: 'bad', file, line, reason: `时间读不懂：${(r.time ?? '').slice(0, 30)}` }
  if (kind === 'order' || kind === 'refund') {
    const fen = yuanToFen(amountText)
    if (fen === null) return { type: 'bad', file, line, reason: `金额读不懂：${amountText.slice(0, 20)}` }
    return { type: 'order', file, line, customer, amountFen: fen, at, note: (r.note ?? '').trim(), refund: kind === 'refund' }
  }
  if (kind !== 'message') return { type: 'bad', file, line, reason: `kind 应为 message / order / refund / tier / birthday：${kind.slice(0, 10)}` }
  const type = ((r.type ?? '').trim() || 'text') as MessageKind
  if (!KINDS.has(type)) return { type: 'bad', file, line, reason: `type 读不懂：${type.slice(0, 20)}` }
  const direction = (r.direction ?? '').trim().toLowerCase() || 'in'
  if (direction !== 'in' && direction !== 'out') return { type: 'bad', file, line, reason: 'direction 应为 in 或 out' }
  const room = (r.room ?? '').trim()
  return {
    type: 'message', file, line, chat: room ? 'group' : 'private', own: direction === 'out',
    customer: room && direction === 'out' ? null : customer, at, kind: type, text: r.text ?? '',
    roomId: room || undefined, roomTopic: room || undefined, serverId: serverIdOf((r.message_id ?? '').trim()),
    amountFen: type === 'transfer' && amountText ? yuanToFen(amountText) : undefined,
  }
}

export const readTierbotCsv: Reader = async function* ({ source, text, context }) {
  for await (const item of readCsv(source, text)) {
    if (isRow(item)) { yield item; continue }
    yield readRecord(item.record, source.name, item.line, context)
  }
}

export const readTierbotJsonl: Reader = ({ source, text, context }) =>
  readJsonLines(source, text, (value, line) => {
    const record: Record<string, string> = {}
    // A message id as a bare number past 2^53 lost its last digits: no id (see jsonServerId).
    for (const [k, v] of Object.entries(value)) record[k] = k === 'message_id' && jsonServerId(v) === undefined ? '' : str(v)
    return readRecord(record, source.name, line, context)
  })
