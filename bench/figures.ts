import type { AppProcessResult } from './app-process.js'
import type { BenchOptions } from './core.js'
import type { ImportResult } from './import-phase.js'
import type { IngestPhaseResult } from './ingest-phase.js'
import type { ReportRenderResult } from './report-render.js'
import type { SignalsResult } from './signals.js'
import type { ViewsBenchResult } from './views.js'
import type { Figure } from './report.js'
import { RESTART_DAY as RESTART_DAYS } from './app-harness.js'
import type { WorkResult } from './work.js'

/* The measurements as the rows of the table, each next to its target (issue 7). */

export interface FigureInput {
  options: BenchOptions
  ingest: IngestPhaseResult
  pages: { app: number; raw: number; messages: number }
  work: WorkResult
  imported: ImportResult | null
  startupMs: number
  startupEmptyMs: number
  caughtUpMs: number
  appProcess: AppProcessResult | null
  /** The weekly picture in its own process; null when skipped with the app process. */
  report?: ReportRenderResult | null
  benchPeakRssMb: number
  signals: SignalsResult
  views: ViewsBenchResult
}

export function buildFigures(input: FigureInput): Figure[] {
  const { options, ingest, pages, work, appProcess, imported } = input
  // A phase that did not run (its feature missing, or skipped) prints "not yet" instead of failing.
  const notYet = (what: string) => `not yet: ${what}`
  const { reclassify, reclassifyDaily, reclassifyFull, scan, reclassifyAged, reclassifySteady, digest, tier, silent } = work
  const digestMedian = digest ? [...digest.runsMs].sort((a, b) => a - b)[Math.floor(digest.runsMs.length / 2)] : null
  const skippedProcess = 'skipped (--no-app-process)'
  return [
    ...ingestFigures(ingest, pages, options.chunk),
    { key: 'reclassify.ms', label: `forced full pass (${options.contacts} contacts), first after the history`, value: reclassify?.ms ?? null, unit: 'ms', note: reclassify ? `${reclassify.changes} changes` : notYet('no ladder') },
    { key: 'reclassify.perSec', label: 'forced full pass rate', value: reclassify ? reclassify.total / (reclassify.ms / 1000) : null, unit: 'contacts/s', note: reclassify ? undefined : notYet('no ladder') },
    { key: 'reclassifyDaily.ms', label: 'daily pass, next day (due contacts only)', value: reclassifyDaily?.ms ?? null, unit: 'ms', note: reclassifyDaily ? `${reclassifyDaily.total} examined, ${reclassifyDaily.changes} changes` : notYet('no ladder') },
    { key: 'pass.fullMs', label: 'forced full pass, same state and instant', value: reclassifyFull?.ms ?? null, unit: 'ms', note: reclassifyFull ? `${reclassifyFull.total} examined, ${reclassifyFull.changes} changes` : notYet('no ladder') },
    { key: 'pass.scanMs', label: 'bare read of the same rows', value: scan?.ms ?? null, unit: 'ms', note: scan ? `${scan.rows} rows with their events JSON, nothing done with them` : notYet('no ladder') },
    { key: 'pass.nextDayOverFull', label: 'daily pass / forced full pass', value: reclassifyDaily && reclassifyFull ? reclassifyDaily.ms / reclassifyFull.ms : null, unit: 'x', target: { op: '<=', value: 0.15 } },
    { key: 'pass.fullOverScan', label: 'forced full pass / bare read', value: reclassifyFull && scan ? reclassifyFull.ms / scan.ms : null, unit: 'x', target: { op: '<=', value: 3 } },
    { key: 'reclassifyAged.ms', label: 'daily pass, 45 days later', value: reclassifyAged?.ms ?? null, unit: 'ms', note: reclassifyAged ? `${reclassifyAged.total} examined, ${reclassifyAged.changes} changes` : notYet('no ladder') },
    { key: 'reclassifySteady.ms', label: 'daily pass, nothing due', value: reclassifySteady?.ms ?? null, unit: 'ms', note: reclassifySteady ? `${reclassifySteady.total} examined, ${reclassifySteady.changes} changes` : notYet('no ladder') },
    { key: 'digest.ms', label: 'digest build (first)', value: digest?.runsMs[0] ?? null, unit: 'ms', target: { op: '<=', value: 200 }, note: digest ? `${digest.messages} messages, ${digest.chars} chars` : notYet('no digest') },
    { key: 'digest.medianMs', label: 'digest build (median of 5)', value: digestMedian, unit: 'ms', target: { op: '<=', value: 200 }, note: digest ? undefined : notYet('no digest') },
    { key: 'tier.medianMs', label: '/tier median', value: tier?.medianMs ?? null, unit: 'ms', note: tier ? `${tier.calls} calls: ${Object.entries(tier.byOutcome).map(([k, n]) => `${n} ${k}`).join(', ')}` : notYet('no commands') },
    { key: 'tier.p99Ms', label: '/tier p99', value: tier?.p99Ms ?? null, unit: 'ms', target: { op: '<=', value: 20 }, note: tier ? `p99 by outcome: ${Object.entries(tier.p99ByOutcome).map(([k, ms]) => `${k} ${ms.toFixed(1)} ms`).join(', ')}` : notYet('no commands') },
    { key: 'silent.medianMs', label: '/silent median', value: silent?.medianMs ?? null, unit: 'ms', note: silent ? `${silent.calls} calls` : notYet('no commands') },
    { key: 'silent.p99Ms', label: '/silent p99', value: silent?.p99Ms ?? null, unit: 'ms', target: { op: '<=', value: 50 }, note: silent ? `max ${silent.maxMs.toFixed(1)} ms` : notYet('no commands') },
    { key: 'startup.coldMs', label: 'start-up to first answer, new process', value: appProcess?.coldReadyMs ?? null, unit: 'ms', target: { op: '<=', value: 3000 }, note: appProcess ? `node+modules ${appProcess.loadedMs.toFixed(0)} ms, app start-up to the first /tier answered ${appProcess.startMs.toFixed(0)} ms, caught up at ${appProcess.caughtUpMs.toFixed(0)} ms` : skippedProcess },
    { key: 'startup.ms', label: 'start-up to first answer, warm process', value: input.startupMs, unit: 'ms', note: 'open + migrate + login + directory + first /tier (the catch-up runs after it)' },
    { key: 'startup.emptyMs', label: 'start-up to first answer, empty database', value: input.startupEmptyMs, unit: 'ms', note: 'same directory handed over, nothing stored yet' },
    { key: 'startup.ratioToEmpty', label: 'start-up, full / empty database', value: input.startupMs / input.startupEmptyMs, unit: 'x', target: { op: '<=', value: 1.3 } },
    { key: 'startup.caughtUpMs', label: 'start-up catch-up finished (pass + label plan)', value: input.caughtUpMs, unit: 'ms', note: `${RESTART_DAYS} days after the last pass; in slices, commands answered meanwhile` },
    ...importFigures(imported),
    { key: 'report.coldMs', label: 'weekly report picture, first in a new render process', value: input.report?.coldMs ?? null, unit: 'ms', note: input.report ? `render process starts, loads ECharts and resvg, font cache on disk; the first ever (cuts the font cache) ${input.report.firstEverMs.toFixed(0)} ms; ${input.report.kind}, ${input.report.pngKb.toFixed(0)} KB PNG` : skippedProcess },
    { key: 'report.warmMs', label: 'weekly report picture, warm (median of 5)', value: input.report?.warmMs ?? null, unit: 'ms', target: { op: '<=', value: 500 }, note: input.report ? `model from snapshots + SVG + PNG in the render process, still up; bot CPU ${input.report.warmCpuMs.toFixed(0)} ms` : skippedProcess },
    { key: 'report.rssMb', label: 'weekly report picture, extra RSS', value: input.report?.extraRssMb ?? null, unit: 'MB', target: { op: '<=', value: 80 }, note: input.report ? `bot process: maxRSS after 7 pictures minus before the first (children not counted); render process peak ${input.report.renderProcessRssMb.toFixed(0)} MB (${input.report.firstEverRssMb.toFixed(0)} MB the first time, cutting the font cache), freed when it exits` : skippedProcess },
    { key: 'rss.appPeakMb', label: 'peak RSS, app process', value: appProcess?.peakRssMb ?? null, unit: 'MB', target: { op: '<=', value: 250 }, note: appProcess ? `high-water after ${Object.entries(appProcess.peakRssMbAfter).map(([k, mb]) => `${k} ${mb.toFixed(0)}`).join(', ')} MB` : skippedProcess },
    { key: 'rss.benchPeakMb', label: 'peak RSS, bench process', value: input.benchPeakRssMb, unit: 'MB', note: 'app + generator + raw baseline' },
    { key: 'signals.usPerMessage', label: 'signal detection per message', value: input.signals.usPerMessage, unit: 'µs', note: `pure reader (negation, questions), ${input.signals.messages} customer lines` },
    { key: 'signals.vsScan', label: 'signal detection / bare keyword scan', value: input.signals.usPerMessage / input.signals.scanUsPerMessage, unit: 'x', note: `scan: one indexOf per keyword, ${input.signals.scanUsPerMessage.toFixed(2)} µs/message` },
    { key: 'views.ingestRatio', label: 'ingest with the views / without', value: input.views.ingestOnMs / input.views.ingestOffMs, unit: 'x', target: { op: '<=', value: 1.25 }, note: `intent score kept per message; ${input.views.messages} messages, ${input.views.contacts} contacts, same run` },
    { key: 'views.passMs', label: `views pass (${input.views.contacts} contacts)`, value: input.views.passViewsMs, unit: 'ms', target: { op: '<=', value: 1000 }, note: `lifecycle, band, value class; ${input.views.viewsRows} rows; ladder pass ${input.views.passLadderMs.toFixed(0)} ms (without views ${input.views.passOffMs.toFixed(0)} ms)` },
    { key: 'views.passRatio', label: 'daily pass with the views / without', value: (input.views.passLadderMs + input.views.passViewsMs) / input.views.passOffMs, unit: 'x', note: 'ladder + views pass vs ladder pass alone' },
    { key: 'views.passSteadyMs', label: 'views pass, nothing to change', value: input.views.passViewsSteadyMs, unit: 'ms', note: 'reads every contact, writes none' },
  ]
}

