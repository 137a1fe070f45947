#!/usr/bin/env node
import { Command, Option } from 'commander'
import { ConfigError, loadConfig } from './config/load.js'
import type { Config } from './config/schema.js'
import { clockStartingAt, parseInstant, systemClock, type Clock } from './shared/clock.js'
import { createLogger, type Logger } from './shared/logger.js'

/*
 * The CLI entry and the only place that reads process.env. Output meant for the person at the
 * terminal goes to stdout; structured logs go to stderr.
 */

const out = (line: string): void => { process.stdout.write(`${line}\n`) }

interface GlobalOptions { config?: string; db?: string; logLevel?: string }

function load(opts: GlobalOptions): Config {
  const env = { ...process.env }
  if (opts.db) env.TIERBOT_DB = opts.db
  if (opts.logLevel) env.TIERBOT_LOG_LEVEL = opts.logLevel
  return loadConfig({ file: opts.config, env }).config
}

/**
 * TIERBOT_TEST_CLOCK is for the test suite only: the bot's clock starts at that instant (ISO 8601 with
 * an offset, or epoch ms) and runs on at the real rate, and no wall-clock cron trigger is armed, so a
 * test decides what day and hour its child bot lives in. Deployments never set it.
 */
function clockFromEnv(env: NodeJS.ProcessEnv): Clock {
  const value = env.TIERBOT_TEST_CLOCK
  if (!value) return systemClock
  const start = parseInstant(value)
  if (start === undefined) throw new ConfigError(`TIERBOT_TEST_CLOCK: got "${value}"; expected an ISO 8601 instant with an offset (2026-06-17T15:00:00+08:00) or epoch milliseconds (test-only setting)`)
  return clockStartingAt(start)
}

function installProcessHandlers(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130)
    stopping = true
    logger.info({ signal }, 'stopping')
    stop().then(() => process.exit(0), (err) => {
      logger.error({ err }, 'error while stopping')
      process.exit(1)
    })
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  // A puppet or gRPC hiccup must never take the bot down silently: log it and keep running.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection (kept running)'))
  // A thrown exception leaves unknown state behind: stop cleanly (every message is already committed)
  // and exit non-zero so the supervisor (systemd, pm2, docker) starts a fresh process.
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception; stopping')
    stop().finally(() => process.exit(1))
  })
}

