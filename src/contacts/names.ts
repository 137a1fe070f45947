import type Database from 'better-sqlite3'
import type { Db } from '../store/client.js'
import { cachedStatements } from '../store/statements.js'
import { stripRemarkPrefix } from '../sync/remark.js'

/*
 * One display name per contact, everywhere the merchant reads one (replies, digest, /hot, /silent,
 * /list, the demo): the merchant's own remark without tierbot's prefix, else the WeChat name, else the
 * id. When two contacts of the account would read the same, each carries its id, which /tier accepts.
 * The list of shared names is rebuilt only when a contact is added or renamed (contacts.version).
 */

export interface NamedRow { id: string; name: string; remark: string }

/** The merchant's remark (tierbot's prefix removed) if any, else the WeChat name, else the id. */
export function plainDisplayName(row: NamedRow, remarkPrefix: string): string {
  return stripRemarkPrefix(row.remark ?? '', remarkPrefix) || row.name || row.id
}

/** `陈晨（ID demo-c04）`: the name with what tells it apart. */
export function disambiguate(display: string, id: string): string {
  return display === id ? id : `${display}（ID ${id}）`
}

export interface DisplayNames {
  /** The contact's display name, with its id when another contact reads the same. */
  of(accountId: string, contactId: string): string
  /** Same, for a row already read (saves the lookup). */
  ofRow(accountId: string, row: NamedRow): string
  /** Set `name` of each row (rows carry contactId) to the display name. */
  fill<T extends { contactId: string; name: string }>(accountId: string, rows: T[]): T[]
}

function prepare(sqlite: Database.Database) {
  return {
    version: sqlite.prepare(`SELECT value FROM meta WHERE account_id = ? AND key = 'contacts.version'`).pluck(),
    one: sqlite.prepare('SELECT id, name, remark FROM contacts WHERE account_id = ? AND id = ?'),
    all: sqlite.prepare('SELECT id, name, remark FROM contacts WHERE account_id = ?'),
  }
}

const statementsFor = cachedStatements(prepare)

export function createDisplayNames(db: Db, remarkPrefix = '{code}|'): DisplayNames {
  const st = statementsFor(db.$client)
  const shared = new Map<string, { version: unknown; names: Set<string> }>()

  function sharedNames(accountId: string): Set<string> {
    const version = st.version.get(accountId) ?? null
    const cached = shared.get(accountId)
    if (cached && cached.version === version) return cached.names
    const seen = new Set<string>()
    const names = new Set<string>()
    for (const row of st.all.iterate(accountId) as IterableIterator<NamedRow>) {
      const display = plainDisplayName(row, remarkPrefix)
      if (seen.has(display)) names.add(display)
      else seen.add(display)
    }
    shared.set(accountId, { version, names })
    return names
  }

  function ofRow(accountId: string, row: NamedRow): string {
    const display = plainDisplayName(row, remarkPrefix)
    return sharedNames(accountId).has(display) ? disambiguate(display, row.id) : display
  }

  function of(accountId: string, contactId: string): string {
    const row = st.one.get(accountId, contactId) as NamedRow | undefined
    return row ? ofRow(accountId, row) : contactId
  }

  return {
    of,
    ofRow,
    fill(accountId, rows) {
      for (const r of rows) r.name = of(accountId, r.contactId)
      return rows
    },
  }
}

const perConnection = new WeakMap<Database.Database, Map<string, DisplayNames>>()

/** The DisplayNames of a connection and prefix, shared so the list of shared names is built once. */
export function displayNamesFor(db: Db, remarkPrefix = '{code}|'): DisplayNames {
  let byPrefix = perConnection.get(db.$client)
  if (!byPrefix) perConnection.set(db.$client, (byPrefix = new Map()))
  let names = byPrefix.get(remarkPrefix)
  if (!names) byPrefix.set(remarkPrefix, (names = createDisplayNames(db, remarkPrefix)))
  return names
}
