import { parentPort, workerData } from 'node:worker_threads'
import { BatchPacker, type PackedBatch } from './columns.js'
import { readAllChunks, type ReadOptions } from './read-all.js'
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
  /**
   * Shared counters (no messages needed): [0] batches the writer has taken so far; [1] 1 once this
   * thread is ready; [2] 1 + the index of the first source this thread reads (0: not told yet).
   */
  shared: Int32Array
}

export type ReaderMessage =
  | { type: 'batch'; batch: PackedBatch }
  | { type: 'done' }
  | { type: 'error'; message: string; stack?: string }

/** Atomics.waitAsync (Node 16+; not yet in this TypeScript lib). */
interface AtomicsWaitAsync { waitAsync(a: Int32Array, index: number, value: number, timeoutMs?: number): { value: Promise<string> | string } }

/**
 * How often (ms) this thread looks whether the writer took a batch, while it is ahead. The writer does
 * not wake it: Atomics.notify to a waiting thread cost the writing thread about a millisecond per batch
 * in profiles on a busy 2-core machine (a tenth of its time), and the few batches queued ahead cover
 * the delay.
 */
const POLL_MS = 1

const { sources, options, batch: BATCH, ahead: AHEAD, shared } = workerData as ReaderWorkerData
const port = parentPort!
let sent = 0

let bytes = 0
let file = ''
// Each person's private-chat counters and intent score are folded here, in the writer's settings (fold.ts).
const packer = new BatchPacker(BATCH, options.fold)

/** Wait until shared[index] is no longer `value` (woken by notify, or looking every `pollMs`). */
async function waitWhile(index: number, value: number, pollMs?: number): Promise<void> {
  // A pending waitAsync does not keep a thread alive by itself: the timer does, while waiting.
  const alive = setInterval(() => {}, 60_000)
  while (Atomics.load(shared, index) === value) await (Atomics as unknown as AtomicsWaitAsync).waitAsync(shared, index, value, pollMs).value
  clearInterval(alive)
}

async function send(): Promise<void> {
  for (;;) {
    const seen = Atomics.load(shared, 0)
    if (sent - seen < AHEAD) break
    await waitWhile(0, seen, POLL_MS)
  }
  sent++
  const batch = packer.take(bytes, file)
  // The typed arrays move to the writer's thread (no copy).
  const moved = [batch.at, batch.amount, batch.flags, batch.kind, batch.room, batch.topic, batch.tags, batch.fold, batch.signals, batch.person].map((a) => a.buffer as ArrayBuffer)
  port.postMessage({ type: 'batch', batch } satisfies ReaderMessage, moved)
}

// Ready (modules loaded): the writer's thread, which read the first small files itself meanwhile, says where to go on.
Atomics.store(shared, 1, 1)
Atomics.notify(shared, 1)
while (Atomics.load(shared, 2) === 0) await waitWhile(2, 0)
const from = Atomics.load(shared, 2) - 1

try {
  for await (const items of readAllChunks(sources.slice(from), options, undefined, (b, f) => { bytes = b; file = f })) {
    for (const item of items) {
      packer.add(item)
      if (packer.size >= BATCH) await send()
    }
  }
  await send()
  port.postMessage({ type: 'done' } satisfies ReaderMessage)
} catch (err) {
  port.postMessage({ type: 'error', message: (err as Error).message, stack: (err as Error).stack } satisfies ReaderMessage)
}
port.close()
