import { createApp, type App } from '../app/app.js'
import type { Config } from '../config/schema.js'
import { createServicePuppet, maskToken, type PuppetServiceSettings } from '../platform/puppet.js'
import { createWechatyPlatform } from '../platform/wechaty-platform.js'
import type { Logger } from '../shared/logger.js'
import { createDb } from '../store/client.js'

export interface RunBotOptions {
  config: Config
  settings: PuppetServiceSettings
  logger: Logger
  out: (line: string) => void
}

/** Connect to a real account through puppet-service and run until stopped. */
export async function runBot(options: RunBotOptions): Promise<App> {
  const { config, settings, logger, out } = options
  out(`tierbot: connecting to the puppet service (token ${maskToken(settings.token)}, endpoint ${settings.endpoint ?? `discovered via ${settings.authority ?? 'the default authority'}`}, TLS ${settings.noTls ? 'off' : 'on'})`)
  const db = createDb(config.db)
  const puppet = await createServicePuppet(settings)
  const platform = createWechatyPlatform({ puppet, logger, clock: Date.now })
  const app = createApp({ config, db, logger, platform })
  try {
    await app.start()
  } catch (err) {
    await app.stop()
    throw new Error(`could not reach the puppet service: ${(err as Error).message}. Check WECHATY_PUPPET_SERVICE_ENDPOINT (or _AUTHORITY), the token, and WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT=true for gateways without TLS.`)
  }
  out(`tierbot: started; database ${config.db}. Waiting for the account to log in …`)
  void app.ready().then((accountId) => out(`tierbot: logged in as ${accountId}; watching chats.`))
  return app
}
