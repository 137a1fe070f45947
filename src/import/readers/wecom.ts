import type { Readable } from 'node:stream'
import streamJson from 'stream-json'
import StreamArray from 'stream-json/streamers/StreamArray.js'
import type { MessageKind } from '../../platform/types.js'
import { parseEpoch } from '../time.js'
import type { ImportRow, MessageRow, ReaderContext } from '../types.js'
import { readJsonLines, str, type Reader, PACKED, jsonBroken, jsonStages } from './common.js'

/*
 * WeCom 会话内容存档, decrypted: one JSON object per message (lines or an array). No names, only
 * ids: the merchant's staff userid (--self), customers are external ids (wm…/wo…). Times in ms.
 */

const KINDS: Record<string, MessageKind> = {
  text: 'text', image: 'image', voice: 'audio', video: 'video', emotion: 'emoticon', file: 'attachment', link: 'url',
  weapp: 'mini_program', card: 'contact_card', location: 'location', chatrecord: 'chat_history', redpacket: 'red_envelope',
  external_redpacket: 'red_envelope', revoke: 'recalled', markdown: 'text', news: 'url', mixed: 'text',
}
const isExternal = (id: string): boolean => /^w[mo]/.test(id)

/** Whether --self was in any private chat of the file, and the staff ids seen (for the hint when it was not). */
interface SelfSeen { found: boolean; privateRows: number; staff: string[] }

function readArchived(m: Record<string, unknown>, file: string, line: number, context: ReaderContext, seen: SelfSeen): ImportRow {
  const msgid = str(m.msgid)
  const at = parseEpoch(m.msgtime)
  if (!msgid || at === null) return { type: 'bad', file, line, reason: '缺少 msgid 或 msgtime' }
  if (m.action === 'switch') return { type: 'skip', file, line, reason: '切换企业日志' }
  const from = str(m.from)
  const tolist = Array.isArray(m.tolist) ? m.tolist.map(str) : []
  const roomId = str(m.roomid)
  const group = roomId !== ''
  // Without --self, anyone who is not an external contact is the merchant's side; with it, in private
  // chats only the merchant is (the archive holds every staff member's), and in a group a colleague
  // speaks for the shop too (never a customer).
  const own = context.self !== undefined && !group ? from === context.self : from === context.self || !isExternal(from)
  if (!group) {
    seen.privateRows++
    for (const id of [from, ...tolist]) if (id && !isExternal(id) && seen.staff.length < 3 && !seen.staff.includes(id)) seen.staff.push(id)
    if (from === context.self || tolist.includes(context.self ?? '')) seen.found = true
    // The archive holds every staff member's chats: only the merchant's (--self) with customers are theirs.
    if (context.self !== undefined && from !== context.self && !tolist.includes(context.self)) return { type: 'skip', file, line, reason: '其他员工的聊天' }
    if (!isExternal(from) && !tolist.some(isExternal)) return { type: 'skip', file, line, reason: '同事之间的聊天' }
  }
  const partner = own ? (tolist[0] ?? '') : from
  const msgtype = m.action === 'recall' ? 'revoke' : str(m.msgtype)
  // Both red envelope types carry their body under `redpacket`.
  const body = (m[msgtype] ?? (msgtype.endsWith('redpacket') ? m.redpacket : undefined) ?? {}) as Record<string, unknown>
  const text = msgtype === 'text' ? str(body.content) : msgtype.endsWith('redpacket') ? str(body.wish) : ''
  const row: MessageRow = {
    type: 'message', file, line, chat: group ? 'group' : 'private', own,
    customer: group ? (own ? null : { id: from, name: '', remark: '' }) : { id: partner, name: '', remark: '' },
    at, kind: KINDS[msgtype] ?? 'unknown', text, serverId: msgid, roomId: group ? roomId : undefined,
  }
  return row
}

/** A --self that no private chat of the archive involves (a name given: the archive has only userids). */
function selfMissing(file: string, context: ReaderContext, seen: SelfSeen): ImportRow[] {
  if (context.self === undefined || seen.found || seen.privateRows === 0) return []
  const examples = seen.staff.length > 0 ? `（存档里只有 userid，例如 ${seen.staff.join('、')}）` : ''
  return [{ type: 'bad', file, line: 0, reason: `--self ${context.self} 不在这个存档的任何私聊里${examples}：请用你自己的企业微信 userid 再导入一次` }]
}

export const readWeComArchive: Reader = async function* ({ source, text, context, head }) {
  const seen: SelfSeen = { found: false, privateRows: 0, staff: [] }
  if (head.trimStart().startsWith('[')) {
    const json = jsonStages(text, streamJson.parser(PACKED), StreamArray.streamArray())
    let index = 0
    try {
      for await (const { value } of json.output as AsyncIterable<{ value: Record<string, unknown> }>) {
        index++
        yield readArchived(value, source.name, index, context, seen)
      }
    } catch (err) {
      yield jsonBroken(source.name, index + 1, err as Error)
      return
    }
    const failed = json.failure()
    if (failed) yield jsonBroken(source.name, index + 1, failed)
    yield* selfMissing(source.name, context, seen)
    return
  }
  yield* readJsonLines(source, text, (value, line) => readArchived(value, source.name, line, context, seen))
  yield* selfMissing(source.name, context, seen)
}
