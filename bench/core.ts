import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DAY_MS, HOUR_MS } from '../src/shared/clock.js'
import { createDb } from '../src/store/client.js'
import { BENCH_CONFIG, BENCH_CONFIG_NO_SYNC, RESTART_DAY, createSimClock, startAndAnswer, startApp } from './app-harness.js'
import { runAppProcess, type AppProcessResult } from './app-process.js'
import { runReportRender, type ReportRenderResult } from './report-render.js'
import { countWalPages, runIngestPhase } from './ingest-phase.js'
import { peakRssMb, timeAsync } from './measure.js'
import { createRawInserter } from './raw.js'
import { describeMachine, type BenchReport } from './report.js'
import { buildFigures, importFigures, ingestFigures } from './figures.js'
import { createMessageStream, createWorld } from './synth.js'
import { runImportPhase, type ImportResult } from './import-phase.js'
import { runDailyWork } from './work.js'
import { measureSignals } from './signals.js'
import { measureViews } from './views.js'

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
  /** Messages in the generated export `tierbot import` reads (0 = skip). */
  importMessages: number
  /** Only the import phase (no synthetic account). */
  importOnly?: boolean
  /** Stop after the ingest phase and its page count (quick rounds on ingest speed). */
  ingestOnly?: boolean
  /** Messages per interleaved chunk (app, then raw per-row, then raw batched). */
  chunk: number
  /** Label/remark sync on (the default config) or off, to see its share. */
  sync: boolean
  /** Run the app alone in a fresh process for cold start-up and its own peak RSS. */
  appProcess: boolean
  /** Where the databases go (kept); default a temp dir, removed afterwards. */
  dir?: string
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void
}

export const DEFAULT_OPTIONS: BenchOptions = {
  contacts: 100_000, messages: 500_000, rooms: 200, days: 365, seed: 7,
  tierCalls: 2000, silentCalls: 30, importMessages: 0, chunk: 10_000, appProcess: true, sync: true,
}

/** Sized for a smoke test: seconds, not minutes. */
export const QUICK_OPTIONS: BenchOptions = {
  ...DEFAULT_OPTIONS, contacts: 2000, messages: 20_000, rooms: 20, tierCalls: 50, silentCalls: 10, importMessages: 2000, chunk: 5000,
}

