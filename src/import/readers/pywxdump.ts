import fs from 'node:fs'
import path from 'node:path'
import type { MessageKind } from '../../platform/types.js'
import { parseEpoch, parseLocalTime } from '../time.js'
import type { ExportPerson, ImportRow, MessageRow } from '../types.js'
import { isRecallText } from '../content.js'
import { NO_SENDER_RECALL, serverIdOf, isRow, readCsv, systemRow, transferKind, type Reader, messageRow } from './common.js'

/*
 * PyWxDump CSV: `export/<owner>/csv/<chatId>/<chatId>_<from>_<to>.csv`, a header in every page,
 * `room_name` the chat id on every row, times as local strings. Names come from the users.json it
 * writes beside the export (looked for up to three folders up).
 */

const KINDS: Record<string, MessageKind> = {
  文本: 'text', 图片: 'image', 语音: 'audio', 视频: 'video', 动画表情: 'emoticon', 文件: 'attachment',
  卡片式链接: 'url', 分享卡片式链接: 'url', '(分享)卡片式链接': 'url', 引用回复: 'text', 转账: 'transfer',
  名片: 'contact_card', 位置: 'location', 小程序: 'mini_program', 合并转发聊天记录: 'chat_history', 未知: 'unknown',
}

/** What PyWxDump writes as the talker when there is no sender. */
const NOBODY = new Set(['', '系统', '未知'])

interface UserInfo { nickname?: string; remark?: string }

const usersCache = new Map<string, Record<string, UserInfo> | null>()

function loadUsers(file: string | null): Record<string, UserInfo> | null {
  if (!file) return null
  let dir = path.dirname(file)
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, 'users.json')
    if (usersCache.has(candidate)) return usersCache.get(candidate)!
    if (fs.existsSync(candidate)) {
      let users: Record<string, UserInfo> | null = null
      try {
        users = JSON.parse(fs.readFileSync(candidate, 'utf8')) as Record<string, UserInfo>
      } catch { /* unreadable contact list: ids only */ }
      usersCache.set(candidate, users)
      return users
    }
    dir = path.dirname(dir)
  }
  return null
}

export const readPyWxDump: Reader = async function* ({ source, text, context }) {
  const users = loadUsers(source.path)
  const person = (id: string): ExportPerson => ({ id, name: users?.[id]?.nickname ?? '', remark: users?.[id]?.remark ?? '' })
  for await (const item of readCsv(source, text)) {
    if (isRow(item)) { yield item; continue }
    const r = item.record
    const file = source.name
    const line = item.line
    if (r.room_name === undefined || r.is_sender === undefined) { yield { type: 'bad', file, line, reason: '缺少 room_name / is_sender 列' }; continue }
    const at = parseEpoch(r.CreateTime) ?? parseLocalTime(r.CreateTime ?? '', context.timeZone)
    if (at === null) { yield { type: 'bad', file, line, reason: `时间读不懂：${(r.CreateTime ?? '').slice(0, 30)}` }; continue }
    const group = r.room_name.endsWith('@chatroom')
    const own = r.is_sender === '1'
    const talker = r.talker ?? ''
    const customer = group ? (own ? null : person(talker)) : person(r.room_name)
    const msg = r.msg ?? ''
    const base = {
      file, line, chat: group ? 'group' as const : 'private' as const, own, customer, at, text: msg,
      roomId: group ? r.room_name : undefined, roomTopic: group ? (users?.[r.room_name]?.remark || users?.[r.room_name]?.nickname || '') : undefined,
      serverId: serverIdOf(r.MsgSvrID),
    }
    const typeName = r.type_name ?? ''
    // A group row with no real sender (系统 notices, 未知, blank) is nobody's: not a customer named 系统.
    if (group && !own && NOBODY.has(talker)) {
      yield { type: 'skip', file, line, reason: typeName.startsWith('消息撤回') || isRecallText(msg) ? NO_SENDER_RECALL : typeName === '系统通知' || talker === '系统' ? '系统提示' : '群消息没写是谁发的' }
      continue
    }
    if (typeName.startsWith('消息撤回')) { yield messageRow(base, 'recalled'); continue }
    if (typeName === '系统通知' || talker === '系统') { yield systemRow(base); continue }
    let kind: MessageKind = KINDS[typeName] ?? 'unknown'
    let amountFen: number | null | undefined
    if (kind === 'transfer') ({ kind, amountFen } = transferKind(msg))
    const row: MessageRow = messageRow(base, kind, amountFen)
    yield row
  }
}
