import { createApp, type App } from '../src/app/app.js'
import { configSchema, type Config } from '../src/config/schema.js'
import type { ChatEvent } from '../src/platform/types.js'
import { silentLogger } from '../src/shared/logger.js'
import { createDb, type Db } from '../src/store/client.js'
import { benchFeatures, type BenchFeatures } from './features.js'
import { createBenchPlatform, type BenchPlatform } from './platform.js'
import { BENCH_ADMIN, type World } from './synth.js'

/* The app as the bench runs it: real database, real createApp and features, the bench platform. */


/** The restarts happen the morning after the bench's last pass (45 days after the history). */
export const RESTART_DAY = 46

export const BENCH_CONFIG: Config = configSchema.parse({ admins: [BENCH_ADMIN] })

/** The same without label/remark sync (to see what sync costs; the app then does not create it). */
export const BENCH_CONFIG_NO_SYNC: Config = configSchema.parse({ admins: [BENCH_ADMIN], labels: { enabled: false, remarks: false } })

/** The app's clock, moved by the bench: live messages arrive at their own time. */
export interface SimClock { now(): number; set(at: number): void }

export function createSimClock(start: number): SimClock {
  let t = start
  return { now: () => t, set: (at) => { t = at } }
}

export interface RunningApp { db: Db; app: App; platform: BenchPlatform; features: BenchFeatures; clock: SimClock }

/**
 * Open the database (migrations), build the app with its features, log in, store the directory, and
 * (unless told not to) wait for the app's start-up catch-up (pass, label sync plan), which runs in
 * the background after login.
 */
export async function startApp(file: string, world: World, config: Config, clock: SimClock, waitCatchUp = true): Promise<RunningApp> {
  const db = createDb(file)
  const platform = createBenchPlatform(world, clock.now)
  const app = createApp({ config, db, logger: silentLogger, platform, clock: clock.now })
  await app.start()
  await app.ready()
  if (waitCatchUp) await app.features.caughtUp()
  return { db, app, platform, features: benchFeatures(app, platform, db, config), clock }
}

let commandSeq = 0
// Command ids must be new to the database (a redelivered message is not answered twice), across processes.
const commandPrefix = `bench-cmd-${process.pid}-${Date.now().toString(36)}`

/** A command typed by the admin in private chat with the account. */
export function adminCommand(world: World, text: string, at: number): ChatEvent {
  return {
    accountId: world.accountId, messageId: `${commandPrefix}-${++commandSeq}`, chat: 'private', direction: 'in',
    kind: 'text', rawType: 7, at, text, talkerId: BENCH_ADMIN, talkerName: '老板', contactId: BENCH_ADMIN,
    listenerId: world.accountId,
  }
}

/**
 * Start-up as the merchant sees it: start the app and send a first /tier, done when it is answered.
 * Everything the app does at login before it answers is inside; its catch-up (pass, label sync plan)
 * goes on afterwards: `running.app.features.caughtUp()`.
 */
export async function startAndAnswer(file: string, world: World, config: Config, clock: SimClock): Promise<RunningApp> {
  const running = await startApp(file, world, config, clock, false)
  const reply = await running.features.command(adminCommand(world, `/tier ${world.contacts[0].name}`, clock.now()))
  if (reply === null) throw new Error('the app did not answer the first command after start-up')
  return running
}