/** Extra messages after the history, to count the pages each message writes (app vs raw). */
const PROBE_MESSAGES = 1000
/** Messages for the views on/off comparison (each goes through two databases). */
const VIEWS_MESSAGES = 50_000
/** Live messages the separate app process ingests after its day's work. */
const LIVE_MESSAGES = 5000

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const log = options.log ?? (() => {})
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-bench-'))
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, 'bench.db')
  const rawFile = path.join(dir, 'raw.db')
  for (const f of [file, rawFile]) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(f + suffix, { force: true })
  const config = options.sync ? BENCH_CONFIG : BENCH_CONFIG_NO_SYNC
  const details: Record<string, unknown> = {}
  const clock = createSimClock(0)
  try {
    let imported: ImportResult | null = null
    if (options.importMessages > 0) {
      imported = await runImportPhase(dir, options.importMessages, options.seed, log)
      details.import = imported
    }
    if (options.importOnly) {
      return {
        at: new Date().toISOString(),
        machine: describeMachine(String(createDb(':memory:', { migrate: false }).$client.prepare('SELECT sqlite_version()').pluck().get())),
        params: { importMessages: options.importMessages, seed: options.seed },
        figures: importFigures(imported),
        details,
      }
    }
    // First, on a quiet process: the pure per-message reader (microseconds; noise from the phases below would drown it).
    // (Both skipped by --ingest-only, which reports the ingest figures alone.)
    const signals = options.ingestOnly ? null : measureSignals(config, Math.min(200_000, options.messages * 4))
    if (signals) {
      details.signals = signals
      log(`signals: ${signals.usPerMessage.toFixed(2)} µs/message (bare keyword scan ${signals.scanUsPerMessage.toFixed(2)} µs)`)
    }
    // The views on vs off (issue 12): the same messages through two databases, then the daily pass on each.
    const views = options.ingestOnly ? null : measureViews(config, { contacts: options.contacts, messages: Math.min(options.messages, VIEWS_MESSAGES), seed: options.seed, chunk: options.chunk })
    if (views) {
      details.views = views
      log(`views: ingest ×${(views.ingestOnMs / views.ingestOffMs).toFixed(3)} (${views.messages} messages), pass +${views.passViewsMs.toFixed(0)} ms on ${views.passLadderMs.toFixed(0)} ms`)
    }
    const world = createWorld({ contacts: options.contacts, rooms: options.rooms, seed: options.seed, days: options.days })
    clock.set(world.startAt)
    log(`world: ${options.contacts} contacts, ${options.rooms} rooms; ${options.messages} messages over ${options.days} days → ${file}`)

    let running = await startApp(file, world, config, clock)
    const sqliteVersion = String(running.db.$client.prepare('SELECT sqlite_version()').pluck().get())
    const raw = createDb(rawFile, { migrate: false })
    const perRow = createRawInserter(raw.$client, 'raw_per_row', world.endAt)
    const batch = createRawInserter(raw.$client, 'raw_batch', world.endAt)
    const stream = createMessageStream(world, options.messages + PROBE_MESSAGES, options.seed)
    const ingest = await runIngestPhase({
      stream, limit: options.messages,
      deliver: (e) => running.platform.deliver(e),
      setNow: clock.set,
      perRow, batch, chunk: options.chunk,
      onProgress: (done) => { if (done % 50_000 === 0) log(`ingest: ${done} of ${options.messages} messages`) },
    })
    details.ingest = { ...ingest, counts: running.app.counts(), peakRssMb: peakRssMb() }
    log(`ingest: app ${rate(ingest.messages, ingest.appMs)}/s, raw per-row ${rate(ingest.messages, ingest.rawPerRowMs)}/s, raw batched ${rate(ingest.messages, ingest.rawBatchMs)}/s`)

    // Pages written per message by the app and by the raw INSERT, on the same extra messages.
    const probe = stream.take(PROBE_MESSAGES)
    log(`ingest done; counting pages written per message over ${PROBE_MESSAGES} more`)
    const appByTable: Record<string, number> = {}
    // Pages are counted from the WAL's size: the checkpoint thread holds still meanwhile (it would reset the WAL).
    const checkpoints = running.app.checkpoints()
    await checkpoints?.pause()
    const appPages = await countWalPages(running.db.$client, file, async () => {
      for (const e of probe) {
        clock.set(e.at)
        await running.platform.deliver(e)
      }
    }, appByTable)
    checkpoints?.resume()
    const rawPages = await countWalPages(raw.$client, rawFile, () => perRow.insertPerRow(probe))
    raw.$client.close()
    // Where the app's pages go, per table or index (label sync's own commits included), most first.
    const appPagesByTable = Object.fromEntries(Object.entries(appByTable).sort((a, b) => b[1] - a[1])
      .map(([name, frames]) => [name, Math.round((frames / probe.length) * 1000) / 1000]))
    details.walPagesPerMessage = { app: appPages / probe.length, raw: rawPages / probe.length, messages: probe.length, appByTable: appPagesByTable }

    log(`pages per message: app ${(appPages / probe.length).toFixed(2)}, raw ${(rawPages / probe.length).toFixed(2)}; app's most: ${Object.entries(appPagesByTable).slice(0, 6).map(([n, p]) => `${n} ${p.toFixed(2)}`).join(', ')}`)
    if (options.ingestOnly) {
      await running.app.stop()
      return {
        at: new Date().toISOString(),
        machine: describeMachine(sqliteVersion),
        params: { contacts: options.contacts, messages: options.messages, rooms: options.rooms, days: options.days, seed: options.seed, chunk: options.chunk, sync: options.sync },
        figures: [...ingestFigures(ingest, details.walPagesPerMessage as { app: number; raw: number; messages: number }, options.chunk), ...(imported ? importFigures(imported) : [])],
        details,
      }
    }
    log(`the day's work next (passes, digest, commands)`)
    const work = await runDailyWork(running, world, {
      tierCalls: options.tierCalls, silentCalls: options.silentCalls, seed: options.seed, log,
      // With --dir, the morning's state is kept too (digest.db): the digest can be timed on it alone.
      keepDigestState: options.dir ? path.join(dir, 'digest.db') : undefined,
    })
    Object.assign(details, work)
    if (work.digest) log(`digest: ${work.digest.runsMs.map((ms) => ms.toFixed(0)).join(', ')} ms`)
    if (work.tier) log(`/tier: median ${work.tier.medianMs.toFixed(1)} ms, p99 ${work.tier.p99Ms.toFixed(1)} ms ${JSON.stringify(work.tier.byOutcome)}`)

    // Start-up to the first answer in this (warm) process: on an empty database with the same
    // directory, then on the full one. The catch-up after the answer is timed too (not in the ratio).
    await running.app.stop()
    clock.set(world.endAt + RESTART_DAY * DAY_MS + 8 * HOUR_MS)
    const emptyFile = path.join(dir, 'empty.db')
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(emptyFile + suffix, { force: true })
    const empty = await timeAsync(() => startAndAnswer(emptyFile, world, config, clock))
    await empty.value.app.features.caughtUp()
    await empty.value.app.stop()
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(emptyFile + suffix, { force: true })
    const t0 = performance.now()
    const startup = await timeAsync(() => startAndAnswer(file, world, config, clock))
    running = startup.value
    await running.app.features.caughtUp()
    const caughtUpMs = performance.now() - t0
    await running.app.stop()
    details.startup = { ms: startup.ms, emptyMs: empty.ms, caughtUpMs, dbBytes: fs.statSync(file).size }
    log(`start-up (warm): first answer ${startup.ms.toFixed(0)} ms (empty database ${empty.ms.toFixed(0)} ms), caught up after ${caughtUpMs.toFixed(0)} ms`)

    let appProcess: AppProcessResult | null = null
    if (options.appProcess) {
      appProcess = await runAppProcess({
        file, contacts: options.contacts, rooms: options.rooms, days: options.days, seed: options.seed,
        tierCalls: options.tierCalls, silentCalls: options.silentCalls, liveMessages: Math.min(LIVE_MESSAGES, options.messages), sync: options.sync,
      })
      details.appProcess = appProcess
      log(`app process: cold start-up ${appProcess.coldReadyMs.toFixed(0)} ms, peak RSS ${appProcess.peakRssMb.toFixed(0)} MB`)
    }
    let report: ReportRenderResult | null = null
    if (options.appProcess) {
      report = await runReportRender(file)
      details.report = report
      log(`report picture: first ever ${report.firstEverMs.toFixed(0)} ms, cold ${report.coldMs.toFixed(0)} ms, warm ${report.warmMs.toFixed(0)} ms, extra RSS of the bot ${report.extraRssMb.toFixed(0)} MB (render process peak ${report.renderProcessRssMb.toFixed(0)} MB)`)
    }

    return {
      at: new Date().toISOString(),
      machine: describeMachine(sqliteVersion),
      params: { contacts: options.contacts, messages: options.messages, rooms: options.rooms, days: options.days, seed: options.seed, tierCalls: options.tierCalls, silentCalls: options.silentCalls, importMessages: options.importMessages, chunk: options.chunk, sync: options.sync },
      figures: buildFigures({ options, ingest, pages: details.walPagesPerMessage as { app: number; raw: number; messages: number }, work, imported, startupMs: startup.ms, startupEmptyMs: empty.ms, caughtUpMs, appProcess, report, benchPeakRssMb: peakRssMb(), signals: signals!, views: views! }),
      details,
    }
  } finally {
    if (!options.dir) fs.rmSync(dir, { recursive: true, force: true })
  }
}

function rate(count: number, ms: number): number {
  return Math.round(count / (ms / 1000))
}
