import type { Config } from '../config/schema.js'
import { toActionError } from '../platform/errors.js'
import { ActionError, type PlatformActions } from '../platform/types.js'
import type { Clock } from '../shared/clock.js'
import type { Logger } from '../shared/logger.js'
import type { Db } from '../store/client.js'
import { createLedger, LAST_OP_AT_KEY, type Ledger } from './ledger.js'
import { createOutbox, type Outbox, type OutboxRow } from './outbox.js'
import type { SyncOp } from './planner.js'
import { labelsUnsupportedNotice } from './replies.js'

/*
 * Runs label and remark writes against the platform, one op at a time: the outbox's, and the plans of
 * contacts marked by a live rung change (markDirty), made when the runner gets to them and run from
 * memory (a failed one moves to the outbox with the rest of its plan, where tries and back-off live).
 * Platforms punish bursts (docs/rules.md §5;
 * aliases fail above ~60 a minute), so op starts are spaced 60 s / ratePerMinute apart plus jitter,
 * retries included. Failures are sorted as grammY / liteque do: transient → back off; rate limited →
 * wait as told without using a try; unsupported labels → stop labelling, keep remarks, tell the
 * merchant once; anything else → give up on that op, visibly.
 *
 * Finished ops are recorded a contact at a time: a rung change is usually three writes to one
 * contact (old label off, new label on, remark), and one commit for the three writes a third of the
 * pages (the ledger row, the outbox rows and their index entries sit together). While due ops run
 * back to back (a backlog after an outage or a resync, nothing to wait for between them), the next
 * contacts' writes join the same commit, up to MAX_UNRECORDED ops: a commit costs far more than the
 * rows it writes (issue 14). They are recorded once a contact's plan is through and the next write has
 * to wait (or nothing is due), or 32 are held. Until that commit an op
 * that already ran is still pending in the database (the runner skips it); a crash then runs it again
 * after the restart, which is harmless (adding a label a contact has, removing one it lacks or
 * setting the same remark change nothing). Planning flushes first (`flush`), so a plan never diffs
 * against a stale ledger.
 */

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>

export { LABELS_UNSUPPORTED_NOTICE } from './replies.js'

const BACKOFF_BASE_MS = 5_000
const BACKOFF_MAX_MS = 15 * 60_000
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000
const IDLE_POLL_MS = 30_000
/** A call that never answers must not hold the queue (or shutdown) forever; real time, not the injected clock. */
const OP_TIMEOUT_MS = 60_000
/**
 * Offline, not failing: platform/wechaty-platform.ts refuses actions while logged out ("not logged in"),
 * and before the client notices an outage its calls fail with gRPC 14 UNAVAILABLE.
 */
const OFFLINE = /not logged in|\b14 UNAVAILABLE\b|ECONNREFUSED/
const OFFLINE_WAIT_MS = 15_000
const KICKED = 'kicked'
/** Finished ops held for one commit at most (a few contacts' plans, when they run back to back). */
const MAX_UNRECORDED = 32
/** While marked contacts keep coming, the outbox is still looked at after this many of them. */
const OUTBOX_LOOK_EVERY = 32
/**
 * The last write's time is kept for a restart's spacing at most this often (issue 14: at the bench's
 * simulated speed a minute passed between most record commits, and the meta page was one more page
 * each). What a crash costs is the same for a minute or an hour: the first write after the restart may
 * start sooner than the spacing, once. The first write of each run is kept before it starts (a crash
 * loop never bursts) and a clean stop keeps the last one.
 */
const LAST_OP_AT_EVERY_MS = 60 * 60_000

export interface RunnerOptions {
  db: Db
  accountId: string
  actions: Pick<PlatformActions, 'setRemark' | 'addLabel' | 'removeLabel' | 'readRemark'>
  config: Config['labels']
  /** The stack the bot runs on: "labels unsupported" is remembered for the stack that said so (ledger.ts). */
  platform?: Config['platform']
  logger: Logger
  clock: Clock
  sleep?: Sleep
  random?: () => number
  /** Tell the merchant something (Chinese text); called once when labels turn out unsupported. */
  notify: (text: string) => void | Promise<void>
  /** A finished op's row was replaced while it ran: plan the contact again from the updated ledger. */
  onStale?: (contactId: string) => void
  /** An op of this contact finished (done, failed or skipped); e.g. privacy's forget sweeps after its undo. */
  onSettled?: (contactId: string) => void
  /**
   * Plan a contact marked with `markDirty`, when the runner gets to it (its finished ops are recorded
   * first): the ops to run from memory, or undefined when it was planned into the outbox instead (it
   * had pending rows there, whose tries and back-off the plan must keep). Without it, marking is planning
   * nothing.
   */
  planDirty?: (contactId: string, now: number) => SyncOp[] | undefined
}

