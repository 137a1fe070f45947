import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEFAULT_CONFIG } from '../src/config/schema.js'
import { composeReport, loadReportModel } from '../src/report/compose.js'
import { createPngRenderer, type ProcessRenderer } from '../src/report/render-process.js'
import { previousWeek } from '../src/report/week.js'
import { silentLogger } from '../src/shared/logger.js'
import { closeDb, createDb } from '../src/store/client.js'
import { peakRssMb } from './measure.js'

/*
 * The weekly picture the way the bot draws it, in a fresh process standing in for the bot, on the
 * bench's database (the snapshots its daily passes wrote): first ever = the first picture with no
 * font cache (a render process starts and cuts the subsets), cold = the first picture of a new render
 * process with the cache on disk (every later start), warm = the median of the next ones (the child
 * is still up). extraRssMb = the high-water mark of THIS process's RSS (getrusage maxRSS, which does not
 * count children) minus its value just before the first report: what drawing adds to the bot.
 * The render child's own high-water mark is reported beside it; it is given back when the child exits.
 */

export interface ReportRenderResult {
  coldMs: number
  /** The first picture on a machine: also cuts the font cache. */
  firstEverMs: number
  warmMs: number
  warmCpuMs: number
  extraRssMb: number
  /** Peak RSS of the short-lived render process, font cache on disk (gone when it exits). */
  renderProcessRssMb: number
  /** The same for the first render process on a machine, which cuts the font cache. */
  firstEverRssMb: number
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
  // A cache of its own, emptied, so the first picture always pays for cutting the font subsets.
  const fontCacheDir = path.join(path.dirname(path.resolve(file)), 'bench-report-fonts')
  fs.rmSync(fontCacheDir, { recursive: true, force: true })
  let renderProcessRssMb = 0
  const once = async (renderer: ProcessRenderer) => composeReport(loadReportModel(db, DEFAULT_CONFIG, row.account, week, row.at), {
    render: async (...args: Parameters<ProcessRenderer['render']>) => {
      const result = await renderer.render(...args)
      renderProcessRssMb = result.rendererPeakRssMb
      return result
    },
  }, silentLogger)
  const baseMb = peakRssMb()
  // The first picture on a machine: a render process starts and cuts the font cache.
  const firstRenderer = createPngRenderer({ fontCacheDir })
  let t0 = performance.now()
  const first = await once(firstRenderer)
  const firstEverMs = performance.now() - t0
  const firstEverRssMb = renderProcessRssMb
  firstRenderer.close()
  // Every later cold start: a new render process, the cache on disk.
  const renderer = createPngRenderer({ fontCacheDir })
  t0 = performance.now()
  await once(renderer)
  const coldMs = performance.now() - t0
  const wall: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < WARM_RUNS; i++) {
    const c0 = process.cpuUsage()
    t0 = performance.now()
    await once(renderer)
    wall.push(performance.now() - t0)
    const c = process.cpuUsage(c0)
    cpu.push((c.user + c.system) / 1000)
  }
  renderer.close()
  closeDb(db)
  fs.rmSync(fontCacheDir, { recursive: true, force: true })
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  return {
    coldMs, firstEverMs, warmMs: median(wall), warmCpuMs: median(cpu), extraRssMb: peakRssMb() - baseMb, renderProcessRssMb, firstEverRssMb,
    pngKb: first.kind === 'picture' ? first.png.length / 1024 : 0, kind: first.kind,
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main(process.argv[2] ?? '').then(
    (result) => { process.stdout.write(JSON.stringify(result) + '\n') },
    (err) => { process.stderr.write(`${(err as Error).stack ?? err}\n`); process.exit(1) },
  )
}
