import type { Config } from '../config/schema.js'
import type { Clock } from '../shared/clock.js'
import type { Logger } from '../shared/logger.js'
import type { Db } from '../store/client.js'
import type { PuppetServiceSettings } from './puppet.js'
import type { Platform } from './types.js'

/*
 * Chooses the Wechaty stack (config `platform`, TIERBOT_PLATFORM) and imports only that one. The official
 * packages and the @juzi fork register protobuf classes under the same global namespace: loaded into one
 * process they break each other's serialisation. So nothing outside this file (and the adapters it
 * imports) may import either stack statically on the path to a real account.
 */

export interface ServicePlatformOptions {
  config: Pick<Config, 'platform' | 'labels'>
  settings: PuppetServiceSettings
  db: Db
  logger: Logger
  clock: Clock
  name?: string
}

/** The platform for a real account through puppet-service, on the configured stack. */
export async function createServicePlatform(options: ServicePlatformOptions): Promise<Platform> {
  const { config, settings, db, logger, clock, name } = options
  if (config.platform === 'juzi') {
    const { createJuziPlatform } = await import('./juzi/platform.js')
    return createJuziPlatform({ settings, db, tagGroup: config.labels.tagGroup, logger, clock, name })
  }
  const [{ createServicePuppet }, { createWechatyPlatform }] = await Promise.all([
    import('./puppet.js'),
    import('./wechaty-platform.js'),
  ])
  return createWechatyPlatform({ puppet: await createServicePuppet(settings), logger, clock, name })
}
