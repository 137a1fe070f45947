import cron from 'node-cron'
import { createCommands, installCommands, type Commands } from '../commands/feature.js'
import { remarkIndexFor } from '../contacts/remark-index.js'
import { createDigestScheduler, type DigestScheduler } from '../digest/schedule.js'
import { takeInboundMark } from '../digest/inbound-marks.js'
import { installLost } from '../lost/feature.js'
import type { Ingest } from '../ingest/ingest.js'
import { createPrivacy, type Privacy } from '../privacy/feature.js'
import type { SendTarget } from '../platform/types.js'
import { createReportFeature, type ReportFeature } from '../report/feature.js'
import { isWallClock } from '../shared/clock.js'
import { createSync, type Sync } from '../sync/feature.js'
import { installLadder } from '../tiers/install.js'
import { createLadder, type LadderService } from '../tiers/service.js'
import { installViews } from '../views/install.js'
import type { ViewsService } from '../views/service.js'
import type { AppContext } from './context.js'

export interface Features {
  ladder: LadderService
  /** Intent, lifecycle, value class, referrals and points (issue 12). */
  views: ViewsService
  commands: Commands
  /** Label/remark sync for the logged-in account (undefined before the first login). */
  sync(): Sync | undefined
  digest: DigestScheduler
  /** Forget, retention, backups (src/privacy). */
  privacy: Privacy
  /** The weekly picture report and its daily funnel snapshots. */
  report: ReportFeature
  /** The periodic pass for changes only time causes (due contacts only); returns how many contacts changed. */
  reclassifyNow(): number
  /**
   * Resolves when the start-up catch-up (the pass for the time the bot was down, then the label plan)
   * has finished. It runs after login in slices that yield, so commands are answered meanwhile.
   */
  caughtUp(): Promise<void>
  stop(): Promise<void>
}

/** Contacts per slice of the start-up catch-up (pass and label plan): a few tens of ms each. */
const CATCH_UP_SLICE = 2000

class CatchUpStopped extends Error {}

/** Control-room recipients are written `room:<id>`, admins by contact id. */
const ROOM_PREFIX = 'room:'

/**
 * One feature per concern, installed on the context: the ladder on ingest, commands on messages,
 * and, at each login, the label sync, the daily reclassification pass and the digest schedule.
 * Login can repeat (puppet resets): everything here is created once and only re-armed.
 */
