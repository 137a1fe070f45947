import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createApp, type App } from '../src/app/app.js'
import { DEFAULT_CONFIG, type Config } from '../src/config/schema.js'
import { DAY_MS, HOUR_MS } from '../src/shared/clock.js'
import { silentLogger } from '../src/shared/logger.js'
import { createDb, type Db } from '../src/store/client.js'
import { loadFeatures, type BenchFeatures } from './features.js'
import { runIngestPhase } from './ingest-phase.js'
import { peakRssMb, summarizeLatencies, timeAsync } from './measure.js'
import { createBenchPlatform, type BenchPlatform } from './platform.js'
import { createRawInserter } from './raw.js'
import { describeMachine, type BenchReport, type Figure } from './report.js'
import { createMessageStream, createWorld, type World } from './synth.js'

/*
 * The bench: build a synthetic account in a temp SQLite file through the real app, then measure the
 * hot paths on it. Returns every figure; a feature not on this branch yet gives value null ("not yet").
 */

export interface BenchOptions {
  contacts: number
  messages: number
  rooms: number
  days: number
  seed: number
  /** Calls of /tier and /silent for the latency figures. */
  tierCalls: number
  silentCalls: number
  /** Old messages to import into the full account after the live history (0 = skip). */
  importMessages: number
  /** Messages per interleaved chunk (app, then raw per-row, then raw batched). */
  chunk: number
  /** Where the temp database goes (default: a new dir under the OS temp dir, removed after). */
  dir?: string
  keepDb?: boolean
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void
}

export const DEFAULT_OPTIONS: BenchOptions = {
  contacts: 100_000, messages: 1_000_000, rooms: 200, days: 365, seed: 7,
  tierCalls: 2000, silentCalls: 200, importMessages: 0, chunk: 10_000,
}

/** Sized for a smoke test: seconds, not minutes. */
export const QUICK_OPTIONS: BenchOptions = {
  ...DEFAULT_OPTIONS, contacts: 2000, messages: 20_000, rooms: 20, tierCalls: 50, silentCalls: 10, importMessages: 2000, chunk: 5000,
}

interface Running { db: Db; app: App; platform: BenchPlatform; features: BenchFeatures }

