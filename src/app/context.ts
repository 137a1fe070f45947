import type { Config } from '../config/schema.js'
import type { ChatEvent, Platform } from '../platform/types.js'
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
  /**
   * Handle each message once: called after the message's row is committed, only when it is new.
   * A redelivered id (a resuming service, a replay after a crash) never reaches these handlers, so
   * a command or anything else with an effect runs once. Prefer this to platform.onMessage.
   */
  onLogged(handler: (event: ChatEvent) => void | Promise<void>): void
}

/** A feature installs itself on the context and may return a stop function. */
export type Feature = (ctx: AppContext) => void | { stop(): void | Promise<void> }
