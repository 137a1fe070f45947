import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { MessagePool, unpackBatch } from './columns.js'
import { readAllChunks, type ReadItem, type ReadOptions } from './read-all.js'
import type { ReaderMessage, ReaderWorkerData } from './reader-worker.js'
import type { ImportSource } from './types.js'

/*
 * Reading an export and writing it overlap: files are read, parsed and prepared (keys, signals) in a
 * worker thread while this thread writes the previous batch. While that thread starts, this one reads
 * the first small files itself; the thread goes on from the first file not read yet. Standard input
 * is read in line (a worker cannot share it). Batches arrive in file order; the reader stays at most
 * `AHEAD` batches ahead, so memory does not grow with the file.
 */

export interface ReadBatch { items: ReadItem[]; bytes: number; file: string }

/** Items per handed-over batch, and how many batches the reader may run ahead. */
const BATCH = 1000
const AHEAD = 4
/** Files up to this size are read on the writer's thread while the reader thread starts. */
const IN_LINE_MAX_BYTES = 1024 * 1024
/**
 * The reader's own heap (MB): it holds a few batches and at most one small file whole. The young
 * generation is where nearly all its garbage dies: at 4 MB it was scavenged every few hundred messages
 * and garbage collection took a quarter of the thread (2M messages: 22–23 s of process CPU); 16 MB
 * took 21 s at the same peak RSS once the rest of the process had slimmed down (it was 250–275 MB
 * with V8's defaults, 228–241 with 4–8 MB, in earlier rounds).
 */
const READER_HEAP_MB = 32
const READER_YOUNG_MB = 16

const HERE = path.dirname(fileURLToPath(import.meta.url))
const EXT = path.extname(fileURLToPath(import.meta.url))

export interface BatchReader extends AsyncIterable<ReadBatch> {
  /** Stop reading (the run failed before or while reading). */
  close(): Promise<void>
}

/** Starts reading at once (the reader thread starts while the caller opens the database). */
export function readBatches(sources: ImportSource[], options: ReadOptions, stdin?: NodeJS.ReadableStream,
  /** Tests: -1 hands every file to the reader thread, Infinity reads every one on this thread. */
  inLineMaxBytes = IN_LINE_MAX_BYTES,
  /** Message objects to unpack the thread's batches into (the writer hands them back, see MessagePool). */
  pool?: MessagePool): BatchReader {
  if (sources.some((s) => s.path === null) || inLineMaxBytes === Infinity) {
    return { [Symbol.asyncIterator]: () => readInLine(sources, options, stdin), close: async () => {} }
  }
  return readInWorker(sources, options, inLineMaxBytes, pool)
}

async function* readInLine(sources: ImportSource[], options: ReadOptions, stdin?: NodeJS.ReadableStream): AsyncGenerator<ReadBatch> {
  let bytes = 0
  let file = ''
  let items: ReadItem[] = []
  for await (const chunk of readAllChunks(sources, options, stdin, (b, f) => { bytes = b; file = f })) {
    for (const item of chunk) {
      items.push(item)
      if (items.length >= BATCH) {
        yield { items, bytes, file }
        items = []
      }
    }
  }
  yield { items, bytes, file }
}

function startWorker(data: ReaderWorkerData): Worker {
  const entry = path.join(HERE, `reader-worker${EXT}`)
  const resourceLimits = { maxOldGenerationSizeMb: READER_HEAP_MB, maxYoungGenerationSizeMb: READER_YOUNG_MB }
  if (EXT !== '.ts') return new Worker(entry, { workerData: data, resourceLimits })
  // Run from TypeScript sources (tsx, vitest): the thread registers the tsx loader first.
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(entry).href)}) })`
  return new Worker(code, { eval: true, workerData: data, resourceLimits })
}

function readInWorker(sources: ImportSource[], options: ReadOptions, inLineMaxBytes: number, pool: MessagePool | undefined): BatchReader {
  const shared = new Int32Array(new SharedArrayBuffer(12))
  const worker = startWorker({ sources, options, batch: BATCH, ahead: AHEAD, shared })
  const queue: ReaderMessage[] = []
  let failure: Error | null = null
  let exited = false
  let wake: (() => void) | null = null
  const notify = () => { wake?.(); wake = null }
  worker.on('message', (m: ReaderMessage) => { queue.push(m); notify() })
  worker.on('error', (err) => { failure = err; notify() })
  worker.on('exit', (code) => {
    exited = true
    if (code !== 0 && !failure) failure = new Error(`the import's reader thread stopped (exit code ${code})`)
    notify()
  })
  const close = async () => { if (!exited) await worker.terminate() }
  async function* batches(): AsyncGenerator<ReadBatch> {
    try {
      // While the thread starts (loading its modules takes a few hundred ms), small files are read here.
      let from = 0
      let before = 0
      let items: ReadItem[] = []
      while (from < sources.length && Atomics.load(shared, 1) === 0 && (sources[from].size ?? Infinity) <= inLineMaxBytes) {
        let bytes = 0
        for await (const chunk of readAllChunks([sources[from]], options, undefined, (b) => { bytes = b })) {
          for (const item of chunk) {
            items.push(item)
            if (items.length >= BATCH) {
              yield { items, bytes: before + bytes, file: sources[from].name }
              items = []
            }
          }
        }
        before += bytes
        from++
      }
      if (items.length > 0) yield { items, bytes: before, file: sources[from - 1].name }
      if (from === sources.length) return
      Atomics.store(shared, 2, from + 1)
      Atomics.notify(shared, 2)
      for (;;) {
        while (queue.length === 0) {
          if (failure) throw failure
          if (exited) throw new Error('the import\'s reader thread stopped before the end of the input')
          await new Promise<void>((r) => { wake = r })
        }
        const m = queue.shift()!
        if (m.type === 'done') return
        if (m.type === 'error') throw Object.assign(new Error(m.message), { stack: m.stack })
        // One more batch may be read while this one is written (the reader thread is not woken from
        // here: it looks again within a millisecond, see reader-worker.ts).
        Atomics.add(shared, 0, 1)
        yield { items: unpackBatch(m.batch, pool), bytes: before + m.batch.bytes, file: m.batch.file }
      }
    } finally {
      await close()
    }
  }
  return { [Symbol.asyncIterator]: batches, close }
}
