import { execFile, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ChatEvent } from '../src/platform/types.js'
import { IMPORT_ENV, IMPORT_NODE_FLAGS } from '../src/import/heap.js'
import { createDb } from '../src/store/client.js'
import { exportEvents, IMPORT_ACCOUNT, writeChatLabExport } from './import-export.js'
import { createRawInserter } from './raw.js'

/*
 * `tierbot import` on a generated export of N messages (ChatLab JSONL, as WeFlow writes it), in its
 * own process, next to the same rows written with a bare batched INSERT in this process: the ratio
 * is the import's cost over the floor. Run again at N/10 to show the import's memory is flat in
 * the size of the file.
 */

export interface ImportRun {
  messages: number; files: number; bytes: number; ms: number; rate: number; peakRssMb: number
  /** Longest write transaction: what a live message on the same database waits at most. */
  lockMs: number
}

export interface ImportResult {
  /** The run with the median rate (its peak RSS and longest transaction: the highest of all runs). */
  run: ImportRun
  tenth: ImportRun | null
  rawMs: number
  rawRate: number
  ratio: number
  /** Every run, and every raw floor, in the order taken. */
  runs: ImportRun[]
  rawRates: number[]
}

const HERE = path.dirname(fileURLToPath(import.meta.url))
const RAW_BATCH = 1000
/** Runs of each side for a real size (odd: the median is one of them); a smoke-sized run (--quick) does one. */
const ROUNDS = 3
/**
 * From this size on the import runs from the built JavaScript (dist/, built first when stale) and
 * ROUNDS times; a smaller one is a smoke run (the bench's own test): once, from the sources via tsx.
 */
const REAL_SIZE = 20_000

const ROOT = path.resolve(HERE, '..')

/**
 * The import runs from dist/ (the built JavaScript production runs); build it first when a source file
 * is newer than the build, so the figures are always the code in src/.
 */
export function ensureBuilt(log: (l: string) => void): void {
  const built = path.join(ROOT, 'dist', 'main.js')
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0
  const src = path.join(ROOT, 'src')
  const stale = builtAt === 0 || fs.readdirSync(src, { recursive: true })
    .some((f) => String(f).endsWith('.ts') && fs.statSync(path.join(src, String(f))).mtimeMs > builtAt)
  if (!stale) return
  log('import: building dist/ (src/ is newer than the last build)')
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' })
}

function importInChild(dir: string, db: string, fromSrc: boolean): Promise<{ ms: number; imported: number; peakRssMb: number; lockMs: number }> {
  return new Promise((resolve, reject) => {
    // The node flags and environment `tierbot import` runs with (main.ts re-runs itself with them).
    const args = [...IMPORT_NODE_FLAGS, ...(fromSrc ? ['--import', 'tsx'] : []), path.join(HERE, 'import-process.mjs'), JSON.stringify({ dir, db, account: IMPORT_ACCOUNT })]
    execFile(process.execPath, args,
      { cwd: ROOT, maxBuffer: 1 << 20, env: { ...process.env, ...IMPORT_ENV, TIERBOT_BENCH_FROM_SRC: fromSrc ? '1' : '0' } }, (err, stdout, stderr) => {
        if (err) return reject(new Error(`import process failed: ${err.message}\n${stderr}`))
        resolve(JSON.parse(stdout.trim().split('\n').pop()!))
      })
  })
}

/** Import the export under `dir` into a fresh database `db`. */
async function importFresh(dir: string, db: string, messages: number, files: number, bytes: number, fromSrc: boolean): Promise<ImportRun> {
  for (const s of ['', '-wal', '-shm']) fs.rmSync(db + s, { force: true })
  createDb(db).$client.close()
  const r = await importInChild(dir, db, fromSrc)
  if (r.imported !== messages) throw new Error(`import wrote ${r.imported} of ${messages} messages`)
  return { messages, files, bytes, ms: r.ms, rate: messages / (r.ms / 1000), peakRssMb: r.peakRssMb, lockMs: r.lockMs }
}

