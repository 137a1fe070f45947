import { noteFirstDirectory } from '../contacts/first-directory.js'
import type { Config } from '../config/schema.js'
import { joinWaitingPeople } from '../import/join.js'
import { createIngest, type Ingest } from '../ingest/ingest.js'
import type { ChatEvent, Platform, PlatformEvent } from '../platform/types.js'
import { MINUTE_MS, systemClock, type Clock } from '../shared/clock.js'
import type { Logger } from '../shared/logger.js'
import { startBackgroundCheckpoints, type BackgroundCheckpoints } from '../store/checkpoints.js'
import { closeDb, type Db } from '../store/client.js'
import { createBotEvents } from './bot-events.js'
import type { AppContext } from './context.js'
import { installFeatures, type Features } from './features.js'

/** Retry a message the database refused (busy, locked, disk full) after 1 s, 2 s, 4 s … at most 30 s. */
const STALL_RETRY_MS = 1_000
const STALL_RETRY_MAX_MS = 30_000
/** Messages held in memory while the database is unavailable; beyond this the oldest goes. */
const MAX_STALLED = 50_000
/** A message dated this far ahead of the clock is logged (a clock is wrong somewhere); any lead is cut. */
const FUTURE_NOTE_MS = MINUTE_MS

/** The database cannot take a write right now, but may soon: another process holds it, or the disk is full. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === 'SQLITE_FULL')
}

export interface AppOptions {
  config: Config
  db: Db
  logger: Logger
  platform: Platform
  clock?: Clock
  /** Checkpoint the WAL on a thread of its own while the bot runs (store/checkpoints.ts); default true. */
  backgroundCheckpoints?: boolean
}

export interface App {
  ctx: AppContext
  ingest: Ingest
  /** Ladder, commands, sync and digest, installed on this app. */
  features: Features
  /** Resolves with the account id once logged in and the contact directory is stored. */
  ready(): Promise<string>
  start(): Promise<void>
  /** Stop the bot and close the database; safe to call twice. */
  stop(): Promise<void>
  /** Messages logged since start (new rows only). */
  counts(): { messages: number; duplicates: number }
  /** The checkpoint thread while the bot runs (null before start, in memory, or turned off). */
  checkpoints(): BackgroundCheckpoints | null
}

/**
 * The composition root: config → store → platform → features. Platform events and messages are
 * handled here once; features hang off the message and login hooks.
 */