export interface Runner {
  start(): void
  /** Stop after the op in flight (if any) has finished and been recorded. */
  stop(): Promise<void>
  /** New work was queued: end an idle wait early. */
  kick(): void
  /** Run until nothing is pending (tests, one-shot CLI runs). */
  drain(): Promise<void>
  /**
   * Record the ops that already ran but are not committed yet (before planning reads the ledger);
   * given a contact, only when they are that contact's.
   */
  flush(contactId?: string): void
  /** A write for this contact is under way on WeChat right now (started, not finished). */
  writing(contactId: string): boolean
  /**
   * The contact's rung changed: plan it when the runner gets to it (`planDirty`), from memory. A live
   * message commits no plan: after a restart the start-up resync plans everyone anyway.
   */
  markDirty(contactId: string): void
  /** Planned or marked in memory, not written and recorded yet (a part of health's pending). */
  pendingInMemory(): number
  /** Ops run from memory and recorded since start (a part of health's done). */
  doneInMemory(): number
  readonly outbox: Outbox
  readonly ledger: Ledger
}

/** A plan made in memory (markDirty): its ops share it; `left` counts those not recorded yet. */
interface MemoryPlan { left: number }
/** An op planned in memory: a negative id, never in the outbox. */
interface MemoryRow extends OutboxRow { plan: MemoryPlan }

export const sleepFor: Sleep = (ms, signal) => new Promise((resolve) => {
  if (signal?.aborted) return resolve()
  const done = () => { clearTimeout(timer); signal?.removeEventListener('abort', done); resolve() }
  const timer = setTimeout(done, Math.max(0, ms))
  timer.unref?.()
  signal?.addEventListener('abort', done, { once: true })
})

export function backoffMs(attempts: number, random: () => number, jitterMs: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS) + Math.floor(random() * jitterMs)
}

