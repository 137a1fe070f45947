import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { log as juziLog } from '@juzi/wechaty-puppet'
import { PuppetServer } from '@juzi/wechaty-puppet-service'
import { createApp, type App } from '../../../src/app/app.js'
import { parseConfig } from '../../../src/config/load.js'
import type { ConfigInput } from '../../../src/config/schema.js'
import { createJuziPlatform } from '../../../src/platform/juzi/platform.js'
import { silentLogger } from '../../../src/shared/logger.js'
import { createDb } from '../../../src/store/client.js'
import type { Clock } from '../../../src/shared/clock.js'
import { clockAt, TEST_NOW } from '../../support/clock.js'
import { freePort } from '../../support/port.js'
import { JuziMockPuppet } from './juzi-puppet.js'

/*
 * The real juzi path on loopback: @juzi/wechaty-puppet-service's PuppetServer around a JuziMockPuppet
 * (TLS off on both sides, an `insecure_<uuid>` token), and tierbot's app on the juzi adapter reaching it
 * with the same settings a WorkPro token uses. Only the juzi stack is loaded here.
 */

export const SHOP = 'shop-juzi'

export interface JuziBot {
  puppet: JuziMockPuppet
  app: App
  dbFile: string
  /** The bot's clock: starts at the test's instant and runs on (the sync spaces its writes by it). */
  clock: Clock
  stop(): Promise<void>
}

export async function startJuziBot(options: {
  puppet: JuziMockPuppet
  /** Where the bot's clock starts; default TEST_NOW. */
  now?: number
  config?: ConfigInput
  dbFile?: string
}): Promise<JuziBot> {
  const { puppet } = options
  juziLog.level('silent')
  const port = await freePort()
  const endpoint = `127.0.0.1:${port}`
  const token = `insecure_${randomUUID()}`
  const server = new PuppetServer({ endpoint, puppet: puppet as never, token, tls: { disable: true } })
  await server.start()
  const onStart = () => {
    setTimeout(() => { if (!puppet.isLoggedIn) puppet.login(SHOP) }, 100).unref()
  }
  puppet.on('start', onStart)
  if (!puppet.contacts.has(SHOP)) puppet.addContact({ id: SHOP, name: '测试企业店', friend: false })

  const dbFile = options.dbFile ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-juzi-')), 'test.db')
  const config = parseConfig({ platform: 'juzi', ...(options.config ?? {}), db: dbFile })
  const db = createDb(dbFile)
  const clock = clockAt(options.now ?? TEST_NOW)
  puppet.clock = clock
  const platform = createJuziPlatform({
    settings: { token, endpoint, noTls: true },
    db, tagGroup: config.labels.tagGroup, logger: silentLogger, clock, wechatyLogLevel: 'silent', name: `juzi-test-${port}`,
  })
  const app = createApp({ config, db, logger: silentLogger, platform, clock })
  await app.start()
  await app.ready()
  return {
    puppet, app, dbFile, clock,
    async stop() {
      await app.stop()
      puppet.off('start', onStart)
      await server.stop()
    },
  }
}
