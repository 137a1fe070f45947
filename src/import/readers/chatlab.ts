import type { Readable } from 'node:stream'
import streamJson from 'stream-json'
import Pick from 'stream-json/filters/Pick.js'
import StreamValues from 'stream-json/streamers/StreamValues.js'
import type { MessageKind } from '../../platform/types.js'
import { isRedEnvelopeTitle } from '../content.js'
import { parseEpoch } from '../time.js'
import type { ExportPerson, ImportRow, ReaderContext } from '../types.js'
import { jsonServerId, readJsonLines, str, systemRow, transferKind, type Reader, PACKED, messageRow, jsonBroken, jsonStages } from './common.js'

/*
 * ChatLab's standard format (JSON, and the JSONL WeFlow writes as "chatlab-jsonl"): meta, members,
 * messages. Only meta.ownerId says who the merchant is, and WeFlow leaves it out: then --self, or in
 * a private chat the member the chat is named after is the customer and the other one is the merchant.
 */

const KINDS: Record<number, MessageKind> = {
  0: 'text', 1: 'image', 2: 'audio', 3: 'video', 4: 'attachment', 5: 'emoticon', 7: 'url', 8: 'location',
  20: 'red_envelope', 21: 'transfer', 22: 'unknown', 23: 'unknown', 24: 'url', 25: 'text', 26: 'chat_history',
  27: 'contact_card', 81: 'recalled', 99: 'unknown',
}

/** name: as shown in the chat (group nickname, else WeChat name); account: the WeChat name. */
interface Member { id: string; name: string; account: string }

class ChatLabChat {
  private meta: { name: string; group: boolean; groupId: string; ownerId: string } | undefined
  private readonly members: Member[] = []
  private owner: string | undefined
  private customer: Member | undefined
  private refused = false
  private customerRow: ExportPerson | undefined

  constructor(private readonly file: string, private readonly context: ReaderContext) {}

  setMeta(m: Record<string, unknown>): void {
    this.meta = { name: str(m.name), group: m.type === 'group', groupId: str(m.groupId), ownerId: str(m.ownerId) }
  }

  addMember(m: Record<string, unknown>): void {
    this.members.push({ id: str(m.platformId), name: str(m.groupNickname) || str(m.accountName), account: str(m.accountName) })
  }

  /** Decide who the merchant is once, at the first message. */
  private settle(): string | null {
    if (this.owner !== undefined) return null
    const meta = this.meta
    if (!meta) return 'ChatLab 文件缺少 meta（会话信息）'
    const self = this.context.self
    const named = (m: Member) => self !== undefined && (m.id === self || m.name === self || m.account === self)
    const selfMember = self !== undefined ? this.members.find(named) : undefined
    if (!meta.group && !meta.ownerId && self !== undefined && !selfMember && this.members.length > 0) {
      // A --self that is no member of this private chat would make the merchant the customer: refuse the chat instead.
      this.owner = ''
      const members = this.members.map((m) => m.name ? `${m.name}（${m.id}）` : m.id).join('、')
      return `--self ${self} 不是这个聊天的成员（成员：${members}），整个文件没有导入：请改用其中你自己的微信号或昵称`
    }
    this.owner = meta.ownerId || (self !== undefined ? (selfMember?.id ?? self) : '')
    if (!meta.group) {
      if (this.owner) this.customer = this.members.find((m) => m.id !== this.owner)
      else if (this.members.length === 2) {
        this.customer = this.members.find((m) => m.name === meta.name)
        this.owner = this.members.find((m) => m !== this.customer && this.customer !== undefined)?.id ?? ''
      }
      if (!this.owner) return 'ChatLab 文件没有写明哪一方是商家，整个文件没有导入：请加 --self <你的微信号或昵称> 再导入一次'
    }
    return null
  }

  message(m: Record<string, unknown>, line: number): ImportRow | null {
    const problem = this.settle()
    if (problem) {
      if (this.refused) return null
      this.refused = true
      return { type: 'bad', file: this.file, line, reason: problem }
    }
    if (this.refused) return null
    const meta = this.meta!
    const at = parseEpoch(m.timestamp)
    if (at === null) return { type: 'bad', file: this.file, line, reason: '没有可读的时间（timestamp）' }
    const sender = str(m.sender)
    const own = sender !== '' && sender === this.owner
    const name = str(m.groupNickname) || str(m.accountName)
    const text = str(m.content)
    const customer = meta.group
      ? (own ? null : { id: sender, name, remark: '' })
      : this.customer
        // One object for the chat's customer: the batch packer and the writer know it again by identity.
        ? (this.customerRow ??= { id: this.customer.id, name: this.customer.name, remark: '' })
        : { id: own ? '' : sender, name: own ? meta.name : name, remark: '' }
    const base = {
      file: this.file, line, chat: meta.group ? 'group' as const : 'private' as const, own, customer, at, text,
      roomId: meta.group ? (meta.groupId || `chatlab:${meta.name}`) : undefined, roomTopic: meta.group ? meta.name : undefined,
      serverId: jsonServerId(m.platformMessageId),
    }
    const type = Number(m.type)
    if (type === 80) return systemRow(base)
    let kind: MessageKind = KINDS[type] ?? 'unknown'
    let amountFen: number | null | undefined
    // WeFlow writes transfers as 99 and red envelopes as links titled 微信红包.
    if (kind === 'transfer' || text.startsWith('[转账')) ({ kind, amountFen } = transferKind(text))
    else if (type === 7 && isRedEnvelopeTitle(text)) kind = 'red_envelope'
    return messageRow(base, kind, amountFen)
  }
}

export const readChatLabJsonl: Reader = ({ source, text, context }) => {
  const chat = new ChatLabChat(source.name, context)
  // The line reader's generator is handed back as is: no second async step per row.
  return readJsonLines(source, text, (value, line) => {
    switch (value._type) {
      case 'header':
        chat.setMeta((value.meta ?? {}) as Record<string, unknown>)
        return null
      case 'member':
        chat.addMember(value)
        return null
      case 'message':
        return chat.message(value, line)
      default:
        return { type: 'bad', file: source.name, line, reason: `未知的 _type：${str(value._type).slice(0, 20)}` }
    }
  })
}

export const readChatLabJson: Reader = async function* ({ source, text, context }) {
  const chat = new ChatLabChat(source.name, context)
  const json = jsonStages(text, streamJson.parser(PACKED),
    Pick.pick({ filter: (stack: ReadonlyArray<string | number | null>) =>
      (stack.length === 1 && stack[0] === 'meta') || (stack.length === 2 && (stack[0] === 'members' || stack[0] === 'messages')) }),
    StreamValues.streamValues())
  let index = 0
  try {
    for await (const { value } of json.output as AsyncIterable<{ value: Record<string, unknown> }>) {
      if ('timestamp' in value && 'sender' in value) {
        index++
        const row = chat.message(value, index)
        if (row) yield row
      } else if ('platformId' in value) chat.addMember(value)
      else chat.setMeta(value)
    }
  } catch (err) {
    yield jsonBroken(source.name, index + 1, err as Error)
    return
  }
  const failed = json.failure()
  if (failed) yield jsonBroken(source.name, index + 1, failed)
}
