import readline from 'node:readline'
import type { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import type { MessageKind } from '../../platform/types.js'
import { isRecallText, readTransferText } from '../content.js'
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

/** Non-empty lines with their 1-based numbers; `#` lines are comments (ChatLab JSONL). */
export async function* readLines(text: Readable): AsyncGenerator<{ line: number; value: string }> {
  const rl = readline.createInterface({ input: text, crlfDelay: Infinity })
  let line = 0
  for await (const value of rl) {
    line++
    const trimmed = value.trim()
    if (trimmed === '' || trimmed.startsWith('#')) continue
    yield { line, value: trimmed }
  }
}

/** JSON object per line; a line that does not parse becomes a bad row. */
export async function* readJsonLines(source: ImportSource, text: Readable): AsyncGenerator<{ line: number; value: Record<string, unknown> } | ImportRow> {
  for await (const { line, value } of readLines(text)) {
    let parsed: unknown
    try {
      parsed = JSON.parse(value)
    } catch {
      yield { type: 'bad', file: source.name, line, reason: '不是一行 JSON' }
      continue
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      yield { type: 'bad', file: source.name, line, reason: '这一行不是 JSON 对象' }
      continue
    }
    yield { line, value: parsed as Record<string, unknown> }
  }
}

/** CSV records keyed by header, with the line each starts on; a broken file stops with one bad row. */
export async function* readCsv(source: ImportSource, text: Readable): AsyncGenerator<{ line: number; record: Record<string, string> } | ImportRow> {
  const parser = text.pipe(parse({
    columns: (header: string[]) => header.map((h) => h.trim()),
    relax_column_count: true, skip_empty_lines: true, info: true, trim: false,
  }))
  try {
    for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      yield { line: item.info.lines, record: item.record }
    }
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 0
    yield { type: 'bad', file: source.name, line, reason: `CSV 格式错误，文件余下部分没有读取（${(err as Error).message.slice(0, 80)}）` }
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

/** System rows: a recall notice is kept (as the live path logs it); other notices are not interactions. */
export function systemRow(base: Omit<MessageRow, 'kind' | 'type'>): ImportRow {
  if (isRecallText(base.text)) return { ...base, type: 'message', kind: 'recalled' }
  return { type: 'skip', file: base.file, line: base.line, reason: '系统提示' }
}

export const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v))

/** stream-json without per-character tokens for keys, strings and numbers (several times faster; values stay whole). */
export const PACKED = { packKeys: true, packStrings: true, packNumbers: true, streamKeys: false, streamStrings: false, streamNumbers: false }