export function installFeatures(ctx: AppContext, ingest: Ingest, ready: Promise<string>): Features {
  const { db, config, logger, clock, platform } = ctx
  // The merchant's admins and the account itself are not customers (bound late: commands resolve admins).
  let commands: Commands | undefined
  const isCustomer = (accountId: string, contactId: string): boolean =>
    contactId !== accountId && !(commands?.isAdmin(accountId, contactId, clock()) ?? false)
  const ladder = createLadder(db, config, logger, clock, isCustomer)
  const views = installViews(ctx, ladder, isCustomer)
  installLadder(ingest, ladder, db, config, isCustomer, views.statsHooks)

  let sync: Sync | undefined
  // notifyMerchant is defined below; privacy only calls it after login.
  const privacy = createPrivacy({ db, config, logger, clock, ladder, accountId: () => ctx.accountId(),
    notify: (text) => notifyMerchant(text), kickSync: () => sync?.runner.kick(), flushSync: () => sync?.runner.flush(), syncWriting: (contactId) => sync?.runner.writing(contactId) ?? false,
  })
  commands = createCommands({
    db, config, logger, ladder, views, syncHealth: () => sync?.health(),
    forget: privacy.forgetCommands, statsExtra: privacy.statsExtra,
    report: (target, now) => {
      // /report says 截至今天: today's funnel as it stands (as /stats shows it), not as the morning pass left it.
      const accountId = ctx.accountId()
      if (accountId) report.snapshot(now, commands!.adminIds(accountId, now))
      return report.sendOnDemand(target, now)
    },
  })
  installCommands(ctx, commands, () => ready, ingest)

  const controlRoomId = (): string | undefined => {
    if (!config.controlRoom) return undefined
    const row = db.$client.prepare('SELECT id FROM rooms WHERE account_id = ? AND (id = ? OR topic = ?) LIMIT 1')
      .get(ctx.accountId(), config.controlRoom, config.controlRoom) as { id: string } | undefined
    return row?.id
  }
  const recipients = (): string[] => {
    const accountId = ctx.accountId()
    if (!accountId) return []
    const room = controlRoomId()
    return [...commands!.adminIds(accountId, clock()), ...(room ? [`${ROOM_PREFIX}${room}`] : [])]
  }
  const targetOf = (recipient: string): SendTarget =>
    recipient.startsWith(ROOM_PREFIX) ? { roomId: recipient.slice(ROOM_PREFIX.length) } : { contactId: recipient }
  const sendTo = (recipient: string, text: string): Promise<void> => platform.say(targetOf(recipient), text)
  const notifyMerchant = async (text: string): Promise<void> => {
    for (const recipient of recipients()) {
      try {
        await sendTo(recipient, text)
      } catch (err) {
        logger.warn({ err, recipient }, 'notice not sent')
      }
    }
  }

  installLost(ctx, ladder, () => sync, ingest)

  const digest = createDigestScheduler({
    db, config, logger, clock, accountId: () => ctx.accountId(), recipients, send: sendTo,
    // The views sections (高意向, 复购) count the changes since the nightly pass, as /list and /digest do.
    beforeBuild: (accountId, now) => views.refreshChanged(accountId, now, new Set(commands!.adminIds(accountId, now))),
  })
  // Each pass takes an inbound mark: the digest finds who wrote since yesterday in the rows after one.
  ladder.onPass((accountId, now) => takeInboundMark(db, accountId, now))
  const report: ReportFeature = createReportFeature({ db, config, logger, clock, platform, accountId: () => ctx.accountId(), recipients, targetOf })

  // View labels follow the stored views wherever they change (the pass, a /list, the digest), re-planned like a
  // rung change (at start-up the sync does not exist yet: its full plan right after covers them).
  views.onStored((_accountId, contactIds, now) => {
    const planned = sync?.onViewsChange(contactIds, now) ?? 0
    if (planned > 0) logger.debug({ labelPlans: planned }, 'view labels planned')
  })
  // After each pass: the views (lifecycle reads the rung), then the funnel as the pass left it (the weekly report's daily points).
  const takeSnapshot = (accountId: string): void => {
    try {
      // After the ladder: lifecycle reads the rung; admins are not customers.
      // View labels follow the stored views (the onStored listener below re-plans the contacts it changed).
      const { changedIds: _changed, ...refreshed } = views.refreshAll(accountId, clock(), new Set(commands!.adminIds(accountId, clock())))
      logger.info(refreshed, 'views pass')
    } catch (err) {
      logger.error({ err }, 'views pass failed')
    }
    try {
      report.snapshot(clock(), commands!.adminIds(accountId, clock()))
    } catch (err) {
      logger.error({ err }, 'funnel snapshot not recorded')
    }
  }
  // One outer transaction: the pass's writes and every label/remark plan its changes trigger (nested
  // transactions become savepoints) commit once, not once per changed contact. Listeners write their
  // plans inside it: they roll back with the pass, if at all.
  const passTx = db.$client.transaction((accountId: string, now: number, limit: number) => {
    const result = ladder.reclassifyDue(accountId, now, limit)
    ladder.flushChanges()
    return result
  })
  const reclassifyNow = (): number => {
    const accountId = ctx.accountId()
    if (!accountId) return 0
    const started = Date.now()
    const { total, changes } = passTx(accountId, clock(), Infinity)
    logger.info({ examined: total, changed: changes.length, ms: Date.now() - started }, 'reclassification pass')
    takeSnapshot(accountId)
    // Label/remark writes given up since (a platform refusing for a while) get new tries.
    sync?.retryFailed(clock())
    return changes.length
  }

  /** The start-up catch-up: the pass, then the label plan, each in slices with a yield between them. */
  async function catchUp(accountId: string): Promise<void> {
    const started = Date.now()
    let examined = 0
    let changed = 0
    // Let the first commands through before any of this.
    await yieldToEvents()
    // A rung an admin got before (made admin later, or placed by an older import) goes: the due pass
    // below would not look at them, and the digest's funnel counts rows.
    for (const adminId of commands!.adminIds(accountId, clock())) {
      ladder.reclassifyContact(accountId, adminId, { kind: 'time' }, clock())
    }
    for (;;) {
      const r = passTx(accountId, clock(), CATCH_UP_SLICE)
      examined += r.total
      changed += r.changes.length
      if (!r.more) break
      await yieldToEvents()
    }
    logger.info({ examined, changed, ms: Date.now() - started }, 'start-up reclassification pass')
    takeSnapshot(accountId)
    // The exact remark lookups' table (about 90 ms at 100k contacts) is built here, not by the first
    // digest or command after a start.
    await yieldToEvents()
    const remarks = remarkIndexFor(db.$client, config.labels.remarkPrefix)
    try {
      remarks.warm(accountId)
    } catch (err) {
      logger.warn({ err }, 'remark lookups not prepared; the first lookup builds them')
    }
    if (config.labels.enabled || config.labels.remarks) {
      sync = createSync({
        db, config, logger, actions: platform, clock, accountId,
        isAdmin: (contactId) => !isCustomer(accountId, contactId),
        notify: notifyMerchant,
        // A forgotten person's undo writes run untouched by planning, then their last rows go.
        isHeld: (contactId) => privacy.forgetting.isHeld(accountId, contactId),
        onSettled: (contactId) => {
          if (privacy.forgetting.isHeld(accountId, contactId)) privacy.forgetting.sweep(accountId)
          // Remarks just written: the exact remark lookups take them in before they pile up.
          remarks.keepUp(accountId)
        },
        onHeldChange: (contactId, now) => { privacy.forgetting.retake(accountId, contactId, now) },
      })
      ladder.onChange((change) => sync?.onTierChange(change))
      const planned = await sync.planAllInSlices(clock, CATCH_UP_SLICE, yieldToEvents)
      logger.info(planned, 'label/remark sync planned')
      sync.start()
    } else {
      // No sync to take labels off: nothing of a forgotten person may wait for it.
      privacy.forgetting.sweep(accountId, true)
    }
  }
  const reclassifyTask = cron.createTask(config.reclassifyCron, () => {
    try {
      reclassifyNow()
    } catch (err) {
      logger.error({ err }, 'reclassification pass failed')
    }
  }, { timezone: config.timezone })

  let started = false
  let stopping = false
  const yieldToEvents = () => new Promise<void>((resolve, reject) => {
    setImmediate(() => (stopping ? reject(new CatchUpStopped()) : resolve()))
  })
  const caughtUp = ready.then(async (accountId) => {
    // Time passes while the bot is down: the catch-up applies it, after the first commands.
    try {
      await catchUp(accountId)
    } catch (err) {
      if (err instanceof CatchUpStopped) return
      throw err
    }
    if (stopping) return
    // The nightly pass (and privacy's nightly erase and daily backup) are wall-clock triggers; an app on
    // another clock is driven by its owner.
    if (isWallClock(clock)) {
      reclassifyTask.start()
      privacy.start()
    }
    started = true
    if (config.digest.enabled) await digest.start()
    if (config.report.enabled) await report.start()
  }).catch((err: unknown) => logger.error({ err }, 'features did not start'))

  ctx.platform.onEvent(async (event) => {
    // A new friend (stored as one by the app's own handler, which runs first) may already have a rung from
    // group talk: only friends are written, so nothing was; their private chat may not move the rung soon.
    if (event.type === 'friendship' && sync) {
      try {
        sync.planContact(event.contact.id, clock())
      } catch (err) {
        logger.error({ err, contactId: event.contact.id }, 'sync planning for a new friend failed')
      }
    }
    if (event.type === 'labels-gone') sync?.onLabelsGone(event.labels, clock())
    // After a logout/login cycle (puppet reset), catch up on a digest missed while offline.
    if (event.type === 'login' && started && config.digest.enabled) {
      await digest.catchUp(clock()).catch((err: unknown) => logger.warn({ err }, 'digest catch-up failed'))
    }
    if (event.type === 'login' && started && config.report.enabled) {
      await report.catchUp(clock()).catch((err: unknown) => logger.warn({ err }, 'report catch-up failed'))
    }
  })

  return {
    ladder,
    views,
    commands,
    sync: () => sync,
    digest,
    privacy,
    report,
    reclassifyNow,
    caughtUp: () => caughtUp,
    async stop() {
      stopping = true
      reclassifyTask.stop()
      privacy.stop()
      await digest.stop()
      await report.stop()
      await sync?.stop()
    },
  }
}
