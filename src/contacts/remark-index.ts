import type Database from 'better-sqlite3'
import { stripRemarkPrefix } from '../sync/remark.js'

/*
 * Exact remark lookups (/tier, display names, admins named by remark) without an index on
 * contacts.remark (issue 14). The sync runner rewrites a customer's remark at every rung change
 * (`L1|赵六` → `L2|赵六`), and each rewrite moved the contact's entry in an (account_id, remark) index:
 * 0.4 of a page per message. Instead, per account, an in-memory hash table maps the remark without
 * tierbot's prefixes (`赵六`) to the contacts that carry it, and every hit is checked against the
 * contact's row (read by primary key), so an entry that went stale can only cost a read, never a
 * wrong answer. What the table must not miss is a contact whose remark changed to something new:
 *
 * - Built by one read of the account's contacts, on the first lookup (about 50 ms at 100k contacts on
 *   a busy 2-core machine; the ids and remarks come joined in two strings, not 100k rows).
 * - Kept current from the connection's own writes: TEMP triggers (this connection only, in memory,
 *   nothing in the database file or its WAL) note the id of every contact added, renamed or deleted
 *   in a temp table; a lookup first adds the noted contacts' current remarks.
 * - Writes it cannot see (another process, e.g. an import) are caught by the `contacts.version` counter
 *   (migration 0001), which moves once per such change: when it moved by other than the number of
 *   notes, the table is built again. A rolled-back transaction takes its notes and its counter moves
 *   back alike; a note consumed inside one that rolls back only makes the next lookup rebuild.
 */

/** Notes kept at most; past this the next lookup rebuilds (the counter shows the missing ones). */
const MAX_NOTES = 16_384
/** Entries added since the build, at most; then the next lookup rebuilds (stale entries dropped). */
const MAX_ADDED = 16_384

const NOTES = 'tierbot_contact_changes'

/**
 * The contacts.version update trigger's condition (0013, restated in 0014): the name changed, or the remark did beyond one
 * default-format rung prefix (`L2|赵六` → `L3|赵六` moves nothing a reader of the counter holds).
 */
const NAME_OR_REMARK_KEY_CHANGED = `OLD.name IS NOT NEW.name
  OR (CASE WHEN OLD.remark GLOB 'L[0-5]|*' THEN substr(OLD.remark, 4) ELSE OLD.remark END)
    IS NOT (CASE WHEN NEW.remark GLOB 'L[0-5]|*' THEN substr(NEW.remark, 4) ELSE NEW.remark END)`

/** Mirrors the contacts.version triggers (0001, 0005, 0013; all restated in 0014): one note per counter move. */
const TEMP_SCHEMA = [
  `CREATE TEMP TABLE IF NOT EXISTS ${NOTES} (account_id TEXT NOT NULL, id TEXT NOT NULL)`,
  `CREATE TEMP TRIGGER IF NOT EXISTS ${NOTES}_insert AFTER INSERT ON main.contacts
    WHEN COALESCE((SELECT MAX(rowid) FROM ${NOTES}), 0) < ${MAX_NOTES}
    BEGIN INSERT INTO ${NOTES} (account_id, id) VALUES (NEW.account_id, NEW.id); END`,
  `CREATE TEMP TRIGGER IF NOT EXISTS ${NOTES}_update AFTER UPDATE OF name, remark ON main.contacts
    WHEN (${NAME_OR_REMARK_KEY_CHANGED}) AND COALESCE((SELECT MAX(rowid) FROM ${NOTES}), 0) < ${MAX_NOTES}
    BEGIN INSERT INTO ${NOTES} (account_id, id) VALUES (NEW.account_id, NEW.id); END`,
  `CREATE TEMP TRIGGER IF NOT EXISTS ${NOTES}_delete AFTER DELETE ON main.contacts
    WHEN COALESCE((SELECT MAX(rowid) FROM ${NOTES}), 0) < ${MAX_NOTES}
    BEGIN INSERT INTO ${NOTES} (account_id, id) VALUES (OLD.account_id, OLD.id); END`,
]

export interface RemarkIndex {
  /**
   * Contacts whose remark, tierbot's prefixes removed, reads as `text`'s does, for which `read`
   * (the row by id, or undefined to skip it) and `accept` hold; at most `limit`. By default
   * `accept` is "the remark is `text`, or a rung prefix (L0–L5) then `text`".
   */
  find<R extends { remark: string }>(accountId: string, text: string, read: (id: string) => R | undefined,
    options?: { accept?: (remark: string) => boolean; limit?: number }): R[]
  /** Build the account's table now if it is not current (the bot's start-up catch-up: not on a first lookup). */
  warm(accountId: string): void
  /**
   * Take in the noted changes once they pile up (half the notes kept), and build the table afresh once
   * half its room for added entries is used, so a run of label writes never makes a lookup rebuild it;
   * nothing before the table is first built.
   */
  keepUp(accountId: string): void
}

