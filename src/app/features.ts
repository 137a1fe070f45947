import cron from 'node-cron'
import { createCommands, installCommands, type Commands } from '../commands/feature.js'
import { createDigestScheduler, type DigestScheduler } from '../digest/schedule.js'
import type { Ingest } from '../ingest/ingest.js'
import { isWallClock } from '../shared/clock.js'
import { createSync, type Sync } from '../sync/feature.js'
import { installLadder } from '../tiers/install.js'
import { createLadder, type LadderService } from '../tiers/service.js'
import type { AppContext } from './context.js'

export interface Features {
  ladder: LadderService
  commands: Commands
  /** Label/remark sync for the logged-in account (undefined before the first login). */
  sync(): Sync | undefined
  digest: DigestScheduler
  /** The periodic pass for changes only time causes; returns how many contacts changed. */
  reclassifyNow(): number
  stop(): Promise<void>
}

/** Control-room recipients are written `room:<id>`, admins by contact id. */
const ROOM_PREFIX = 'room:'

/**
 * One feature per concern, installed on the context: the ladder on ingest, commands on messages,
 * and, at each login, the label sync, the daily reclassification pass and the digest schedule.
 * Login can repeat (puppet resets): everything here is created once and only re-armed.
 */
export function installFeatures(ctx: AppContext, ingest: Ingest, ready: Promise<string>): Features {
  const { db, config, logger, clock, platform } = ctx
  const ladder = createLadder(db, config, logger, clock)
  installLadder(ingest, ladder, db, config)

  let sync: Sync | undefined
  const commands = createCommands({ db, config, logger, ladder, syncHealth: () => sync?.health() })
  installCommands(ctx, commands, () => ready)

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
    return [...commands.adminIds(accountId, clock()), ...(room ? [`${ROOM_PREFIX}${room}`] : [])]
  }
  const sendTo = async (recipient: string, text: string): Promise<void> => {
    if (recipient.startsWith(ROOM_PREFIX)) await platform.say({ roomId: recipient.slice(ROOM_PREFIX.length) }, text)
    else await platform.say({ contactId: recipient }, text)
  }
  const notifyMerchant = async (text: string): Promise<void> => {
    for (const recipient of recipients()) {
      try {
        await sendTo(recipient, text)
      } catch (err) {
        logger.warn({ err, recipient }, 'notice not sent')
      }
    }
  }

  const digest = createDigestScheduler({ db, config, logger, clock, accountId: () => ctx.accountId(), recipients, send: sendTo })

  const reclassifyNow = (): number => {
    const accountId = ctx.accountId()
    if (!accountId) return 0
    const started = Date.now()
    // One outer transaction: the pass's writes and every label/remark plan its changes trigger (nested
    // transactions become savepoints) commit once, not once per changed contact.
    const { total, changes } = db.$client.transaction(() => {
      const result = ladder.reclassifyAll(accountId, clock())
      // Listeners write their plans inside this transaction: they roll back with the pass, if at all.
      ladder.flushChanges()
      return result
    })()
    logger.info({ total, changed: changes.length, ms: Date.now() - started }, 'reclassification pass')
    return changes.length
  }
  const reclassifyTask = cron.createTask(config.reclassifyCron, () => {
    try {
      reclassifyNow()
    } catch (err) {
      logger.error({ err }, 'reclassification pass failed')
    }
  }, { timezone: config.timezone })

  let started = false
  ready.then(async (accountId) => {
    // Time passes while the bot is down: apply it before anything reads tiers.
    reclassifyNow()
    if (config.labels.enabled || config.labels.remarks) {
      sync = createSync({
        db, config, logger, actions: platform, clock, accountId,
        isAdmin: (contactId) => commands.adminIds(accountId, clock()).includes(contactId),
        notify: notifyMerchant,
      })
      ladder.onChange((change) => sync?.onTierChange(change))
      const planned = sync.planAll(clock())
      logger.info(planned, 'label/remark sync planned')
      sync.start()
    }
    // The nightly pass is a wall-clock trigger; an app on another clock is driven by its owner.
    if (isWallClock(clock)) reclassifyTask.start()
    started = true
    if (config.digest.enabled) await digest.start()
  }).catch((err: unknown) => logger.error({ err }, 'features did not start'))

  ctx.platform.onEvent(async (event) => {
    // After a logout/login cycle (puppet reset), catch up on a digest missed while offline.
    if (event.type === 'login' && started && config.digest.enabled) {
      await digest.catchUp(clock()).catch((err: unknown) => logger.warn({ err }, 'digest catch-up failed'))
    }
  })

  return {
    ladder,
    commands,
    sync: () => sync,
    digest,
    reclassifyNow,
    async stop() {
      reclassifyTask.stop()
      await digest.stop()
      await sync?.stop()
    },
  }
}
