import type Database from 'better-sqlite3'
import type { Db } from '../store/client.js'
import type { Activity, Tier } from '../tiers/ladder.js'
import { cachedStatements } from '../store/statements.js'
import { displayNamesFor } from '../contacts/names.js'
import { remarkIndexFor } from '../contacts/remark-index.js'
import { distance } from '../shared/distance.js'

/*
 * "张三" → one contact (issue 5): the merchant's remark without tierbot's prefix, then the WeChat
 * name, then the id, then a unique partial match. Exact steps use the in-memory remark index
 * (src/contacts/remark-index.ts) and the (account, name) index, so /tier stays fast at 100k contacts;
 * only a miss scans.
 * The account itself and rooms are never a customer.
 */

export interface ContactRef {
  id: string
  name: string
  /** The merchant's own remark, tierbot's prefix removed ('' when none). */
  remark: string
  /** What replies call the contact: the remark if set, else the name, else the id. */
  display: string
}

/** A contact plus what tells it apart from others of the same name. */
export interface Candidate extends ContactRef {
  tier: Tier | null
  activity: Activity | null
  lastSeenAt: number | null
  /** Topic of a group they spoke in most recently, if any. */
  group: string | null
}

export type Resolution =
  | { kind: 'found'; contact: ContactRef }
  | { kind: 'ambiguous'; query: string; candidates: Candidate[]; total: number }
  | { kind: 'not_found'; query: string; suggestions: Candidate[] }

export interface ContactResolver {
  resolve(accountId: string, query: string): Resolution
  /** Candidate details for known ids (ambiguity lists, suggestions). */
  describe(accountId: string, ids: string[]): Candidate[]
}

export const MAX_CANDIDATES = 5
const PARTIAL_LIMIT = 50
const SUGGESTION_POOL = 400

interface Row { id: string; name: string; remark: string }

const NOT_SELF_OR_ROOM = `c.id <> @account AND c.id NOT LIKE '%@chatroom'
  AND NOT EXISTS (SELECT 1 FROM rooms r WHERE r.account_id = c.account_id AND r.id = c.id)`

function prepare(sqlite: Database.Database) {
  return {
    // INDEXED BY: see contacts/names.ts (contacts has no rowid; the planner would walk the account's contacts).
    byName: sqlite.prepare(`SELECT c.id, c.name, c.remark FROM contacts c INDEXED BY contacts_name_idx
      WHERE c.account_id = @account AND c.name = @q AND ${NOT_SELF_OR_ROOM} LIMIT ${PARTIAL_LIMIT}`),
    byId: sqlite.prepare(`SELECT c.id, c.name, c.remark FROM contacts c
      WHERE c.account_id = @account AND c.id = @q AND ${NOT_SELF_OR_ROOM}`),
    version: sqlite.prepare(`SELECT value FROM meta WHERE account_id = ? AND key = 'contacts.version'`).pluck(),
    everyone: sqlite.prepare(`SELECT c.id, c.name, c.remark FROM contacts c WHERE c.account_id = @account AND ${NOT_SELF_OR_ROOM}`),
    detail: sqlite.prepare(`SELECT c.id, c.name, c.remark, t.tier, t.activity, s.last_inbound_at AS lastSeenAt,
        (SELECT COALESCE(NULLIF(r.topic, ''), i.room_id) FROM interactions i
           LEFT JOIN rooms r ON r.account_id = i.account_id AND r.id = i.room_id
           WHERE i.account_id = c.account_id AND i.contact_id = c.id AND i.room_id IS NOT NULL
           ORDER BY i.at DESC LIMIT 1) AS recentGroup,
        (SELECT COALESCE(NULLIF(r.topic, ''), e.room_id) FROM room_events e
           LEFT JOIN rooms r ON r.account_id = e.account_id AND r.id = e.room_id
           WHERE e.account_id = c.account_id AND e.contact_id = c.id AND e.kind = 'join'
           ORDER BY e.at DESC LIMIT 1) AS joinedGroup
      FROM contacts c
      LEFT JOIN tiers t ON t.account_id = c.account_id AND t.contact_id = c.id
      LEFT JOIN contact_stats s ON s.account_id = c.account_id AND s.contact_id = c.id
      WHERE c.account_id = @account AND c.id = @id`),
  }
}

const statementsFor = cachedStatements(prepare)

/** `{code}|` → a regex matching `L0|` … `L5|` at the start of a remark. */
export function remarkPrefixPattern(template: string): RegExp {
  const [before, after] = template.split('{code}').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(`^${before}L[0-5]${after ?? ''}`)
}

