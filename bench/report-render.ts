import { execFile } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEFAULT_CONFIG } from '../src/config/schema.js'
import { composeReport, loadReportModel } from '../src/report/compose.js'
import { createPngRenderer } from '../src/report/render.js'
import { previousWeek } from '../src/report/week.js'
import { silentLogger } from '../src/shared/logger.js'
import { closeDb, createDb } from '../src/store/client.js'
import { peakRssMb } from './measure.js'

/*
 * The weekly picture in a fresh process, on the bench's database (the snapshots its daily passes
 * wrote): cold = the first report (ECharts and resvg load, fonts found), warm = the median of the
 * next ones, and the RSS the process gained from the first report on (high-water mark).
 */

export interface ReportRenderResult {
  coldMs: number
  warmMs: number
  warmCpuMs: number
  extraRssMb: number
  pngKb: number
  kind: string
}

const HERE = path.dirname(fileURLToPath(import.meta.url))
const WARM_RUNS = 5

export function runReportRender(file: string): Promise<ReportRenderResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(HERE, 'report-render.ts'), file],
      { cwd: path.resolve(HERE, '..'), maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
        if (err) return reject(new Error(`report process failed: ${err.message}\n${stderr}`))
        try {
          resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as ReportRenderResult)
        } catch {
          reject(new Error(`report process printed no result: ${stdout}\n${stderr}`))
        }
      })
  })
}

async function main(file: string): Promise<ReportRenderResult> {
  const db = createDb(file)
  const row = db.$client.prepare('SELECT account_id AS account, MAX(taken_at) AS at FROM funnel_snapshots GROUP BY account_id ORDER BY 2 DESC LIMIT 1')
    .get() as { account: string; at: number } | undefined
  if (!row) throw new Error('no funnel snapshots in the bench database')
  const week = previousWeek(row.at, DEFAULT_CONFIG.timezone)
  const renderer = createPngRenderer()
  const once = async () => composeReport(loadReportModel(db, DEFAULT_CONFIG, row.account, week, row.at), renderer, silentLogger)
  const baseMb = peakRssMb()
  let t0 = performance.now()
  const first = await once()
  const coldMs = performance.now() - t0
  const wall: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < WARM_RUNS; i++) {
    const c0 = process.cpuUsage()
    t0 = performance.now()
    await once()
    wall.push(performance.now() - t0)
    const c = process.cpuUsage(c0)
    cpu.push((c.user + c.system) / 1000)
  }
  closeDb(db)
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  return {
    coldMs, warmMs: median(wall), warmCpuMs: median(cpu), extraRssMb: peakRssMb() - baseMb,
    pngKb: first.kind === 'picture' ? first.png.length / 1024 : 0, kind: first.kind,
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main(process.argv[2] ?? '').then(
    (result) => { process.stdout.write(JSON.stringify(result) + '\n') },
    (err) => { process.stderr.write(`${(err as Error).stack ?? err}\n`); process.exit(1) },
  )
}
