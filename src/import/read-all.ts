import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Readable } from 'node:stream'
import { clampText, rawTypeOf } from '../platform/message-kind.js'
import type { ChatEvent, MessageKind } from '../platform/types.js'
import { detectSignals, listSignalKinds, type Signals, type SignalsConfig } from '../signals/detect.js'
import { countsForStats } from '../stats/apply.js'
import { detectFormat, EXPECTED_FORMATS, FORMAT_NAMES, readerFor, type Shape } from './detect.js'
import { hasChunks } from './readers/common.js'
import { messageKey, personKey } from './people.js'
import { openText, type TextEncoding } from './source.js'
import type { FoldRules, StatsFold } from './fold.js'
import type { ExportPerson, ImportFormat, ImportRow, ImportSource, MessageRow, OrderRow, TierRow, BirthdayRow, BadRow, SkipRow } from './types.js'

/*
 * Reading an export up to what needs the database: files are detected and read, and each message is
 * turned into everything that depends on the message alone (its exactly-once key, kind, signals and
 * tags, which are pure functions of it). Nothing here touches the database, so the same steps run in
 * the reader thread (reader-worker.ts) while the main thread writes, or in line (standard input).
 */

export interface ReadOptions {
  format: ImportFormat | 'auto'
  timeZone: string
  self?: string
  signals: SignalsConfig
  /** Rows dated later than this (epoch ms) are bad rows: a year typed wrong would keep a contact "active" for decades. */
  notAfter?: number
  /** The writer's settings for folding each person's messages on the reader thread (fold.ts); none: no folds. */
  fold?: FoldRules
}

/**
 * A message with what can be worked out without the database. It is already the ChatEvent the live
 * path would log: the writer fills in who it concerns (accountId, contactId, talker, listener) once
 * `customer` is resolved, and writes the same object (one object per message on the writer's side).
 */
export interface PreparedMessage extends ChatEvent {
  type: 'message'
  own: boolean
  customer: ExportPerson | null
  amountFen: number | null
  /**
   * Null: the message does not count for the stats (countsForStats), or it is a private chat's message from
   * the reader thread, which hands over its person's fold instead (the writer reads it again if it needs it).
   */
  signals: Signals | null
  /** The interaction's `signals` column. */
  tags: string | null
  /** It counts for the stats (countsForStats). */
  counts: boolean
  /** A customer's transfer: payment evidence (signals.payment). */
  payment: boolean
  /** The person's counted messages of the batch, folded on the reader thread (fold.ts); null: none. */
  fold: StatsFold | null
}

/** The one shape of a prepared message (fields in one order, so every one shares V8's hidden class). */
export function preparedMessage(m: {
  messageId: string; chat: 'private' | 'group'; own: boolean; customer: ExportPerson | null; kind: MessageKind; at: number; text: string
  roomId: string | undefined; roomTopic: string | undefined; amountFen: number | null; signals: Signals | null; tags: string | null
  counts: boolean; payment: boolean; fold: StatsFold | null
}): PreparedMessage {
  return {
    type: 'message', accountId: '', messageId: m.messageId, chat: m.chat, direction: m.own ? 'out' : 'in', kind: m.kind,
    rawType: rawTypeOf(m.kind), at: m.at, text: m.text, talkerId: '', talkerName: '', contactId: '', listenerId: undefined,
    roomId: m.roomId, roomTopic: m.roomTopic, own: m.own, customer: m.customer, amountFen: m.amountFen, signals: m.signals, tags: m.tags,
    counts: m.counts, payment: m.payment, fold: m.fold,
  }
}

export interface FileMark { type: 'file'; file: string; format: ImportFormat; encoding: TextEncoding }
export interface RefusedMark { type: 'refused'; file: string; reason: string }

export type ReadItem = PreparedMessage | OrderRow | TierRow | BirthdayRow | BadRow | SkipRow | FileMark | RefusedMark

export function prepareMessage(row: MessageRow, signalsConfig: SignalsConfig): PreparedMessage {
  const chatKey = row.chat === 'group' ? (row.roomId ?? '') : row.customer ? personKey(row.customer) : ''
  const senderKey = row.own ? 'self' : row.customer ? personKey(row.customer) : ''
  const text = clampText(row.text)
  const direction = row.own ? 'out' as const : 'in' as const
  const counts = countsForStats({ chat: row.chat, direction, kind: row.kind, text })
  const signals = counts ? detectSignals({ text, kind: row.kind, chat: row.chat, direction }, signalsConfig) : null
  let tags: string | null = null
  if (signals) {
    const kinds: string[] = listSignalKinds(signals)
    if (signals.personas.length > 0) kinds.push('persona')
    tags = kinds.length > 0 ? kinds.join(',') : null
  }
  return preparedMessage({
    messageId: messageKey({ serverId: row.serverId, chatId: chatKey, senderId: senderKey, at: row.at, kind: row.kind, text }),
    chat: row.chat, own: row.own, customer: row.customer, kind: row.kind, at: row.at, text,
    roomId: row.roomId, roomTopic: row.roomTopic, amountFen: row.amountFen ?? null, signals, tags,
    counts: signals !== null, payment: signals?.payment === true, fold: null,
  })
}

