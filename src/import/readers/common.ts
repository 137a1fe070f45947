import { StringDecoder } from 'node:string_decoder'
import type { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import type { MessageKind } from '../../platform/types.js'
import { isOwnRecallText, isRecallText, readTransferText } from '../content.js'
import type { ImportRow, ImportSource, MessageRow, ReaderContext } from '../types.js'

/*
 * What the readers share: line and CSV streams with line numbers, and turning a payment or system
 * message's text into the message kind the live path uses.
 */

export interface ReaderInput {
  source: ImportSource
  text: Readable
  /** The decoded start of the input (already part of `text`). */
  head: string
  context: ReaderContext
  /** Open the same input again (two-pass formats); undefined for standard input. */
  reopen?: () => Promise<Readable>
}

export type Reader = (input: ReaderInput) => AsyncIterable<ImportRow>

/** Rows that can also be taken a chunk of input at a time: one async step per chunk, not per row. */
export interface ChunkedRows extends AsyncIterable<ImportRow> {
  chunks(): AsyncIterable<ImportRow[]>
}

export function hasChunks(rows: AsyncIterable<ImportRow>): rows is ChunkedRows {
  return typeof (rows as Partial<ChunkedRows>).chunks === 'function'
}

/**
 * Non-empty lines with their 1-based numbers; `#` lines are comments (ChatLab JSONL). Split by hand
 * rather than with node:readline (same line breaks: \n, \r\n, a lone \r), chunk by chunk: readline's
 * events and per-line promises cost more than parsing the line on a big export.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8')
  private rest = ''
  private line = 0

  /** The complete lines the chunk ends (a trailing \r waits for the next chunk: it may be half of \r\n). */
  push(chunk: string | Buffer): Array<{ line: number; value: string }> {
    return this.split(this.rest + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk)), false)
  }

  /** What is left after the last chunk. */
  end(): Array<{ line: number; value: string }> {
    return this.split(this.rest + this.decoder.end(), true)
  }

  private split(s: string, last: boolean): Array<{ line: number; value: string }> {
    const out: Array<{ line: number; value: string }> = []
    const breaks = lineBreaks(s)
    let start = 0
    while (start < s.length) {
      let end = breaks.next(start)
      if (end < 0 || (end === s.length - 1 && s.charCodeAt(end) === CR)) {
        if (!last) break
        if (end < 0) end = s.length
      }
      this.line++
      const trimmed = s.slice(start, end).trim()
      start = end + (s.charCodeAt(end) === CR && s.charCodeAt(end + 1) === LF ? 2 : 1)
      if (trimmed !== '' && trimmed.charCodeAt(0) !== HASH) out.push({ line: this.line, value: trimmed })
    }
    this.rest = last ? '' : s.slice(start)
    return out
  }
}

const CR = 13
const LF = 10
const HASH = 35

/** Positions of \n and \r in `s`, found left to right (each indexOf scans forward once, not once per line). */
function lineBreaks(s: string): { next(from: number): number } {
  let lf = -2
  let cr = s.indexOf('\r') < 0 ? -1 : -2
  return {
    next(from) {
      if (lf !== -1 && lf < from) lf = s.indexOf('\n', from)
      if (cr !== -1 && cr < from) cr = s.indexOf('\r', from)
      return cr < 0 ? lf : lf < 0 ? cr : Math.min(lf, cr)
    },
  }
}

/**
 * JSON object per line, turned into rows by `toRow` (null: nothing to hand on); a line that does not
 * parse becomes a bad row. Lines are split, parsed and turned into rows synchronously per chunk, and
 * handed on a chunk at a time (each step of an async generator costs promises; per row, on a big
 * export, that was a good part of the reader thread's time).
 */
export function readJsonLines(source: ImportSource, text: Readable, toRow: (value: Record<string, unknown>, line: number) => ImportRow | null): ChunkedRows {
  const chunks = () => readJsonLineChunks(source, text, toRow)
  return {
    chunks,
    async* [Symbol.asyncIterator]() {
      for await (const rows of chunks()) yield* rows
    },
  }
}

