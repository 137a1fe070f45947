import type { PlatformKind } from '../config/schema.js'
import type { Db } from '../store/client.js'
import type { SyncLedger, SyncOp } from './planner.js'

/*
 * What tierbot has written to WeChat, per contact (the ledger), and the per-account flags in `meta`.
 * Labels are recorded here, never read back: over puppet-service the per-contact tag list comes back
 * empty (docs/platform-notes.md).
 *
 * The ledger lives in the contact's row (`contacts.ledger_*`; ledger_labels NULL: nothing recorded):
 * a remark write rewrites that row anyway, so recording it writes one b-tree leaf. A write recorded for
 * someone without a contacts row (a forgotten person's undo writes: the forget deleted the row, ledger
 * and all) goes to `label_state`. Readers take the contact's columns when they hold a ledger, else the
 * label_state row (LEDGER_COLUMNS over LEDGER_JOIN): a forgotten person who writes again has a row
 * without a ledger until the next write is recorded there.
 */

/**
 * A join of label_state `l`, used only when contacts `c` holds no ledger; `key` names the (account_id, id)
 * the person is found by (`c` itself, or a key that stands when there is no contacts row).
 */
const ledgerJoin = (key: string) => `LEFT JOIN label_state l
  ON c.ledger_labels IS NULL AND l.account_id = ${key}.account_id AND l.contact_id = ${key}.id`
/** The join for a query over contacts `c`: the row is the key. */
export const LEDGER_JOIN = ledgerJoin('c')
/** The ledger as `labels`, `l_remark`, `base_remark` (labels NULL: none), over contacts `c` and LEDGER_JOIN. */
export const LEDGER_COLUMNS = `COALESCE(c.ledger_labels, l.labels) AS labels,
  IIF(c.ledger_labels IS NULL, l.remark, c.ledger_remark) AS l_remark,
  IIF(c.ledger_labels IS NULL, l.base_remark, c.ledger_base_remark) AS base_remark`
/** One person's ledger (parameters: account, contact), whether or not they have a contacts row. */
export const SELECT_LEDGER = `SELECT ${LEDGER_COLUMNS}
  FROM (SELECT ? AS account_id, ? AS id) k
  LEFT JOIN contacts c ON c.account_id = k.account_id AND c.id = k.id
  ${ledgerJoin('k')}`

/**
 * Set when the puppet answered a label call "unsupported"; its value is the stack that answered (`wechaty`,
 * `juzi`; '1', written before the stack was kept, is the default stack's). WorkPro answers tags with
 * UNIMPLEMENTED on the official stack but takes corp tags on juzi, so a merchant who switches stacks gets
 * labels again.
 */
export const LABELS_UNSUPPORTED_KEY = 'sync.labels_unsupported'
export const LAST_OP_AT_KEY = 'sync.last_op_at'

export interface Ledger {
  get(contactId: string): SyncLedger | null
  /** Record a write that succeeded on WeChat (the ledger row, and contacts.remark for a remark). */
  apply(contactId: string, op: SyncOp, now: number): void
  /** The same for several finished ops of one contact, in the order they ran (one read, one write). */
  applyAll(contactId: string, ops: ReadonlyArray<{ op: SyncOp; at: number }>): void
  /** The remark on WeChat as tierbot last knew it (contacts.remark: the plan was made from it). */
  knownRemark(contactId: string): string | undefined
  /** The remark read from WeChat differs from the known one (edited on the phone): remember it. */
  noteRemark(contactId: string, remark: string, now: number): void
  /** False once this stack answered a label call "unsupported" (see LABELS_UNSUPPORTED_KEY). */
  labelsSupported(): boolean
  /** Persist "labels unsupported" for this stack; true only the first time (so the merchant is told once). */
  markLabelsUnsupported(now: number): boolean
  getMeta(key: string): string | undefined
  setMeta(key: string, value: string, now: number): void
  /** These labels are on nobody any more (deleted on WeChat): drop them from every contact; returns who had one. */
  dropLabels(labels: readonly string[], now: number): string[]
}

/** A ledger as SELECT_LEDGER (or LEDGER_COLUMNS) reads it; labels null: nothing recorded. */
export interface LedgerRow { labels: string | null; l_remark: string | null; base_remark: string | null }

export function parseLedgerRow(row: LedgerRow | undefined): SyncLedger | null {
  if (!row || row.labels === null) return null
  return { labels: parseLabels(row.labels), remark: row.l_remark, baseRemark: row.base_remark }
}

function parseLabels(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}

