import { loadConfig } from '../../../src/config/load.js'
import { runBot } from '../../../src/cli/run-bot.js'
import { readPuppetServiceSettings } from '../../../src/platform/puppet.js'
import { createLogger } from '../../../src/shared/logger.js'

/*
 * Stand-in for src/main.ts until the CLI lands on main: the same environment (WECHATY_PUPPET_SERVICE_*,
 * TIERBOT_*), the same runBot, stdout for the CLI lines, pino on stderr. child.ts prefers src/main.ts.
 */

const { config } = loadConfig({ env: process.env })
const settings = readPuppetServiceSettings(process.env)
if (!settings) throw new Error('child-main needs WECHATY_PUPPET_SERVICE_TOKEN')
const logger = createLogger(config.log.level)
const app = await runBot({ config, settings, logger, out: (line) => process.stdout.write(`${line}\n`) })
const stop = () => { void app.stop().then(() => process.exit(0)) }
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