export function createContactResolver(db: Db, remarkPrefix = '{code}|'): ContactResolver {
  const st = statementsFor(db.$client)
  const prefix = remarkPrefixPattern(remarkPrefix)
  const names = displayNamesFor(db, remarkPrefix)
  const remarks = remarkIndexFor(db.$client, remarkPrefix)
  const merchantRemark = (row: Row): string => row.remark.replace(prefix, '').trim()
  const toRef = (accountId: string, row: Row): ContactRef =>
    ({ id: row.id, name: row.name, remark: merchantRemark(row), display: names.ofRow(accountId, row) })

  function describe(accountId: string, ids: string[]): Candidate[] {
    const out: Candidate[] = []
    for (const id of ids) {
      const r = st.detail.get({ account: accountId, id }) as
        (Row & { tier: Tier | null; activity: Activity | null; lastSeenAt: number | null; recentGroup: string | null; joinedGroup: string | null }) | undefined
      if (!r) continue
      out.push({ ...toRef(accountId, r), tier: r.tier, activity: r.activity, lastSeenAt: r.lastSeenAt, group: r.recentGroup ?? r.joinedGroup })
    }
    // Most valuable and most recently seen first: the one the merchant means is usually on top.
    return out.sort((a, b) => (b.tier ?? -1) - (a.tier ?? -1) || (b.lastSeenAt ?? 0) - (a.lastSeenAt ?? 0) || a.id.localeCompare(b.id))
  }

  function decide(accountId: string, query: string, rows: Row[]): Resolution | null {
    if (rows.length === 1) return { kind: 'found', contact: toRef(accountId, rows[0]) }
    if (rows.length > 1) {
      return { kind: 'ambiguous', query, candidates: describe(accountId, rows.map((r) => r.id)).slice(0, MAX_CANDIDATES), total: rows.length }
    }
    return null
  }

  function resolve(accountId: string, rawQuery: string): Resolution {
    const query = rawQuery.trim()
    if (query === '') return { kind: 'not_found', query, suggestions: [] }
    const account = accountId
    // The name as replies show it when two contacts read the same (`张三（ID wxid_zs2）`, NFKC makes the
    // brackets ASCII): replies suggest typing it back, so it finds that id.
    const tagged = /^.*?\s*\(ID\s+([^()\s]+)\)$/.exec(query.normalize('NFKC'))
    if (tagged) {
      const byTag = decide(accountId, query, st.byId.all({ account, q: tagged[1] }) as Row[])
      if (byTag) return byTag
    }
    // A remark tierbot composed from the WeChat name (`L1|陈晨`) is not the merchant's: it must not
    // single out one of two 陈晨. Those are found by name below, with every other 陈晨.
    const byRemark = remarks.find(accountId, query, (id) => st.byId.get({ account, q: id }) as Row | undefined, { limit: PARTIAL_LIMIT })
      .filter((r) => merchantRemark(r) !== r.name)
    const exact = decide(accountId, query, byRemark)
      ?? decide(accountId, query, st.byName.all({ account, q: query }) as Row[])
      ?? decide(accountId, query, st.byId.all({ account, q: query }) as Row[])
    if (exact) return exact
    // The merchant copied a remark as WeChat shows it (`L4|张三`): tierbot's prefix is not part of the name.
    const bare = query.replace(prefix, '').trim()
    if (bare !== query && bare !== '') {
      const unprefixed = resolve(accountId, bare)
      if (unprefixed.kind !== 'not_found') return unprefixed
    }
    // Exact matches seek an index; a substring cannot. Rather than scanning the name and remark indexes
    // twice per typo (partial match, then the suggestion pool), search an in-memory list that reloads only
    // when a contact is added or renamed (the contacts.version counter kept by a trigger).
    const names = nameList(accountId)
    const lower = query.toLowerCase()
    const partial: Row[] = []
    // A separator in the query could match across two records: no name holds one (the parser strips NUL).
    if (!lower.includes(RECORD) && !lower.includes(FIELD)) {
      for (let i = names.recordAt(names.text.indexOf(lower)); i >= 0 && partial.length < PARTIAL_LIMIT;
        i = names.recordAt(names.text.indexOf(lower, names.starts[i + 1]))) {
        partial.push(...(st.byId.all({ account, q: names.idOf(i) }) as Row[]))
      }
    }
    const found = decide(accountId, query, partial)
    if (found) return found
    return { kind: 'not_found', query, suggestions: suggest(accountId, query, names) }
  }

  const lists = new Map<string, NameList>()

  function nameList(accountId: string): NameList {
    const version = st.version.get(accountId) ?? null
    const cached = lists.get(accountId)
    if (cached && cached.version === version) return cached
    // Drop the old list before building the new one (never two at once).
    lists.delete(accountId)
    const list = buildNameList(version, st.everyone.iterate({ account: accountId }) as IterableIterator<Row>, merchantRemark)
    lists.set(accountId, list)
    return list
  }

  function suggest(accountId: string, query: string, names: NameList): Candidate[] {
    const chars = [...new Set([...query.toLowerCase()])].filter((c) => c.trim() !== '')
    if (chars.length === 0) return []
    const first = chars[0]
    const last = chars[chars.length - 1]
    const limit = Math.max(2, [...query].length)
    const scored: Array<{ id: string; d: number }> = []
    let pooled = 0
    // The records holding the first or the last character, in list order: the next occurrence of either.
    // Each occurrence is searched once: a rare character is not searched for again on every record.
    const next = (char: string, at: number, from: number): number => (at >= 0 && at < from ? names.text.indexOf(char, from) : at)
    let a = names.text.indexOf(first)
    let b = last === first ? -1 : names.text.indexOf(last)
    while (pooled < SUGGESTION_POOL) {
      const i = names.recordAt(a < 0 ? b : b < 0 ? a : Math.min(a, b))
      if (i < 0) break
      const from = names.starts[i + 1]
      a = next(first, a, from)
      if (last !== first) b = next(last, b, from)
      pooled++
      const [name, remark] = names.hayOf(i).split(FIELD)
      const d = Math.min(distance(query, name), remark ? distance(query, remark) : Infinity)
      if (d <= limit) scored.push({ id: names.idOf(i), d })
    }
    scored.sort((x, y) => x.d - y.d || x.id.localeCompare(y.id))
    return describe(accountId, scored.slice(0, 3).map((s) => s.id))
  }

  return { resolve, describe }
}