async function writeExport(base: string, messages: number, seed: number, log: (l: string) => void): Promise<{ dir: string; files: number; bytes: number }> {
  const dir = path.join(base, `export-${messages}`)
  fs.rmSync(dir, { recursive: true, force: true })
  const { files, bytes } = await writeChatLabExport(dir, messages, seed)
  log(`import: export of ${messages} messages written (${files} files, ${(bytes / 1e6).toFixed(0)} MB)`)
  return { dir, files, bytes }
}

/** The same rows, bare INSERT, batched, same pragmas, PK and index: the floor. Returns rows per second. */
function rawBatched(base: string, messages: number, seed: number): number {
  const rawFile = path.join(base, 'import-raw.db')
  for (const s of ['', '-wal', '-shm']) fs.rmSync(rawFile + s, { force: true })
  const raw = createDb(rawFile, { migrate: false })
  const inserter = createRawInserter(raw.$client, 'raw_import', Date.now())
  let rawMs = 0
  let batch: ChatEvent[] = []
  for (const e of exportEvents(messages, seed)) {
    batch.push(e)
    if (batch.length === RAW_BATCH) { rawMs += inserter.insertBatch(batch); batch = [] }
  }
  if (batch.length > 0) rawMs += inserter.insertBatch(batch)
  raw.$client.close()
  for (const s of ['', '-wal', '-shm']) fs.rmSync(rawFile + s, { force: true })
  return messages / (rawMs / 1000)
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/**
 * The import of N messages and the raw floor, ROUNDS times each, alternating (import, raw, import, raw …):
 * on a shared 2-core machine one run of either can be 10 % off, so the ratio is the median import rate
 * over the median raw rate. The memory figures are the highest of the runs.
 */
export async function runImportPhase(base: string, messages: number, seed: number, log: (l: string) => void): Promise<ImportResult> {
  if (messages >= REAL_SIZE) ensureBuilt(log)
  const exp = await writeExport(base, messages, seed, log)
  const db = path.join(base, `import-${messages}.db`)
  const runs: ImportRun[] = []
  const rawRates: number[] = []
  const rounds = messages >= REAL_SIZE ? ROUNDS : 1
  for (let round = 0; round < rounds; round++) {
    const run = await importFresh(exp.dir, db, messages, exp.files, exp.bytes, messages < REAL_SIZE)
    runs.push(run)
    log(`import ${round + 1}/${rounds}: ${messages} messages in ${(run.ms / 1000).toFixed(1)} s (${Math.round(run.rate)}/s), peak RSS ${run.peakRssMb.toFixed(0)} MB, longest write transaction ${run.lockMs.toFixed(0)} ms`)
    rawRates.push(rawBatched(base, messages, seed))
    log(`import ${round + 1}/${rounds}: raw batched INSERT ${Math.round(rawRates[round])}/s`)
  }
  fs.rmSync(exp.dir, { recursive: true, force: true })
  const rate = median(runs.map((r) => r.rate))
  const run = { ...runs.find((r) => r.rate === rate)!, peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)), lockMs: Math.max(...runs.map((r) => r.lockMs)) }
  let tenth: ImportRun | null = null
  if (messages >= REAL_SIZE) {
    const small = await writeExport(base, Math.floor(messages / 10), seed, log)
    tenth = await importFresh(small.dir, path.join(base, `import-${Math.floor(messages / 10)}.db`), Math.floor(messages / 10), small.files, small.bytes, false)
    fs.rmSync(small.dir, { recursive: true, force: true })
    log(`import: ${tenth.messages} messages, peak RSS ${tenth.peakRssMb.toFixed(0)} MB`)
  }
  const rawRate = median(rawRates)
  log(`import: median ${Math.round(rate)}/s over median raw ${Math.round(rawRate)}/s = ${(rate / rawRate).toFixed(2)} (runs ${runs.map((r) => (r.rate / 1000).toFixed(0)).join(', ')}k/s; raw ${rawRates.map((r) => (r / 1000).toFixed(0)).join(', ')}k/s)`)
  return { run, tenth, rawMs: (messages / rawRate) * 1000, rawRate, ratio: rate / rawRate, runs, rawRates }
}