async function startApp(file: string, world: World, config: Config, clock: () => number): Promise<Running> {
  const db = createDb(file)
  const platform = createBenchPlatform(world, clock)
  const app = createApp({ config, db, logger: silentLogger, platform, clock })
  const features = await loadFeatures({ app, db, config, logger: silentLogger, clock })
  await app.start()
  await app.ready()
  return { db, app, platform, features }
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const log = options.log ?? (() => {})
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-bench-'))
  const file = path.join(dir, 'bench.db')
  const config: Config = DEFAULT_CONFIG
  const details: Record<string, unknown> = {}
  let now = 0
  const clock = () => now
  try {
    const world = createWorld({ contacts: options.contacts, rooms: options.rooms, seed: options.seed, days: options.days })
    now = world.startAt
    log(`world: ${options.contacts} contacts, ${options.rooms} rooms; ${options.messages} messages over ${options.days} days → ${file}`)

    let running = await startApp(file, world, config, clock)
    const accountId = world.accountId
    const sqliteVersion = String(running.db.$client.prepare('SELECT sqlite_version()').pluck().get())
    const raw = createDb(path.join(dir, 'raw.db'), { migrate: false })
    const perRow = createRawInserter(raw.$client, 'raw_per_row', world.endAt)
    const batch = createRawInserter(raw.$client, 'raw_batch', world.endAt)
    const ingest = await runIngestPhase({
      stream: createMessageStream(world, options.messages, options.seed),
      deliver: (e) => running.platform.deliver(e),
      setNow: (at) => { now = at },
      perRow, batch, chunk: options.chunk,
      onProgress: (done) => { if (done % 200_000 === 0) log(`ingest: ${done} messages`) },
    })
    raw.$client.close()
    details.ingest = { ...ingest, counts: running.app.counts(), rssAfterMb: peakRssMb() }
    const appRate = ingest.messages / (ingest.appMs / 1000)
    const perRowRate = ingest.messages / (ingest.rawPerRowMs / 1000)
    const batchRate = ingest.messages / (ingest.rawBatchMs / 1000)
    log(`ingest: app ${Math.round(appRate)}/s, raw per-row ${Math.round(perRowRate)}/s, raw batched ${Math.round(batchRate)}/s`)

    const { ladder, buildDigest, missing } = running.features
    const notYet = (feature: keyof BenchFeatures['missing']) => `not yet: ${missing[feature] ?? ''}`.trim()

    // Periodic pass right after the history, then 45 quiet days later (many contacts turn silent).
    let reclassifyMs: number | null = null
    let reclassifyAgedMs: number | null = null
    if (ladder) {
      const first = await timeAsync(() => ladder.reclassifyAll(accountId, world.endAt + HOUR_MS))
      const aged = await timeAsync(() => ladder.reclassifyAll(accountId, world.endAt + 45 * DAY_MS))
      reclassifyMs = first.ms
      reclassifyAgedMs = aged.ms
      details.reclassify = { total: first.value.total, changes: first.value.changes.length, ms: first.ms }
      details.reclassifyAged = { total: aged.value.total, changes: aged.value.changes.length, ms: aged.ms }
      log(`reclassify: ${first.ms.toFixed(0)} ms (${first.value.changes.length} changes); aged ${aged.ms.toFixed(0)} ms (${aged.value.changes.length} changes)`)
    }

    // The morning after the history: 09:00 local.
    const morning = world.endAt + 9 * HOUR_MS
    let digestFirstMs: number | null = null
    let digestMedianMs: number | null = null
    if (buildDigest) {
      const runs: number[] = []
      let messages: string[] = []
      for (let k = 0; k < 5; k++) {
        const run = await timeAsync(() => buildDigest(accountId, morning))
        runs.push(run.ms)
        messages = run.value
      }
      digestFirstMs = runs[0]
      digestMedianMs = summarizeLatencies(runs).medianMs
      details.digest = { runsMs: runs, messages: messages.length, chars: messages.join('').length }
      log(`digest: first ${digestFirstMs.toFixed(0)} ms, median ${digestMedianMs.toFixed(0)} ms`)
    }

    const tier = null as ReturnType<typeof summarizeLatencies> | null
    const silent = null as ReturnType<typeof summarizeLatencies> | null

    let importRate: number | null = null
    if (options.importMessages > 0) {
      // Old messages (the year before the history) arriving at once, e.g. a chat-history import.
      const old = { ...world, startAt: world.startAt - options.days * DAY_MS, endAt: world.startAt }
      const result = await runIngestPhase({
        stream: createMessageStream(old, options.importMessages, options.seed + 1, 'old'),
        deliver: (e) => running.platform.deliver(e), setNow: () => { now = world.endAt + 9 * HOUR_MS }, chunk: options.chunk,
      })
      importRate = result.messages / (result.appMs / 1000)
      details.import = { messages: result.messages, ms: result.appMs }
      log(`import: ${result.messages} old messages at ${Math.round(importRate)}/s`)
    }

    // Start-up to ready on the full database: open + migrate + features + login + directory stored.
    await running.app.stop()
    now = morning
    const startup = await timeAsync(() => startApp(file, world, config, clock))
    running = startup.value
    details.startup = { ms: startup.ms, dbBytes: fs.statSync(file).size }
    log(`startup: ${startup.ms.toFixed(0)} ms`)
    await running.app.stop()

    const ladderNote = ladder ? undefined : notYet('ladder')
    const figures: Figure[] = [
      { key: 'ingest.app', label: 'ingest through the app', value: appRate, unit: 'msg/s', note: ladder ? 'stats + reclassification, one transaction per message' : 'without the ladder step (not on this branch yet)' },
      { key: 'ingest.rawPerRow', label: 'raw INSERT, one transaction per row', value: perRowRate, unit: 'rows/s', note: 'same rows, same PK + index' },
      { key: 'ingest.rawBatch', label: 'raw INSERT, batched', value: batchRate, unit: 'rows/s', note: `one transaction per ${options.chunk} rows` },
      { key: 'ingest.ratio', label: 'ingest / raw (same transaction shape)', value: appRate / perRowRate, unit: 'x', target: { op: '>=', value: 0.25 }, note: 'vs per-row raw' },
      { key: 'ingest.ratioBatch', label: 'ingest / raw batched', value: appRate / batchRate, unit: 'x', note: 'for reference' },
      { key: 'reclassify.ms', label: `full reclassification (${options.contacts} contacts)`, value: reclassifyMs, unit: 'ms', target: { op: '<=', value: 1000 }, note: ladderNote ?? `${(details.reclassify as { changes: number }).changes} changes` },
      { key: 'reclassify.perSec', label: 'full reclassification rate', value: reclassifyMs === null ? null : options.contacts / (reclassifyMs / 1000), unit: 'contacts/s', note: ladderNote },
      { key: 'reclassifyAged.ms', label: 'full reclassification, 45 days later', value: reclassifyAgedMs, unit: 'ms', target: { op: '<=', value: 1000 }, note: ladderNote ?? `${(details.reclassifyAged as { changes: number }).changes} changes` },
      { key: 'digest.ms', label: 'digest build (first)', value: digestFirstMs, unit: 'ms', target: { op: '<=', value: 500 }, note: buildDigest ? undefined : notYet('digest') },
      { key: 'digest.medianMs', label: 'digest build (median of 5)', value: digestMedianMs, unit: 'ms', target: { op: '<=', value: 500 }, note: buildDigest ? undefined : notYet('digest') },
      { key: 'tier.medianMs', label: '/tier median', value: tier?.medianMs ?? null, unit: 'ms', note: tier ? `${tier.calls} calls` : notYet('commands') },
      { key: 'tier.p99Ms', label: '/tier p99', value: tier?.p99Ms ?? null, unit: 'ms', target: { op: '<=', value: 20 }, note: tier ? undefined : notYet('commands') },
      { key: 'silent.medianMs', label: '/silent median', value: silent?.medianMs ?? null, unit: 'ms', note: silent ? `${silent.calls} calls` : notYet('commands') },
      { key: 'silent.p99Ms', label: '/silent p99', value: silent?.p99Ms ?? null, unit: 'ms', note: silent ? undefined : notYet('commands') },
      { key: 'startup.ms', label: 'start-up to ready (full database)', value: startup.ms, unit: 'ms', target: { op: '<=', value: 3000 }, note: 'open + migrate + features + login + directory' },
      { key: 'import.perSec', label: `import of ${options.importMessages} old messages`, value: importRate, unit: 'msg/s', note: importRate === null ? 'skipped (--import 0)' : 'through the app, one transaction per message' },
      { key: 'rss.peakMb', label: 'peak RSS (bench process)', value: peakRssMb(), unit: 'MB', target: { op: '<=', value: 300 }, note: 'includes the generator and the raw baseline' },
    ]
    return {
      at: new Date().toISOString(),
      machine: describeMachine(sqliteVersion),
      params: { contacts: options.contacts, messages: options.messages, rooms: options.rooms, days: options.days, seed: options.seed, tierCalls: options.tierCalls, silentCalls: options.silentCalls, importMessages: options.importMessages, chunk: options.chunk },
      figures,
      details,
    }
  } finally {
    if (!options.keepDb && !options.dir) fs.rmSync(dir, { recursive: true, force: true })
  }
}