async function* readJsonLineChunks(source: ImportSource, text: Readable, toRow: (value: Record<string, unknown>, line: number) => ImportRow | null): AsyncGenerator<ImportRow[]> {
  const splitter = new LineSplitter()
  const rowOf = (line: number, value: string): ImportRow | null => {
    let parsed: unknown
    try {
      parsed = JSON.parse(value)
    } catch {
      return { type: 'bad', file: source.name, line, reason: '不是一行 JSON' }
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { type: 'bad', file: source.name, line, reason: '这一行不是 JSON 对象' }
    return toRow(parsed as Record<string, unknown>, line)
  }
  const rowsOf = (lines: Array<{ line: number; value: string }>): ImportRow[] => {
    const rows: ImportRow[] = []
    for (const { line, value } of lines) {
      const row = rowOf(line, value)
      if (row) rows.push(row)
    }
    return rows
  }
  for await (const chunk of text as AsyncIterable<string | Buffer>) {
    const rows = rowsOf(splitter.push(chunk))
    if (rows.length > 0) yield rows
  }
  const rows = rowsOf(splitter.end())
  if (rows.length > 0) yield rows
}

/**
 * CSV records keyed by header, with the line each starts on; a broken file stops with one bad row.
 * The parser is fed chunk by chunk and hands records over as it parses them (`on_record`), so a file
 * that breaks off (an unclosed quote at the end) still yields every record before the break: through
 * the stream's own buffer they would be dropped with the error.
 */
export async function* readCsv(source: ImportSource, text: Readable): AsyncGenerator<{ line: number; record: Record<string, string> } | ImportRow> {
  const parsed: Array<{ line: number; record: Record<string, string> }> = []
  let failure: (Error & { lines?: number }) | undefined
  const parser = parse({
    columns: (header: string[]) => header.map((h) => h.trim()),
    relax_column_count: true, skip_empty_lines: true, trim: false,
    on_record: (record: Record<string, string>, info: { lines: number }) => {
      parsed.push({ line: info.lines, record })
      return null
    },
  })
  parser.on('error', (err: Error) => { failure ??= err })
  const take = () => parsed.splice(0, parsed.length)
  try {
    for await (const chunk of text) {
      parser.write(chunk)
      yield* take()
      if (failure) break
    }
    if (!failure) await new Promise<void>((resolve) => parser.end(() => resolve()).once('error', () => resolve()))
  } catch (err) {
    failure ??= err as Error
  } finally {
    if (failure) text.destroy()
  }
  yield* take()
  if (failure) {
    yield { type: 'bad', file: source.name, line: failure.lines ?? 0, reason: `CSV 格式错误，文件余下部分没有读取（${failure.message.slice(0, 80)}）` }
  }
}

export function isRow(x: unknown): x is ImportRow {
  return typeof x === 'object' && x !== null && 'type' in x && 'file' in x
}

/** A payment message: amount and receipt read from its text (receipts are not new payments). */
export function transferKind(text: string, fallbackAmount: number | null = null): { kind: MessageKind; amountFen: number | null } {
  const t = readTransferText(text)
  if (t?.receipt) return { kind: 'unknown', amountFen: null }
  return { kind: 'transfer', amountFen: t?.amountFen ?? fallbackAmount }
}

export type MessageBase = Omit<MessageRow, 'kind' | 'type' | 'amountFen'>

/**
 * A message row from what a reader read and the kind it found. Spelled out rather than
 * `{ ...base, kind }`: V8's spread plus extra keys cost microseconds per row, more than parsing the line.
 */
export function messageRow(base: MessageBase, kind: MessageKind, amountFen?: number | null): MessageRow {
  return {
    type: 'message', file: base.file, line: base.line, chat: base.chat, roomId: base.roomId, roomTopic: base.roomTopic,
    own: base.own, customer: base.customer, at: base.at, kind, text: base.text, serverId: base.serverId, amountFen,
  }
}

/** The skip reason of a group recall notice that names no sender. */
export const NO_SENDER_RECALL = '撤回提示（没写是谁）'

/** System rows: a recall notice is kept (as the live path logs it); other notices are not interactions. */
export function systemRow(base: MessageBase): ImportRow {
  if (!isRecallText(base.text)) return { type: 'skip', file: base.file, line: base.line, reason: '系统提示' }
  // 你撤回了一条消息: the merchant's own message was recalled (in a group it concerns no customer).
  if (isOwnRecallText(base.text)) return messageRow({ ...base, own: true, customer: base.chat === 'group' ? null : base.customer }, 'recalled')
  // A group notice whose row names no sender (MemoTrace leaves system rows blank): nobody to give it to,
  // and a nameless person would be kept and listed as unmatched.
  if (base.chat === 'group' && !base.own && (!base.customer || (!base.customer.id && !base.customer.name && !base.customer.remark))) {
    return { type: 'skip', file: base.file, line: base.line, reason: NO_SENDER_RECALL }
  }
  return messageRow(base, 'recalled')
}

/**
 * A server message id as an export holds it, or undefined: '0' (none) and ids a spreadsheet turned into
 * 4.71058E+18 (Excel/WPS re-saving the file) would make different messages one; the hash keys them then.
 */
export function serverIdOf(value: string | undefined): string | undefined {
  if (!value || value === '0') return undefined
  // Cheap first (every row of a big export passes here): only a value with an E can be 4.71058E+18.
  if ((value.includes('E') || value.includes('e')) && SCIENTIFIC.test(value)) return undefined
  return value
}

const SCIENTIFIC = /^\s*\d+(\.\d+)?e[+-]?\d+\s*$/i

/**
 * A server id given as a JSON value. The export tools write it as a string; a JSON number beyond 2^53 (a
 * 64-bit id some other tool wrote bare) has lost its last digits in parsing, so two messages could share
 * one and the second would be taken for a copy: such a number is no id (the message is keyed by its hash).
 */
export function jsonServerId(value: unknown): string | undefined {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) return undefined
  return serverIdOf(str(value))
}

export const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v))

/**
 * The text through stream-json's stages. A parse error in an early stage (an export cut off mid-way,
 * a file that is no JSON) would be unhandled with plain `.pipe()` and kill the process; here it ends
 * the next stage instead, so every value already parsed still comes out, and `failure()` tells the
 * reader afterwards, which reports the file and the line it reached and lets the import go on.
 */
export function jsonStages(text: Readable, ...stages: NodeJS.ReadWriteStream[]): { output: Readable; failure(): Error | undefined } {
  let failure: Error | undefined
  const chain: NodeJS.ReadableStream[] = [text, ...stages]
  for (let i = 0; i < stages.length; i++) {
    const from = chain[i]
    const to = stages[i]
    from.pipe(to)
    from.on('error', (err: Error) => {
      failure ??= err
      from.unpipe(to)
      to.end()
    })
  }
  return { output: chain[chain.length - 1] as Readable, failure: () => failure }
}

/** The row a reader reports when the JSON breaks off: where, and that the rest of the file was not read. */
export function jsonBroken(file: string, line: number, err: Error): ImportRow {
  return { type: 'bad', file, line, reason: `JSON 格式错误，文件余下部分没有读取（${err.message.slice(0, 80)}）` }
}

/** stream-json without per-character tokens for keys, strings and numbers (several times faster; values stay whole). */
export const PACKED = { packKeys: true, packStrings: true, packNumbers: true, streamKeys: false, streamStrings: false, streamNumbers: false }
