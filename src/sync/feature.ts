import type { Config } from '../config/schema.js'
import type { PlatformActions } from '../platform/types.js'
import type { Clock } from '../shared/clock.js'
import type { Logger } from '../shared/logger.js'
import type { Db } from '../store/client.js'
import type { TierChange } from '../tiers/api.js'
import { loadSyncCandidateIds, loadSyncCandidates, matchConfigAdmins } from './candidates.js'
import { planSync, viewLabelsOn, type SyncOp } from './planner.js'
import { samePlan } from './outbox.js'
import { createRunner, type Runner, type Sleep } from './runner.js'

/*
 * Wiring: ladder changes → mark (or plan → outbox) → runner → WeChat. The lead's composition root calls
 * `ladder.onChange(sync.onTierChange)`, `planAll` once after login, and `start` / `stop`.
 */

export interface CreateSyncOptions {
  db: Db
  config: Config
  logger: Logger
  actions: Pick<PlatformActions, 'setRemark' | 'addLabel' | 'removeLabel' | 'readRemark'>
  clock: Clock
  accountId: string
  /** Defaults to config.admins matched by contact id or name. */
  isAdmin?: (contactId: string, name?: string) => boolean
  /** Send the merchant a short Chinese notice (labels unsupported). */
  notify: (text: string) => void | Promise<void>
  sleep?: Sleep
  random?: () => number
  /** Contacts sync must leave alone for now (a forgotten person whose undo writes are queued). */
  isHeld?: (contactId: string) => boolean
  /** Called after each finished op (see RunnerOptions.onSettled). */
  onSettled?: (contactId: string) => void
  /**
   * A held contact was to be planned (e.g. a write that was under way when they were forgotten has
   * finished): their undo may need more writes.
   */
  onHeldChange?: (contactId: string, now: number) => void
}

export interface SyncHealth {
  pending: number
  done: number
  failed: number
  skipped: number
  /** Pending writes that failed at least once and wait for their next try. */
  retrying: number
  labelsSupported: boolean
}

export interface Sync {
  /** Plan one contact now (its pending ops are replaced); returns the ops queued. */
  planContact(contactId: string, now: number): SyncOp[]
  /** Start-up resync: queue whatever differs from the desired state for every eligible friend. */
  planAll(now: number): { contacts: number; ops: number }
  /**
   * The same as planAll, a slice of contacts per transaction with `pause()` awaited between slices
   * (start-up: commands are answered meanwhile). A contact whose rung changes during it is planned
   * by onTierChange as usual.
   */
  planAllInSlices(clock: Clock, slice: number, pause: () => Promise<void>): Promise<{ contacts: number; ops: number }>
  onTierChange(change: TierChange): void
  /**
   * The daily views pass changed these contacts' stored views: re-plan them (one transaction) when a
   * view label is on; nothing otherwise. Returns how many contacts were planned.
   */
  onViewsChange(contactIds: readonly string[], now: number): number
  /**
   * These labels were taken off everyone on WeChat (a corp tag deleted in the WeCom console): forget them
   * in the ledger and plan whoever had one, so they get it again. Returns how many contacts were planned.
   */
  onLabelsGone(labels: readonly string[], now: number): number
  /**
   * Plan again every contact with a write given up after its tries (a platform refusing for a while):
   * the nightly pass calls it, so they are not left until the next restart. Returns how many contacts.
   */
  retryFailed(now: number): number
  start(): void
  stop(): Promise<void>
  /** Run until nothing is pending. */
  drain(): Promise<void>
  health(): SyncHealth
  readonly runner: Runner
}