/**
 * Every source in turn: detected (or refused), read, messages prepared. `onBytes` hears the bytes
 * read so far across all sources (for the progress display).
 */
export async function* readAll(sources: ImportSource[], options: ReadOptions, stdin?: NodeJS.ReadableStream,
  onBytes?: (bytes: number, file: string) => void): AsyncGenerator<ReadItem> {
  for await (const items of readAllChunks(sources, options, stdin, onBytes)) yield* items
}

/** readAll, a chunk of items at a time (as the readers hand them over). */
export async function* readAllChunks(sources: ImportSource[], options: ReadOptions, stdin?: NodeJS.ReadableStream,
  onBytes?: (bytes: number, file: string) => void): AsyncGenerator<ReadItem[]> {
  let bytesBefore = 0
  let n = 0
  for (const source of sources) {
    const opened = await openText(source, stdin)
    if (opened.head.trim() === '') {
      // An empty file (an export that was cancelled, a copy that failed) is not "an unknown format".
      opened.text.destroy()
      yield [{ type: 'refused', file: source.name, reason: '文件是空的：请重新导出这个聊天' }]
      continue
    }
    if (/\.xlsx?$/i.test(source.name) || opened.head.startsWith('PK\u0003\u0004')) {
      // An order export from 微店/有赞 opened straight from the shop's back office is a workbook, not text.
      opened.text.destroy()
      yield [{ type: 'refused', file: source.name, reason: '这是 Excel 表格：请在 Excel / WPS 里「另存为」CSV（逗号分隔）再导入' }]
      continue
    }
    const detected = detectFormat(opened.head)
    let format: ImportFormat
    let shape: Shape
    if (options.format === 'auto') {
      if (!detected) {
        opened.text.destroy()
        yield [{ type: 'refused', file: source.name, reason: `认不出格式。支持：${EXPECTED_FORMATS}` }]
        continue
      }
      ({ format, shape } = detected)
    } else {
      format = options.format
      shape = detected?.shape ?? (opened.head.trimStart().startsWith('{') || opened.head.trimStart().startsWith('[') ? 'json' : 'csv')
      if (opened.head.trimStart().startsWith('{') && shape === 'json' && format !== 'weflow' && format !== 'chatlab') shape = 'jsonl'
      // A file that is plainly another format is refused, not read row by row into a page of errors
      // (WeFlow's JSONL is ChatLab's: either name reads it).
      if (detected && readerFor(detected.format, detected.shape) !== readerFor(format, shape)) {
        opened.text.destroy()
        yield [{ type: 'refused', file: source.name, reason: `内容是${FORMAT_NAMES[detected.format]}，不是 --format 指定的${FORMAT_NAMES[format]}：去掉 --format 让它自动识别` }]
        continue
      }
    }
    yield [{ type: 'file', file: source.name, format, encoding: opened.encoding }]
    const reader = readerFor(format, shape)
    let text = opened.text
    let reopen = source.path ? async () => (await openText(source)).text : undefined
    // A reader that reads twice (MemoTrace: who is in the chat, then the rows) gets standard input
    // spooled to a temporary file, decoded, so `-` works for every format.
    const spool = !source.path && format === 'memotrace' ? await spoolText(opened.text) : null
    try {
      if (spool) {
        const spooled = { name: source.name, path: spool, size: fs.statSync(spool).size }
        text = (await openText(spooled)).text
        reopen = async () => (await openText(spooled)).text
      }
      const rows: AsyncIterable<ImportRow> = reader({ source, text, head: opened.head, context: { timeZone: options.timeZone, self: options.self }, reopen })
      const prepare = (row: ImportRow): ReadItem => {
        if ((row.type === 'message' || row.type === 'order') && options.notAfter !== undefined && row.at > options.notAfter) {
          return { type: 'bad', file: row.file, line: row.line, reason: `时间在未来：${new Date(row.at).toISOString().slice(0, 10)}（年份写错了？）` }
        }
        return row.type === 'message' ? prepareMessage(row, options.signals) : row
      }
      if (hasChunks(rows)) {
        for await (const chunk of rows.chunks()) {
          const items: ReadItem[] = new Array(chunk.length)
          for (let i = 0; i < chunk.length; i++) items[i] = prepare(chunk[i])
          onBytes?.(bytesBefore + opened.bytesRead(), source.name)
          yield items
        }
      } else {
        for await (const row of rows) {
          yield [prepare(row)]
          if ((++n & 1023) === 0) onBytes?.(bytesBefore + opened.bytesRead(), source.name)
        }
      }
    } finally {
      if (spool) fs.rmSync(path.dirname(spool), { recursive: true, force: true })
    }
    // Batches run across files: an export of many small chats commits every batch, not per file.
    bytesBefore += opened.bytesRead()
    onBytes?.(bytesBefore, source.name)
  }
}

/** Decoded text into a private temporary file (UTF-8); the caller removes its folder. */
async function spoolText(text: Readable): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-stdin-'))
  const file = path.join(dir, 'stdin.csv')
  await pipeline(text, fs.createWriteStream(file, { mode: 0o600 }))
  return file
}
