#!/usr/bin/env node
import fs from 'node:fs'
import path from 'node:path'
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import type { Config } from './config/schema.js'
import { clockStartingAt, parseInstant, systemClock, type Clock } from './shared/clock.js'
import { nearest } from './shared/distance.js'
import { normalizeWeek } from './report/week.js'
import { fsReason } from './shared/fs-errors.js'
import type { Logger } from './shared/logger.js'
import type { CliResult } from './privacy/cli.js'

/*
 * The CLI entry and the only place that reads process.env. Output meant for the person at the
 * terminal goes to stdout; structured logs go to stderr (pretty on a terminal). Everything heavy
 * (wechaty, SQLite, zod) is imported by the command that needs it, so `--help` answers at once.
 */

/** Set when the bot itself runs: it keeps running if whoever read its stdout went away. */
let serving = false
let stdoutGone = false
const out = (line: string): void => { if (!stdoutGone) process.stdout.write(`${line}\n`) }
// `npm start | head -3`, `tierbot digest --print | less` quit early: the reader had enough, which is no failure.
// A command (or the demo) stops quietly with 0; the bot carries on without its stdout.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err
  stdoutGone = true
  if (!serving) process.exit(0)
})

interface GlobalOptions { config?: string; db?: string; logLevel?: string }

/** Exit code for a usage or configuration error (bad option, unknown command, bad setting). */
const USAGE_EXIT = 2
/** Errors that mean "change the command or the settings", not "something broke": exit 2, the message alone. */
const USAGE_ERRORS = new Set(['ConfigError', 'DbKeyError', 'UsageError'])
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