/** 32-bit FNV-1a over UTF-16 units. */
function hashOf(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** One account's table: slots of (key hash, contact id), chained per bucket. Ids of the build in one string. */
interface Table {
  version: string | null
  size: number
  added: number
  hashes: Uint32Array
  next: Int32Array
  heads: Int32Array
  mask: number
  builtIds: string
  builtStarts: Uint32Array
  builtCount: number
  addedIds: string[]
}

function idOf(t: Table, slot: number): string {
  return slot < t.builtCount ? t.builtIds.slice(t.builtStarts[slot], t.builtStarts[slot + 1] - 1) : t.addedIds[slot - t.builtCount]
}

function hasEntry(t: Table, hash: number, id: string): boolean {
  for (let slot = t.heads[hash & t.mask]; slot >= 0; slot = t.next[slot]) {
    if (t.hashes[slot] === hash && idOf(t, slot) === id) return true
  }
  return false
}

function addSlot(t: Table, hash: number, id: string | null): void {
  const slot = t.size++
  t.hashes[slot] = hash
  const bucket = hash & t.mask
  t.next[slot] = t.heads[bucket]
  t.heads[bucket] = slot
  if (id !== null) t.addedIds.push(id)
}

/**
 * The account's contacts with a remark, read as two strings (ids, remarks; SQLite joins them, which
 * costs a fraction of handing over 100k rows one by one). A line break inside an id or a remark would
 * shift the two lists apart: then they are read row by row.
 */
function readRemarks(st: Statements, accountId: string): { idText: string; starts: Uint32Array; remarks: string[] } {
  const all = st.joined.get(accountId) as { n: number; ids: string | null; remarks: string | null }
  const idText = all.ids ?? ''
  const remarks = all.n === 0 ? [] : (all.remarks ?? '').split('\n')
  const starts = new Uint32Array(all.n + 1)
  let k = 0
  for (let at = idText.indexOf('\n'); at >= 0 && k < all.n; at = idText.indexOf('\n', at + 1)) starts[++k] = at + 1
  if (remarks.length === all.n && (all.n === 0 || k === all.n - 1)) {
    starts[all.n] = idText.length + 1
    return { idText, starts, remarks }
  }
  const rows = st.rows.all(accountId) as Array<{ id: string; remark: string }>
  const byRow = new Uint32Array(rows.length + 1)
  for (let i = 0; i < rows.length; i++) byRow[i + 1] = byRow[i] + rows[i].id.length + 1
  return { idText: rows.map((r) => r.id).join('\n'), starts: byRow, remarks: rows.map((r) => r.remark) }
}

function buildTable(version: string | null, read: { idText: string; starts: Uint32Array; remarks: string[] }, keyOf: (remark: string) => string): Table {
  const builtCount = read.remarks.length
  const capacity = builtCount + MAX_ADDED
  let buckets = 1024
  while (buckets < capacity) buckets *= 2
  const t: Table = {
    version, size: 0, added: 0, hashes: new Uint32Array(capacity), next: new Int32Array(capacity),
    heads: new Int32Array(buckets).fill(-1), mask: buckets - 1,
    builtIds: read.idText, builtStarts: read.starts, builtCount, addedIds: [],
  }
  for (const remark of read.remarks) addSlot(t, hashOf(keyOf(remark)), null)
  return t
}

type Statements = ReturnType<typeof prepare>
/** A contact noted as added, renamed or deleted, with its remark now (null once deleted). */
interface Note { id: string; remark: string | null }

function prepare(sqlite: Database.Database) {
  for (const ddl of TEMP_SCHEMA) sqlite.exec(ddl)
  return {
    version: sqlite.prepare(`SELECT value FROM meta WHERE account_id = ? AND key = 'contacts.version'`).pluck(),
    joined: sqlite.prepare(`SELECT COUNT(*) AS n, group_concat(id, char(10)) AS ids, group_concat(remark, char(10)) AS remarks
      FROM contacts WHERE account_id = ? AND remark <> ''`),
    rows: sqlite.prepare(`SELECT id, remark FROM contacts WHERE account_id = ? AND remark <> ''`),
    // Each note with the contact's remark now (null: deleted), in one read rather than a lookup per note.
    notes: sqlite.prepare(`SELECT n.id, c.remark FROM temp.${NOTES} n
      LEFT JOIN main.contacts c ON c.account_id = n.account_id AND c.id = n.id WHERE n.account_id = ?`),
    clearNotes: sqlite.prepare(`DELETE FROM temp.${NOTES} WHERE account_id = ?`),
    noteCount: sqlite.prepare(`SELECT COALESCE(MAX(rowid), 0) FROM temp.${NOTES}`).pluck(),
  }
}

function createRemarkIndex(sqlite: Database.Database, remarkPrefix: string): RemarkIndex {
  let st = prepare(sqlite)
  const keyOf = (remark: string) => stripRemarkPrefix(remark, remarkPrefix)
  const prefixes = [0, 1, 2, 3, 4, 5].map((i) => remarkPrefix.replace('{code}', `L${i}`))
  const tables = new Map<string, Table>()

  function notesOf(accountId: string): Note[] {
    try {
      return st.notes.all(accountId) as Note[]
    } catch {
      // The temp table went with a transaction that rolled back after creating it: create it again;
      // the counter then differs from the (empty) notes, so the table is rebuilt.
      st = prepare(sqlite)
      return st.notes.all(accountId) as Note[]
    }
  }

  function current(accountId: string): Table {
    const notes = notesOf(accountId)
    const version = (st.version.get(accountId) as string | undefined) ?? null
    const t = tables.get(accountId)
    if (t && t.version === version && notes.length === 0) return t
    if (t && t.version !== null && version !== null && notes.length > 0
      && Number(version) - Number(t.version) === notes.length && t.added + notes.length <= MAX_ADDED) {
      const seen = new Set<string>()
      for (const { id, remark } of notes) {
        if (seen.has(id)) continue
        seen.add(id)
        if (!remark) continue
        // A rung prefix rewritten (L1|赵六 → L2|赵六) keeps the key: the contact is in its chain already.
        const hash = hashOf(keyOf(remark))
        if (hasEntry(t, hash, id)) continue
        addSlot(t, hash, id)
        t.added++
      }
      st.clearNotes.run(accountId)
      t.version = version
      return t
    }
    // Drop the old table before building the new one (never two at once).
    tables.delete(accountId)
    st.clearNotes.run(accountId)
    const built = buildTable(version, readRemarks(st, accountId), keyOf)
    tables.set(accountId, built)
    return built
  }

  return {
    warm(accountId) { current(accountId) },
    keepUp(accountId) {
      const t = tables.get(accountId)
      if (!t) return
      let count: number
      try {
        count = st.noteCount.get() as number
      } catch {
        return
      }
      // Half the room for added entries used: built afresh here, off any lookup's path, so a lookup
      // always finds room for what was noted since.
      if (t.added >= MAX_ADDED / 2) tables.delete(accountId)
      if (count >= MAX_NOTES / 2 || !tables.has(accountId)) current(accountId)
    },
    find<R extends { remark: string }>(accountId: string, text: string, read: (id: string) => R | undefined,
      options: { accept?: (remark: string) => boolean; limit?: number } = {}): R[] {
      const accept = options.accept ?? ((remark: string) => remark === text || prefixes.some((p) => remark === p + text))
      const limit = options.limit ?? 50
      const t = current(accountId)
      const hash = hashOf(keyOf(text))
      const seen = new Set<string>()
      const out: R[] = []
      for (let slot = t.heads[hash & t.mask]; slot >= 0 && out.length < limit; slot = t.next[slot]) {
        if (t.hashes[slot] !== hash) continue
        const id = idOf(t, slot)
        if (seen.has(id)) continue
        seen.add(id)
        const row = read(id)
        if (row && accept(row.remark)) out.push(row)
      }
      return out
    },
  }
}

const perConnection = new WeakMap<Database.Database, Map<string, RemarkIndex>>()

/** The remark index of a connection and prefix format, shared by everyone who looks remarks up on it. */
export function remarkIndexFor(sqlite: Database.Database, remarkPrefix = '{code}|'): RemarkIndex {
  let byPrefix = perConnection.get(sqlite)
  if (!byPrefix) perConnection.set(sqlite, (byPrefix = new Map()))
  let index = byPrefix.get(remarkPrefix)
  if (!index) byPrefix.set(remarkPrefix, (index = createRemarkIndex(sqlite, remarkPrefix)))
  return index
}
