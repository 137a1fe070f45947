import type { Db } from '../store/client.js'
import type { SyncOp, SyncOpKind } from './planner.js'

/*
 * Operations are written here before they run, so a crash or restart loses none. One live row per
 * (account, contact, kind, key): a newer plan for a contact replaces whatever of the older plan has
 * not run yet, and a newer remark replaces an unwritten older one.
 */

export type OutboxStatus = 'pending' | 'done' | 'failed' | 'skipped'

export interface OutboxRow {
  id: number
  contactId: string
  op: SyncOp
  attempts: number
  nextAt: number
  /** The stored payload text, to tell whether the row was replaced while its op ran. */
  payloadText: string
}

export interface OutboxCounts {
  pending: number
  done: number
  failed: number
  skipped: number
  /** Pending ops that failed at least once and wait for their next try (a part of `pending`). */
  retrying: number
}

export interface Outbox {
  /** Replace the contact's unapplied plan with `ops` (empty = nothing left to do), in one transaction. */
  replacePlan(contactId: string, ops: SyncOp[], now: number): void
  /** Queue `ops` beside the contact's pending ones (an identical pending op keeps its place). */
  add(contactId: string, ops: SyncOp[], now: number): void
  /** The next pending op due at `now`, other than `skip` (ids); label ops only when labels are supported. */
  nextDue(now: number, includeLabels: boolean, skip?: ReadonlySet<number>): OutboxRow | undefined
  /** One contact's pending ops due at `now`, in the order nextDue gives them. */
  dueOf(contactId: string, now: number, includeLabels: boolean): OutboxRow[]
  /** When the earliest pending op falls due, or undefined when nothing is pending. */
  nextPendingAt(includeLabels: boolean): number | undefined
  /** The contact's pending row for this op, if any. */
  pendingRow(contactId: string, op: SyncOp): OutboxRow | undefined
  /** True when the contact has pending ops (an index seek). */
  hasPending(contactId: string): boolean
  /** True while the row is still the pending op that was read (not replaced or dropped meanwhile). */
  isCurrent(row: OutboxRow): boolean
  markDone(row: OutboxRow, now: number): void
  reschedule(row: OutboxRow, attempts: number, nextAt: number, error: string, now: number): void
  finish(row: OutboxRow, status: 'failed' | 'skipped', error: string, now: number): void
  /** Every pending op of the account, by contact, as `kind key → payload` (for a cheap resync). */
  pendingByContact(): Map<string, Map<string, string>>
  /** One contact's pending ops as `kind key → payload` (an index seek; the start-up plan reads them slice by slice). */
  pendingOf(contactId: string): Map<string, string>
  /** Contacts with pending ops who are no longer friends in the directory (their plans are dropped). */
  pendingOfNonFriends(): string[]
  /**
   * Contacts with ops given up (status failed); their failed rows are set aside (skipped) so that a fresh
   * plan starts them again with new tries.
   */
  takeFailed(now: number): string[]
  /** Drop every pending label op (labels unsupported); returns how many. */
  skipPendingLabels(reason: string, now: number): number
  counts(): OutboxCounts
}

interface RawRow { id: number; contact_id: string; kind: string; key: string; payload: string; attempts: number; next_at: number }

export function opKey(op: { kind: string; key: string }): string {
  return `${op.kind}\u0000${op.key}`
}

/** True when the pending ops are exactly this plan (same ops, same payloads): nothing to replace. */
export function samePlan(pending: Map<string, string> | undefined, ops: SyncOp[]): boolean {
  if ((pending?.size ?? 0) !== ops.length) return false
  return ops.every((op) => pending?.get(opKey(op)) === JSON.stringify(op.payload))
}

function toRow(raw: RawRow): OutboxRow {
  const op = { kind: raw.kind as SyncOpKind, key: raw.key, payload: JSON.parse(raw.payload) } as SyncOp
  return { id: raw.id, contactId: raw.contact_id, op, attempts: raw.attempts, nextAt: raw.next_at, payloadText: raw.payload }
}

