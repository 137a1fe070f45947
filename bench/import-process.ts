import { parseConfig } from '../src/config/load.js'
import { runImport } from '../src/import/run.js'
import { silentLogger } from '../src/shared/logger.js'
import { IMPORT_ACCOUNT } from './import-export.js'

/*
 * `tierbot import` alone in a fresh process, so its peak RSS is its own (not the generator's or the
 * baseline's). Prints one JSON line: elapsed ms, what was imported, peak RSS.
 */

const { dir, db } = JSON.parse(process.argv[2]) as { dir: string; db: string }
const config = parseConfig({ db })
const t0 = performance.now()
const summary = await runImport({
  paths: [dir], format: 'auto', dryRun: false, account: IMPORT_ACCOUNT, config, logger: silentLogger,
  clock: () => Date.parse('2026-06-17T15:00:00+08:00'), progress: 'off',
})
const ms = performance.now() - t0
process.stdout.write(`${JSON.stringify({
  ms, imported: summary.messages.imported, duplicates: summary.messages.duplicates, people: summary.people.unmatched + summary.people.matched,
  changes: summary.changes, lockMs: summary.longestBatchMs, peakRssMb: process.resourceUsage().maxRSS / 1024,
})}\n`)
