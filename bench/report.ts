import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/*
 * Every figure the bench produces, in one flat list: the table printed to the terminal, the README's
 * Performance section and bench/results/latest.json are all made from it.
 */

export type FigureKey =
  | 'ingest.app' | 'ingest.rawPerRow' | 'ingest.rawBatch' | 'ingest.ratio' | 'ingest.ratioBatch' | 'ingest.pagesApp' | 'ingest.pagesRaw'
  | 'reclassify.ms' | 'reclassify.perSec' | 'reclassifyDaily.ms' | 'reclassifyAged.ms' | 'reclassifySteady.ms'
  | 'pass.fullMs' | 'pass.scanMs' | 'pass.nextDayOverFull' | 'pass.fullOverScan'
  | 'digest.ms' | 'digest.medianMs'
  | 'tier.medianMs' | 'tier.p99Ms' | 'silent.medianMs' | 'silent.p99Ms'
  | 'startup.coldMs' | 'startup.ms' | 'startup.emptyMs' | 'startup.ratioToEmpty' | 'startup.caughtUpMs'
  | 'import.perSec' | 'import.rawPerSec' | 'import.ratio' | 'import.rssMb' | 'import.rssMbTenth' | 'import.lockMs' | 'report.coldMs' | 'report.warmMs' | 'report.rssMb'
  | 'rss.appPeakMb' | 'rss.benchPeakMb' | 'signals.usPerMessage' | 'signals.vsScan'
  | 'views.ingestRatio' | 'views.passMs' | 'views.passRatio' | 'views.passSteadyMs'

export interface Target { op: '>=' | '<='; value: number }

export interface Figure {
  key: FigureKey
  label: string
  /** null = not measured: the feature is not on this branch yet ("not yet") or the phase was skipped. */
  value: number | null
  unit: string
  target?: Target
  /** Context printed beside the value (e.g. "2 312 changes", "per-row transactions"). */
  note?: string
}

export const FIGURE_KEYS: readonly FigureKey[] = [
  'ingest.app', 'ingest.rawPerRow', 'ingest.rawBatch', 'ingest.ratio', 'ingest.ratioBatch', 'ingest.pagesApp', 'ingest.pagesRaw',
  'reclassify.ms', 'reclassify.perSec', 'reclassifyDaily.ms', 'pass.fullMs', 'pass.scanMs', 'pass.nextDayOverFull', 'pass.fullOverScan',
  'reclassifyAged.ms', 'reclassifySteady.ms', 'digest.ms', 'digest.medianMs',
  'tier.medianMs', 'tier.p99Ms', 'silent.medianMs', 'silent.p99Ms',
  'startup.coldMs', 'startup.ms', 'startup.emptyMs', 'startup.ratioToEmpty', 'startup.caughtUpMs',
  'import.perSec', 'import.rawPerSec', 'import.ratio', 'import.rssMb', 'import.rssMbTenth', 'import.lockMs', 'report.coldMs', 'report.warmMs', 'report.rssMb',
  'rss.appPeakMb', 'rss.benchPeakMb', 'signals.usPerMessage', 'signals.vsScan',
  'views.ingestRatio', 'views.passMs', 'views.passRatio', 'views.passSteadyMs',
]

export interface BenchReport {
  at: string
  machine: { cpus: number; cpuModel: string; node: string; platform: string; sqlite: string }
  params: Record<string, number | string | boolean>
  figures: Figure[]
  /** Detail per phase (durations, counts) for whoever digs deeper. */
  details: Record<string, unknown>
}

export function meetsTarget(figure: Figure): boolean | undefined {
  if (figure.value === null || !figure.target) return undefined
  return figure.target.op === '>=' ? figure.value >= figure.target.value : figure.value <= figure.target.value
}

function formatNumber(value: number, unit: string): string {
  if (unit === 'x') return value.toFixed(2)
  if (value >= 1000) return Math.round(value).toLocaleString('en-US')
  if (value >= 100) return value.toFixed(0)
  if (value >= 10) return value.toFixed(1)
  return value.toFixed(2)
}

export function formatValue(figure: Figure): string {
  if (figure.value === null) return figure.note?.startsWith('skipped') ? 'skipped' : 'not yet'
  return `${formatNumber(figure.value, figure.unit)} ${figure.unit}`.trim()
}

function formatTarget(figure: Figure): string {
  if (!figure.target) return ''
  return `${figure.target.op === '>=' ? '≥' : '≤'} ${figure.target.value} ${figure.unit}`.trim()
}

/** A Markdown table (readable in a terminal too). */
export function formatTable(report: BenchReport): string {
  const rows = report.figures.map((f) => {
    const ok = meetsTarget(f)
    return [f.label, formatValue(f), formatTarget(f), ok === undefined ? '' : ok ? 'ok' : 'MISSED', f.note ?? '']
  })
  const header = ['figure', 'value', 'target', '', 'note']
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]))))
  const line = (cells: string[]) => `| ${cells.map((c, i) => c + ' '.repeat(widths[i] - displayWidth(c))).join(' | ')} |`
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n')
}

// CJK and other wide characters take two columns in a terminal.
function displayWidth(text: string): number {
  let width = 0
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1
  return width
}

export function describeMachine(sqliteVersion: string): BenchReport['machine'] {
  const cpus = os.cpus()
  return { cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.release()}`, sqlite: sqliteVersion }
}

export function writeReport(report: BenchReport, file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n')
}
