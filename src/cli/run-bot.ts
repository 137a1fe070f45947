import { createApp, type App } from '../app/app.js'
import type { Config } from '../config/schema.js'
import { createServicePlatform } from '../platform/load.js'
import { maskToken, type PuppetServiceSettings } from '../platform/puppet.js'
import { systemClock, type Clock } from '../shared/clock.js'
import type { Logger } from '../shared/logger.js'
import { createDb } from '../store/client.js'

const LOGIN_HINT_MS = 20_000

export interface RunBotOptions {
  config: Config
  settings: PuppetServiceSettings
  logger: Logger
  out: (line: string) => void
  /** TIERBOT_DB_KEY: open (or create) the database encrypted. */
  dbKey?: string
  /** Test-only: the clock the bot runs on (default: the wall clock). */
  clock?: Clock
}

/** Connect to a real account through puppet-service and run until stopped. */
export async function runBot(options: RunBotOptions): Promise<App> {
  const { config, settings, logger, out } = options
  const clock = options.clock ?? systemClock
  out(`tierbot: connecting to the puppet service through the ${config.platform === 'juzi' ? '@juzi/wechaty' : 'official wechaty'} stack (token ${maskToken(settings.token)}, endpoint ${settings.endpoint ?? `discovered via ${settings.authority ?? 'the default authority'}`}, TLS ${settings.noTls ? 'off' : 'on'})`)
  // Commands come only from admins (private chat) or the control room; the digest goes to them too.
  if (config.admins.every((a) => a.trim() === '') && !config.controlRoom) {
    out('tierbot: no admins are set (TIERBOT_ADMINS, or admins: in the config file) and no control room: nobody can send ' +
      'commands, and the morning digest has no one to go to. Set TIERBOT_ADMINS to your own WeChat id and restart.')
  }
  const db = createDb(config.db, { key: options.dbKey })
  const platform = await createServicePlatform({ config, settings, db, logger, clock })
  const app = createApp({ config, db, logger, platform, clock })
  try {
    await app.start()
  } catch (err) {
    await app.stop()
    throw new Error(`could not reach the puppet service: ${(err as Error).message}. Check WECHATY_PUPPET_SERVICE_ENDPOINT (or _AUTHORITY), the token, and WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT=true for gateways without TLS.`)
  }
  out(`tierbot: started; database ${config.db}. Waiting for the account to log in …`)
  // Wechaty reports an unreachable gateway through 'error' events, not by failing start(): say so plainly.
  const hint = setTimeout(() => {
    out(`tierbot: not logged in after ${LOGIN_HINT_MS / 1000} s. If the logs show "14 UNAVAILABLE", the gateway cannot be reached: check WECHATY_PUPPET_SERVICE_ENDPOINT (or _AUTHORITY) and WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT. Still trying …`)
  }, LOGIN_HINT_MS)
  hint.unref()
  void app.ready().then((accountId) => {
    clearTimeout(hint)
    out(`tierbot: logged in as ${accountId}; watching chats.`)
  })
  return app
}
