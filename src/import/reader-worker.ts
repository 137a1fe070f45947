import { parentPort, workerData } from 'node:worker_threads'
import { packBatch } from './columns.js'
import { readAll, type ReadItem, type ReadOptions } from './read-all.js'
import type { ImportSource } from './types.js'

/*
 * The reader thread of `tierbot import` (see reader-thread.ts): reads and prepares the export and
 * hands it over in packed batches, at most a few ahead of the writer (memory stays flat).
 */

export interface ReaderWorkerData {
  sources: ImportSource[]
  options: ReadOptions
  batch: number
  ahead: number
  /** [0]: batches the writer has taken so far (shared, so taking one costs no message). */
  taken: Int32Array
}

export type ReaderMessage =
  | { type: 'batch'; batch: ReturnType<typeof packBatch> }
  | { type: 'done' }
  | { type: 'error'; message: string; stack?: string }

/** Atomics.waitAsync (Node 16+; not yet in this TypeScript lib). */
interface AtomicsWaitAsync { waitAsync(a: Int32Array, index: number, value: number): { value: Promise<string> | string } }

const { sources, options, batch: BATCH, ahead: AHEAD, taken } = workerData as ReaderWorkerData
const port = parentPort!
let sent = 0

let bytes = 0
let file = ''
let items: ReadItem[] = []

async function send(): Promise<void> {
  for (;;) {
    const seen = Atomics.load(taken, 0)
    if (sent - seen < AHEAD) break
    // A pending waitAsync does not keep a thread alive by itself: the timer does, while waiting.
    const alive = setInterval(() => {}, 60_000)
    await (Atomics as unknown as AtomicsWaitAsync).waitAsync(taken, 0, seen).value
    clearInterval(alive)
  }
  sent++
  const batch = packBatch(items, bytes, file)
  items = []
  port.postMessage({ type: 'batch', batch } satisfies ReaderMessage)
}

try {
  for await (const item of readAll(sources, options, undefined, (b, f) => { bytes = b; file = f })) {
    items.push(item)
    if (items.length >= BATCH) await send()
  }
  await send()
  port.postMessage({ type: 'done' } satisfies ReaderMessage)
} catch (err) {
  port.postMessage({ type: 'error', message: (err as Error).message, stack: (err as Error).stack } satisfies ReaderMessage)
}
port.close()
{ const st = (await import('node:fs')).readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' '); if (process.env.TCPU) process.stderr.write(`worker cpu ${((Number(st[11]) + Number(st[12])) / 100).toFixed(2)}\n`) }
