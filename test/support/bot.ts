import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as PUPPET from 'wechaty-puppet'
import { createApp, type App } from '../../src/app/app.js'
import { parseConfig } from '../../src/config/load.js'
import type { Config, ConfigInput } from '../../src/config/schema.js'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import { createServicePuppet } from '../../src/platform/puppet.js'
import { createWechatyPlatform } from '../../src/platform/wechaty-platform.js'
import { silentLogger } from '../../src/shared/logger.js'
import { createDb } from '../../src/store/client.js'
import type { Clock } from '../../src/shared/clock.js'
import { testClock } from './clock.js'
import { startGateway, TEST_TOKEN, type Gateway } from './gateway.js'
import { waitFor } from './wait.js'

export { waitFor }

export const SHOP = 'shop-1'

export function tempDbFile(prefix = 'tierbot'): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`)), 'test.db')
}

/** Create contacts and rooms in the world puppet's mocker (before login). */
export function populate(puppet: WorldPuppet, world: {
  contacts: Array<{ id: string; name: string; alias?: string; friend?: boolean }>
  rooms?: Array<{ id: string; topic: string; memberIdList: string[] }>
}): void {
  puppet.mocker.createContact({ id: SHOP, name: '测试店铺', friend: false, type: PUPPET.types.Contact.Individual } as never)
  for (const c of world.contacts) {
    puppet.mocker.createContact({
      id: c.id, name: c.name, alias: c.alias ?? '', friend: c.friend ?? true, type: PUPPET.types.Contact.Individual,
    } as never)
  }
  for (const r of world.rooms ?? []) {
    puppet.mocker.createRoom({ id: r.id, topic: r.topic, memberIdList: [SHOP, ...r.memberIdList], ownerId: SHOP, adminIdList: [] } as never)
  }
}

export interface GrpcBot {
  puppet: WorldPuppet
  gateway: Gateway
  app: App
  dbFile: string
  stop(): Promise<void>
}

/**
 * The real path: PuppetServer on loopback around a WorldPuppet, and tierbot's app on a
 * puppet-service client reaching it with the standard settings.
 */
export async function startGrpcBot(options: {
  puppet: WorldPuppet
  config?: ConfigInput
  dbFile?: string
  gatewayPort?: number
  /** The account the gateway logs in (default SHOP). */
  accountId?: string
  /** Runs after the app is built and before it starts (e.g. to record back-dated contacts). */
  beforeStart?: (app: App) => void
  /** The bot's and the world's clock (default: the file's test clock, see clock.ts). */
  clock?: Clock
  /** TIERBOT_DB_KEY for the database file. */
  dbKey?: string
}): Promise<GrpcBot> {
  const { puppet } = options
  const clock = options.clock ?? testClock
  puppet.clock = clock
  const gateway = await startGateway({ puppet, loginUserId: options.accountId ?? SHOP, port: options.gatewayPort })
  const dbFile = options.dbFile ?? tempDbFile()
  const config: Config = parseConfig({ ...(options.config ?? {}), db: dbFile })
  const db = createDb(dbFile, { key: options.dbKey })
  const servicePuppet = await createServicePuppet({ token: TEST_TOKEN, endpoint: gateway.endpoint, noTls: true })
  const platform = createWechatyPlatform({ puppet: servicePuppet, logger: silentLogger, clock, name: `test-${gateway.port}` })
  const app = createApp({ config, db, logger: silentLogger, platform, clock })
  options.beforeStart?.(app)
  await app.start()
  await app.ready()
  // Started means caught up too: the start-up pass, label resync and digest catch-up run after login.
  await app.features.caughtUp()
  return {
    puppet, gateway, app, dbFile,
    async stop() {
      await app.stop()
      await gateway.stop()
    },
  }
}


/** What the bot said into one private chat (what that person sees on their phone). */
export function sentTo(bot: Pick<GrpcBot, 'puppet'>, contactId: string): string[] {
  return bot.puppet.sent.filter((s) => s.conversationId === contactId).map((s) => s.text)
}

/** `admin` types a command to the bot in private chat; resolves with the bot's first answer. */
export async function askBot(bot: Pick<GrpcBot, 'puppet'>, admin: string, text: string): Promise<string> {
  const before = sentTo(bot, admin).length
  bot.puppet.inject({ talkerId: admin, listenerId: SHOP, text })
  await waitFor(() => sentTo(bot, admin).length > before, `an answer to ${JSON.stringify(text.slice(0, 30))}`)
  return sentTo(bot, admin)[before]
}