/** The ingest phase's figures (also all that `--ingest-only` reports). */
export function ingestFigures(ingest: IngestPhaseResult, pages: { app: number; raw: number; messages: number }, chunk: number): Figure[] {
  const appRate = ingest.messages / (ingest.appMs / 1000)
  const perRowRate = ingest.messages / (ingest.rawPerRowMs / 1000)
  const batchRate = ingest.messages / (ingest.rawBatchMs / 1000)
  return [
    { key: 'ingest.app', label: 'ingest through the app', value: appRate, unit: 'msg/s', note: 'as the app installs it: stats, reclassification, label sync, commands; one transaction per message' },
    { key: 'ingest.rawPerRow', label: 'raw INSERT, one transaction per row', value: perRowRate, unit: 'rows/s', note: 'same rows, same PK + index, same pragmas' },
    { key: 'ingest.rawBatch', label: 'raw INSERT, batched', value: batchRate, unit: 'rows/s', note: `one transaction per ${chunk} rows` },
    { key: 'ingest.ratio', label: 'ingest / raw (same transaction shape)', value: appRate / perRowRate, unit: 'x', target: { op: '>=', value: 0.35 }, note: 'vs per-row raw' },
    { key: 'ingest.ratioBatch', label: 'ingest / raw batched', value: appRate / batchRate, unit: 'x', note: 'for reference' },
    { key: 'ingest.pagesApp', label: 'pages written per message, app', value: pages.app, unit: 'pages', target: { op: '<=', value: 6 }, note: `WAL frames over ${pages.messages} messages` },
    { key: 'ingest.pagesRaw', label: 'pages written per row, raw', value: pages.raw, unit: 'pages', note: 'same messages' },
  ]
}

