import { FileBox } from 'file-box'
// Types only (erased at run time): this file loads no stack; the caller hands one in (WechatyStack).
import type { Contact, Friendship, Message, Room, Wechaty } from 'wechaty'
import type { Clock } from '../shared/clock.js'
import type { Logger } from '../shared/logger.js'
import { createArrivalOrder } from './arrival-order.js'
import { epochMs, isNotAFriend, watchDeletions } from './deletions.js'
import { toActionError } from './errors.js'
import { clampText, messageKindOf } from './message-kind.js'
import {
  ActionError, type ChatEvent, type ContactInfo, type Platform, type PlatformActions, type PlatformEvent, type RoomInfo,
  type SendTarget,
} from './types.js'

/**
 * What differs between the official packages and the @juzi fork, handed in by the adapter that imported
 * one of them (wechaty-platform.ts, juzi/platform.ts). The two cannot share a process (their protobuf
 * classes collide), so this file imports neither.
 */
export interface WechatyStack {
  build(options: { puppet: unknown; name: string }): Wechaty
  setLogLevel(level: string): void
  contactTypes: { individual: number; official: number; corporation: number }
  friendshipTypes: {
    confirm: number
    /** The customer deleted the account (juzi only). */
    deleted?: number
    /** The account removed the customer (juzi only). */
    removed?: number
  }
}

export interface BotPlatformOptions {
  /** The puppet (puppet-service client or the demo world) of the same stack. */
  puppet: object
  logger: Logger
  clock: Clock
  /** Wechaty instance name (memory card); tests use distinct names. */
  name?: string
  /** How often to try reaching the puppet service again once its client gave up (ms). Default 15 s. */
  reconnectMs?: number
  /** Wechaty's own (npmlog) level; its chatter goes to stderr. Default 'error'. */
  wechatyLogLevel?: 'silent' | 'error' | 'warn' | 'info' | 'verbose' | 'silly'
  /** Label writes of the stack (juzi: corp tags); default: the puppet's tag calls by name. */
  labels?: (bot: Wechaty) => Pick<PlatformActions, 'addLabel' | 'removeLabel'>
  /** Events of the stack beyond Wechaty's (juzi: corp tags deleted in the console): given the emitter once. */
  events?: (emit: (event: PlatformEvent) => Promise<void>) => void
}

/**
 * The one seam to WeChat: a Wechaty bot on the given puppet (puppet-service or the demo world),
 * its messages turned into ChatEvent values, its events into PlatformEvent values.
 * Handlers are registered once, here, so logout/login cycles never register them twice.
 */