async function load(opts: GlobalOptions): Promise<Config> {
  const { loadConfig } = await import('./config/load.js')
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
async function clockFromEnv(env: NodeJS.ProcessEnv): Promise<Clock> {
  const value = env.TIERBOT_TEST_CLOCK
  if (!value) return systemClock
  const start = parseInstant(value)
  if (start === undefined) {
    const { ConfigError } = await import('./config/load.js')
    throw new ConfigError(`TIERBOT_TEST_CLOCK: got "${value}"; expected an ISO 8601 instant with an offset (2026-06-17T15:00:00+08:00) or epoch milliseconds (test-only setting)`)
  }
  return clockStartingAt(start)
}

async function logger(level: string, file?: string): Promise<Logger> {
  const { createLogger, createFileLogger } = await import('./shared/logger.js')
  return file ? createFileLogger(level, file) : createLogger(level, undefined, Boolean(process.stderr.isTTY))
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
  .addOption(new Option('--log-level <level>', `log level (overrides config and $TIERBOT_LOG_LEVEL; choices: ${LOG_LEVELS.join(', ')})`).argParser(logLevelArg))
  .option('--once', 'demo world: exit after the scripted run instead of opening the prompt')
  .option('--demo', 'run the embedded demo world even if a puppet-service token is set')
  // `tierbot help forget` as well as `tierbot forget --help` (commander drops its help command when the program has an action).
  .helpCommand(true)
  .addHelpText('after', `
Without a command: runs the bot on the account WECHATY_PUPPET_SERVICE_TOKEN names, or the demo world
when no token is set (npm start -- --once: the demo without its prompt).

Environment:
  WECHATY_PUPPET_SERVICE_TOKEN     the puppet-service token (puppet_workpro_…, insecure_…)
  WECHATY_PUPPET_SERVICE_ENDPOINT  host:port of the gateway; _NO_TLS_INSECURE_CLIENT=true without TLS
  TIERBOT_ADMINS                   who may send commands: your own contact id (or name), comma-separated
  TIERBOT_DB, TIERBOT_TZ, TIERBOT_CONFIG, TIERBOT_PLATFORM, TIERBOT_LOG_LEVEL   settings (see README.md)
  TIERBOT_DB_KEY                   the database's encryption key (environment only)

Exit codes: 0 ok, 1 failure, 2 bad usage or configuration (the message says what to change).
Each command's options: tierbot help <command>. Everything else: README.md.`)
  .action(async (opts: GlobalOptions & { once?: boolean; demo?: boolean }) => {
    const config = await load(opts)
    const clock = await clockFromEnv(process.env)
    const { readPuppetServiceSettings } = await import('./platform/puppet.js')
    // --demo ignores the token (a malformed one included).
    const settings = opts.demo ? undefined : readPuppetServiceSettings(process.env)
    if (!settings) {
      const { runDemo, demoLogFile, demoDbFile } = await import('./demo/run.js')
      // Before the log file is opened beside it: a folder or an impossible place is said plainly.
      const { ensureDbFile } = await import('./store/client.js')
      ensureDbFile(demoDbFile(config, opts.db))
      // The demo is read by a person: its logs go to a file beside the demo database, not between the lines.
      const logFile = demoLogFile(config, opts.db)
      const log = await logger(config.log.level, logFile)
      const interactive = !opts.once && Boolean(process.stdin.isTTY && process.stdout.isTTY)
      const demo = await runDemo({ config, logger: log, out, interactive, dbFile: opts.db, logFile, clock })
      installProcessHandlers(log, demo.stop)
      await demo.done
      await demo.stop()
      process.exit(0)
    }
    const log = await logger(config.log.level)
    serving = true
    const { runBot } = await import('./cli/run-bot.js')
    const app = await runBot({ config, settings, logger: log, out, clock, dbKey: dbKey() })
    installProcessHandlers(log, app.stop)
  })

program.command('digest')
  .description("today's digest for the database (--print: print it, send nothing)")
  .option('--print', 'print the digest to stdout (the only mode; nothing is sent)', true)
  .option('--account <id>', 'account id when the database holds several')
  .action(async (opts: { account?: string }) => {
    const { runOffline } = await import('./cli/offline.js')
    out(runOffline('digest', await load(program.opts()), (await clockFromEnv(process.env))(), opts.account, dbKey()))
  })

program.command('sync')
  .description('what the label/remark sync would change on the account (--dry-run: change nothing)')
  .option('--dry-run', 'print the changes grouped and counted, write nothing (the only mode offline)', true)
  .option('--account <id>', 'account id when the database holds several')
  .option('--all', 'list every change, not the first few of each kind')
  .action(async (opts: { account?: string; all?: boolean }) => {
    const { runOffline } = await import('./cli/offline.js')
    out(runOffline('sync', await load(program.opts()), (await clockFromEnv(process.env))(), opts.account, dbKey(), { all: opts.all === true }))
  })

program.command('forget')
  .description('delete everything stored about one person (PIPL); without --yes only says what would go')
  .argument('<name-or-id>', 'remark, WeChat name or contact id')
  .option('--yes', 'really delete')
  .option('--account <id>', 'account id when the database holds several')
  .action(async (query: string, opts: { yes?: boolean; account?: string }) => {
    const { runForget } = await import('./privacy/cli.js')
    finish(runForget({ config: await load(program.opts()), key: dbKey(), account: opts.account, now: (await clockFromEnv(process.env))() }, query, opts.yes === true))
  })

program.command('backup')
  .description('a consistent copy of the database, also while the bot runs (encrypted when TIERBOT_DB_KEY is set)')
  .option('--out <file>', 'file or folder to write it to (default: the backup.dir folder)', outPathArg)
  .option('--force', 'replace the --out file if it exists')
  .action(async (opts: { out?: string; force?: boolean }) => {
    const { runBackup } = await import('./privacy/cli.js')
    finish(await runBackup({ config: await load(program.opts()), key: dbKey(), now: (await clockFromEnv(process.env))() }, opts.out, opts.force === true))
  })

program.command('export')
  .description('every contact with rung, activity, spend, orders, last seen, personas and reasons, as a file for Excel/WPS; --contact: everything stored about one person (access request), as JSON')
  .addOption(new Option('--format <format>', 'file format (default: from --out, else xlsx)').choices(['csv', 'xlsx']))
  .option('--out <file>', "file to write, '-' for standard output (default: tierbot-export-<date>.<format>)", outPathArg)
  .option('--account <id>', 'account id when the database holds several')
  .option('--contact <name>', 'only this person, everything stored about them (remark, WeChat name or id), as JSON')
  .action(async (opts: { format?: 'csv' | 'xlsx'; out?: string; account?: string; contact?: string }) => {
    if (opts.contact !== undefined) {
      const { runExportContact } = await import('./privacy/cli.js')
      const ctx = { config: await load(program.opts()), key: dbKey(), account: opts.account, now: (await clockFromEnv(process.env))() }
      finish(runExportContact(ctx, opts.contact, opts.out === '-' ? undefined : opts.out))
      return
    }
    // Loaded here: exceljs and the CSV writer are needed by this command only.
    const { runExport, describeExport } = await import('./cli/export.js')
    const summary = await runExport(await load(program.opts()), { ...opts, key: dbKey() }, (await clockFromEnv(process.env))()).catch((err: NodeJS.ErrnoException) => {
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
  .requiredOption('--out <file>', 'PNG file to write, e.g. report.png', pngOutArg)
  .option('--week <YYYY-Www>', 'ISO week, e.g. 2026-W48 (default: the week that ended last Sunday)', isoWeekArg)
  .option('--account <id>', 'account id when the database holds several')
  .option('--backfill', 'first reconstruct snapshots for past days from the history (after an import)')
  .action(async (opts: { out: string; week?: string; account?: string; backfill?: boolean }) => {
    const config = await load(program.opts())
    // Lazy: ECharts and resvg load only for this command.
    const { runOfflineReport } = await import('./report/offline.js')
    for (const line of await runOfflineReport(config, await logger(config.log.level), { ...opts, key: dbKey() }, (await clockFromEnv(process.env))())) out(line)
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
    const config = await load(program.opts())
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
        mapFile: opts.map, account: opts.account, config, logger: await logger(config.log.level),
        clock: await clockFromEnv(process.env), key: dbKey(),
      })
      out(formatImportSummary(summary))
      if (summary.files.length === 0) process.exitCode = USAGE_EXIT
    } catch (err) {
      if (err instanceof ImportError) {
        process.stderr.write(`tierbot import: ${err.message}\n`)
        process.exit(USAGE_EXIT)
      }
      throw err
    }
  })

/**
 * `tierbot import` runs in a child of this process with its own heap sizes (see import/heap.ts), so its
 * memory stays flat in the size of the export; the parent only waits for it. True when it did that.
 */
async function reexecWithHeapCap(): Promise<boolean> {
  if (process.env.TIERBOT_IMPORT_CHILD === '1') return false
  const { spawn } = await import('node:child_process')
  const { IMPORT_ENV, IMPORT_NODE_FLAGS } = await import('./import/heap.js')
  const args = [...process.execArgv, ...IMPORT_NODE_FLAGS, ...process.argv.slice(1)]
  const child = spawn(process.execPath, args, { stdio: 'inherit', env: { ...process.env, ...IMPORT_ENV, TIERBOT_IMPORT_CHILD: '1' } })
  // Ctrl-C reaches the child too (same process group); it reports what was kept.
  process.on('SIGINT', () => {})
  const code = await new Promise<number>((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 130 : 1))))
  process.exit(code)
}

const dbCommand = program.command('db').description('database file tools')
for (const direction of ['encrypt', 'decrypt'] as const) {
  dbCommand.command(direction)
    .description(`${direction} the database file with TIERBOT_DB_KEY (stop the bot first; a checked copy replaces the file)`)
    .action(async () => {
      const { runDbConvert } = await import('./privacy/cli.js')
      finish(runDbConvert({ config: await load(program.opts()), key: dbKey(), now: (await clockFromEnv(process.env))() }, direction))
    })
}

// Every command, not only the program: a subcommand's missing argument or option value is a usage error (2),
// and the error names that command's help.
const everyCommand = (c: Command): Command[] => [c, ...c.commands.flatMap(everyCommand)]
for (const command of everyCommand(program)) {
  command.exitOverride()
  command.showHelpAfterError(`(see ${commandPath(command)} --help)`)
}
const unknown = unknownCommand(process.argv.slice(2), program.commands.map((c) => c.name()))
if (unknown) {
  process.stderr.write(`tierbot: unknown command "${unknown.word}".${unknown.nearest ? ` Did you mean "${unknown.nearest}"?` : ''} See tierbot --help.\n`)
  process.exit(USAGE_EXIT)
}

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) {
    // Commander already printed its message (or the help).
    process.exit(err.exitCode === 0 ? 0 : USAGE_EXIT)
  }
  if (err instanceof Error && USAGE_ERRORS.has(err.name)) {
    process.stderr.write(`tierbot: ${err.message}\n`)
    process.exit(USAGE_EXIT)
  }
  // A file-system error in words (`cannot use /x/y.xlsx: no permission to write there`), not an errno line.
  const reason = fsReason(err)
  const file = (err as NodeJS.ErrnoException | undefined)?.path
  process.stderr.write(`tierbot: ${reason && file ? `cannot use ${file}: ${reason}` : err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})

/** `tierbot db encrypt`: the words that run this command. */
function commandPath(command: Command): string {
  const words: string[] = []
  for (let c: Command | null = command; c; c = c.parent) words.unshift(c.name())
  return words.join(' ')
}

/**
 * `--out`: a file whose folder is (or can be made) a folder. A plain file on the way (`--out notes.txt/x.png`)
 * is a usage error named before anything is opened; '-' is standard output.
 */
function outPathArg(value: string): string {
  if (value === '-') return value
  for (let dir = path.dirname(path.resolve(value)); ; dir = path.dirname(dir)) {
    let stat: fs.Stats | undefined
    try { stat = fs.statSync(dir, { throwIfNoEntry: false }) } catch { stat = undefined }
    if (stat) {
      if (!stat.isDirectory()) throw new InvalidArgumentError(`${dir} is a file, not a folder`)
      return value
    }
    if (path.dirname(dir) === dir) return value
  }
}

/** `--log-level INFO` is `info`. */
function logLevelArg(value: string): string {
  const level = value.trim().toLowerCase()
  if (!LOG_LEVELS.includes(level)) throw new InvalidArgumentError(`Allowed choices are ${LOG_LEVELS.join(', ')}.`)
  return level
}

/** `report --out`: as `--out`, and named .png (or with no extension) since the picture is a PNG. */
function pngOutArg(value: string): string {
  const ext = path.extname(value).toLowerCase()
  if (ext && ext !== '.png') throw new InvalidArgumentError('the picture is a PNG: name the file .png')
  return outPathArg(value)
}

/** `--week 2026-W48`, checked before anything is opened (a bad value is a usage error, exit 2). */
function isoWeekArg(value: string): string {
  if (!normalizeWeek(value)) throw new InvalidArgumentError('expected an ISO week like 2026-W48')
  return value.trim()
}

/** The first word, when it is neither an option nor a command, with the nearest command name. */
function unknownCommand(args: string[], commands: string[]): { word: string; nearest?: string } | null {
  const valued = new Set(['-c', '--config', '--db', '--log-level'])
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (valued.has(a)) { i++; continue }
    if (a.startsWith('-')) continue
    // `tierbot help expot`: the word after help is the command asked about.
    if (a === 'help' && args[i + 1] !== undefined && !args[i + 1].startsWith('-')) {
      const topic = args[i + 1]
      return commands.includes(topic) ? null : { word: topic, nearest: nearest(topic, commands) }
    }
    if (commands.includes(a) || a === 'help') return null
    return { word: a, nearest: nearest(a, commands) }
  }
  return null
}