export function createOutbox(db: Db, accountId: string): Outbox {
  const sqlite = db.$client
  // An identical op already pending keeps its attempts and back-off, so a busy contact cannot turn
  // a backed-off retry into an immediate one; anything else starts fresh.
  const upsert = sqlite.prepare(`
    INSERT INTO sync_outbox (account_id, contact_id, kind, key, payload, status, attempts, next_at, created_at, updated_at)
    VALUES (@accountId, @contactId, @kind, @key, @payload, 'pending', 0, @now, @now, @now)
    ON CONFLICT (account_id, contact_id, kind, key) DO UPDATE SET
      attempts = CASE WHEN status = 'pending' AND payload = excluded.payload THEN attempts ELSE 0 END,
      next_at = CASE WHEN status = 'pending' AND payload = excluded.payload THEN next_at ELSE excluded.next_at END,
      last_error = CASE WHEN status = 'pending' AND payload = excluded.payload THEN last_error ELSE NULL END,
      payload = excluded.payload, status = 'pending', updated_at = excluded.updated_at`)
  // `+status` keeps SQLite on the (account, contact, …) index: the status index would scan every
  // pending row of the account per contact and make a 100k-contact resync quadratic.
  const allPending = sqlite.prepare<[string], { contact_id: string; kind: string; key: string; payload: string }>(
    `SELECT contact_id, kind, key, payload FROM sync_outbox WHERE account_id = ? AND +status = 'pending'`)
  const pendingPayloads = sqlite.prepare<[string, string], { kind: string; key: string; payload: string }>(
    `SELECT kind, key, payload FROM sync_outbox WHERE account_id = ? AND contact_id = ? AND +status = 'pending'`)
  // The complement of loadSyncCandidateIds: not a friend, the account itself, a room.
  const nonFriends = sqlite.prepare<[{ account: string }], string>(`SELECT DISTINCT o.contact_id FROM sync_outbox o
    WHERE o.account_id = @account AND +o.status = 'pending' AND NOT EXISTS (SELECT 1 FROM contacts c
      WHERE c.account_id = o.account_id AND c.id = o.contact_id AND c.friend = 1 AND c.id <> @account AND c.id NOT LIKE '%@chatroom')`).pluck()
  const pendingOfContact = sqlite.prepare<[string, string], { id: number; kind: string; key: string }>(
    `SELECT id, kind, key FROM sync_outbox WHERE account_id = ? AND contact_id = ? AND +status = 'pending'`)
  const pendingByKey = sqlite.prepare<[string, string, string, string], RawRow>(`SELECT id, contact_id, kind, key, payload, attempts, next_at
    FROM sync_outbox WHERE account_id = ? AND contact_id = ? AND kind = ? AND key = ? AND status = 'pending'`)
  const anyPending = sqlite.prepare<[string, string], number>(
    `SELECT 1 FROM sync_outbox WHERE account_id = ? AND contact_id = ? AND +status = 'pending' LIMIT 1`).pluck()
  const skipById = sqlite.prepare(
    `UPDATE sync_outbox SET status = 'skipped', last_error = ?, updated_at = ? WHERE id = ? AND status = 'pending'`)
  // Two statements each (labels and remarks, remarks only) rather than `(? = 1 OR kind = 'remark')`: the
  // runner asks several times a message while it keeps up, and the parameterised OR made each ask three
  // times slower. The due query reads ids only (the due index covers them with labels); ops run but not
  // recorded yet are skipped in memory, then one row is read by id. `LIMIT CAST(? AS INTEGER)`, not `LIMIT ?`:
  // SQLite (3.47+) reads a bare LIMIT parameter's value while planning, which marks the statement to be
  // prepared again whenever that parameter is bound, i.e. on every run (3.5 µs of a 6 µs ask).
  const dueSql = (labels: boolean) => `
    SELECT id FROM sync_outbox
    WHERE status = 'pending' AND account_id = ? AND next_at <= ?${labels ? '' : ` AND kind = 'remark'`}
    ORDER BY next_at, id LIMIT CAST(? AS INTEGER)`
  const due = [false, true].map((labels) => sqlite.prepare<[string, number, number], number>(dueSql(labels)).pluck())
  const byId = sqlite.prepare<[number], RawRow>('SELECT id, contact_id, kind, key, payload, attempts, next_at FROM sync_outbox WHERE id = ?')
  const dueOfContact = sqlite.prepare<[string, string, number, number], RawRow>(`
    SELECT id, contact_id, kind, key, payload, attempts, next_at FROM sync_outbox
    WHERE account_id = ? AND contact_id = ? AND +status = 'pending' AND next_at <= ? AND (? = 1 OR kind = 'remark')
    ORDER BY next_at, id`)
  const earliestSql = (labels: boolean) => `SELECT MIN(next_at) AS at FROM sync_outbox
    WHERE status = 'pending' AND account_id = ?${labels ? '' : ` AND kind = 'remark'`}`
  const earliest = [false, true].map((labels) => sqlite.prepare<[string], { at: number | null }>(earliestSql(labels)))
  // Ids are rowids (no AUTOINCREMENT): a deleted newest row's id can come back, so the op is compared too.
  const current = sqlite.prepare<[number], { status: string; payload: string; attempts: number; contact_id: string; kind: string; key: string }>(
    'SELECT status, payload, attempts, contact_id, kind, key FROM sync_outbox WHERE id = ?')
  const done = sqlite.prepare(
    `UPDATE sync_outbox SET status = 'done', attempts = attempts + 1, last_error = NULL, updated_at = ? WHERE id = ?`)
  const retry = sqlite.prepare(
    'UPDATE sync_outbox SET attempts = ?, next_at = ?, last_error = ?, updated_at = ? WHERE id = ?')
  const finish = sqlite.prepare(
    'UPDATE sync_outbox SET status = ?, attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?')
  const skipLabels = sqlite.prepare(`
    UPDATE sync_outbox SET status = 'skipped', last_error = ?, updated_at = ?
    WHERE account_id = ? AND status = 'pending' AND kind IN ('label_add', 'label_remove')`)
  const failedContacts = sqlite.prepare<[string], string>(
    `SELECT DISTINCT contact_id FROM sync_outbox WHERE account_id = ? AND status = 'failed'`).pluck()
  const setFailedAside = sqlite.prepare(
    `UPDATE sync_outbox SET status = 'skipped', last_error = 'tried again', updated_at = ? WHERE account_id = ? AND status = 'failed'`)
  const counts = sqlite.prepare<[string], { status: OutboxStatus; n: number; retrying: number }>(
    `SELECT status, COUNT(*) AS n, SUM(attempts > 0) AS retrying FROM sync_outbox WHERE account_id = ? GROUP BY status`)

  const add = (contactId: string, ops: SyncOp[], now: number) => {
    for (const op of ops) {
      upsert.run({ accountId, contactId, kind: op.kind, key: op.key, payload: JSON.stringify(op.payload), now })
    }
  }
  const replacePlan = sqlite.transaction((contactId: string, ops: SyncOp[], now: number) => {
    const planned = new Set(ops.map(opKey))
    for (const row of pendingOfContact.all(accountId, contactId)) {
      if (!planned.has(opKey(row))) skipById.run('superseded', now, row.id)
    }
    add(contactId, ops, now)
  })

  return {
    replacePlan: (contactId, ops, now) => { replacePlan(contactId, ops, now) },
    add: sqlite.transaction(add),
    nextDue(now, includeLabels, skip) {
      const id = due[includeLabels ? 1 : 0].all(accountId, now, (skip?.size ?? 0) + 1).find((id) => !skip?.has(id))
      const raw = id === undefined ? undefined : byId.get(id)
      return raw ? toRow(raw) : undefined
    },
    dueOf: (contactId, now, includeLabels) => dueOfContact.all(accountId, contactId, now, includeLabels ? 1 : 0).map(toRow),
    nextPendingAt: (includeLabels) => earliest[includeLabels ? 1 : 0].get(accountId)?.at ?? undefined,
    pendingRow(contactId, op) {
      const raw = pendingByKey.get(accountId, contactId, op.kind, op.key)
      return raw ? toRow(raw) : undefined
    },
    hasPending: (contactId) => anyPending.get(accountId, contactId) !== undefined,
    isCurrent(row) {
      const now = current.get(row.id)
      return now !== undefined && now.status === 'pending' && now.payload === row.payloadText && now.attempts === row.attempts
        && now.contact_id === row.contactId && now.kind === row.op.kind && now.key === row.op.key
    },
    markDone: (row, now) => { done.run(now, row.id) },
    reschedule: (row, attempts, nextAt, error, now) => { retry.run(attempts, nextAt, error, now, row.id) },
    finish: (row, status, error, now) => { finish.run(status, error, now, row.id) },
    pendingByContact() {
      const out = new Map<string, Map<string, string>>()
      for (const row of allPending.iterate(accountId)) {
        let ops = out.get(row.contact_id)
        if (!ops) out.set(row.contact_id, ops = new Map())
        ops.set(opKey(row), row.payload)
      }
      return out
    },
    pendingOf(contactId) {
      const ops = new Map<string, string>()
      for (const row of pendingPayloads.all(accountId, contactId)) ops.set(opKey(row), row.payload)
      return ops
    },
    pendingOfNonFriends: () => nonFriends.all({ account: accountId }),
    takeFailed: sqlite.transaction((now: number) => {
      const ids = failedContacts.all(accountId)
      if (ids.length > 0) setFailedAside.run(now, accountId)
      return ids
    }),
    skipPendingLabels: (reason, now) => skipLabels.run(reason, now, accountId).changes,
    counts() {
      const out: OutboxCounts = { pending: 0, done: 0, failed: 0, skipped: 0, retrying: 0 }
      for (const { status, n, retrying } of counts.all(accountId)) {
        if (status in out) out[status] = n
        if (status === 'pending') out.retrying = retrying
      }
      return out
    },
  }
}
