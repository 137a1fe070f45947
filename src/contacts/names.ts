import type Database from 'better-sqlite3'
import type { Db } from '../store/client.js'
import { cachedStatements } from '../store/statements.js'
import { stripRemarkPrefix } from '../sync/remark.js'
import { remarkIndexFor } from './remark-index.js'

/*
 * One display name per contact, everywhere the merchant reads one (replies, digest, /hot, /silent,
 * /list, the demo): the merchant's own remark without tierbot's prefix, else the WeChat name, else the
 * id. When two contacts of the account would read the same, each carries its id, which /tier accepts.
 * Whether a name is shared is found with an index seek (names) and the in-memory remark index
 * (remark-index.ts), and remembered until a contact is added or renamed (contacts.version).
 */

export interface NamedRow { id: string; name: string; remark: string }

// Blank-looking nicknames are common on WeChat (空白昵称: the Hangul filler, braille blanks, zero-width
// characters). Shown as they are, a line would name nobody; the id names the contact and /tier takes it.
const INVISIBLE = /^[\s\p{Cf}\u115f\u1160\u3164\uffa0\u2800]*$/u
const visible = (text: string): string => (INVISIBLE.test(text) ? '' : text)

/** The merchant's remark (tierbot's prefix removed) if any, else the WeChat name, else the id. */
export function plainDisplayName(row: NamedRow, remarkPrefix: string): string {
  return visible(stripRemarkPrefix(row.remark ?? '', remarkPrefix)) || visible(row.name ?? '') || row.id
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
  /**
   * Set `name` of each row to the display name. A row that carries `remark` (its name then being the
   * WeChat name) needs no lookup; others are looked up by contactId.
   */
  fill<T extends { contactId: string; name: string; remark?: string }>(accountId: string, rows: T[]): T[]
  /**
   * Same, each row's name worked out when first read: of a list of 300 rows the digest shows 10, 10
   * are looked up. Read the names while the connection is open (the digest builds right after loading).
   */
  fillLazily<T extends { contactId: string; name: string; remark?: string }>(accountId: string, rows: T[]): T[]
}

function prepare(sqlite: Database.Database) {
  return {
    version: sqlite.prepare(`SELECT value FROM meta WHERE account_id = ? AND key = 'contacts.version'`).pluck(),
    one: sqlite.prepare('SELECT id, name, remark FROM contacts WHERE account_id = ? AND id = ?'),
    // The contacts that could read `display`: by WeChat name, or by remark with or without a tierbot
    // prefix (the remark index, src/contacts/remark-index.ts). INDEXED BY: contacts has no rowid (0014), and
    // without statistics SQLite would rather walk the account's primary-key range than look each match up.
    byName: sqlite.prepare('SELECT id, name, remark FROM contacts INDEXED BY contacts_name_idx WHERE account_id = ? AND name = ? LIMIT 50'),
  }
}

const statementsFor = cachedStatements(prepare)

export function createDisplayNames(db: Db, remarkPrefix = '{code}|'): DisplayNames {
  const st = statementsFor(db.$client)
  const remarks = remarkIndexFor(db.$client, remarkPrefix)
  // Per account: whether a display name is shared, remembered until a contact is added or renamed.
  const memo = new Map<string, { version: unknown; shared: Map<string, boolean> }>()

  /** An index seek and a hash lookup per new name (never a scan: 100k contacts cost the same as 100). */
  function isShared(accountId: string, display: string): boolean {
    const version = st.version.get(accountId) ?? null
    let m = memo.get(accountId)
    if (!m || m.version !== version) memo.set(accountId, (m = { version, shared: new Map() }))
    let shared = m.shared.get(display)
    if (shared === undefined) {
      const ids = new Set<string>()
      const rows = [
        ...(st.byName.all(accountId, display) as NamedRow[]),
        ...remarks.find(accountId, display, (id) => st.one.get(accountId, id) as NamedRow | undefined),
      ]
      for (const row of rows) if (plainDisplayName(row, remarkPrefix) === display) ids.add(row.id)
      shared = ids.size > 1
      if (m.shared.size > 10_000) m.shared.clear()
      m.shared.set(display, shared)
    }
    return shared
  }

  function ofRow(accountId: string, row: NamedRow): string {
    const display = plainDisplayName(row, remarkPrefix)
    return display !== row.id && isShared(accountId, display) ? disambiguate(display, row.id) : display
  }

  function of(accountId: string, contactId: string): string {
    const row = st.one.get(accountId, contactId) as NamedRow | undefined
    return row ? ofRow(accountId, row) : contactId
  }

  function displayOf(accountId: string, r: { contactId: string; name: string; remark?: string }): string {
    return r.remark === undefined ? of(accountId, r.contactId) : ofRow(accountId, { id: r.contactId, name: r.name, remark: r.remark })
  }

  return {
    of,
    ofRow,
    fill(accountId, rows) {
      for (const r of rows) r.name = displayOf(accountId, r)
      return rows
    },
    fillLazily(accountId, rows) {
      for (const r of rows) {
        const loaded = { contactId: r.contactId, name: r.name, remark: r.remark }
        const settle = (name: string) => Object.defineProperty(r, 'name', { value: name, writable: true, enumerable: true, configurable: true })
        Object.defineProperty(r, 'name', {
          enumerable: true,
          configurable: true,
          get: () => {
            const name = displayOf(accountId, loaded)
            settle(name)
            return name
          },
          set: settle,
        })
      }
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