/** Between a contact's lower-cased name and remark in the list; never in a query (the parser strips it). */
const FIELD = '\u0000'
/** Between two contacts' records. */
const RECORD = '\n'

/**
 * Every contact's lower-cased "name NUL remark-without-prefix" in ONE string (records separated by a
 * newline) and the ids in another, with typed arrays of where each record starts: at 100k contacts a
 * couple of MB, where a string and an array slot per contact cost about ten times as much. A substring
 * search is one indexOf over the text; a hit's record is found by binary search on the starts.
 */
interface NameList {
  version: unknown
  text: string
  /** starts[i]: where record i begins in text; starts[count] = text.length + 1. */
  starts: Uint32Array
  /** The record holding text position `pos` (-1 for a negative pos: indexOf found nothing). */
  recordAt(pos: number): number
  hayOf(i: number): string
  idOf(i: number): string
}

function buildNameList(version: unknown, rows: Iterable<Row>, merchantRemark: (row: Row) => string): NameList {
  // Joined in chunks, so no array holds a string per contact for long.
  const textChunks: string[] = []
  const idChunks: string[] = []
  let hay: string[] = []
  let ids: string[] = []
  const hayLengths: number[] = []
  const idLengths: number[] = []
  const flush = () => {
    if (hay.length === 0) return
    textChunks.push(hay.join(RECORD))
    idChunks.push(ids.join(RECORD))
    hay = []
    ids = []
  }
  for (const row of rows) {
    const h = `${row.name}${FIELD}${merchantRemark(row)}`.toLowerCase()
    hay.push(h)
    ids.push(row.id)
    hayLengths.push(h.length)
    idLengths.push(row.id.length)
    if (hay.length === 4096) flush()
  }
  flush()
  const text = textChunks.join(RECORD)
  const idText = idChunks.join(RECORD)
  const count = hayLengths.length
  const starts = new Uint32Array(count + 1)
  const idStarts = new Uint32Array(count + 1)
  for (let i = 0; i < count; i++) {
    starts[i + 1] = starts[i] + hayLengths[i] + 1
    idStarts[i + 1] = idStarts[i] + idLengths[i] + 1
  }
  return {
    version,
    text,
    starts,
    recordAt(pos) {
      if (pos < 0) return -1
      // The last start at or before pos.
      let lo = 0
      let hi = count - 1
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1
        if (starts[mid] <= pos) lo = mid
        else hi = mid - 1
      }
      return lo
    },
    hayOf: (i) => text.slice(starts[i], starts[i + 1] - 1),
    idOf: (i) => idText.slice(idStarts[i], idStarts[i + 1] - 1),
  }
}

/** One-off resolution (tests, CLI); the feature keeps a resolver so statements are prepared once. */
export function resolveContact(db: Db, accountId: string, query: string, remarkPrefix = '{code}|'): Resolution {
  return createContactResolver(db, remarkPrefix).resolve(accountId, query)
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

export { distance }
