import { createApp, type App } from '../src/app/app.js'
import { configSchema, type Config } from '../src/config/schema.js'
import type { ChatEvent } from '../src/platform/types.js'
import { silentLogger } from '../src/shared/logger.js'
import { createDb, type Db } from '../src/store/client.js'
import { loadFeatures, type BenchFeatures } from './features.js'
import { createBenchPlatform, type BenchPlatform } from './platform.js'
import type { World } from './synth.js'

/* The app as the bench runs it: real database, real createApp and features, the bench platform. */

/** The merchant's admin account that sends /tier and /silent (trusted by id in config.admins). */
export const BENCH_ADMIN = 'wxid_bench_admin'

export const BENCH_CONFIG: Config = configSchema.parse({ admins: [BENCH_ADMIN] })

export interface RunningApp { db: Db; app: App; platform: BenchPlatform; features: BenchFeatures }

/** Open the database (migrations), build the app and its features, log in and store the directory. */
export async function startApp(file: string, world: World, config: Config, clock: () => number): Promise<RunningApp> {
  const db = createDb(file)
  const platform = createBenchPlatform(world, clock)
  const app = createApp({ config, db, logger: silentLogger, platform, clock })
  const features = await loadFeatures({ app, db, config, logger: silentLogger, clock })
  await app.start()
  await app.ready()
  return { db, app, platform, features }
}

let commandSeq = 0

/** A command typed by the admin in private chat with the account. */
export function adminCommand(world: World, text: string, at: number): ChatEvent {
  return {
    accountId: world.accountId, messageId: `bench-cmd-${++commandSeq}`, chat: 'private', direction: 'in',
    kind: 'text', rawType: 7, at, text, talkerId: BENCH_ADMIN, talkerName: '老板', contactId: BENCH_ADMIN,
    listenerId: world.accountId,
  }
}
