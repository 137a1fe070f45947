import fs from 'node:fs'
import path from 'node:path'
import type { Writable } from 'node:stream'
import { finished } from 'node:stream/promises'
import type { Config } from '../config/schema.js'
import { createExportStore } from '../export/export-store.js'
import { EXPORT_COLUMNS, toExportRow, type ExportCell } from '../export/rows.js'
import { writeCsv, writeXlsx, type ExportFormat } from '../export/write.js'
import { remarkPrefixPattern } from '../commands/resolve.js'
import { localDay } from '../shared/day.js'
import { UsageError } from '../shared/usage-error.js'
import { closeDb } from '../store/client.js'
import { TIERS, tierCode, type Tier } from '../tiers/ladder.js'
import { refreshChangedViews } from '../views/install.js'
import { openAccountDb } from './offline.js'

/*
 * `tierbot export`: every contact of the account into a CSV or .xlsx file. Written to a temporary file
 * and renamed at the end, so an interrupted export never leaves a half file under the chosen name.
 */

export interface ExportOptions {
  format?: ExportFormat
  /** File to write; '-' for standard output. Default: tierbot-export-YYYY-MM-DD.<format> here. */
  out?: string
  account?: string
  /** TIERBOT_DB_KEY, for an encrypted database. */
  key?: string
}

export interface ExportSummary {
  contacts: number
  format: ExportFormat
  /** The file written, or '-' for standard output. */
  out: string
  tiers: Record<Tier, number>
}

/** The format: --format wins, else the --out file's extension, else xlsx (opens in Excel/WPS without an encoding question). */
export function exportFormatOf(options: Pick<ExportOptions, 'format' | 'out'>): ExportFormat {
  if (options.format) return options.format
  if (options.out && options.out !== '-' && path.extname(options.out).toLowerCase() === '.csv') return 'csv'
  if (options.out === '-') return 'csv'
  return 'xlsx'
}

export async function runExport(config: Config, options: ExportOptions, now: number, stdout: Writable = process.stdout): Promise<ExportSummary> {
  const format = exportFormatOf(options)
  const name = `tierbot-export-${localDay(now, config.timezone)}.${format}`
  // `--out 桌面/` or an existing folder: the file goes into it under its usual name.
  const intoFolder = (o: string) => /[\\/]$/.test(o) || (fs.existsSync(o) && fs.statSync(o).isDirectory())
  const out = options.out === undefined ? name : options.out !== '-' && intoFolder(options.out) ? path.join(options.out, name) : options.out
  // `--out 客户.txt` would get a spreadsheet's bytes under a name nothing opens it with.
  const ext = path.extname(out).toLowerCase()
  if (!options.format && out !== '-' && ext !== '' && ext !== '.csv' && ext !== '.xlsx') {
    throw new UsageError(`--out ${out}: the file is a spreadsheet: name it .xlsx or .csv (or pass --format xlsx|csv)`)
  }
  const { db, accountId } = openAccountDb(config, options.account, { command: 'export', key: options.key, allowNone: true })
  const tmp = out === '-' ? null : `${out}.${process.pid}.tmp`
  try {
    // `--out reports/june.csv` in a folder that does not exist yet: make it, as a merchant expects.
    if (tmp) fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true })
    // Today's payments and messages count in the views columns (the nightly pass ages everyone else).
    // The account's admins are the merchant's side, not customers: no row of theirs.
    const notCustomers = accountId !== '' ? refreshChangedViews(db, config, accountId, now) : new Set<string>()
    const store = createExportStore(db, config, now)
    const prefix = remarkPrefixPattern(config.labels.remarkPrefix)
    const tiers = Object.fromEntries(TIERS.map((t) => [t, 0])) as Record<Tier, number>
    let contacts = 0
    function* rows(): Generator<ExportCell[]> {
      for (const src of store.contacts(accountId)) {
        if (notCustomers.has(src.id)) continue
        contacts++
        const t = (src.tier ?? 0) as Tier
        if (t in tiers) tiers[t]++
        yield toExportRow(src, prefix)
      }
    }
    const target: Writable = tmp ? fs.createWriteStream(tmp, { mode: 0o600 }) : stdout
    const write = format === 'xlsx' ? writeXlsx : writeCsv
    await write(EXPORT_COLUMNS, rows(), target, config.timezone)
    if (tmp) {
      // exceljs ends the stream itself; the CSV writer leaves it open.
      if (!target.writableEnded) target.end()
      await finished(target)
      fs.renameSync(tmp, out)
    }
    return { contacts, format, out, tiers }
  } catch (err) {
    if (tmp) fs.rmSync(tmp, { force: true })
    throw err
  } finally {
    closeDb(db)
  }
}

/** The one line the CLI prints after an export. */
export function describeExport(s: ExportSummary): string {
  const where = s.out === '-' ? '标准输出' : s.out
  const funnel = TIERS.map((t) => `${tierCode(t)} ${s.tiers[t]}`).join(' · ')
  return `已导出 ${s.contacts} 位联系人到 ${where}（${s.format}）：${funnel}`
}
