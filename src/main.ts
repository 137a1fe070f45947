#!/usr/bin/env node
import { Command, Option } from 'commander'
import { ConfigError, loadConfig } from './config/load.js'
import type { Config } from './config/schema.js'
import { readPuppetServiceSettings } from './platform/puppet.js'
import { clockStartingAt, parseInstant, systemClock, type Clock } from './shared/clock.js'
import { createLogger, type Logger } from './shared/logger.js'
import { runBot } from './cli/run-bot.js'
import { runDemo } from './demo/run.js'
import { runOffline } from './cli/offline.js'
import { runBackup, runDbConvert, runExportContact, runForget, type CliResult } from './privacy/cli.js'
import { DbKeyError } from './store/client.js'

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

/** TIERBOT_DB_KEY: the database key; environment only (never in the config file, never logged). */
const dbKey = (): string | undefined => process.env.TIERBOT_DB_KEY || undefined

function finish(result: CliResult): void {
  out(result.text)
  if (result.code !== 0) process.exitCode = result.code
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
    const settings = readPuppetServiceSettings(process.env)
    if (!settings || opts.demo) {
      const interactive = !opts.once && Boolean(process.stdin.isTTY && process.stdout.isTTY)
      const demo = await runDemo({ config, logger, out, interactive, dbFile: opts.db, clock })
      installProcessHandlers(logger, demo.stop)
      await demo.done
      await demo.stop()
      process.exit(0)
    }
    const app = await runBot({ config, settings, logger, out, clock, dbKey: dbKey() })
    installProcessHandlers(logger, app.stop)
  })

program.command('digest')
  .description("today's digest for the database (--print: print it, send nothing)")
  .option('--print', 'print the digest to stdout (the only mode; nothing is sent)', true)
  .option('--account <id>', 'account id when the database holds several')
  .action(async (opts: { account?: string }) => {
    out(runOffline('digest', load(program.opts()), opts.account, dbKey()))
  })

program.command('sync')
  .description('what the label/remark sync would change on the account (--dry-run: change nothing)')
  .option('--dry-run', 'print the changes grouped and counted, write nothing (the only mode offline)', true)
  .option('--account <id>', 'account id when the database holds several')
  .action(async (opts: { account?: string }) => {
    out(runOffline('sync', load(program.opts()), opts.account, dbKey()))
  })

program.command('forget')
  .description('delete everything stored about one person (PIPL); without --yes only says what would go')
  .argument('<name-or-id>', 'remark, WeChat name or contact id')
  .option('--yes', 'really delete')
  .option('--account <id>', 'account id when the database holds several')
  .action((query: string, opts: { yes?: boolean; account?: string }) => {
    finish(runForget({ config: load(program.opts()), key: dbKey(), account: opts.account, now: clockFromEnv(process.env)() }, query, opts.yes === true))
  })

program.command('backup')
  .description('a consistent copy of the database, also while the bot runs (encrypted when TIERBOT_DB_KEY is set)')
  .option('--out <file>', 'where to write it (default: the backup.dir folder)')
  .action(async (opts: { out?: string }) => {
    finish(await runBackup({ config: load(program.opts()), key: dbKey(), now: clockFromEnv(process.env)() }, opts.out))
  })

program.command('export')
  .description('every contact with rung, activity, spend, orders, last seen, personas and reasons, as a file for Excel/WPS; --contact: everything stored about one person (access request), as JSON')
  .addOption(new Option('--format <format>', 'file format (default: from --out, else xlsx)').choices(['csv', 'xlsx']))
  .option('--out <file>', "file to write, '-' for standard output (default: tierbot-export-<date>.<format>)")
  .option('--account <id>', 'account id when the database holds several')
  .option('--contact <name>', 'only this person, everything stored about them (remark, WeChat name or id), as JSON')
  .action(async (opts: { format?: 'csv' | 'xlsx'; out?: string; account?: string; contact?: string }) => {
    if (opts.contact !== undefined) {
      const ctx = { config: load(program.opts()), key: dbKey(), account: opts.account, now: clockFromEnv(process.env)() }
      finish(runExportContact(ctx, opts.contact, opts.out === '-' ? undefined : opts.out))
      return
    }
    // Loaded here: exceljs and the CSV writer are needed by this command only.
    const { runExport, describeExport } = await import('./cli/export.js')
    const summary = await runExport(load(program.opts()), { ...opts, key: dbKey() }, clockFromEnv(process.env)()).catch((err: NodeJS.ErrnoException) => {
      // `export --out - | head`: the reader stopped early, which is not a failure.
      if (err.code === 'EPIPE') process.exit(0)
      throw err
    })
    // With the file itself on stdout, the summary goes to stderr.
    const line = describeExport(summary)
    if (summary.out === '-') process.stderr.write(`${line}\n`)
    else out(line)
  })

program.command('report')
  .description('the weekly report picture from the database (sends nothing)')
  .requiredOption('--out <file>', 'PNG file to write, e.g. report.png')
  .option('--week <YYYY-Www>', 'ISO week, e.g. 2026-W48 (default: the week that ended last Sunday)')
  .option('--account <id>', 'account id when the database holds several')
  .option('--backfill', 'first reconstruct snapshots for past days from the history (after an import)')
  .action(async (opts: { out: string; week?: string; account?: string; backfill?: boolean }) => {
    const config = load(program.opts())
    // Lazy: ECharts and resvg load only for this command.
    const { runOfflineReport } = await import('./report/offline.js')
    for (const line of await runOfflineReport(config, createLogger(config.log.level), { ...opts, key: dbKey() }, clockFromEnv(process.env)())) out(line)
  })

const dbCommand = program.command('db').description('database file tools')
for (const direction of ['encrypt', 'decrypt'] as const) {
  dbCommand.command(direction)
    .description(`${direction} the database file with TIERBOT_DB_KEY (stop the bot first; a checked copy replaces the file)`)
    .action(() => {
      finish(runDbConvert({ config: load(program.opts()), key: dbKey(), now: clockFromEnv(process.env)() }, direction))
    })
}

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DbKeyError) {
    process.stderr.write(`tierbot: ${err.message}\n`)
    process.exit(2)
  }
  process.stderr.write(`tierbot: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