export function createApp(options: AppOptions): App {
  const { config, db, logger, platform } = options
  const clock = options.clock ?? systemClock
  const ingest = createIngest(db)
  const botEvents = createBotEvents(db)
  let accountId: string | undefined
  let stopped = false
  let checkpoints: BackgroundCheckpoints | null = null
  let offlineSince: number | undefined
  // A puppet-service outage is only noticed at the client's watchdog reset (~60 s later): the outage
  // really began when the puppet last spoke (heartbeat ~15 s, or a message), so that is what we record.
  let lastHeardAt: number | undefined
  let messages = 0
  let duplicates = 0
  let resolveReady!: (id: string) => void
  const readyPromise = new Promise<string>((resolve) => { resolveReady = resolve })
  const loggedHandlers: Array<(event: ChatEvent) => void | Promise<void>> = []
  const ctx: AppContext = {
    config, db, logger, platform, clock,
    accountId: () => accountId,
    onLogged: (handler) => { loggedHandlers.push(handler) },
  }
  const ignored = new Set(config.ignoreRooms)
  let lastError = { message: '', at: 0 }

  async function storeDirectory(id: string): Promise<void> {
    const now = clock()
    const [contacts, rooms] = await Promise.all([platform.listContacts(), platform.listRooms()])
    db.$client.transaction(() => {
      noteFirstDirectory(db, id, now)
      for (const contact of contacts) {
        if (contact.kind === 'individual' || contact.kind === 'unknown') ingest.upsertContact(id, contact, now)
      }
      for (const room of rooms) ingest.upsertRoom(id, room, now)
    })()
    logger.info({ contacts: contacts.length, rooms: rooms.length }, 'contact directory stored')
    joinImported(id)
  }

  /** Imported people kept under a stand-in join the contact that now matches them for certain. */
  function joinImported(id: string): void {
    try {
      const { joined } = joinWaitingPeople(db, config, id, clock())
      if (joined.length > 0) logger.info({ joined: joined.length }, 'imported history joined to contacts')
    } catch (err) {
      logger.warn({ err }, 'could not join imported history to contacts')
    }
  }

  async function onEvent(event: PlatformEvent): Promise<void> {
    if (event.type !== 'logout' && event.type !== 'error') lastHeardAt = event.at
    switch (event.type) {
      case 'login': {
        if (offlineSince !== undefined) {
          // The end of an outage (logout → login, e.g. after a puppet-service reset): shown by /stats.
          botEvents.record(event.accountId, 'online', String(event.at - offlineSince), event.at)
          logger.info({ offlineMs: event.at - offlineSince }, 'back online')
          offlineSince = undefined
        }
        accountId = event.accountId
        botEvents.record(event.accountId, 'login', null, event.at)
        logger.info({ accountId: event.accountId }, 'logged in')
        try {
          await storeDirectory(event.accountId)
        } catch (err) {
          logger.warn({ err }, 'could not read the contact directory; continuing with what is stored')
        }
        resolveReady(event.accountId)
        return
      }
      case 'logout':
        if (event.accountId) {
          botEvents.record(event.accountId, 'logout', event.reason ?? null, event.at)
          if (offlineSince === undefined && !stopped) {
            offlineSince = Math.min(event.at, lastHeardAt ?? event.at)
            botEvents.record(event.accountId, 'offline', event.reason ?? null, offlineSince)
          }
        }
        // Stopping logs the account out: that is no news.
        if (!stopped) logger.warn({ reason: event.reason }, 'logged out; waiting for the puppet to log in again')
        return
      case 'friendship':
        if (accountId) {
          ingest.upsertContact(accountId, event.contact, event.at, event.at)
          joinImported(accountId)
        }
        return
      case 'room-join':
      case 'room-leave':
        if (!accountId) return
        for (const contactId of event.contactIds) {
          ingest.recordRoomEvent(accountId, event.roomId, event.type === 'room-join' ? 'join' : 'leave', contactId, null, event.at)
        }
        return
      case 'room-topic':
        if (!accountId) return
        ingest.upsertRoom(accountId, { id: event.roomId, topic: event.topic, memberIds: [] }, event.at)
        ingest.recordRoomEvent(accountId, event.roomId, 'topic', event.changerId ?? null, event.topic, event.at)
        return
      case 'error': {
        // An unreachable gateway repeats the same error every few seconds: one short line a minute, no stack.
        const message = String((event.error as Error | undefined)?.message ?? event.error).split('\n')[0].slice(0, 200)
        const now = clock()
        if (message === lastError.message && now - lastError.at < MINUTE_MS) return
        lastError = { message, at: now }
        logger.warn({ error: message }, 'puppet reported an error (retrying)')
        return
      }
      case 'friend-lost': // the lost-customers feature (lost/feature.ts) records it
      case 'labels-gone': // the sync feature (app/features.ts) writes them again
        return
      case 'ready':
      case 'heartbeat':
      case 'contact':
      case 'room':
        return
      default: {
        const exhaustive: never = event
        return exhaustive
      }
    }
  }

  /*
   * The database held by another process (an import, a backup tool) past SQLite's busy wait, or a full
   * disk: the message is kept in memory and retried with back-off, and the messages after it queue behind
   * it, so nothing is lost and the order (rounds) holds.
   */
  const stalled: ChatEvent[] = []
  let draining = false

  async function onMessage(event: ChatEvent): Promise<void> {
    if (stopped) return
    lastHeardAt = clock()
    if (event.roomId && (ignored.has(event.roomId) || (event.roomTopic && ignored.has(event.roomTopic)))) return
    if (stalled.length > 0) {
      holdBack(event)
      return
    }
    try {
      await accept(event)
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err
      holdBack(event)
      logger.warn({ code: (err as { code?: string }).code, messageId: event.messageId }, 'database unavailable; holding messages until it is free')
      void drainStalled()
    }
  }

  function holdBack(event: ChatEvent): void {
    if (stalled.length >= MAX_STALLED) {
      const dropped = stalled.shift()
      logger.error({ messageId: dropped?.messageId }, 'database unavailable too long; oldest held message dropped')
    }
    stalled.push(event)
  }

  async function drainStalled(): Promise<void> {
    if (draining) return
    draining = true
    try {
      for (let attempt = 0; stalled.length > 0 && !stopped; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(STALL_RETRY_MS * 2 ** attempt, STALL_RETRY_MAX_MS)).unref())
        try {
          while (stalled.length > 0 && !stopped) {
            await accept(stalled[0])
            stalled.shift()
            attempt = 0
          }
        } catch (err) {
          if (isDatabaseUnavailable(err)) continue
          logger.error({ err, messageId: stalled[0]?.messageId }, 'held message could not be logged')
          stalled.shift()
        }
      }
      if (stalled.length === 0) logger.info('database free again; held messages logged')
    } finally {
      draining = false
    }
  }

  /** Log the message (throws if the database refuses), then run the features on a new one. */
  async function accept(stamped: ChatEvent): Promise<void> {
    const now = clock()
    // A message stamped ahead of the clock (a phone or a puppet host whose clock runs fast) is dated when it
    // arrived: otherwise its customer would stay 活跃 until a date that has not come.
    const event = stamped.at > now ? { ...stamped, at: now } : stamped
    if (stamped.at - now > FUTURE_NOTE_MS) logger.info({ messageId: stamped.messageId, aheadMs: stamped.at - now }, 'message dated ahead of the clock; dated when it arrived')
    const result = ingest.ingestEvent(event, now)
    if (result.inserted) messages++
    else duplicates++
    logger.debug({ messageId: event.messageId, kind: event.kind, chat: event.chat, direction: event.direction, inserted: result.inserted }, 'message')
    if (!result.inserted) return
    for (const handler of loggedHandlers) {
      try {
        await handler(event)
      } catch (err) {
        logger.error({ err, messageId: event.messageId }, 'message feature failed')
      }
    }
  }

  platform.onEvent(onEvent)
  // Ingest first: a command is logged before it is answered, and features see committed rows.
  platform.onMessage(onMessage)
  const features = installFeatures(ctx, ingest, readyPromise)

  return {
    ctx,
    ingest,
    features,
    ready: () => readyPromise,
    async start() {
      if (options.backgroundCheckpoints !== false && !checkpoints) checkpoints = startBackgroundCheckpoints(db, logger)
      await platform.start()
    },
    async stop() {
      if (stopped) return
      stopped = true
      if (stalled.length > 0) logger.error({ held: stalled.length }, 'stopping with messages the database never took; they are lost unless re-sent')
      await features.stop()
      try {
        await platform.stop()
      } catch (err) {
        logger.warn({ err }, 'platform did not stop cleanly')
      }
      await checkpoints?.stop()
      closeDb(db)
    },
    counts: () => ({ messages, duplicates }),
    checkpoints: () => checkpoints,
  }
}