export function createRunner(options: RunnerOptions): Runner {
  const { db, accountId, actions, config, logger, clock, notify } = options
  const sleep = options.sleep ?? sleepFor
  const random = options.random ?? Math.random
  const outbox = createOutbox(db, accountId)
  const ledger = createLedger(db, accountId, options.platform)
  const intervalMs = 60_000 / config.ratePerMinute
  // Spacing survives a restart, so a crash loop cannot burst: the first op of each runner records its
  // start before it runs; later ones record it with their ledger commit.
  const lastOpAt = Number(ledger.getMeta(LAST_OP_AT_KEY) ?? Number.NaN)
  let nextSlot = Number.isFinite(lastOpAt) ? lastOpAt + intervalMs : 0
  let firstOp = true
  let pausedUntil = 0
  let running = false
  let loop: Promise<void> | undefined
  /** The wait in progress, ended early by new work (wake) or stop. */
  let waitCtl: AbortController | undefined
  /** Ops that ran on WeChat, not yet recorded, oldest first. */
  let unrecorded: Array<{ row: OutboxRow; at: number }> = []
  /** The rest of the due ops of the contact being written (read once; each checked before it runs). */
  let queue: OutboxRow[] = []
  /** The contact whose op is on its way to WeChat (read back, then written), if any. */
  let inFlight: string | undefined
  /** Contacts marked by markDirty, to plan in the order they were marked. */
  const dirty = new Set<string>()
  /** Each contact's plan run from memory while any of its ops is left; a newer plan or a mark replaces it. */
  const livePlans = new Map<string, MemoryPlan>()
  let memorySeq = 0
  let memoryDone = 0
  /** The outbox may have due rows: written by this process since it was last found empty (kick). */
  let lookAtOutbox = true
  let markedSinceLook = 0
  let lastOpAtKept = Number.NEGATIVE_INFINITY

  /*
   * One commit for what finished ops leave: they happened on WeChat, so the ledger records each even
   * if a newer plan replaced its row meanwhile; a row is marked done only while it is still current.
   * Returns the contacts whose rows were replaced (stale).
   */
  const recordDone = db.$client.transaction((done: Array<{ row: OutboxRow; at: number }>, opAt: number): string[] => {
    const stale: string[] = []
    const byContact = new Map<string, Array<{ op: SyncOp; at: number }>>()
    for (const { row, at } of done) {
      let ops = byContact.get(row.contactId)
      if (!ops) byContact.set(row.contactId, ops = [])
      ops.push({ op: row.op, at })
    }
    for (const [contactId, ops] of byContact) ledger.applyAll(contactId, ops)
    for (const { row, at } of done) {
      if (isMemory(row)) {
        // Planned from a ledger that lacked this write (a newer plan was made while it ran): plan again.
        if (!isCurrentRow(row) && !dirty.has(row.contactId)) stale.push(row.contactId)
        continue
      }
      if (outbox.isCurrent(row)) outbox.markDone(row, at)
      else stale.push(row.contactId)
    }
    // Kept for a restart's spacing; the first write of each run is kept before it starts (crash loops).
    if (!(Math.abs(opAt - lastOpAtKept) < LAST_OP_AT_EVERY_MS)) {
      ledger.setMeta(LAST_OP_AT_KEY, String(opAt), opAt)
      lastOpAtKept = opAt
    }
    return stale
  })
  const isMemory = (row: OutboxRow): row is MemoryRow => row.id < 0
  const isCurrentRow = (row: OutboxRow): boolean => (isMemory(row) ? livePlans.get(row.contactId) === row.plan : outbox.isCurrent(row))

  function memoryRows(contactId: string, ops: SyncOp[]): MemoryRow[] {
    const plan: MemoryPlan = { left: ops.length }
    if (ops.length > 0) livePlans.set(contactId, plan)
    return ops.map((op) => ({ id: -++memorySeq, contactId, op, attempts: 0, nextAt: 0, payloadText: '', plan }))
  }

  /** A memory row's op is recorded (or given to the outbox): its plan is over once none is left. */
  function settleMemory(row: MemoryRow): void {
    if (--row.plan.left <= 0 && livePlans.get(row.contactId) === row.plan) livePlans.delete(row.contactId)
  }

  /**
   * A write from memory that failed: the contact's plan (the failed op and what is left of it) goes to
   * the outbox, where tries, back-off and giving up work as for every other write. Returns its row.
   */
  function toOutbox(row: MemoryRow, now: number): OutboxRow | undefined {
    const rest = queue.filter((r) => r.contactId === row.contactId)
    queue = queue.filter((r) => r.contactId !== row.contactId)
    livePlans.delete(row.contactId)
    outbox.replacePlan(row.contactId, [row.op, ...rest.map((r) => r.op)], now)
    lookAtOutbox = true
    return outbox.pendingRow(row.contactId, row.op)
  }
  let lastStartAt = 0

  function flush(contactId?: string): void {
    if (contactId !== undefined) {
      // The contact is planned again (into the outbox): its mark and its plan in memory are replaced.
      dirty.delete(contactId)
      livePlans.delete(contactId)
    }
    if (contactId === undefined || queue[0]?.contactId === contactId) {
      // What was read of the plan may be outdated: outbox rows are read again; a plan from memory is
      // made again (unless it was just replaced).
      const first = queue[0]
      if (contactId === undefined && first && isMemory(first) && isCurrentRow(first)) dirty.add(first.contactId)
      queue = []
    }
    if (contactId !== undefined && !unrecorded.some((d) => d.row.contactId === contactId)) return
    record()
  }

  /** Commit what the finished ops leave (ledger, outbox rows), then tell who asked. */
  function record(): void {
    if (unrecorded.length === 0) return
    const done = unrecorded
    unrecorded = []
    const stale = recordDone(done, lastStartAt)
    for (const { row } of done) {
      if (!isMemory(row)) continue
      memoryDone++
      settleMemory(row)
    }
    for (const contactId of new Set(stale)) options.onStale?.(contactId)
    for (const contactId of new Set(done.map((d) => d.row.contactId))) options.onSettled?.(contactId)
  }

  function perform(op: SyncOp, contactId: string): Promise<void> {
    switch (op.kind) {
      case 'remark': return actions.setRemark(contactId, op.payload.remark)
      case 'label_add': return actions.addLabel(contactId, op.payload.label)
      case 'label_remove': return actions.removeLabel(contactId, op.payload.label)
      default: {
        const exhaustive: never = op
        return exhaustive
      }
    }
  }

  async function withTimeout<T>(call: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ActionError('transient', `no answer within ${OP_TIMEOUT_MS} ms`)), OP_TIMEOUT_MS)
      timer.unref?.()
    })
    try {
      return await Promise.race([call, timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  /**
   * Before a remark is written, WeChat's remark is read back: tierbot learns the directory at login, so
   * a remark the merchant edited on the phone since is not in the plan. Then the contact is planned
   * again from the merchant's text (their edit is kept, not overwritten by an old copy). A failed read
   * writes as planned.
   */
  async function remarkEditedOnPhone(row: OutboxRow): Promise<boolean> {
    const { readRemark } = actions
    if (row.op.kind !== 'remark' || !readRemark || !options.onStale) return false
    let phone: string
    try {
      phone = await withTimeout(readRemark(row.contactId))
    } catch (err) {
      logger.debug({ contactId: row.contactId, err }, 'remark not read back; writing as planned')
      return false
    }
    const known = ledger.knownRemark(row.contactId)
    // No directory row (a forgotten person's undo write): nothing to compare with, nothing to plan from.
    if (known === undefined || phone === known) return false
    flush()
    ledger.noteRemark(row.contactId, phone, clock())
    logger.info({ contactId: row.contactId }, 'remark edited on the phone; planning again from it')
    options.onStale(row.contactId)
    return true
  }

  function onFailure(failed: OutboxRow, error: ActionError, now: number): void {
    const log = { contactId: failed.contactId, kind: failed.op.kind, key: failed.op.key, errorKind: error.kind, attempts: failed.attempts + 1 }
    // A write planned in memory is kept in the outbox from here on (unless a newer plan replaced it).
    const memoryCurrent = isMemory(failed) && isCurrentRow(failed)
    const stored = isMemory(failed) ? (memoryCurrent ? toOutbox(failed, now) : undefined) : failed
    const row = stored ?? failed
    const current = stored !== undefined && (memoryCurrent || outbox.isCurrent(stored))
    // What the outbox keeps (and /stats may one day show): the first line, not the server's stack trace.
    const reason = error.message.split('\n')[0].slice(0, 200)
    switch (error.kind) {
      case 'rate_limited': {
        const wait = error.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS
        pausedUntil = Math.max(pausedUntil, now + wait)
        if (current) outbox.reschedule(row, row.attempts, now + wait, reason, now)
        logger.warn({ ...log, waitMs: wait }, 'sync rate limited; waiting')
        return
      }
      case 'transient': {
        if (OFFLINE.test(error.message)) {
          // The account is offline (a puppet-service outage): wait for it, like a rate limit, without
          // using up a try — otherwise a two-minute outage would give up every pending write.
          pausedUntil = Math.max(pausedUntil, now + OFFLINE_WAIT_MS)
          if (current) outbox.reschedule(row, row.attempts, now + OFFLINE_WAIT_MS, reason, now)
          logger.info({ ...log, waitMs: OFFLINE_WAIT_MS }, 'sync paused: not logged in')
          return
        }
        const attempts = row.attempts + 1
        if (attempts >= config.maxAttempts) {
          if (current) outbox.finish(row, 'failed', reason, now)
          logger.warn(log, 'sync op failed after retries')
        } else {
          if (current) outbox.reschedule(row, attempts, now + backoffMs(attempts, random, config.jitterMs), reason, now)
          logger.info(log, 'sync op will be retried')
        }
        return
      }
      case 'unsupported':
        if (row.op.kind !== 'remark') {
          if (current) outbox.finish(row, 'skipped', 'labels unsupported', now)
          const dropped = outbox.skipPendingLabels('labels unsupported', now)
          if (ledger.markLabelsUnsupported(now)) {
            logger.warn({ ...log, dropped }, 'labels unsupported on this account; writing remarks only')
            void Promise.resolve().then(() => notify(labelsUnsupportedNotice(config.remarkPrefix, config.remarks)))
              .catch((err: unknown) => logger.warn({ err }, 'could not send the labels-unsupported notice'))
          }
          return
        }
        if (current) outbox.finish(row, 'failed', reason, now)
        logger.warn(log, 'remark unsupported; op failed')
        return
      case 'permanent':
        if (current) outbox.finish(row, 'failed', reason, now)
        logger.warn({ ...log, error: reason }, 'sync op failed')
        return
      default: {
        const exhaustive: never = error.kind
        return exhaustive
      }
    }
  }

  /** One step: run one due op, or say how long to wait (Infinity: nothing pending). */
  async function step(): Promise<number> {
    const now = clock()
    // A slot further off than one interval means the clock went back (set right after running fast, or a
    // last write stamped by a machine whose clock was ahead): never hold the queue longer than one interval.
    nextSlot = Math.min(nextSlot, now + intervalMs + config.jitterMs)
    const wait = Math.max(pausedUntil, nextSlot) - now
    const labels = config.enabled && ledger.labelsSupported()
    if (unrecorded.length >= MAX_UNRECORDED) record()
    if (queue.length === 0) {
      // The contact's plan is through: commit what it left unless the next contact's ops can run at
      // once, then take the next contact. Ops run but not recorded are still pending rows.
      if (wait > 0) record()
      const ran = new Set(unrecorded.map((d) => d.row.id))
      // The outbox first (the start-up plan, retries, forgotten people's undo, an import's plan), looked
      // at between marked contacts only now and then unless this process wrote to it.
      const look = lookAtOutbox || dirty.size === 0 || markedSinceLook >= OUTBOX_LOOK_EVERY
      const first = look ? outbox.nextDue(now, labels, ran) : undefined
      if (look) {
        markedSinceLook = 0
        lookAtOutbox = first !== undefined
      }
      if (first) {
        queue = outbox.dueOf(first.contactId, now, labels).filter((row) => !ran.has(row.id))
        if (queue.length === 0) queue = [first]
      } else if (dirty.size > 0) {
        const contactId = dirty.values().next().value as string
        // Its finished writes are recorded first (while it is still marked: no need to plan it again
        // for them), so the plan diffs against the ledger as it is.
        if (unrecorded.some((d) => d.row.contactId === contactId)) record()
        dirty.delete(contactId)
        livePlans.delete(contactId)
        markedSinceLook++
        const ops = options.planDirty ? options.planDirty(contactId, now) : []
        if (ops === undefined) {
          lookAtOutbox = true
          return 0
        }
        queue = memoryRows(contactId, ops.filter((op) => labels || op.kind === 'remark'))
        if (queue.length === 0) {
          livePlans.delete(contactId)
          return 0
        }
      } else {
        record()
        const at = outbox.nextPendingAt(labels)
        return at === undefined ? Number.POSITIVE_INFINITY : Math.max(1, at - now, wait)
      }
    }
    if (wait > 0) return wait
    const row = queue[0]
    // Replanned meanwhile (marked again, or by another process, e.g. an import): read or make the plan again.
    if (!isCurrentRow(row)) {
      queue = []
      return 0
    }
    queue.shift()
    nextSlot = now + intervalMs + Math.floor(random() * config.jitterMs)
    lastStartAt = now
    if (firstOp) {
      firstOp = false
      ledger.setMeta(LAST_OP_AT_KEY, String(now), now)
      lastOpAtKept = now
    }
    let error: ActionError | undefined
    inFlight = row.contactId
    try {
      if (await remarkEditedOnPhone(row)) return 0
      await withTimeout(perform(row.op, row.contactId))
    } catch (err) {
      error = toActionError(err)
    } finally {
      inFlight = undefined
    }
    const end = clock()
    if (error) {
      record()
      onFailure(row, error, end)
      // The next step reads what is due again (a plan from memory went to the outbox with this failure).
      queue = []
      options.onSettled?.(row.contactId)
      return 0
    }
    unrecorded.push({ row, at: end })
    logger.debug({ contactId: row.contactId, kind: row.op.kind, key: row.op.key }, 'sync op done')
    return 0
  }

  function wake(): void {
    // Once per wait, with a plain reason: a default abort builds a DOMException (with its stack), and
    // every planned tier change wakes the runner.
    if (waitCtl && !waitCtl.signal.aborted) waitCtl.abort(KICKED)
  }

  async function runLoop(): Promise<void> {
    while (running) {
      let wait: number
      try {
        wait = await step()
      } catch (err) {
        // A database error must not kill the loop; try again later.
        logger.error({ err }, 'sync runner step failed')
        wait = IDLE_POLL_MS
      }
      if (!running || wait <= 0) continue
      // One controller per wait, ended by wake() or stop() (no AbortSignal.any: its bookkeeping cost a
      // few µs a message while the runner keeps up with live changes).
      waitCtl = new AbortController()
      await sleep(Math.min(wait, IDLE_POLL_MS), waitCtl.signal)
      waitCtl = undefined
    }
  }

  return {
    outbox,
    ledger,
    writing: (contactId) => inFlight === contactId,
    start() {
      if (running) return
      running = true
      loop = runLoop()
    },
    async stop() {
      running = false
      waitCtl?.abort()
      await loop
      loop = undefined
      flush()
      if (!firstOp && lastStartAt !== lastOpAtKept) {
        ledger.setMeta(LAST_OP_AT_KEY, String(lastStartAt), lastStartAt)
        lastOpAtKept = lastStartAt
      }
    },
    kick() {
      lookAtOutbox = true
      wake()
    },
    markDirty(contactId) {
      // What is left of its plan in memory is outdated: it is planned again when its turn comes.
      livePlans.delete(contactId)
      dirty.add(contactId)
      wake()
    },
    pendingInMemory: () => dirty.size + queue.filter(isMemory).length + unrecorded.filter((d) => isMemory(d.row)).length,
    doneInMemory: () => memoryDone,
    async drain() {
      for (let wait = await step(); wait !== Number.POSITIVE_INFINITY; wait = await step()) {
        if (wait > 0) await sleep(wait)
      }
    },
    flush,
  }
}
