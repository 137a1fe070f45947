import type { Config } from '../config/schema.js'
import { systemClock, type Clock } from '../shared/clock.js'
import type { Logger } from '../shared/logger.js'
import type { Db } from '../store/client.js'
import { evidenceTime, type ChangeCause, type Ladder, type Reason, type TierChange, type TierState } from './api.js'
import { classifyContact, type Classification, type ClassifyRules } from './classify.js'
import type { Activity, Tier } from './ladder.js'
import { createOrderBook } from './orders.js'
import { createTierStore, SELECT_ALL_ROWS, toContactRow, type ContactRow } from './tier-store.js'

/*
 * The Ladder (api.ts) over SQLite: classification is pure (classify.ts); this file reads a contact's
 * stats, writes `tiers` (and `tier_history` when the rung or activity moved) and tells listeners.
 * Listeners hear about a change only after it is committed: inside someone else's transaction
 * (ingest) changes wait until installLadder's after-commit hook flushes them.
 */

export interface LadderService extends Ladder {
  /** Deliver changes held back while a surrounding transaction was open. */
  flushChanges(): void
  /** Forget held-back changes (the surrounding transaction rolled back). */
  discardChanges(): void
}

/**
 * Who is a customer. The merchant's admins and the account itself are not: they get no rung, and a
 * rung they got before (an older version, or a contact made admin later) is removed.
 */
export type IsCustomer = (accountId: string, contactId: string) => boolean

/**
 * Build the Ladder for one database; `clock` only serves getTier for never-classified contacts.
 * Each method runs in its own transaction and notifies listeners after commit; called inside a
 * transaction of yours, it joins it and the changes wait for your `flushChanges()` after commit.
 */
