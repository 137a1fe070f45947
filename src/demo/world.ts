import * as PUPPET from 'wechaty-puppet'
import { buildScenario, type DemoScenario, type DemoStep } from './scenario.js'
import { WorldPuppet } from './world-puppet.js'

/*
 * The embedded demo world: the scenario's account, contacts and groups on a WorldPuppet, its history
 * replayed with the original times, and the merchant admin typing to the bot. The same puppet serves
 * the direct path (createWechatyPlatform on it) and the gRPC path (a PuppetServer around it).
 */

export interface DemoWorldOptions {
  now: number
  puppet?: WorldPuppet
  /** The world's clock for live messages (default: the wall clock). */
  clock?: () => number
}

export interface PlayOptions {
  /** Emit the friendship steps as well (default true). */
  friendships?: boolean
}

export interface DemoWorld {
  puppet: WorldPuppet
  scenario: DemoScenario
  /** Create the contacts and rooms in the mocker (idempotent). start() does it too. */
  populate(): void
  /** Create the contacts and rooms (once) and log the account in (unless it already is). */
  start(): Promise<void>
  /** Emit every history step in time order with its own time; resolves when all were emitted. */
  playHistory(options?: PlayOptions): Promise<{ messages: number; friendships: number }>
  /** The merchant admin writes privately to the bot; returns the message id. */
  say(text: string): string
  /** say(), then collect the bot's replies to the admin until they stop (or `timeoutMs` passes). */
  ask(text: string, timeoutMs?: number): Promise<string[]>
}

const GENDER = { male: PUPPET.types.ContactGender.Male, female: PUPPET.types.ContactGender.Female }

export function createDemoWorld(options: DemoWorldOptions): DemoWorld {
  const puppet = options.puppet ?? new WorldPuppet({ clock: options.clock })
  const scenario = buildScenario(options.now)
  const { mocker } = puppet
  const { account, owner } = scenario

  function populate(): void {
    const createContact = (payload: Partial<PUPPET.payloads.Contact> & { id: string }) => {
      if (mocker.cacheContactPayload.has(payload.id)) return
      mocker.createContact({
        type: PUPPET.types.Contact.Individual, gender: PUPPET.types.ContactGender.Female,
        avatar: '', alias: '', friend: true, ...payload,
      })
    }
    createContact({ id: account.id, name: account.name, friend: false })
    createContact({ id: owner.id, name: owner.name })
    for (const c of scenario.customers) {
      createContact({ id: c.id, name: c.name, alias: c.remark, friend: c.friend, gender: GENDER[c.gender] })
      // The WorldPuppet answers alias reads from its own memory: seed it with the merchant's remark.
      if (c.remark && !puppet.aliases.has(c.id)) puppet.aliases.set(c.id, c.remark)
    }
    for (const room of scenario.rooms) {
      if (mocker.cacheRoomPayload.has(room.id)) continue
      mocker.createRoom({ id: room.id, topic: room.topic, memberIdList: room.memberIds, ownerId: account.id, adminIdList: [account.id] })
    }
  }

  function emitStep(step: DemoStep): void {
    if (step.kind === 'friend') {
      puppet.injectFriendship({ id: step.id, contactId: step.contactId, timestamp: step.at, hello: step.hello })
      return
    }
    puppet.inject({
      id: step.id, talkerId: step.talkerId, listenerId: step.listenerId, roomId: step.roomId,
      type: step.type as PUPPET.types.Message, text: step.text, timestamp: step.at, cardContactId: step.cardContactId,
    })
  }

  return {
    puppet,
    scenario,
    populate,
    async start() {
      populate()
      if (!puppet.isLoggedIn) mocker.login(mocker.ContactMock.load(account.id))
    },
    async playHistory(play = {}) {
      const friendships = play.friendships ?? true
      let messages = 0
      let friends = 0
      for (const step of scenario.steps) {
        if (step.kind === 'friend' && !friendships) continue
        emitStep(step)
        if (step.kind === 'friend') friends++
        else messages++
        // Let the bot's async handlers breathe, as a live account's events would arrive over time.
        await new Promise((resolve) => setImmediate(resolve))
      }
      return { messages, friendships: friends }
    },
    say,
    async ask(text, timeoutMs = 3000) {
      const before = puppet.sent.length
      say(text)
      const deadline = Date.now() + timeoutMs
      let seen = 0
      let quietSince = Date.now()
      // Replies come through the bot's async handlers: wait for the first, then for a short quiet spell.
      while (Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25))
        const replies = repliesSince(before)
        if (replies.length !== seen) {
          seen = replies.length
          quietSince = Date.now()
        } else if (seen > 0 && Date.now() - quietSince >= 150) break
      }
      return repliesSince(before)
    },
  }

  function say(text: string): string {
    return puppet.inject({ talkerId: owner.id, listenerId: account.id, text })
  }

  function repliesSince(index: number): string[] {
    return puppet.sent.slice(index).filter((m) => m.conversationId === owner.id).map((m) => m.text)
  }
}
