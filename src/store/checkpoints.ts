import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { Logger } from '../shared/logger.js'
import { connectionKey, type Db } from './client.js'

/*
 * WAL checkpoints on a thread of their own. In WAL mode every commit appends its pages to the -wal
 * file, and every 1000 pages the committing connection copies them back into the database file and
 * syncs it (SQLite's automatic checkpoint). On the bot's large database that copy is most of a
 * message's cost: the pages a message dirties (its contact's stats row, tiers, indexes) lie all over
 * a file of hundreds of MB, so the copy is random writes and an fsync, paid by whichever message
 * happened to cross the line (issue 14 measured ~40 µs of ~140 µs per message, and stalls of tens of
 * ms on the one that pays). SQLite's documentation suggests running checkpoints from another thread
 * instead; here a worker thread with its own connection runs PASSIVE checkpoints (they never block
 * writers or readers), every few ms while the WAL grows and backing off to twice a second when idle.
 * The main connection keeps a much higher automatic checkpoint as a safety net (should the thread
 * fall behind or fail, the WAL still stays bounded), and gets SQLite's own threshold back when the
 * thread stops or dies. Durability is unchanged: a commit is durable in the WAL (synchronous=NORMAL)
 * whoever copies it later.
 *
 * The thread is a few lines of plain JavaScript (eval'd, CommonJS): it starts in ~25 ms whether the
 * bot runs from dist/ or from TypeScript sources, and loads nothing but the SQLite driver.
 */

/** While the thread runs, the main connection checkpoints itself only past this many WAL pages (40 MB). */
export const SAFETY_CHECKPOINT_PAGES = 10_000
/** Between checkpoints while the WAL grows, and the longest wait once it is idle. */
const ACTIVE_MS = 5
const IDLE_MS = 500
/** How long stop() waits for the thread's last checkpoint before ending it. */
const STOP_WAIT_MS = 5_000

export interface CheckpointStats {
  /** Pages copied from the WAL into the database file by the thread. */
  pages: number
  /** Checkpoints the thread ran (most of them find nothing to do). */
  runs: number
}

export interface BackgroundCheckpoints {
  /** False once stopped, or when the thread failed (the main connection checkpoints itself again). */
  readonly running: boolean
  /** What the thread has done so far (tests, the bench). */
  stats(): Promise<CheckpointStats>
  /** Hold checkpoints (the bench counts the pages commits write from the WAL's size); resolves once held. */
  pause(): Promise<void>
  resume(): void
  /** End the thread after its checkpoint in progress; the main connection's threshold is restored. */
  stop(): Promise<void>
}

interface WorkerData { driver: string; file: string; key: string | undefined; activeMs: number; idleMs: number }

type Reply =
  | { type: 'stats'; pages: number; runs: number }
  | { type: 'paused' }
  | { type: 'stopped' }
  | { type: 'failed'; message: string }

