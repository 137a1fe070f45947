import { Writable } from 'node:stream'
import pino from 'pino'
import { createApp, type App } from '../../../src/app/app.js'
import { parseConfig } from '../../../src/config/load.js'
import type { ConfigInput } from '../../../src/config/schema.js'
import { WorldPuppet } from '../../../src/demo/world-puppet.js'
import { createServicePuppet } from '../../../src/platform/puppet.js'
import { createWechatyPlatform } from '../../../src/platform/wechaty-platform.js'
import { silentLogger, type Logger } from '../../../src/shared/logger.js'
import { createDb } from '../../../src/store/client.js'
import { populate, SHOP, tempDbFile } from '../../support/bot.js'
import type { Clock } from '../../../src/shared/clock.js'
import { testClock } from '../../support/clock.js'
import { startGateway, TEST_TOKEN, type Gateway } from '../../support/gateway.js'

/*
 * The fault suite's world: the merchant's own personal WeChat (BOSS, remark 老板) commands the bot,
 * a handful of customers chat privately and in two groups. The bot runs on the real puppet-service
 * client against a PuppetServer on loopback that can be stopped and brought back on the same port.
 */

export { SHOP }

export const BOSS = 'c-boss'
export const VIP_ROOM = 'vip@chatroom'
export const NEW_ROOM = 'new@chatroom'
export const CUSTOMERS = ['c-zhang', 'c-li', 'c-wang', 'c-zhao', 'c-sun', 'c-zhou'] as const

export function createFaultWorld(extra: Array<{ id: string; name: string; alias?: string }> = []): WorldPuppet {
  const puppet = new WorldPuppet({ clock: testClock })
  populate(puppet, {
    contacts: [
      { id: BOSS, name: '小美', alias: '老板' },
      { id: 'c-zhang', name: '张三', alias: '张三 宝妈' },
      { id: 'c-li', name: '李四' },
      { id: 'c-wang', name: '王五' },
      { id: 'c-zhao', name: '赵六' },
      { id: 'c-sun', name: '孙七' },
      { id: 'c-zhou', name: '周八', friend: false },
      ...extra,
    ],
    rooms: [
      { id: VIP_ROOM, topic: '宝妈交流群', memberIdList: ['c-li', 'c-wang', 'c-zhao', 'c-zhou'] },
      { id: NEW_ROOM, topic: '新品体验群', memberIdList: ['c-sun', 'c-zhou', 'c-zhang'] },
    ],
  })
  return puppet
}

/** A pino logger writing JSON lines into memory, to check warnings and what never reaches the logs. */
export function createCaptureLogger(level = 'info'): { logger: Logger; lines: string[] } {
  const lines: string[] = []
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean))
      done()
    },
  })
  return { logger: pino({ level, base: undefined }, sink), lines }
}

export interface FaultBot {
  puppet: WorldPuppet
  app: App
  dbFile: string
  port: number
  gateway(): Gateway
  /** Stop the gateway (the hosted service going away); the puppet behind it keeps running. */
  stopGateway(): Promise<void>
  /** A new PuppetServer on the same port around the same puppet (the service coming back). */
  restartGateway(): Promise<void>
  all<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[]
  count(sql: string, ...params: unknown[]): number
  stop(): Promise<void>
}

