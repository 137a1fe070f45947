/*
 * `tierbot import` alone in a fresh process, run from the built JavaScript (dist/), as `npm start` and
 * `npx tierbot import` run it: no TypeScript compiler in the process (tsx alone added ~40 MB to the
 * peak RSS). Plain JavaScript so that node runs it without tsx. Prints one JSON line: elapsed ms, what
 * was imported, the longest write transaction, peak RSS. import-phase.ts builds dist/ first when
 * src/ is newer (for a real size; a smoke run reads the sources).
 */
// A smoke-sized run (the bench's own test) runs the sources through tsx instead (`--import tsx`, SRC=1).
const root = new URL(process.env.TIERBOT_BENCH_FROM_SRC === '1' ? '../src/' : '../dist/', import.meta.url)
const { parseConfig } = await import(new URL('config/load.js', root).href)
const { runImport } = await import(new URL('import/run.js', root).href)
const { silentLogger } = await import(new URL('shared/logger.js', root).href)

const { dir, db, account } = JSON.parse(process.argv[2])
const config = parseConfig({ db })
const t0 = performance.now()
const summary = await runImport({
  paths: [dir], format: 'auto', dryRun: false, account, config, logger: silentLogger,
  clock: () => Date.parse('2026-06-17T15:00:00+08:00'), progress: 'off',
})
const ms = performance.now() - t0
process.stdout.write(`${JSON.stringify({
  ms, imported: summary.messages.imported, duplicates: summary.messages.duplicates, people: summary.people.unmatched + summary.people.matched,
  changes: summary.changes, lockMs: summary.longestBatchMs, peakRssMb: process.resourceUsage().maxRSS / 1024,
})}\n`)
