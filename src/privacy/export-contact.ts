import type { Db } from '../store/client.js'
import { createPrivacyStore } from './privacy-store.js'

/*
 * Access requests (PIPL): everything stored about one person, from every table with a contact
 * column (the same discovery forget uses, so the two can never disagree on what "everything" is).
 * JSON columns are parsed so the file reads as data, not as strings of JSON.
 */

export interface ContactExport {
  format: 'tierbot-contact-export'
  version: 1
  accountId: string
  contactId: string
  generatedAt: string
  timezone: string
  tables: Record<string, unknown[]>
}

/** Columns that hold JSON (message text never does, even when it looks like it). */
const JSON_COLUMNS = new Set(['recent', 'personas', 'active_days', 'reasons', 'labels', 'ledger_labels', 'payload'])

function parseJsonColumns(row: unknown): unknown {
  if (!row || typeof row !== 'object') return row
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(row as Record<string, unknown>)) {
    if (typeof value === 'string' && JSON_COLUMNS.has(key)) {
      try {
        out[key] = JSON.parse(value)
        continue
      } catch { /* damaged: keep the text */ }
    }
    out[key] = value
  }
  return out
}

export function exportContact(db: Db, accountId: string, contactId: string, now: number, timezone: string): ContactExport {
  const rows = createPrivacyStore(db).selectRows(accountId, contactId)
  const tables: Record<string, unknown[]> = {}
  for (const [table, list] of Object.entries(rows)) tables[table] = list.map(parseJsonColumns)
  return {
    format: 'tierbot-contact-export', version: 1, accountId, contactId,
    generatedAt: new Date(now).toISOString(), timezone, tables,
  }
}
