import type { Config } from '../config/schema.js'
import { systemClock, type Clock } from '../shared/clock.js'
import type { Logger } from '../shared/logger.js'
import type { Db } from '../store/client.js'
import { evidenceTime, type ChangeCause, type Ladder, type Reason, type TierChange, type TierState } from './api.js'
import { classifyContact, classifyState, type ClassifyRules, type TierStateCore } from './classify.js'
import type { Activity, Tier } from './ladder.js'
import { createOrderBook } from './orders.js'
import { createTierStore, type StoredTier, SELECT_ALL_ROWS, SELECT_DUE_ROWS, SELECT_UNCLASSIFIED_ROWS, toContactRow, type ContactRow } from './tier-store.js'

/*
 * The Ladder (api.ts) over SQLite: classification is pure (classify.ts); this file reads a contact's
 * stats, writes `tiers` (and `tier_history` when the rung or activity moved) and tells listeners.
 * The tiers row holds only the state and its next time boundary, so it is written only when one of
 * them changes. Called on its own, a method tells listeners after commit; inside someone else's
 * transaction (ingest, the pass) changes wait for that caller's `flushChanges()`, which ingest calls
 * before its commit so that listeners' writes (the label plan) share the message's transaction.
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
 * Build the Ladder for one database; `clock` is the time getTier answers at.
 * Each method runs in its own transaction and notifies listeners after commit; called inside a
 * transaction of yours, it joins it and the changes wait for your `flushChanges()`.
 */
