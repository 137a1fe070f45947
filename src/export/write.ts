import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { stringify } from 'csv-stringify'
import ExcelJS from 'exceljs'
import { localParts } from '../shared/day.js'
import { formatCsvCell, type ExportCell, type ExportColumn } from './rows.js'

/*
 * The two file formats a merchant opens in Excel or WPS. Both stream row by row: memory stays flat
 * however many contacts the account has.
 */

export type ExportFormat = 'csv' | 'xlsx'

/**
 * CSV through csv-stringify: a UTF-8 BOM (without it Excel reads the file as the system code page and
 * shows Chinese as mojibake) and CRLF line ends, as Excel writes them.
 */
export async function writeCsv(columns: readonly ExportColumn[], rows: Iterable<ExportCell[]>, target: Writable, timeZone: string): Promise<void> {
  const csv = stringify({ bom: true, record_delimiter: 'windows' })
  csv.pipe(target, { end: false })
  const failed = rejectOnError(target)
  const write = async (record: string[]) => {
    if (!csv.write(record)) await Promise.race([once(csv, 'drain'), failed])
  }
  try {
    await write(columns.map((c) => c.header))
    for (const row of rows) await write(columns.map((c, i) => formatCsvCell(c.type, row[i] ?? null, timeZone)))
    const done = once(csv, 'end')
    csv.end()
    await Promise.race([done, failed])
  } finally {
    csv.unpipe(target)
  }
}

/** A target that fails (disk full, a closed pipe) ends the export with that error instead of hanging. */
function rejectOnError(target: Writable): Promise<never> {
  const failed = new Promise<never>((_, reject) => target.once('error', reject))
  failed.catch(() => { /* observed by the race; never an unhandled rejection */ })
  return failed
}

/** A value for an xlsx cell: numbers stay numbers and times become real dates, so the sheet sorts and sums. */
function xlsxValue(type: ExportColumn['type'], value: ExportCell, timeZone: string): string | number | Date | null {
  if (value === null) return null
  switch (type) {
    case 'text': return String(value)
    case 'int': return Number(value)
    case 'money': return Number(value) / 100
    case 'datetime': {
      // Excel dates carry no zone: write the merchant's wall clock (the zone's local parts) as the date.
      const p = localParts(Number(value), timeZone)
      return new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute))
    }
    default: {
      const exhaustive: never = type
      return exhaustive
    }
  }
}

const NUM_FMT: Partial<Record<ExportColumn['type'], string>> = {
  money: '#,##0.00',
  int: '0',
  datetime: 'yyyy-mm-dd hh:mm',
}

/** .xlsx through exceljs's streaming writer; header row frozen and filterable. */
export async function writeXlsx(columns: readonly ExportColumn[], rows: Iterable<ExportCell[]>, target: Writable, timeZone: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: target, useStyles: true, useSharedStrings: false })
  const sheet = workbook.addWorksheet('客户', { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = columns.map((c, i) => ({ key: String(i), header: c.header, width: c.width, style: NUM_FMT[c.type] ? { numFmt: NUM_FMT[c.type] } : {} }))
  sheet.getRow(1).font = { bold: true }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } }
  const failed = rejectOnError(target)
  for (const row of rows) sheet.addRow(columns.map((c, i) => xlsxValue(c.type, row[i] ?? null, timeZone))).commit()
  sheet.commit()
  await Promise.race([workbook.commit(), failed])
}