// The thread: open the same file (keyed like the bot's connection, see openSqlite), then checkpoint.
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const { file, key, activeMs, idleMs } = workerData
let db
let timer
let paused = false
let delay = activeMs
let last = { log: -1, checkpointed: -1 }
let pages = 0
let runs = 0
function fail(err) {
  clearTimeout(timer)
  timer = undefined
  parentPort.postMessage({ type: 'failed', message: String((err && err.message) || err) })
}
function tick() {
  timer = undefined
  if (paused) return
  let r
  try {
    r = db.pragma('wal_checkpoint(PASSIVE)')[0]
  } catch (err) {
    return fail(err)
  }
  runs++
  // log: frames in the WAL now; checkpointed: how many of them are in the database file.
  pages += r.log < last.log ? r.checkpointed : Math.max(0, r.checkpointed - last.checkpointed)
  const moved = r.log !== last.log || r.checkpointed !== last.checkpointed
  last = r
  delay = moved ? activeMs : Math.min(idleMs, delay * 2)
  timer = setTimeout(tick, delay)
}
parentPort.on('message', (m) => {
  if (m === 'stats') parentPort.postMessage({ type: 'stats', pages, runs })
  else if (m === 'pause') { paused = true; clearTimeout(timer); timer = undefined; parentPort.postMessage({ type: 'paused' }) }
  else if (m === 'resume') { if (paused) { paused = false; delay = activeMs; tick() } }
  else if (m === 'stop') {
    clearTimeout(timer)
    timer = undefined
    try { if (db) db.close() } catch {}
    parentPort.postMessage({ type: 'stopped' })
    parentPort.close()
  }
})
try {
  db = new Database(file, { fileMustExist: true })
  if (key) {
    db.pragma("cipher = 'sqlcipher'")
    db.pragma('legacy = 4')
    db.key(Buffer.from(key, 'utf8'))
  }
  db.pragma('busy_timeout = 0')
  db.pragma('cache_size = -2000')
  tick()
} catch (err) {
  fail(err)
}
`

/**
 * Start checkpointing `db`'s file on a thread of its own. Null for a database without a WAL (in
 * memory, or another journal mode): there is nothing to checkpoint. `driver` (tests): the SQLite
 * package the thread loads.
 */
export function startBackgroundCheckpoints(db: Db, logger: Logger, options: { driver?: string } = {}): BackgroundCheckpoints | null {
  const sqlite = db.$client
  if (sqlite.memory || String(sqlite.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return null
  const ownThreshold = Number(sqlite.pragma('wal_autocheckpoint', { simple: true }))
  const data: WorkerData = {
    driver: options.driver ?? createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers'),
    file: sqlite.name, key: connectionKey(sqlite), activeMs: ACTIVE_MS, idleMs: IDLE_MS,
  }
  const worker = new Worker(THREAD, { eval: true, workerData: data, resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 } })
  // Never what keeps the process alive: a bot that ends without stop() (a crash in tests) just exits.
  worker.unref()
  sqlite.pragma(`wal_autocheckpoint = ${SAFETY_CHECKPOINT_PAGES}`)
  let running = true
  let stopping: Promise<void> | undefined
  const waiting: Array<{ type: Reply['type']; resolve: (reply: Reply) => void }> = []

  // The main connection checkpoints itself again (it may be closed already: a bot stopped without us).
  const takeBack = () => {
    if (!running) return
    running = false
    try {
      if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${ownThreshold}`)
    } catch { /* closing */ }
  }
  const settleAll = () => {
    for (const w of waiting.splice(0)) w.resolve({ type: 'stopped' })
  }
  worker.on('message', (reply: Reply) => {
    if (reply.type === 'failed') {
      logger.warn({ error: reply.message }, 'background checkpoints failed; the bot checkpoints the database itself')
      takeBack()
      settleAll()
      void worker.terminate()
      return
    }
    const i = waiting.findIndex((w) => w.type === reply.type)
    if (i >= 0) waiting.splice(i, 1)[0].resolve(reply)
  })
  worker.on('error', (err) => {
    logger.warn({ err }, 'background checkpoint thread ended; the bot checkpoints the database itself')
    takeBack()
    settleAll()
  })
  worker.on('exit', () => {
    takeBack()
    settleAll()
  })

  const ask = (message: 'stats' | 'pause' | 'stop', type: Reply['type']): Promise<Reply> => {
    if (!running) return Promise.resolve({ type: 'stopped' })
    return new Promise((resolve) => {
      waiting.push({ type, resolve })
      worker.postMessage(message)
    })
  }

  return {
    get running() { return running },
    async stats() {
      const reply = await ask('stats', 'stats')
      return reply.type === 'stats' ? { pages: reply.pages, runs: reply.runs } : { pages: 0, runs: 0 }
    },
    async pause() { await ask('pause', 'paused') },
    resume() { if (running) worker.postMessage('resume') },
    stop() {
      stopping ??= (async () => {
        if (running) {
          let timer: NodeJS.Timeout | undefined
          const late = new Promise<void>((resolve) => { timer = setTimeout(resolve, STOP_WAIT_MS); timer.unref?.() })
          await Promise.race([ask('stop', 'stopped'), late])
          clearTimeout(timer)
        }
        takeBack()
        await worker.terminate()
      })()
      return stopping
    },
  }
}
