import type { Config } from '../config/schema.js'
import type { Db } from '../store/client.js'
import { createLedger, parseLedgerRow } from '../sync/ledger.js'
import { createOutbox } from '../sync/outbox.js'
import type { SyncLedger, SyncOp } from '../sync/planner.js'
import { resolveRemarkBase, stripRemarkPrefix } from '../sync/remark.js'
import { createPrivacyStore, UNDO_TABLES, type PrivacyStore } from './privacy-store.js'

/*
 * Forgetting a person (PIPL right to deletion): every row that names them goes, in one transaction,
 * and what tierbot wrote on WeChat is taken back through the same outbox that wrote it — tier labels
 * removed, the remark back to the merchant's own text. The outbox and ledger rows those writes need
 * live on (forget_pending) until the writes have run, then go too. The audit row says that a
 * deletion happened, when and by whom; never who was deleted or what.
 */

export interface UndoInput {
  /** The remark on WeChat now, as last stored ('' when none). */
  currentRemark: string
  ledger: SyncLedger | null
}

/** Pure: the writes that take tierbot's marks off one contact. */
export function planUndo(input: UndoInput, labels: Config['labels'], labelsSupported: boolean): SyncOp[] {
  const ops: SyncOp[] = []
  const base = resolveRemarkBase({
    current: input.currentRemark,
    lastWritten: input.ledger?.remark ?? null,
    lastBase: input.ledger?.baseRemark ?? null,
  }, labels.remarkPrefix)
  const prefixed = stripRemarkPrefix(input.currentRemark, labels.remarkPrefix) !== input.currentRemark.trim()
  const wroteIt = input.ledger?.remark !== null && input.ledger?.remark !== undefined && input.currentRemark === input.ledger.remark
  if ((prefixed || wroteIt) && base !== input.currentRemark) ops.push({ kind: 'remark', key: '', payload: { remark: base, base } })
  // Label ops run only while labels work on the account; otherwise there is nothing of ours to take off.
  if (labels.enabled && labelsSupported) {
    for (const label of input.ledger?.labels ?? []) ops.push({ kind: 'label_remove', key: label, payload: { label } })
  }
  return ops
}

export interface ForgetOutcome {
  /** Rows deleted per table. */
  deleted: Map<string, number>
  /** Writes queued to take labels and the remark prefix off WeChat. */
  undoOps: number
}

export interface Forgetting {
  readonly store: PrivacyStore
  /** Rows per table that mention the person (named before deleting). */
  summarize(accountId: string, contactId: string): Map<string, number>
  forget(accountId: string, contactId: string, actor: string, now: number): ForgetOutcome
  /** Drop what outlived a forget once its WeChat writes ran (or, with `force`, at once); returns how many. */
  sweep(accountId: string, force?: boolean): number
  /** While true, label sync must not plan this contact (its undo is queued). */
  isHeld(accountId: string, contactId: string): boolean
  /**
   * A write that was already under way when the person was forgotten has finished (the ledger shows
   * it): queue its undo too, beside the undo already queued. Returns how many writes were added.
   */
  retake(accountId: string, contactId: string, now: number): number
}

/**
 * `onQueued`: undo writes were queued (the live bot wakes its sync runner). `beforeForget`: the live
 * bot records the writes that already ran, so the undo sees everything tierbot put on WeChat (one
 * still under way is taken back when it finishes: `retake`).
 */
export function createForgetting(db: Db, config: Config, onQueued?: () => void, beforeForget?: () => void,
  /** The live bot: a write for this contact is on its way to WeChat right now (it is held, then taken back). */
  writing?: (contactId: string) => boolean): Forgetting {
  const store = createPrivacyStore(db)
  const sqlite = db.$client

  const forget = sqlite.transaction((accountId: string, contactId: string, actor: string, now: number, inFlight: boolean): ForgetOutcome => {
    const contact = store.contact(accountId, contactId)
    const ledger = parseLedgerRow(store.ledger(accountId, contactId))
    const labelsSupported = createLedger(db, accountId, config.platform).labelsSupported()
    const ops = contact ? planUndo({ currentRemark: contact.remark, ledger }, config.labels, labelsSupported) : []
    const deleted = store.deleteRows(accountId, contactId)
    if (ops.length > 0) createOutbox(db, accountId).replacePlan(contactId, ops, now)
    // Held while undo writes wait, or while a first write is still on its way (nothing recorded to undo
    // yet): when it finishes, `retake` queues its undo; when it fails, the sweep lets the person go.
    if (ops.length > 0 || inFlight) store.markPending(accountId, contactId, now)
    store.audit(accountId, 'forget', actor, null, now)
    return { deleted, undoOps: ops.length }
  })

  const retake = sqlite.transaction((accountId: string, contactId: string, now: number): number => {
    if (!store.isPending(accountId, contactId)) return 0
    const ledger = parseLedgerRow(store.ledger(accountId, contactId))
    if (!ledger) return 0
    // What tierbot wrote since the forget is what the ledger holds now (the forget emptied it).
    const ops = planUndo({ currentRemark: ledger.remark ?? '', ledger }, config.labels, createLedger(db, accountId, config.platform).labelsSupported())
    if (ops.length > 0) createOutbox(db, accountId).add(contactId, ops, now)
    return ops.length
  })

  const sweep = sqlite.transaction((accountId: string, force: boolean): number => {
    let n = 0
    for (const contactId of store.pendingContacts(accountId)) {
      if (!force && store.pendingOps(accountId, contactId) > 0) continue
      store.deleteRows(accountId, contactId, new Set(store.contactColumns().map((c) => c.table).filter((t) => !UNDO_TABLES.has(t))))
      n++
    }
    return n
  })

  return {
    store,
    summarize: (accountId, contactId) => store.countRows(accountId, contactId),
    forget(accountId, contactId, actor, now) {
      beforeForget?.()
      const outcome = forget(accountId, contactId, actor, now, writing?.(contactId) ?? false)
      if (outcome.undoOps > 0) onQueued?.()
      return outcome
    },
    sweep: (accountId, force = false) => sweep(accountId, force),
    retake(accountId, contactId, now) {
      const added = retake(accountId, contactId, now)
      if (added > 0) onQueued?.()
      return added
    },
    isHeld: (accountId, contactId) => store.isPending(accountId, contactId),
  }
}
