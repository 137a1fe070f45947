import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ChatEvent } from '../src/platform/types.js'
import { IMPORT_ENV, IMPORT_HEAP_MB } from '../src/import/heap.js'
import { createDb } from '../src/store/client.js'
import { exportEvents, writeChatLabExport } from './import-export.js'
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
  run: ImportRun
  tenth: ImportRun | null
  rawMs: number
  rawRate: number
  ratio: number
}

const HERE = path.dirname(fileURLToPath(import.meta.url))
const RAW_BATCH = 1000

function importInChild(dir: string, db: string): Promise<{ ms: number; imported: number; peakRssMb: number; lockMs: number }> {
  return new Promise((resolve, reject) => {
    // The heap cap and environment `tierbot import` runs with (main.ts re-runs itself with them).
    execFile(process.execPath, [`--max-old-space-size=${IMPORT_HEAP_MB}`, '--import', 'tsx', path.join(HERE, 'import-process.ts'), JSON.stringify({ dir, db })],
      { cwd: path.resolve(HERE, '..'), maxBuffer: 1 << 20, env: { ...process.env, ...IMPORT_ENV } }, (err, stdout, stderr) => {
        if (err) return reject(new Error(`import process failed: ${err.message}\n${stderr}`))
        resolve(JSON.parse(stdout.trim().split('\n').pop()!))
      })
  })
}

async function runOnce(base: string, messages: number, seed: number, log: (l: string) => void): Promise<ImportRun> {
  const dir = path.join(base, `export-${messages}`)
  const db = path.join(base, `import-${messages}.db`)
  fs.rmSync(dir, { recursive: true, force: true })
  for (const s of ['', '-wal', '-shm']) fs.rmSync(db + s, { force: true })
  const { files, bytes } = await writeChatLabExport(dir, messages, seed)
  log(`import: export of ${messages} messages written (${files} files, ${(bytes / 1e6).toFixed(0)} MB)`)
  createDb(db).$client.close()
  const r = await importInChild(dir, db)
  if (r.imported !== messages) throw new Error(`import wrote ${r.imported} of ${messages} messages`)
  fs.rmSync(dir, { recursive: true, force: true })
  return { messages, files, bytes, ms: r.ms, rate: messages / (r.ms / 1000), peakRssMb: r.peakRssMb, lockMs: r.lockMs }
}

export async function runImportPhase(base: string, messages: number, seed: number, log: (l: string) => void): Promise<ImportResult> {
  const run = await runOnce(base, messages, seed, log)
  log(`import: ${messages} messages in ${(run.ms / 1000).toFixed(1)} s (${Math.round(run.rate)}/s), peak RSS ${run.peakRssMb.toFixed(0)} MB, longest write transaction ${run.lockMs.toFixed(0)} ms`)
  const tenth = messages >= 20_000 ? await runOnce(base, Math.floor(messages / 10), seed, log) : null
  if (tenth) log(`import: ${tenth.messages} messages, peak RSS ${tenth.peakRssMb.toFixed(0)} MB`)

  // The floor: the same rows, bare INSERT, batched, same pragmas, PK and index.
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
  const rawRate = messages / (rawMs / 1000)
  log(`import: raw batched INSERT ${Math.round(rawRate)}/s; import / raw = ${(run.rate / rawRate).toFixed(2)}`)
  return { run, tenth, rawMs, rawRate, ratio: run.rate / rawRate }
}
