import fs from 'node:fs'
import type Database from 'better-sqlite3'
import type { ChatEvent } from '../src/platform/types.js'
import type { RawInserter } from './raw.js'
import type { MessageStream } from './synth.js'

/*
 * Ingest through the app next to the raw INSERT, interleaved chunk by chunk: both see the same rows at
 * the same database size and the same machine state, so their ratio is fair. Generating the messages
 * is outside the timed sections.
 */

export interface IngestPhaseInput {
  stream: MessageStream
  /** The app's path: the platform hands the ChatEvent to the app's message handler. */
  deliver(event: ChatEvent): void | Promise<void>
  /** Advance the app's clock to the message's time (live traffic arrives when it is sent). */
  setNow(at: number): void
  perRow?: RawInserter
  batch?: RawInserter
  chunk: number
  /** Stop after this many messages (default: until the stream ends). */
  limit?: number
  onProgress?(done: number): void
}

export interface IngestPhaseResult {
  messages: number
  appMs: number
  rawPerRowMs: number
  rawBatchMs: number
}

export async function runIngestPhase(input: IngestPhaseInput): Promise<IngestPhaseResult> {
  const result: IngestPhaseResult = { messages: 0, appMs: 0, rawPerRowMs: 0, rawBatchMs: 0 }
  for (;;) {
    const events = input.stream.take(Math.min(input.chunk, (input.limit ?? Infinity) - result.messages))
    if (events.length === 0) break
    const t0 = performance.now()
    for (const event of events) {
      input.setNow(event.at)
      const pending = input.deliver(event)
      if (pending) await pending
    }
    result.appMs += performance.now() - t0
    if (input.perRow) result.rawPerRowMs += input.perRow.insertPerRow(events)
    if (input.batch) result.rawBatchMs += input.batch.insertBatch(events)
    result.messages += events.length
    input.onProgress?.(result.messages)
  }
  return result
}

/**
 * Pages written per transaction, counted from the WAL (deterministic, unlike timings on a shared
 * machine): checkpoint, stop auto-checkpoints, run `fn`, count the frames it appended. Given
 * `byTable`, it also gets the frames per table or index (from dbstat), to see where the pages go.
 */
export async function countWalPages(sqlite: Database.Database, file: string, fn: () => Promise<unknown> | unknown, byTable?: Record<string, number>): Promise<number> {
  sqlite.pragma('wal_checkpoint(TRUNCATE)')
  const autocheckpoint = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number
  sqlite.pragma('wal_autocheckpoint = 0')
  try {
    await fn()
    const pageSize = sqlite.pragma('page_size', { simple: true }) as number
    const walBytes = fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0
    if (byTable) Object.assign(byTable, framesByTable(sqlite, `${file}-wal`, pageSize))
    // A WAL file is a 32-byte header and frames of (24-byte header + page).
    return Math.max(0, (walBytes - 32) / (pageSize + 24))
  } finally {
    sqlite.pragma(`wal_autocheckpoint = ${autocheckpoint}`)
  }
}

/** Frames in the WAL per b-tree (table or index) they belong to; each frame header starts with its page number. */
function framesByTable(sqlite: Database.Database, wal: string, pageSize: number): Record<string, number> {
  if (!fs.existsSync(wal)) return {}
  const owner = new Map<number, string>()
  for (const r of sqlite.prepare('SELECT name, pageno FROM dbstat').iterate() as IterableIterator<{ name: string; pageno: number }>) owner.set(r.pageno, r.name)
  const buf = fs.readFileSync(wal)
  const out: Record<string, number> = {}
  for (let off = 32; off + 24 + pageSize <= buf.length; off += 24 + pageSize) {
    const name = owner.get(buf.readUInt32BE(off)) ?? 'other'
    out[name] = (out[name] ?? 0) + 1
  }
  return out
}
