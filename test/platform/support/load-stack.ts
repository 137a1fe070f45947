/*
 * Child process for stack-isolation.test.ts: build the app on the chosen stack's puppet-service platform
 * (no connection is made), the way `tierbot` does for a real account, then exit.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createApp } from '../../../src/app/app.js'
import { parseConfig } from '../../../src/config/load.js'
import { createServicePlatform } from '../../../src/platform/load.js'
import { silentLogger } from '../../../src/shared/logger.js'
import { createDb } from '../../../src/store/client.js'

const kind = process.argv[2]
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-stack-'))
const config = parseConfig({ platform: kind, db: path.join(dir, 'test.db') })
const db = createDb(config.db)
const clock = () => Date.parse('2026-06-17T15:00:00+08:00')
const platform = await createServicePlatform({
  config, db, logger: silentLogger, clock,
  settings: { token: 'insecure_isolation', endpoint: '127.0.0.1:9', noTls: true },
})
createApp({ config, db, logger: silentLogger, platform, clock })
process.stdout.write('built\n')
process.exit(0)
