import { Readable } from 'node:stream'
import streamJson from 'stream-json'
import Pick from 'stream-json/filters/Pick.js'
import StreamValues from 'stream-json/streamers/StreamValues.js'
import type { MessageKind } from '../../platform/types.js'
import { isRedEnvelopeTitle } from '../content.js'
import { parseEpoch, parseLocalTime } from '../time.js'
import type { ExportPerson, ImportRow, MessageRow } from '../types.js'
import { jsonServerId, str, systemRow, transferKind, type Reader, PACKED, messageRow, jsonBroken, jsonStages } from './common.js'

/*
 * WeFlow's per-chat JSON: { weflow, session, messages[] }. Streamed (a chat can hold years of
 * messages): the session comes before the messages, so every message knows its chat.
 */

const TWO_32 = 4294967296
/** WeChat 4.x packs the app-message subtype above the base type: sub·2^32 + base. */
export function unpackLocalType(localType: number): { base: number; sub: number } {
  return { base: localType % TWO_32, sub: Math.floor(localType / TWO_32) }
}

const BASE_KINDS: Record<number, MessageKind> = {
  1: 'text', 3: 'image', 34: 'audio', 43: 'video', 47: 'emoticon', 42: 'contact_card', 48: 'location', 50: 'unknown',
}
const APP_KINDS: Record<number, MessageKind> = {
  5: 'url', 6: 'attachment', 57: 'text', 33: 'mini_program', 36: 'mini_program', 19: 'chat_history', 2000: 'transfer', 2001: 'red_envelope',
}
const LABEL_KINDS: Record<string, MessageKind> = {
  文本消息: 'text', 图片消息: 'image', 语音消息: 'audio', 视频消息: 'video', 动画表情: 'emoticon', 链接消息: 'url',
  文件消息: 'attachment', 转账消息: 'transfer', 引用消息: 'text', 名片消息: 'contact_card', 位置消息: 'location',
}

interface Session { wxid: string; nickname: string; remark: string; displayName: string; group: boolean }

export const readWeflow: Reader = async function* ({ source, text, context }) {
  const json = jsonStages(text, streamJson.parser(PACKED),
    Pick.pick({ filter: (stack: ReadonlyArray<string | number | null>) =>
      (stack.length === 1 && stack[0] === 'session') || (stack.length === 2 && stack[0] === 'messages') }),
    StreamValues.streamValues())
  let session: Session | undefined
  let index = 0
  try {
    for await (const { value } of json.output as AsyncIterable<{ value: Record<string, unknown> }>) {
      if (!session && 'wxid' in value && !('createTime' in value)) {
        session = {
          wxid: str(value.wxid), nickname: str(value.nickname), remark: str(value.remark),
          displayName: str(value.displayName), group: value.type === '群聊' || str(value.wxid).endsWith('@chatroom'),
        }
        continue
      }
      index++
      if (!session) {
        yield { type: 'bad', file: source.name, line: index, reason: 'WeFlow 文件缺少 session（会话信息）' }
        return
      }
      yield readMessage(value, session, source.name, index, context.timeZone)
    }
  } catch (err) {
    yield jsonBroken(source.name, index + 1, err as Error)
    return
  }
  const failed = json.failure()
  if (failed) yield jsonBroken(source.name, index + 1, failed)
}

function readMessage(m: Record<string, unknown>, s: Session, file: string, line: number, timeZone: string): ImportRow {
  const at = parseEpoch(m.createTime) ?? parseLocalTime(str(m.formattedTime), timeZone)
  if (at === null) return { type: 'bad', file, line, reason: '没有可读的时间（createTime / formattedTime）' }
  const own = Number(m.isSend) === 1
  const localType = Number(m.localType)
  const { base, sub } = unpackLocalType(Number.isFinite(localType) ? localType : 0)
  const text = str(m.content)
  let customer: ExportPerson | null
  if (s.group) {
    customer = own ? null : { id: str(m.senderUsername), name: str(m.senderDisplayName), remark: '' }
  } else {
    customer = { id: s.wxid, name: s.nickname, remark: s.remark }
  }
  const base0 = {
    file, line, chat: s.group ? 'group' as const : 'private' as const, own, customer, at, text,
    roomId: s.group ? s.wxid : undefined, roomTopic: s.group ? (s.displayName || s.nickname) : undefined,
    serverId: jsonServerId(m.platformMessageId),
  }
  if (base === 10000 || m.type === '系统消息') return systemRow(base0)
  let kind: MessageKind = base === 49 ? (APP_KINDS[sub] ?? LABEL_KINDS[str(m.type)] ?? 'url') : (BASE_KINDS[base] ?? LABEL_KINDS[str(m.type)] ?? 'unknown')
  let amountFen: number | null | undefined
  if (kind === 'transfer' || text.startsWith('[转账')) ({ kind, amountFen } = transferKind(text))
  // WeChat 3.x does not pack the subtype: a plain 49 titled 微信红包 is the red envelope (as in ChatLab's link).
  else if (base === 49 && sub === 0 && kind === 'url' && isRedEnvelopeTitle(text)) kind = 'red_envelope'
  const row: MessageRow = messageRow(base0, kind, amountFen)
  return row
}
