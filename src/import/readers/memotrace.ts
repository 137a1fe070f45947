import path from 'node:path'
import type { MessageKind } from '../../platform/types.js'
import { parseEpoch, parseLocalTime } from '../time.js'
import type { ExportPerson, ImportRow, MessageRow } from '../types.js'
import { isRow, readCsv, systemRow, type Reader, messageRow } from './common.js'

/*
 * MemoTrace (留痕) CSV: one file per chat, no chat id and no private/group marker. A first pass
 * finds who wrote besides the merchant: one person → a private chat with them; several → a group
 * (named after the folder); nobody → a private chat with the person the folder is named after.
 */

const KINDS: Record<string, MessageKind> = {
  '1': 'text', '3': 'image', '34': 'audio', '43': 'video', '47': 'emoticon', '42': 'contact_card', '48': 'location', '50': 'unknown',
}
const APP_KINDS: Record<string, MessageKind> = {
  '5': 'url', '6': 'attachment', '57': 'text', '33': 'mini_program', '36': 'mini_program', '19': 'chat_history', '2000': 'transfer', '2001': 'red_envelope',
}

/** `<remark>_utf8.csv` in `<remark>/`: the chat's name. */
function chatName(file: string): string {
  const base = path.basename(file).replace(/(_utf8)?\.csv$/i, '')
  return base || path.basename(path.dirname(file))
}

export const readMemoTrace: Reader = async function* ({ source, text, reopen, context }) {
  if (!reopen) {
    yield { type: 'bad', file: source.name, line: 0, reason: '留痕 CSV 需要从文件读取（不能从标准输入读取）' }
    text.resume()
    return
  }
  // Pass 1: the other people in the chat (at most two are needed to tell private from group).
  const others = new Map<string, ExportPerson>()
  for await (const item of readCsv(source, text)) {
    if (isRow(item)) continue
    const r = item.record
    if (r.IsSender === '1' || !r.Sender || others.has(r.Sender)) continue
    others.set(r.Sender, { id: r.Sender, name: r.NickName ?? '', remark: r.Remark ?? '' })
    if (others.size > 1) break
  }
  const name = chatName(source.name)
  const group = others.size > 1
  const contact: ExportPerson = others.size === 1 ? [...others.values()][0] : { id: '', name, remark: name }
  for await (const item of readCsv(source, await reopen())) {
    if (isRow(item)) { yield item; continue }
    yield readRow(item.record, item.line, source.name, group, contact, name, context.timeZone)
  }
}

function readRow(r: Record<string, string>, line: number, file: string, group: boolean, contact: ExportPerson, chat: string, timeZone: string): ImportRow {
  if (r.Type === undefined || r.IsSender === undefined) return { type: 'bad', file, line, reason: '缺少 Type / IsSender 列' }
  const at = parseEpoch(r.CreateTime) ?? parseLocalTime(r.StrTime ?? '', timeZone)
  if (at === null) return { type: 'bad', file, line, reason: '没有可读的时间（CreateTime / StrTime）' }
  const own = r.IsSender === '1'
  const customer: ExportPerson | null = group
    ? (own ? null : { id: r.Sender ?? '', name: r.NickName ?? '', remark: r.Remark ?? '' })
    : contact
  const base = {
    file, line, chat: group ? 'group' as const : 'private' as const, own, customer, at, text: r.StrContent ?? '',
    roomId: group ? `memotrace:${chat}` : undefined, roomTopic: group ? chat : undefined,
  }
  if (r.Type === '10000') return systemRow(base)
  const kind = r.Type === '49' ? (APP_KINDS[r.SubType ?? ''] ?? 'url') : (KINDS[r.Type] ?? 'unknown')
  // The amount of a transfer lives in a column MemoTrace does not export: amount unknown.
  const row: MessageRow = messageRow(base, kind, kind === 'transfer' ? null : undefined)
  return row
}