export function createLadder(db: Db, config: Config, logger: Logger, clock: Clock = systemClock, isCustomer: IsCustomer = () => true): LadderService {
  const sqlite = db.$client
  const rules: ClassifyRules = { ladder: config.ladder, activity: config.activity, timezone: config.timezone }
  const store = createTierStore(db)
  const listeners: Array<(change: TierChange) => void> = []
  const passTasks: Array<(accountId: string, now: number) => void> = []
  const afterPass = (accountId: string, now: number): void => {
    for (const task of passTasks) {
      try {
        task(accountId, now)
      } catch (err) {
        logger.error({ err }, 'pass task failed')
      }
    }
  }
  let pending: TierChange[] = []

  const selectAll = sqlite.prepare(SELECT_ALL_ROWS).raw()
  const selectDue = sqlite.prepare(SELECT_DUE_ROWS).raw()
  const selectUnclassified = sqlite.prepare(SELECT_UNCLASSIFIED_ROWS).raw()
  const countContacts = sqlite.prepare('SELECT COUNT(*) FROM contacts WHERE account_id = ?').pluck()
  const countTiers = sqlite.prepare('SELECT COUNT(*) FROM tiers WHERE account_id = ?').pluck()
  const markAllDue = sqlite.prepare('UPDATE tiers SET next_check_at = 0 WHERE account_id = ?')
  const getRules = sqlite.prepare(`SELECT value FROM meta WHERE account_id = ? AND key = 'ladder.rules'`).pluck()
  const rulesKey = JSON.stringify({ ladder: rules.ladder, activity: rules.activity })
  const putRules = sqlite.prepare(`INSERT INTO meta (account_id, key, value, updated_at) VALUES (?, 'ladder.rules', ?, ?)
    ON CONFLICT (account_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`)

  /** A write settle() decided on; applied at once, or after the periodic pass's read finished. */
  interface Write { contactId: string; state: TierStateCore; since: number; at: number; change: TierChange | null; stored: StoredTier | null }

  /*
   * Classify one contact and decide what to write. The row is rewritten only when the state moved
   * (rung, evidence rung, pin, activity: the change is set when rung or activity moved), or when the
   * new boundary comes earlier than the stored one (the stored boundary may be early, never late: a
   * message that pushes it later leaves the row alone, and the pass refreshes it when it comes). The
   * pass (`refresh`) also rewrites a due row whose boundary moved.
   */
  function decide(accountId: string, row: ContactRow, cause: ChangeCause, now: number, pinned: Tier | null, refresh: boolean): Write | null {
    const state = classifyState({ stats: row.hasStats ? row : null, addedAt: row.addedAt, pinnedTier: pinned, lostAt: row.lostAt }, rules, now)
    const had = row.curTier !== null
    const moved = !had || row.curTier !== state.tier || row.curActivity !== state.activity
    if (!moved && row.curEvidence === state.evidenceTier && row.curPinned === pinned) {
      const stored = row.curNextCheckAt
      const next = state.nextChangeAt
      const stale = refresh ? stored !== next : next !== null && (stored === null || next < stored)
      if (!stale) return null
    }
    // Dated by the evidence (a replayed message, an old payment), a first record by when the contact was added.
    const at = had || cause.kind !== 'time' ? evidenceTime(cause, now) : Math.min(now, row.addedAt ?? now)
    const since = had && row.curTier === state.tier ? row.curSince! : at
    const from = had ? { tier: row.curTier as Tier, activity: row.curActivity as Activity } : null
    let change: TierChange | null = null
    if (moved) {
      // Listeners get the reasons too, built when one reads them (the label plan does not: building them
      // formats dates, on every change ingest makes).
      const input = { stats: row.hasStats ? row : null, addedAt: row.addedAt, pinnedTier: pinned, lostAt: row.lostAt }
      let reasons: Reason[] | undefined
      change = {
        accountId, contactId: row.contactId, from, cause, at: now,
        to: {
          contactId: row.contactId, tier: state.tier, evidenceTier: state.evidenceTier, pinnedTier: pinned, activity: state.activity,
          get reasons() { return (reasons ??= classifyContact(input, rules, now).reasons) },
          since,
        },
      }
    }
    const stored = had ? { tier: row.curTier!, activity: row.curActivity!, nextCheckAt: row.curNextCheckAt } : null
    return { contactId: row.contactId, state, since, at, change, stored }
  }

  function apply(accountId: string, w: Write, cause: ChangeCause, now: number): TierChange | null {
    store.putTier(accountId, w.contactId, w.state, w.since, now, w.stored)
    if (!w.change) return null
    store.addHistory(accountId, w.contactId, w.change.from, w.state, cause, w.at)
    pending.push(w.change)
    return w.change
  }

  function settle(accountId: string, row: ContactRow, cause: ChangeCause, now: number, pinned: Tier | null): TierChange | null {
    if (!isCustomer(accountId, row.contactId)) {
      if (row.curTier !== null || row.hasStats) store.dropContact(accountId, row.contactId)
      return null
    }
    const w = decide(accountId, row, cause, now, pinned, false)
    return w ? apply(accountId, w, cause, now) : null
  }

  function reclassify(accountId: string, contactId: string, cause: ChangeCause, now: number, pin?: Tier | null): TierChange | null {
    const row = store.getContactRow(accountId, contactId)
    return settle(accountId, row, cause, now, pin === undefined ? (row.curPinned as Tier | null) : pin)
  }

  /** Stream rows (the connection cannot write while a read is open), decide, then write what changed. */
  function pass(accountId: string, now: number, sources: Array<IterableIterator<unknown[]>>, cause: ChangeCause = { kind: 'time' }): { total: number; changes: TierChange[]; nonCustomers: number } {
    const writes: Write[] = []
    const drops: string[] = []
    let total = 0
    let nonCustomers = 0
    for (const rows of sources) {
      for (const raw of rows) {
        const row = toContactRow(raw)
        if (!isCustomer(accountId, row.contactId)) {
          if (row.curTier !== null || row.hasStats) drops.push(row.contactId)
          nonCustomers++
          continue
        }
        total++
        const w = decide(accountId, row, cause, now, row.curPinned as Tier | null, true)
        if (w) writes.push(w)
      }
    }
    for (const contactId of drops) store.dropContact(accountId, contactId)
    const changes: TierChange[] = []
    for (const w of writes) {
      const change = apply(accountId, w, cause, now)
      if (change) changes.push(change)
    }
    logger.debug({ accountId, total, writes: writes.length, changes: changes.length }, 'reclassified contacts')
    return { total, changes, nonCustomers }
  }

  // Contacts without a tiers row because they are not customers, as the last pass over them found.
  const nonCustomersWithoutRow = new Map<string, number>()

  /** Rows for the due pass: due tiers rows, and never-classified contacts when there may be any. */
  function dueSources(accountId: string, now: number): { sources: Array<IterableIterator<unknown[]>>; allContacts: boolean } {
    const sources = [selectDue.iterate({ accountId, now }) as IterableIterator<unknown[]>]
    // Two index counts are far cheaper than the anti-join. Every write path creates the contact before its
    // tiers row, so the counts differ by exactly the non-customers (admins: no row) unless a contact
    // lacks one; any other difference (a new contact, a stray row) runs the anti-join.
    const missing = (countContacts.get(accountId) as number) - (countTiers.get(accountId) as number)
    if (missing !== (nonCustomersWithoutRow.get(accountId) ?? -1)) {
      sources.unshift(selectUnclassified.iterate({ accountId }) as IterableIterator<unknown[]>)
      return { sources, allContacts: true }
    }
    return { sources, allContacts: false }
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
        const { nonCustomers, ...result } = pass(accountId, now, [selectAll.iterate(accountId) as IterableIterator<unknown[]>], cause)
        nonCustomersWithoutRow.set(accountId, nonCustomers)
        // Every boundary is now computed under the current rules.
        putRules.run(accountId, rulesKey, now)
        afterPass(accountId, now)
        return result
      })
    },
    reclassifyDue(accountId, now, limit = Infinity) {
      return run(() => {
        // Boundaries computed under other rules (the merchant changed a setting) mean nothing: all due.
        if (getRules.get(accountId) !== rulesKey) {
          markAllDue.run(accountId)
          putRules.run(accountId, rulesKey, now)
        }
        // Materialised first: the reads must be finished before the pass writes. A row examined gets a
        // boundary after `now` (or none), so the next slice's query no longer returns it.
        const rows: unknown[][] = []
        const { sources, allContacts } = dueSources(accountId, now)
        for (const source of sources) {
          for (const r of source) {
            if (rows.length >= limit) break
            rows.push(r)
          }
        }
        const more = rows.length >= limit
        const { nonCustomers, ...result } = pass(accountId, now, [rows.values()])
        // Read to the end, the anti-join saw every contact without a row: those left are non-customers.
        if (allContacts && !more) nonCustomersWithoutRow.set(accountId, nonCustomers)
        afterPass(accountId, now)
        return { ...result, more }
      })
    },
    recordPayment(accountId, contactId, input, now) {
      return run(() => book.recordPayment(accountId, contactId, input, now))
    },
    recordRefund(accountId, contactId, amountFen, now, note, at) {
      return run(() => book.recordRefund(accountId, contactId, amountFen, now, note, at))
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
      // The stored state, with reasons built from the stats now (they are not stored).
      const row = store.getContactRow(accountId, contactId)
      if (row.curTier === null && row.addedAt === null && !row.hasStats) return undefined
      const now = clock()
      const pinned = row.curPinned as Tier | null
      const lostBy = row.lostAt === null ? null : store.lostBy(accountId, contactId)
      const r = classifyContact({ stats: row.hasStats ? row : null, addedAt: row.addedAt, pinnedTier: pinned, lostAt: row.lostAt, lostBy }, rules, now)
      // A row past its boundary (the pass has not run yet) is answered as of now.
      const since = row.curTier === null ? row.addedAt ?? now : row.curTier === r.tier ? row.curSince! : now
      return toState(contactId, r.tier, r.evidenceTier, r.pinnedTier, r.activity, r.reasons, since)
    },
    onPass(task) {
      passTasks.push(task)
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
