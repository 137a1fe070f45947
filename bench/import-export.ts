import fs from 'node:fs'
import path from 'node:path'
import type { ChatEvent } from '../src/platform/types.js'
import { createRng } from './prng.js'

/*
 * A synthetic chat export in a real format: ChatLab JSONL as WeFlow writes it (one file per chat,
 * header, two members, then messages, times in seconds, server ids). The same generator also yields
 * the rows as ChatEvents, for the raw INSERT baseline, without keeping either in memory.
 */

export const IMPORT_ACCOUNT = 'wxid_bench_shop'
const LINES_IN = ['你好，在吗', '这个多少钱', '有货吗', '好的谢谢', '什么时候发货', '宝宝用着很好', '上次买的很好用', '包邮吗', '嗯嗯', '收到了']
const LINES_OUT = ['在的亲', '128一箱，两箱包邮', '今天下午发', '好的', '有的，明天到', '感谢支持']
const CHAT_SIZE = 100
const START = Date.parse('2025-01-01T00:00:00+08:00')

export interface ExportMessage {
  chat: number
  own: boolean
  at: number
  text: string
  serverId: string
  transfer: boolean
}

/** The messages of the export in file order: chat after chat, each in time order. */
export function* exportMessages(total: number, seed: number): Generator<ExportMessage> {
  const rng = createRng(seed)
  const chats = Math.max(1, Math.ceil(total / CHAT_SIZE))
  let n = 0
  for (let chat = 0; chat < chats && n < total; chat++) {
    let at = START + rng.int(30 * 86_400) * 1000
    const size = Math.min(CHAT_SIZE, total - n)
    for (let i = 0; i < size; i++, n++) {
      at += (60 + rng.int(3 * 86_400)) * 1000
      const own = rng.chance(0.4)
      const transfer = !own && rng.chance(0.01)
      const text = transfer ? `[转账] (客户${chat} 转账给 我) ￥${(50 + rng.int(500))}.00` : own ? rng.pick(LINES_OUT) : rng.pick(LINES_IN)
      yield { chat, own, at, text, serverId: String(9_000_000_000_000 + n), transfer }
    }
  }
}

export const chatId = (chat: number): string => `wxid_bench_${chat}`

/** Write the export under `dir` (one .jsonl per chat); returns files and bytes. */
export async function writeChatLabExport(dir: string, total: number, seed: number): Promise<{ files: number; bytes: number }> {
  fs.mkdirSync(dir, { recursive: true })
  let out: fs.WriteStream | null = null
  let current = -1
  let files = 0
  let bytes = 0
  const write = async (s: string) => {
    bytes += Buffer.byteLength(s)
    if (!out!.write(s)) await new Promise<void>((r) => { out!.once('drain', () => r()) })
  }
  const close = () => new Promise<void>((r) => { if (out) out.end(() => r()); else r() })
  for (const m of exportMessages(total, seed)) {
    if (m.chat !== current) {
      await close()
      current = m.chat
      files++
      out = fs.createWriteStream(path.join(dir, `客户${m.chat}.jsonl`))
      const name = `客户${m.chat}`
      await write(`${JSON.stringify({ _type: 'header', chatlab: { version: '0.0.2', exportedAt: 1767252000, generator: 'WeFlow' }, meta: { name, platform: 'wechat', type: 'private' } })}\n`)
      await write(`${JSON.stringify({ _type: 'member', platformId: IMPORT_ACCOUNT, accountName: '鲜果铺' })}\n`)
      await write(`${JSON.stringify({ _type: 'member', platformId: chatId(m.chat), accountName: name })}\n`)
    }
    const sender = m.own ? IMPORT_ACCOUNT : chatId(m.chat)
    await write(`${JSON.stringify({ _type: 'message', sender, accountName: m.own ? '鲜果铺' : `客户${m.chat}`, timestamp: m.at / 1000, type: m.transfer ? 99 : 0, content: m.text, platformMessageId: m.serverId })}\n`)
  }
  await close()
  return { files, bytes }
}

/** The same messages as the rows the import writes, for the raw baseline. */
export function* exportEvents(total: number, seed: number): Generator<ChatEvent> {
  for (const m of exportMessages(total, seed)) {
    const contactId = chatId(m.chat)
    yield {
      accountId: IMPORT_ACCOUNT, messageId: m.serverId, chat: 'private', direction: m.own ? 'out' : 'in', kind: m.transfer ? 'transfer' : 'text',
      rawType: m.transfer ? 11 : 7, at: m.at, text: m.text, talkerId: m.own ? IMPORT_ACCOUNT : contactId, talkerName: '', contactId,
    }
  }
}