export async function startFaultBot(options: {
  puppet: WorldPuppet
  config?: ConfigInput
  logger?: Logger
  dbFile?: string
  /** The bot's and the world's clock (default: the file's test clock). */
  clock?: Clock
}): Promise<FaultBot> {
  const { puppet } = options
  const clock = options.clock ?? testClock
  puppet.clock = clock
  const logger = options.logger ?? silentLogger
  let gateway: Gateway | undefined = await startGateway({ puppet, loginUserId: SHOP })
  const port = gateway.port
  const dbFile = options.dbFile ?? tempDbFile('tierbot-faults')
  const config = parseConfig({ admins: [BOSS], ...(options.config ?? {}), db: dbFile })
  const db = createDb(dbFile)
  const servicePuppet = await createServicePuppet({ token: TEST_TOKEN, endpoint: gateway.endpoint, noTls: true })
  const platform = createWechatyPlatform({ puppet: servicePuppet, logger, clock, name: `faults-${port}` })
  const app = createApp({ config, db, logger, platform, clock })
  await app.start()
  await app.ready()
  // Started means caught up too: the start-up pass, label resync and digest catch-up run after login.
  await app.features.caughtUp()
  const all = <T>(sql: string, ...params: unknown[]) => db.$client.prepare(sql).all(...params) as T[]
  return {
    puppet, app, dbFile, port,
    gateway: () => {
      if (!gateway) throw new Error('gateway is down')
      return gateway
    },
    async stopGateway() {
      await gateway?.stop()
      gateway = undefined
    },
    async restartGateway() {
      gateway = await startGateway({ puppet, loginUserId: SHOP, port })
    },
    all,
    count: (sql, ...params) => Number(Object.values(all<Record<string, unknown>>(sql, ...params)[0] ?? { n: 0 })[0]),
    async stop() {
      await app.stop()
      await gateway?.stop()
      gateway = undefined
    },
  }
}

/** Rows logged for one message id (exactly-once checks). */
export function rowsFor(bot: FaultBot, messageId: string): number {
  return bot.count('SELECT COUNT(*) AS n FROM interactions WHERE message_id = ?', messageId)
}

export async function waitLogged(bot: FaultBot, messageId: string, timeoutMs = 15_000): Promise<void> {
  await waitFor(() => rowsFor(bot, messageId) > 0, `message ${messageId} to be logged`, timeoutMs)
}

/** Replies the bot has sent into one private chat (what the person sees on their phone). */
export function repliesTo(puppet: WorldPuppet, contactId: string): string[] {
  return puppet.sent.filter((s) => s.conversationId === contactId).map((s) => s.text)
}

/**
 * Send `text` to the bot as `from` in private chat and wait for the answer(s); resolves with the new
 * replies and the time it took. Rejects on timeout (silence is a failure the merchant would notice).
 */
export async function ask(bot: FaultBot, text: string, options: { from?: string; timeoutMs?: number; settleMs?: number } = {}): Promise<{ replies: string[]; ms: number; id: string }> {
  const from = options.from ?? BOSS
  const before = bot.puppet.sent.length
  const start = performance.now()
  const id = bot.puppet.inject({ talkerId: from, listenerId: SHOP, text })
  const fresh = () => bot.puppet.sent.slice(before).filter((s) => s.conversationId === from).map((s) => s.text)
  await waitFor(() => fresh().length > 0, `an answer to ${JSON.stringify(text.slice(0, 40))}`, options.timeoutMs ?? 15_000)
  const ms = performance.now() - start
  // Give a second (wrong) answer time to show up, so "exactly one reply" means something.
  await sleep(options.settleMs ?? 300)
  return { replies: fresh(), ms, id }
}

/** Send as `from` and expect silence: no reply within `quietMs`. */
export async function expectNoReply(bot: FaultBot, text: string, from: string, quietMs = 1500): Promise<{ id: string; replies: string[] }> {
  const before = bot.puppet.sent.length
  const id = bot.puppet.inject({ talkerId: from, listenerId: SHOP, text })
  await waitLogged(bot, id)
  await sleep(quietMs)
  return { id, replies: bot.puppet.sent.slice(before).filter((s) => s.conversationId === from).map((s) => s.text) }
}

/** Poll `check` every `everyMs` until it is truthy (messages cross gRPC asynchronously). */
export async function waitFor<T>(check: () => T | undefined | null | false, what: string, timeoutMs = 15_000, everyMs = 25): Promise<T> {
  const start = Date.now()
  for (;;) {
    const value = check()
    if (value) return value
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(everyMs)
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