const program = new Command()
  .name('tierbot')
  .description('WeCom/WeChat assistant: places every contact on the trust ladder and tells the merchant who to talk to today.')
  .option('-c, --config <path>', 'YAML config file (default: $TIERBOT_CONFIG, else built-in defaults)')
  .option('--db <path>', 'SQLite database file (overrides config and $TIERBOT_DB)')
  .addOption(new Option('--log-level <level>', 'log level (overrides config and $TIERBOT_LOG_LEVEL)').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']))
  .option('--once', 'demo world: exit after the scripted run instead of opening the prompt')
  .option('--demo', 'run the embedded demo world even if a puppet-service token is set')
  .action(async (opts: GlobalOptions & { once?: boolean; demo?: boolean }) => {
    const config = load(opts)
    const clock = clockFromEnv(process.env)
    const logger = createLogger(config.log.level)
    // Loaded per command: `tierbot import` and the offline commands never pay for Wechaty.
    const { readPuppetServiceSettings } = await import('./platform/puppet.js')
    const settings = readPuppetServiceSettings(process.env)
    if (!settings || opts.demo) {
      const interactive = !opts.once && Boolean(process.stdin.isTTY && process.stdout.isTTY)
      const { runDemo } = await import('./demo/run.js')
      const demo = await runDemo({ config, logger, out, interactive, dbFile: opts.db, clock })
      installProcessHandlers(logger, demo.stop)
      await demo.done
      await demo.stop()
      process.exit(0)
    }
    const { runBot } = await import('./cli/run-bot.js')
    const app = await runBot({ config, settings, logger, out, clock })
    installProcessHandlers(logger, app.stop)
  })

program.command('digest')
  .description("today's digest for the database (--print: print it, send nothing)")
  .option('--print', 'print the digest to stdout (the only mode; nothing is sent)', true)
  .option('--account <id>', 'account id when the database holds several')
  .action(async (opts: { account?: string }) => {
    const { runOffline } = await import('./cli/offline.js')
    out(runOffline('digest', load(program.opts()), opts.account))
  })

program.command('sync')
  .description('what the label/remark sync would change on the account (--dry-run: change nothing)')
  .option('--dry-run', 'print the changes grouped and counted, write nothing (the only mode offline)', true)
  .option('--account <id>', 'account id when the database holds several')
  .action(async (opts: { account?: string }) => {
    const { runOffline } = await import('./cli/offline.js')
    out(runOffline('sync', load(program.opts()), opts.account))
  })

program.command('import')
  .description('bring in chat history, orders and tiers from export files (WeFlow, ChatLab, MemoTrace, PyWxDump, WeCom archive, tierbot CSV)')
  .argument('<path...>', "files or folders (walked recursively); '-' reads standard input")
  .addOption(new Option('--format <format>', 'export format').choices(['auto', 'weflow', 'chatlab', 'memotrace', 'pywxdump', 'wecom-archive', 'tierbot']).default('auto'))
  .option('--dry-run', 'read everything, write nothing, print the summary')
  .option('--tz <zone>', 'time zone of local-time strings in the export (default: the configured timezone)')
  .option('--self <idOrName>', "the merchant's own id or name in the export (ChatLab without ownerId, WeCom staff userid)")
  .option('--map <file>', 'CSV export_id,contact joining people matching could not settle')
  .option('--account <id>', 'account id when the database holds several (or none yet)')
  .action(async (paths: string[], opts: { format: string; dryRun?: boolean; tz?: string; self?: string; map?: string; account?: string }) => {
    if (await reexecWithHeapCap()) return
    const config = load(program.opts())
    const logger = createLogger(config.log.level)
    // Loaded only for this command: stream parsers and decoders stay out of the bot's start-up.
    const { runImport, ImportError } = await import('./import/run.js')
    const { formatImportSummary } = await import('./import/report.js')
    // Every batch is its own transaction: stopping now loses nothing committed, and the same command resumes.
    process.once('SIGINT', () => {
      process.stderr.write('\ntierbot import: 已中断。已写入的部分不会丢；再运行同一条命令即可接着导入。\n')
      process.exit(130)
    })
    try {
      const summary = await runImport({
        paths, format: opts.format as never, dryRun: Boolean(opts.dryRun), timeZone: opts.tz, self: opts.self,
        mapFile: opts.map, account: opts.account, config, logger, clock: clockFromEnv(process.env),
      })
      out(formatImportSummary(summary))
      if (summary.files.length === 0) process.exitCode = 2
    } catch (err) {
      if (err instanceof ImportError) {
        process.stderr.write(`tierbot import: ${err.message}\n`)
        process.exit(2)
      }
      throw err
    }
  })

/**
 * `tierbot import` runs in a child of this process with a capped heap (see import/heap.ts), so its
 * memory stays flat in the size of the export; the parent only waits for it. True when it did that.
 */
async function reexecWithHeapCap(): Promise<boolean> {
  if (process.env.TIERBOT_IMPORT_CHILD === '1') return false
  const { spawn } = await import('node:child_process')
  const { IMPORT_HEAP_MB } = await import('./import/heap.js')
  const args = [...process.execArgv, `--max-old-space-size=${IMPORT_HEAP_MB}`, ...process.argv.slice(1)]
  const child = spawn(process.execPath, args, { stdio: 'inherit', env: { ...process.env, TIERBOT_IMPORT_CHILD: '1' } })
  // Ctrl-C reaches the child too (same process group); it reports what was kept.
  process.on('SIGINT', () => {})
  const code = await new Promise<number>((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 130 : 1))))
  process.exit(code)
}

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`tierbot: ${err.message}\n`)
    process.exit(2)
  }
  process.stderr.write(`tierbot: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
