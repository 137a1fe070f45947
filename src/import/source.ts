import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import iconv from 'iconv-lite'
import type { ImportSource } from './types.js'

/*
 * Inputs: files, folders (recursively) and standard input, decoded to text. Exports from Windows
 * tools arrive as UTF-8, UTF-8 with a BOM (MemoTrace, Excel "CSV UTF-8") or GBK (a CSV re-saved by
 * Excel or WPS on a Chinese Windows): 64 KB from the first byte that is not ASCII decide, checked as
 * strict UTF-8 (a head of ASCII-only rows, e.g. ids and image placeholders, decodes the same either way).
 */

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gbk'

/** Extensions read inside folders; anything else there (media, avatars) is not an export. */
const EXPORT_EXTENSIONS = new Set(['.json', '.jsonl', '.csv', '.txt'])
/** Files beside an export that are not one (PyWxDump's contact list is read by its reader). */
const SIDE_FILES = new Set(['users.json'])
const HEAD_BYTES = 64 * 1024
const SMALL_FILE_BYTES = 1024 * 1024
/** A stream is read ahead this far at most looking for its first non-ASCII text (kept in memory meanwhile). */
const MAX_ASCII_SCAN = 16 * 1024 * 1024
/** Bytes after the first non-ASCII one that the encoding is decided on (when the input has them). */
const DECIDE_BYTES = 4096

export interface ListedSources {
  sources: ImportSource[]
  /** Paths that do not exist. */
  missing: string[]
}

/** Expand the command's paths: '-' is standard input, folders are walked in natural name order. */
export function listSources(paths: string[]): ListedSources {
  const sources: ImportSource[] = []
  const missing: string[] = []
  for (const p of paths) {
    if (p === '-') {
      sources.push({ name: '-', path: null, size: null })
      continue
    }
    let stat: fs.Stats
    try {
      stat = fs.statSync(p)
    } catch {
      missing.push(p)
      continue
    }
    if (stat.isDirectory()) sources.push(...walk(path.resolve(p)))
    else sources.push({ name: p, path: path.resolve(p), size: stat.size })
  }
  return { sources, missing }
}

// One collator for the walk: localeCompare with options builds one per comparison (20k files: 300k of them).
const collator = new Intl.Collator('en', { numeric: true })
const natural = (a: string, b: string): number => collator.compare(a, b)

function walk(dir: string): ImportSource[] {
  const out: ImportSource[] = []
  // Natural order keeps PyWxDump's pages (…_5000_10000 before …_10000_15000) in time order.
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => natural(a.name, b.name))) {
    if (entry.name.startsWith('.')) continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...walk(full))
    else if (entry.isFile() && EXPORT_EXTENSIONS.has(path.extname(entry.name).toLowerCase()) && !SIDE_FILES.has(entry.name)) {
      out.push({ name: full, path: full, size: fs.statSync(full).size })
    }
  }
  return out
}

export interface OpenedText {
  encoding: TextEncoding
  /** The decoded start of the input (for format detection). */
  head: string
  /** The whole input, decoded, BOM removed. */
  text: Readable
  /** Bytes read so far (progress). */
  bytesRead(): number
}

/** Open a source as decoded text; `stdin` stands in for process.stdin (tests). */
export async function openText(source: ImportSource, stdin: NodeJS.ReadableStream = process.stdin): Promise<OpenedText> {
  // A small file (one chat) is read and decoded in one call: thousands of them cost thread-pool round
  // trips, not bytes. Bigger files and standard input stream. Both hand on strings (as the decoder stream does),
  // not the text turned back into bytes.
  if (source.path !== null && source.size !== null && source.size <= SMALL_FILE_BYTES) {
    const buffer = fs.readFileSync(source.path)
    const { encoding, whole } = decodeWhole(buffer)
    return { encoding, head: whole.slice(0, HEAD_BYTES), text: Readable.from([whole], { objectMode: false, encoding: 'utf8' }), bytesRead: () => buffer.length }
  }
  const raw: AsyncIterable<Buffer> = source.path ? fs.createReadStream(source.path, { highWaterMark: HEAD_BYTES }) : stdin as AsyncIterable<Buffer>
  const it = raw[Symbol.asyncIterator]()
  const buffered: Buffer[] = []
  let size = 0
  let ended = false
  // Where the first non-ASCII byte is (-1: none yet): the encoding is decided on the text after it.
  let firstHigh = -1
  while (size < HEAD_BYTES || (firstHigh < 0 ? size < MAX_ASCII_SCAN : size - firstHigh < DECIDE_BYTES)) {
    const next = await it.next()
    if (next.done) { ended = true; break }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value)
    if (firstHigh < 0) {
      const i = chunk.findIndex((b) => b >= 0x80)
      if (i >= 0) firstHigh = size + i
    }
    buffered.push(chunk)
    size += chunk.length
  }
  const head = Buffer.concat(buffered)
  const encoding = detectEncoding(head, ended)
  let bytes = 0
  async function* chunks(): AsyncGenerator<Buffer> {
    for (const b of buffered) { bytes += b.length; yield b }
    if (ended) return
    for (;;) {
      const next = await it.next()
      if (next.done) return
      const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value)
      bytes += chunk.length
      yield chunk
    }
  }
  const codec = encoding === 'gbk' ? 'gb18030' : 'utf8'
  const text = Readable.from(chunks(), { objectMode: false }).pipe(iconv.decodeStream(codec, { stripBOM: true })) as unknown as Readable
  const headText = iconv.decode(head.subarray(0, Math.min(head.length, HEAD_BYTES)), codec, { stripBOM: true })
  return { encoding, head: headText, text, bytesRead: () => bytes }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/** A whole small file: strict UTF-8 without a BOM (the usual case) is decoded once, not checked and then decoded. */
export function decodeWhole(buffer: Buffer): { encoding: TextEncoding; whole: string } {
  const bom = buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf
  if (!bom) {
    try {
      return { encoding: 'utf-8', whole: strictUtf8.decode(buffer) }
    } catch { /* not strict UTF-8 throughout: decide from the head, as for a stream */ }
  }
  const encoding = detectEncoding(buffer, true)
  return { encoding, whole: iconv.decode(buffer, encoding === 'gbk' ? 'gb18030' : 'utf8', { stripBOM: true }) }
}

/**
 * BOM → UTF-8; valid strict UTF-8 → UTF-8; otherwise GBK (GB18030, its superset). Judged on 64 KB from
 * the first non-ASCII byte; `complete`: `head` is the whole input (no character cut off at its end).
 */
export function detectEncoding(input: Buffer, complete: boolean): TextEncoding {
  if (input.length >= 3 && input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) return 'utf-8-bom'
  const start = input.findIndex((b) => b >= 0x80)
  if (start < 0) return 'utf-8'
  const head = input.subarray(start, start + HEAD_BYTES)
  complete = complete && start + HEAD_BYTES >= input.length
  const decoder = new TextDecoder('utf-8', { fatal: true })
  // A chunk may end inside a multi-byte character: allow up to 3 cut-off bytes unless the input ended.
  const cuts = complete ? [0] : [0, 1, 2, 3]
  for (const cut of cuts) {
    try {
      decoder.decode(head.subarray(0, head.length - cut))
      return 'utf-8'
    } catch { /* try a shorter prefix */ }
  }
  return 'gbk'
}