export function createBotPlatform(stack: WechatyStack, options: BotPlatformOptions): Platform {
  const { logger, clock } = options
  stack.setLogLevel(options.wechatyLogLevel ?? process.env.WECHATY_LOG ?? 'error')
  const bot: Wechaty = stack.build({ puppet: options.puppet, name: options.name ?? 'tierbot' })
  const messageHandlers: Array<(event: ChatEvent) => void | Promise<void>> = []
  const eventHandlers: Array<(event: PlatformEvent) => void | Promise<void>> = []
  let self: string | undefined
  let loggedIn = false
  let stopping = false
  let reconnectTimer: NodeJS.Timeout | undefined
  const reconnectMs = options.reconnectMs ?? 15_000

  /*
   * The puppet's watchdog resets the client 60 s after the service went quiet: stop, then start. If
   * the service is still away, that start fails and nothing ever tries again: the bot would stay up
   * but deaf. While logged out, we start the puppet again every `reconnectMs` until it is back.
   * (A puppet that is running but logged out is waiting for the merchant, not the network: left alone.)
   */
  function scheduleReconnect(): void {
    if (stopping || loggedIn || reconnectTimer) return
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined
      void reconnect()
    }, reconnectMs)
  }
  async function reconnect(): Promise<void> {
    if (stopping || loggedIn) return
    const puppet = bot.puppet as unknown as { state?: { inactive(): boolean | 'pending' }; start(): Promise<void> }
    if (puppet.state?.inactive() === true) {
      logger.warn('puppet service unreachable; trying to reconnect')
      try {
        await puppet.start()
        logger.info('puppet service reached again; waiting for the account to log in')
      } catch (err) {
        logger.warn({ err: (err as Error)?.message }, 'reconnect failed; will retry')
      }
    }
    scheduleReconnect()
  }

  const emit = async (event: PlatformEvent): Promise<void> => {
    for (const handler of eventHandlers) {
      try {
        await handler(event)
      } catch (err) {
        logger.error({ err, event: event.type }, 'platform event handler failed')
      }
    }
  }
  options.events?.(emit)

  // Handlers see messages in the order the puppet delivered them (arrival-order.ts says why).
  const order = createArrivalOrder<ChatEvent>({
    deliver: dispatch,
    onSkip: (messageId) => logger.warn({ messageId }, 'message could not be read in time; later messages go on'),
    maxWaitMs: 5_000,
  })
  ;(options.puppet as unknown as { on(event: 'message', cb: (payload: { messageId: string }) => void): void })
    .on('message', (payload) => order.arrived(payload.messageId))

  function dispatch(event: ChatEvent): void {
    // Handlers start in order (the app logs the message before its first await); they finish in their own time.
    void (async () => {
      for (const handler of messageHandlers) {
        try {
          await handler(event)
        } catch (err) {
          logger.error({ err, messageId: event.messageId }, 'message handler failed')
        }
      }
    })()
  }

  bot.on('message', async (message: Message) => {
    let event: ChatEvent | undefined
    try {
      event = await toChatEvent(message)
    } catch (err) {
      logger.warn({ err, messageId: message.id }, 'could not read message; skipped')
    }
    order.loaded(message.id, event ?? null)
  })

  bot.on('login', async (user: Contact) => {
    self = user.id
    loggedIn = true
    clearTimeout(reconnectTimer)
    reconnectTimer = undefined
    await emit({ type: 'login', accountId: user.id, name: user.name(), at: clock() })
  })
  bot.on('logout', async (user: Contact, reason?: string) => {
    loggedIn = false
    scheduleReconnect()
    await emit({ type: 'logout', accountId: user?.id ?? self ?? '', reason, at: clock() })
  })
  bot.on('ready', async () => {
    if (self) await emit({ type: 'ready', accountId: self, at: clock() })
  })
  bot.on('error', async (error: unknown) => {
    await emit({ type: 'error', error, at: clock() })
  })
  bot.on('heartbeat', async () => {
    await emit({ type: 'heartbeat', at: clock() })
  })
  const friendshipAt = (timestamp: unknown) => epochMs(timestamp) ?? clock()
  watchDeletions(options.puppet, stack.friendshipTypes, {
    lost: (contactId, by, at) => emit({ type: 'friend-lost', contactId, by, at: epochMs(at) ?? clock() }),
    failed: (err, friendshipId) => logger.warn({ err, friendshipId }, 'could not read friendship event'),
  })
  bot.on('friendship', async (friendship: Friendship) => {
    try {
      if ((friendship.type() as number) !== stack.friendshipTypes.confirm) return
      const contact = await toContactInfo(friendship.contact())
      const at = friendshipAt((friendship as unknown as { payload?: { timestamp?: number } }).payload?.timestamp)
      await emit({ type: 'friendship', contact: { ...contact, friend: true }, hello: friendship.hello() ?? '', at })
    } catch (err) {
      logger.warn({ err }, 'could not read friendship event')
    }
  })
  bot.on('room-join', async (room: Room, invitees: Contact[], _inviter: Contact, date?: Date) => {
    await emit({ type: 'room-join', roomId: room.id, contactIds: invitees.map((c) => c.id), at: date?.getTime() ?? clock() })
  })
  bot.on('room-leave', async (room: Room, leavers: Contact[], _remover?: Contact, date?: Date) => {
    await emit({ type: 'room-leave', roomId: room.id, contactIds: leavers.map((c) => c.id), at: date?.getTime() ?? clock() })
  })
  bot.on('room-topic', async (room: Room, topic: string, oldTopic: string, changer: Contact, date?: Date) => {
    await emit({ type: 'room-topic', roomId: room.id, topic, oldTopic, changerId: changer?.id, at: date?.getTime() ?? clock() })
  })

  async function toChatEvent(message: Message): Promise<ChatEvent | undefined> {
    const accountId = self ?? bot.currentUser?.id
    if (!accountId) return undefined
    const talker = message.talker()
    const room = message.room()
    const listener = message.listener()
    const outbound = message.self()
    const rawType = message.type() as number
    let contactId: string
    if (room) contactId = outbound ? accountId : talker.id
    else if (outbound) {
      if (!listener) return undefined
      contactId = listener.id
    } else contactId = talker.id
    return {
      accountId,
      messageId: message.id,
      chat: room ? 'group' : 'private',
      direction: outbound ? 'out' : 'in',
      kind: messageKindOf(rawType),
      rawType,
      at: message.date().getTime(),
      text: clampText(message.text()),
      talkerId: talker.id,
      talkerName: talker.name() ?? '',
      contactId,
      listenerId: listener?.id,
      roomId: room?.id,
      roomTopic: room ? await room.topic().catch(() => '') : undefined,
      ...(messageKindOf(rawType) === 'contact_card' ? await readCard(message) : {}),
    }
  }

  /** Who a contact card (名片) carries: the id from the puppet, the name from its payload or text. */
  async function readCard(message: Message): Promise<{ cardContactId?: string; cardName?: string }> {
    const id = await bot.puppet.messageContact(message.id).catch(() => '')
    let name = /nickname="([^"]*)"/.exec(message.text() ?? '')?.[1] ?? ''
    if (id && !name) name = (await bot.Contact.find({ id }).catch(() => undefined))?.name() ?? ''
    return { ...(id ? { cardContactId: id } : {}), ...(name ? { cardName: name } : {}) }
  }

  async function toContactInfo(contact: Contact): Promise<ContactInfo> {
    const type = contact.type()
    return {
      id: contact.id,
      name: contact.name() ?? '',
      remark: (await contact.alias().catch(() => undefined)) ?? '',
      friend: contact.friend() ?? false,
      kind: type === stack.contactTypes.individual ? 'individual'
        : type === stack.contactTypes.official ? 'official'
          : type === stack.contactTypes.corporation ? 'corporation' : 'unknown',
    }
  }

  async function conversation(target: SendTarget): Promise<Room | Contact> {
    if (target.roomId) {
      const room = await bot.Room.find({ id: target.roomId })
      if (!room) throw new ActionError('permanent', `room ${target.roomId} not found`)
      return room
    }
    const contact = target.contactId ? await bot.Contact.find({ id: target.contactId }) : undefined
    if (!contact) throw new ActionError('permanent', `contact ${target.contactId ?? '(none)'} not found`)
    return contact
  }

  async function call<T>(what: string, fn: () => Promise<T>, contactId?: string): Promise<T> {
    if (!bot.isLoggedIn) throw new ActionError('transient', `${what}: not logged in`)
    try {
      return await fn()
    } catch (err) {
      const error = toActionError(err)
      if (contactId && isNotAFriend(error.message)) {
        // Nothing to retry: the customer deleted the account. Reported once per refusal; the app keeps the first.
        await emit({ type: 'friend-lost', contactId, by: 'customer', at: clock() })
        throw new ActionError('permanent', `${what}: ${contactId} is no longer a friend`, undefined, { cause: err })
      }
      throw error
    }
  }

  const labels = options.labels?.(bot) ?? {
    addLabel: (contactId: string, label: string) => call('addLabel', () => bot.puppet.tagContactAdd(label, contactId)),
    removeLabel: (contactId: string, label: string) => call('removeLabel', () => bot.puppet.tagContactRemove(label, contactId)),
  }

  return {
    selfId: () => self,
    onMessage: (handler) => { messageHandlers.push(handler) },
    onEvent: (handler) => { eventHandlers.push(handler) },
    async start() {
      await bot.start()
    },
    async stop() {
      stopping = true
      clearTimeout(reconnectTimer)
      order.close()
      await bot.stop()
    },
    async say(target, text) {
      await call('say', async () => { await (await conversation(target)).say(text) }, target.roomId ? undefined : target.contactId)
    },
    async sendFile(target, file) {
      // Neither stack re-exports FileBox; both take the shared `file-box` package's. Puppet-service uploads
      // bodies over 20 KB through its upload stream.
      await call('sendFile', async () => {
        await (await conversation(target)).say(FileBox.fromBuffer(file.data, file.name) as never)
      }, target.roomId ? undefined : target.contactId)
    },
    async setRemark(contactId, remark) {
      // Contact#alias() swallows errors (they go to bot.on('error')): call the puppet, then read back.
      await call('setRemark', async () => {
        await bot.puppet.contactAlias(contactId, remark)
        await bot.puppet.contactPayloadDirty(contactId)
        const actual = await bot.puppet.contactAlias(contactId)
        if ((actual ?? '') !== remark) throw new ActionError('transient', 'remark did not stick')
      }, contactId)
    },
    async readRemark(contactId) {
      return call('readRemark', async () => {
        await bot.puppet.contactPayloadDirty(contactId)
        return (await bot.puppet.contactAlias(contactId)) ?? ''
      }, contactId)
    },
    addLabel: (contactId, label) => labels.addLabel(contactId, label),
    removeLabel: (contactId, label) => labels.removeLabel(contactId, label),
    async listContacts() {
      const contacts = await call('listContacts', () => bot.Contact.findAll())
      const out: ContactInfo[] = []
      for (const contact of contacts) {
        if (contact.id === self) continue
        out.push(await toContactInfo(contact))
      }
      return out
    },
    async listRooms(): Promise<RoomInfo[]> {
      const rooms = await call('listRooms', () => bot.Room.findAll())
      const out: RoomInfo[] = []
      for (const room of rooms) {
        const members = await room.memberAll().catch(() => [] as Contact[])
        out.push({ id: room.id, topic: await room.topic().catch(() => ''), memberIds: members.map((m) => m.id) })
      }
      return out
    },
  }
}
