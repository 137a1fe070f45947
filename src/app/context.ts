import type { Config } from '../config/schema.js'
import type { Platform } from '../platform/types.js'
import type { Clock } from '../shared/clock.js'
import type { Logger } from '../shared/logger.js'
import type { Db } from '../store/client.js'

/** What every feature is given by the composition root (app.ts). */
export interface AppContext {
  config: Config
  db: Db
  logger: Logger
  platform: Platform
  clock: Clock
  /** The logged-in account id; undefined until login. */
  accountId(): string | undefined
}

/** A feature installs itself on the context and may return a stop function. */
export type Feature = (ctx: AppContext) => void | { stop(): void | Promise<void> }
