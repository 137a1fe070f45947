import type { ChatEvent, Platform, PlatformEvent } from '../src/platform/types.js'
import type { World } from './synth.js'

/*
 * A Platform with no WeChat behind it: it logs the synthetic account in, hands over the synthetic
 * contact directory, and delivers messages straight into the app's own message handler. Everything
 * from ChatEvent on is the real app; only the puppet and gRPC are left out (they are not tierbot's cost).
 */

export interface BenchPlatform extends Platform {
  /** Deliver one message the way the platform adapter does. */
  deliver(event: ChatEvent): Promise<void>
  /** Texts the app sent, newest last (command replies, digests). */
  said: Array<{ target: { contactId?: string; roomId?: string }; text: string }>
}

export function createBenchPlatform(world: World, at: () => number): BenchPlatform {
  const messageHandlers: Array<(event: ChatEvent) => void | Promise<void>> = []
  const eventHandlers: Array<(event: PlatformEvent) => void | Promise<void>> = []
  let loggedIn = false
  const said: BenchPlatform['said'] = []
  return {
    said,
    selfId: () => (loggedIn ? world.accountId : undefined),
    onMessage(handler) { messageHandlers.push(handler) },
    onEvent(handler) { eventHandlers.push(handler) },
    async start() {
      loggedIn = true
      const login: PlatformEvent = { type: 'login', accountId: world.accountId, name: '商家', at: at() }
      for (const handler of eventHandlers) await handler(login)
    },
    async stop() { loggedIn = false },
    async deliver(event) {
      // As the Wechaty adapter does: each handler in turn (ingest first, then commands), awaited.
      for (const handler of messageHandlers) await handler(event)
    },
    async say(target, text) { said.push({ target, text }) },
    async sendFile(target, file) { said.push({ target, text: `[file ${file.name}]` }) },
    async setRemark() { /* label/remark writes are the sync feature's; not measured here */ },
    async addLabel() {},
    async removeLabel() {},
    async listContacts() { return world.contacts },
    async listRooms() { return world.rooms },
  }
}