/** `platform`: the stack the bot runs on (config.platform); labels count as unsupported only if that one said so. */
export function createLedger(db: Db, accountId: string, platform: PlatformKind = 'wechaty'): Ledger {
  const sqlite = db.$client
  const select = sqlite.prepare<[string, string], LedgerRow>(SELECT_LEDGER)
  // The contact's row first (with the remark when one was written); label_state only when there is none.
  const updateLedger = sqlite.prepare(
    'UPDATE contacts SET ledger_labels = ?, ledger_remark = ?, ledger_base_remark = ? WHERE account_id = ? AND id = ?')
  const updateLedgerAndRemark = sqlite.prepare(`UPDATE contacts SET ledger_labels = ?, ledger_remark = ?, ledger_base_remark = ?,
    remark = ?, updated_at = ? WHERE account_id = ? AND id = ?`)
  const upsert = sqlite.prepare(`
    INSERT INTO label_state (account_id, contact_id, labels, remark, base_remark, updated_at)
    VALUES (@accountId, @contactId, @labels, @remark, @baseRemark, @now)
    ON CONFLICT (account_id, contact_id) DO UPDATE SET
      labels = excluded.labels, remark = excluded.remark, base_remark = excluded.base_remark, updated_at = excluded.updated_at`)
  const updateContactRemark = sqlite.prepare(
    'UPDATE contacts SET remark = ?, updated_at = ? WHERE account_id = ? AND id = ?')
  const selectContactRemark = sqlite.prepare<[string, string], { remark: string }>(
    'SELECT remark FROM contacts WHERE account_id = ? AND id = ?')
  const selectMeta = sqlite.prepare<[string, string], { value: string }>(
    'SELECT value FROM meta WHERE account_id = ? AND key = ?')
  const upsertMeta = sqlite.prepare(`
    INSERT INTO meta (account_id, key, value, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (account_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`)
  const hasOneOf = (column: string) => `EXISTS (SELECT 1 FROM json_each(${column}) j WHERE j.value IN (SELECT value FROM json_each(?)))`
  const withLabels = sqlite.prepare<[string, string], { contactId: string; labels: string }>(`SELECT id AS contactId, ledger_labels AS labels
    FROM contacts WHERE account_id = ? AND ledger_labels IS NOT NULL AND ${hasOneOf('contacts.ledger_labels')}`)
  const setLabels = sqlite.prepare('UPDATE contacts SET ledger_labels = ? WHERE account_id = ? AND id = ?')
  const keptWithLabels = sqlite.prepare<[string, string], { contactId: string; labels: string }>(`SELECT contact_id AS contactId, labels
    FROM label_state WHERE account_id = ? AND ${hasOneOf('label_state.labels')}`)
  const setKeptLabels = sqlite.prepare('UPDATE label_state SET labels = ?, updated_at = ? WHERE account_id = ? AND contact_id = ?')
  const dropLabels = sqlite.transaction((labels: readonly string[], now: number): string[] => {
    const gone = new Set(labels)
    const without = (json: string) => JSON.stringify(parseLabels(json).filter((l) => !gone.has(l)))
    const rows = withLabels.all(accountId, JSON.stringify([...gone]))
    for (const row of rows) setLabels.run(without(row.labels), accountId, row.contactId)
    const kept = keptWithLabels.all(accountId, JSON.stringify([...gone]))
    for (const row of kept) setKeptLabels.run(without(row.labels), now, accountId, row.contactId)
    return [...new Set([...rows, ...kept].map((r) => r.contactId))]
  })
  // A new or changed value only: `changes` says whether this stack's answer is news to the merchant.
  const markOnce = sqlite.prepare(`INSERT INTO meta (account_id, key, value, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (account_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at WHERE meta.value <> excluded.value`)
  const stackOf = (value: string): string => (value === '1' ? 'wechaty' : value)

  const get = (contactId: string) => parseLedgerRow(select.get(accountId, contactId))
  // Read per planned contact and per op: kept once read. Only the sync runner marks it (once per stack, never cleared).
  let supported: boolean | undefined

  // One read and one write of the contact's row for all of its finished ops (a rung change is usually
  // three: old label off, new label on, remark), the remark written to the directory once.
  const apply = sqlite.transaction((contactId: string, ops: ReadonlyArray<{ op: SyncOp; at: number }>) => {
    if (ops.length === 0) return
    const current = get(contactId) ?? { labels: [], remark: null, baseRemark: null }
    const labels = new Set(current.labels)
    let { remark, baseRemark } = current
    let remarkAt: number | undefined
    for (const { op, at } of ops) {
      switch (op.kind) {
        case 'label_add':
          labels.add(op.payload.label)
          break
        case 'label_remove':
          labels.delete(op.payload.label)
          break
        case 'remark':
          remark = op.payload.remark
          baseRemark = op.payload.base
          remarkAt = at
          break
        default: {
          const exhaustive: never = op
          return exhaustive
        }
      }
    }
    const json = JSON.stringify([...labels])
    const inRow = remarkAt !== undefined
      ? updateLedgerAndRemark.run(json, remark, baseRemark, remark, remarkAt, accountId, contactId)
      : updateLedger.run(json, remark, baseRemark, accountId, contactId)
    if (inRow.changes === 0) upsert.run({ accountId, contactId, labels: json, remark, baseRemark, now: ops[ops.length - 1].at })
  })

  return {
    get,
    apply: (contactId, op, now) => { apply(contactId, [{ op, at: now }]) },
    applyAll: (contactId, ops) => { apply(contactId, ops) },
    knownRemark: (contactId) => selectContactRemark.get(accountId, contactId)?.remark,
    noteRemark: (contactId, remark, now) => { updateContactRemark.run(remark, now, accountId, contactId) },
    labelsSupported() {
      if (supported === undefined) {
        const flag = selectMeta.get(accountId, LABELS_UNSUPPORTED_KEY)?.value
        supported = flag === undefined || stackOf(flag) !== platform
      }
      return supported
    },
    markLabelsUnsupported(now) {
      supported = false
      const before = selectMeta.get(accountId, LABELS_UNSUPPORTED_KEY)?.value
      if (before !== undefined && stackOf(before) === platform) return false
      return markOnce.run(accountId, LABELS_UNSUPPORTED_KEY, platform, now).changes === 1
    },
    getMeta: (key) => selectMeta.get(accountId, key)?.value,
    setMeta: (key, value, now) => { upsertMeta.run(accountId, key, value, now) },
    dropLabels: (labels, now) => (labels.length === 0 ? [] : dropLabels(labels, now)),
  }
}