export function createLadder(db: Db, config: Config, logger: Logger, clock: Clock = systemClock, isCustomer: IsCustomer = () => true): LadderService {
  const sqlite = db.$client
  const rules: ClassifyRules = { ladder: config.ladder, activity: config.activity, timezone: config.timezone }
  const store = createTierStore(db)
  const listeners: Array<(change: TierChange) => void> = []
  let pending: TierChange[] = []

  const selectAll = sqlite.prepare(SELECT_ALL_ROWS).raw()

  /** A write settle() decided on; applied at once, or after the periodic pass's read finished. */
  interface Write { contactId: string; result: Classification; reasons: string; since: number; at: number; change: TierChange | null }

  /** Classify one contact and decide what to write; the change is set when rung or activity moved. */
  function decide(accountId: string, row: ContactRow, cause: ChangeCause, now: number, pinned: Tier | null): Write | null {
    const result = classifyContact({ stats: row.hasStats ? row : null, addedAt: row.addedAt, pinnedTier: pinned, lostAt: row.lostAt }, rules, now)
    const reasons = JSON.stringify(result.reasons)
    const had = row.curTier !== null
    const moved = !had || row.curTier !== result.tier || row.curActivity !== result.activity
    if (!moved && row.curEvidence === result.evidenceTier && row.curPinned === pinned && row.curReasons === reasons) return null
    // Dated by the evidence (a replayed message, an old payment), a first record by when the contact was added.
    const at = had || cause.kind !== 'time' ? evidenceTime(cause, now) : Math.min(now, row.addedAt ?? now)
    const since = had && row.curTier === result.tier ? row.curSince! : at
    const from = had ? { tier: row.curTier as Tier, activity: row.curActivity as Activity } : null
    const change: TierChange | null = moved
      ? {
          accountId, contactId: row.contactId, from, cause, at: now,
          to: { contactId: row.contactId, tier: result.tier, evidenceTier: result.evidenceTier, pinnedTier: pinned, activity: result.activity, reasons: result.reasons, since },
        }
      : null
    return { contactId: row.contactId, result, reasons, since, at, change }
  }

  function apply(accountId: string, w: Write, cause: ChangeCause, now: number): TierChange | null {
    store.putTier(accountId, w.contactId, w.result, w.reasons, w.since, now)
    if (!w.change) return null
    store.addHistory(accountId, w.contactId, w.change.from, w.result, cause, w.at)
    pending.push(w.change)
    return w.change
  }

  function settle(accountId: string, row: ContactRow, cause: ChangeCause, now: number, pinned: Tier | null): TierChange | null {
    if (!isCustomer(accountId, row.contactId)) {
      if (row.curTier !== null || row.hasStats) store.dropContact(accountId, row.contactId)
      return null
    }
    const w = decide(accountId, row, cause, now, pinned)
    return w ? apply(accountId, w, cause, now) : null
  }

  function reclassify(accountId: string, contactId: string, cause: ChangeCause, now: number, pin?: Tier | null): TierChange | null {
    const row = store.getContactRow(accountId, contactId)
    return settle(accountId, row, cause, now, pin === undefined ? (row.curPinned as Tier | null) : pin)
  }

  /*
   * Run `fn` in a transaction and, if it was the outermost, tell listeners (its changes are committed).
   * Inside someone else's transaction (ingest) `fn` just runs: a savepoint per message would cost more
   * than it saves, since an error aborts the surrounding transaction anyway.
   */
  const inTransaction = sqlite.transaction((fn: () => unknown) => fn())
  function run<T>(fn: () => T): T {
    if (sqlite.inTransaction) return fn()
    let result: T
    try {
      result = inTransaction(fn) as T
    } catch (err) {
      pending = []
      throw err
    }
    flush()
    return result
  }

  function flush(): void {
    const changes = pending
    pending = []
    for (const change of changes) {
      for (const listener of listeners) {
        try {
          listener(change)
        } catch (err) {
          logger.error({ err, contactId: change.contactId }, 'tier change listener failed')
        }
      }
    }
  }

  const book = createOrderBook(db, (accountId, contactId, cause, now) => reclassify(accountId, contactId, cause, now))

  return {
    reclassifyContact(accountId, contactId, cause, now) {
      return run(() => reclassify(accountId, contactId, cause, now))
    },
    reclassifyAll(accountId, now, cause: ChangeCause = { kind: 'time' }) {
      return run(() => {
        // Stream the read (the connection cannot write while it is open), then write what changed.
        const writes: Write[] = []
        const drops: string[] = []
        let total = 0
        for (const raw of selectAll.iterate(accountId) as IterableIterator<unknown[]>) {
          const row = toContactRow(raw)
          if (!isCustomer(accountId, row.contactId)) {
            if (row.curTier !== null || row.hasStats) drops.push(row.contactId)
            continue
          }
          total++
          const w = decide(accountId, row, cause, now, row.curPinned as Tier | null)
          if (w) writes.push(w)
        }
        for (const contactId of drops) store.dropContact(accountId, contactId)
        const changes: TierChange[] = []
        for (const w of writes) {
          const change = apply(accountId, w, cause, now)
          if (change) changes.push(change)
        }
        logger.debug({ accountId, total, writes: writes.length, changes: changes.length }, 'reclassified all contacts')
        return { total, changes }
      })
    },
    recordPayment(accountId, contactId, input, now) {
      return run(() => book.recordPayment(accountId, contactId, input, now))
    },
    recordRefund(accountId, contactId, amountFen, now, note) {
      return run(() => book.recordRefund(accountId, contactId, amountFen, now, note))
    },
    undoOrder(accountId, contactId, undo, now) {
      return run(() => book.undo(accountId, contactId, undo, now))
    },
    pin(accountId, contactId, tier, now, given) {
      const cause: ChangeCause = given ?? (tier === null ? { kind: 'unpin' } : { kind: 'pin' })
      return run(() => reclassify(accountId, contactId, cause, now, tier))
    },
    getTier(accountId, contactId) {
      if (!isCustomer(accountId, contactId)) return undefined
      const stored = store.getTier(accountId, contactId)
      if (stored) return stored
      // Not classified yet (before the first pass): compute without writing.
      const row = store.getContactRow(accountId, contactId)
      if (row.addedAt === null && !row.hasStats) return undefined
      const now = clock()
      const r = classifyContact({ stats: row.hasStats ? row : null, addedAt: row.addedAt, pinnedTier: null, lostAt: row.lostAt }, rules, now)
      return toState(contactId, r.tier, r.evidenceTier, r.pinnedTier, r.activity, r.reasons, row.addedAt ?? now)
    },
    onChange(listener) {
      listeners.push(listener)
    },
    flushChanges: flush,
    discardChanges() {
      pending = []
    },
  }
}

function toState(contactId: string, tier: Tier, evidenceTier: Tier, pinnedTier: Tier | null, activity: Activity, reasons: Reason[], since: number): TierState {
  return { contactId, tier, evidenceTier, pinnedTier, activity, reasons, since }
}