export function createSync(options: CreateSyncOptions): Sync {
  const { db, config, logger, accountId } = options
  const cfg = config.labels
  const isAdmin = options.isAdmin ?? matchConfigAdmins(config.admins)
  const filter = { includeStrangers: cfg.includeStrangers, isAdmin }

  const runner: Runner = createRunner({
    db, accountId, actions: options.actions, config: cfg, platform: config.platform, logger, clock: options.clock,
    sleep: options.sleep, random: options.random, notify: options.notify,
    onStale: (contactId) => planContact(contactId, options.clock()),
    onSettled: options.onSettled,
    planDirty,
  })
  const held = options.isHeld ?? (() => false)
  const { outbox, ledger } = runner

  /** The plan of one contact as the ladder, views and ledger stand (no eligible friend: nothing). */
  function planOf(contactId: string): SyncOp[] {
    const [candidate] = loadSyncCandidates(db, accountId, { ...filter, contactId })
    return candidate ? planSync(candidate.input, cfg, { labelsSupported: ledger.labelsSupported() }).ops : []
  }

  /** Held people and contacts with writes in the outbox are planned there (their undo, tries and back-off live there). */
  const plannedInOutbox = (contactId: string) => held(contactId) || outbox.hasPending(contactId)

  /** A contact whose rung changed, when the runner gets to it: its writes run from memory (or see plannedInOutbox). */
  function planDirty(contactId: string, now: number): SyncOp[] | undefined {
    if (plannedInOutbox(contactId)) {
      planContact(contactId, now)
      return undefined
    }
    return planOf(contactId)
  }

  function planContact(contactId: string, now: number): SyncOp[] {
    if (held(contactId)) {
      options.onHeldChange?.(contactId, now)
      return []
    }
    runner.flush(contactId)
    // Not (or no longer) eligible — unfriended, an admin, a stranger: drop whatever was still queued.
    const ops = planOf(contactId)
    outbox.replacePlan(contactId, ops, now)
    if (ops.length > 0) runner.kick()
    return ops
  }

  const planAllTx = db.$client.transaction((now: number) => {
    runner.flush()
    const opts = { labelsSupported: ledger.labelsSupported() }
    // Compared in memory first: a restart with a long queue rewrites only the contacts that changed.
    const pending = outbox.pendingByContact()
    const candidates = loadSyncCandidates(db, accountId, filter)
    let ops = 0
    for (const { input } of candidates) {
      if (held(input.contactId)) continue
      const plan = planSync(input, cfg, opts)
      if (!samePlan(pending.get(input.contactId), plan.ops)) outbox.replacePlan(input.contactId, plan.ops, now)
      pending.delete(input.contactId)
      ops += plan.ops.length
    }
    // Queued for contacts no longer eligible (unfriended, now an admin): drop.
    for (const contactId of pending.keys()) if (!held(contactId)) outbox.replacePlan(contactId, [], now)
    return { contacts: candidates.length, ops }
  })

  // Each contact's pending ops are read with its candidate (an index seek), not all at once: a long
  // queue (tens of thousands of contacts while labels are rate-limited) would be held in memory whole.
  const planSliceTx = db.$client.transaction((ids: string[], now: number) => {
    const opts = { labelsSupported: ledger.labelsSupported() }
    let contacts = 0
    let ops = 0
    for (const contactId of ids) {
      if (held(contactId)) continue
      const [candidate] = loadSyncCandidates(db, accountId, { ...filter, contactId })
      const pending = outbox.pendingOf(contactId)
      // Not (or no longer) eligible — lost, an admin, a stranger: drop whatever was still queued.
      if (!candidate) {
        if (pending.size > 0) outbox.replacePlan(contactId, [], now)
        continue
      }
      contacts++
      const plan = planSync(candidate.input, cfg, opts)
      if (!samePlan(pending, plan.ops)) outbox.replacePlan(contactId, plan.ops, now)
      ops += plan.ops.length
    }
    return { contacts, ops }
  })

  const planViewsTx = db.$client.transaction((contactIds: readonly string[], now: number) => {
    for (const contactId of contactIds) planContact(contactId, now)
  })

  const retryFailedTx = db.$client.transaction((now: number): number => {
    runner.flush()
    const ids = outbox.takeFailed(now)
    for (const contactId of ids) planContact(contactId, now)
    return ids.length
  })
  const labelsGoneTx = db.$client.transaction((labels: readonly string[], now: number): number => {
    // Ops already run but not recorded would write the dropped labels back into the ledger.
    runner.flush()
    const had = ledger.dropLabels(labels, now)
    for (const contactId of had) planContact(contactId, now)
    return had.length
  })

  return {
    runner,
    planContact,
    async planAllInSlices(clock, slice, pause) {
      // Ids only (in the same order as planAll: higher rungs first), then each slice reads its candidates.
      const ids = loadSyncCandidateIds(db, accountId)
      runner.flush()
      let contacts = 0
      let ops = 0
      for (let i = 0; i < ids.length; i += slice) {
        if (i > 0) await pause()
        const r = planSliceTx(ids.slice(i, i + slice), clock())
        contacts += r.contacts
        ops += r.ops
      }
      // Queued for contacts no longer friends (not among the ids above): drop.
      db.$client.transaction(() => {
        for (const contactId of outbox.pendingOfNonFriends()) if (!held(contactId)) outbox.replacePlan(contactId, [], clock())
      })()
      const result = { contacts, ops }
      logger.info(result, 'sync resync planned')
      if (ops > 0) runner.kick()
      return result
    },
    planAll(now) {
      const result = planAllTx(now)
      logger.info(result, 'sync resync planned')
      if (result.ops > 0) runner.kick()
      return result
    },
    onTierChange(change) {
      if (change.accountId !== accountId) return
      // Only the rung shows in labels and remarks unless activity labels are on: an activity-only change
      // (silence, waking up) has nothing to write.
      if (change.from && change.from.tier === change.to.tier && !cfg.activity) return
      try {
        // Nothing is written with the message: the runner plans the contact when it gets to it (a restart
        // plans everyone anyway). One with writes waiting in the outbox is planned there at once, so an
        // older plan does not run first.
        if (plannedInOutbox(change.contactId)) planContact(change.contactId, change.at)
        else runner.markDirty(change.contactId)
      } catch (err) {
        logger.error({ err, contactId: change.contactId }, 'sync planning failed')
      }
    },
    onViewsChange(contactIds, now) {
      if (contactIds.length === 0 || !viewLabelsOn(cfg) || !ledger.labelsSupported()) return 0
      try {
        planViewsTx(contactIds, now)
        return contactIds.length
      } catch (err) {
        logger.error({ err }, 'sync planning after the views pass failed')
        return 0
      }
    },
    onLabelsGone(labels, now) {
      const planned = labelsGoneTx(labels, now)
      if (planned > 0) logger.info({ labels, contacts: planned }, 'labels deleted on WeChat; writing them again')
      return planned
    },
    retryFailed(now) {
      try {
        const contacts = retryFailedTx(now)
        if (contacts > 0) logger.info({ contacts }, 'failed label/remark writes planned again')
        return contacts
      } catch (err) {
        logger.error({ err }, 'planning failed writes again failed')
        return 0
      }
    },
    start: () => runner.start(),
    stop: () => runner.stop(),
    drain: () => runner.drain(),
    health() {
      const counts = outbox.counts()
      return {
        ...counts, pending: counts.pending + runner.pendingInMemory(), done: counts.done + runner.doneInMemory(),
        labelsSupported: ledger.labelsSupported(),
      }
    },
  }
}