/** The history import's rows (issue 19): rate next to the raw floor, and memory flat in file size. */
export function importFigures(imported: ImportResult | null): Figure[] {
  const skipped = 'skipped (--import 0)'
  const r = imported?.run
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`
  return [
    { key: 'import.perSec', label: 'tierbot import, ChatLab JSONL export', value: r?.rate ?? null, unit: 'msg/s', note: r ? `${r.messages} messages in ${r.files} files (${mb(r.bytes)}), read, matched, counted, placed, in its own process; median of ${imported!.runs.length} runs` : skipped },
    { key: 'import.rawPerSec', label: 'raw INSERT of the same rows, batched', value: imported?.rawRate ?? null, unit: 'rows/s', note: imported ? `same PK + index, same pragmas, 1000 rows per transaction; median of ${imported.rawRates.length} runs, each after an import run` : skipped },
    { key: 'import.ratio', label: 'import / raw batched INSERT', value: imported?.ratio ?? null, unit: 'x', target: { op: '>=', value: 0.5 }, note: imported ? undefined : skipped },
    { key: 'import.rssMb', label: 'peak RSS, import process', value: r?.peakRssMb ?? null, unit: 'MB', target: { op: '<=', value: 300 }, note: r ? `${r.messages} messages (${mb(r.bytes)})` : skipped },
    { key: 'import.rssMbTenth', label: 'peak RSS, import of a tenth', value: imported?.tenth?.peakRssMb ?? null, unit: 'MB', note: imported?.tenth ? `${imported.tenth.messages} messages (${mb(imported.tenth.bytes)}): flat in file size` : 'skipped (--import below 20000)' },
    { key: 'import.lockMs', label: 'longest import write transaction', value: r?.lockMs ?? null, unit: 'ms', note: r ? 'what a live message on the same database waits at most (4000 messages per transaction)' : skipped },
  ]
}
