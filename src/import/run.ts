import type { YearlyDate } from '../occasions/calendar-date.js'
import { createOccasionStore } from '../occasions/occasion-store.js'
import fs from 'node:fs'
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import type { Config } from '../config/schema.js'
import { DAY_MS, type Clock } from '../shared/clock.js'
import type { Logger } from '../shared/logger.js'
import { closeDb, createDb, type Db } from '../store/client.js'
import { createSync } from '../sync/feature.js'
import { planDryRun, listSyncAccounts } from '../sync/dry-run.js'
import { summarizeFunnel, type Funnel } from '../tiers/funnel.js'
import { createLadder } from '../tiers/service.js'
import { resolveAdmins } from '../commands/auth.js'
import { createViews } from '../views/service.js'
import { MessagePool } from './columns.js'
import { foldRulesOf } from './fold.js'
import { createImportStore } from './import-store.js'
import { joinWaitingPeople } from './join.js'
import { loadMapFile } from './map-file.js'
import { createPeopleIndex } from './people.js'
import { createProgress } from './progress.js'
import { createStatsRebuild } from './rebuild.js'
import { IMPORT_CACHE_KB } from './heap.js'
import { readBatches } from './reader-thread.js'
import { listSources, type TextEncoding } from './source.js'
import type { ImportFormat, ImportRow, MessageRow } from './types.js'
import { createImportWriter, type WriteTally } from './writer.js'

/*
 * `tierbot import`: read every input, write in batches, then one pass places everyone (cause
 * `import`) and the label/remark write-back is queued on the existing rate-limited outbox. Running
 * the same command again finishes an interrupted run: committed rows are recognised by their keys.
 */

export interface ImportOptions {
  paths: string[]
  format: ImportFormat | 'auto'
  dryRun: boolean
  timeZone?: string
  self?: string
  mapFile?: string
  account?: string
  config: Config
  logger: Logger
  clock: Clock
  /** Progress display (default: a bar on a terminal, plain lines otherwise). */
  progress?: 'bar' | 'plain' | 'off'
  /** Instead of a display: called with bytes read of `totalBytes`, rows so far and the file (the worker reports to its parent). */
  onProgress?: (bytes: number, totalBytes: number | null, rows: number, file: string) => void
  stdin?: NodeJS.ReadableStream
  /** An open database (tests, the demo); otherwise config.db is opened and closed. */
  db?: Db
  /** TIERBOT_DB_KEY, for an encrypted database file. */
  key?: string
  /** Tests: where files are read (default: the first small ones here while the reader thread starts, then the thread). */
  reader?: 'thread' | 'in-line'
}

export interface BadExample { file: string; line: number; reason: string }

export interface ImportSummary {
  accountId: string
  dryRun: boolean
  files: Array<{ file: string; format: ImportFormat; encoding: TextEncoding }>
  refused: Array<{ file: string; reason: string }>
  rows: number
  skipped: Record<string, number>
  bad: number
  badExamples: BadExample[]
  messages: { imported: number; duplicates: number }
  orders: { imported: number; duplicates: number; transfers: number }
  tiers: { pinned: number }
  /** Birthdays kept (tierbot CSV birthday rows), one per person. */
  birthdays: number
  people: WriteTally['people']
  joined: number
  rebuilt: number
  changes: number
  funnel: Funnel | null
  writeBack: { ops: number; contacts: number; minutes: number; ratePerMinute: number }
  seconds: number
  /** The longest write transaction (ms): what a live message waited at most while the import ran. */
  longestBatchMs: number
  mapProblems: string[]
  /** What earlier runs stopped part-way (Ctrl-C, a crash) had imported: this run finished their job. */
  resumed?: { messages: number; orders: number; transfers: number }
}

export class ImportError extends Error {}

const BAD_EXAMPLES = 20

export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const { config, logger, clock } = options
  const timeZone = options.timeZone ?? config.timezone
  try {
    new Intl.DateTimeFormat('en', { timeZone })
  } catch {
    throw new ImportError(`--tz ${timeZone} 不是有效的时区（例如 Asia/Shanghai）`)
  }
  const { sources, missing } = listSources(options.paths)
  if (missing.length > 0) throw new ImportError(`找不到：${missing.join('、')}`)
  if (sources.length === 0) throw new ImportError('这些路径下没有可导入的文件（.json / .jsonl / .csv）')
  if (options.mapFile && !fs.existsSync(options.mapFile)) throw new ImportError(`找不到 --map 文件：${options.mapFile}`)
  if (options.mapFile && !fs.statSync(options.mapFile).isFile()) throw new ImportError(`--map 要一个 CSV 文件（export_id,contact），${options.mapFile} 是文件夹`)
  if (!options.db && !fs.existsSync(config.db) && options.dryRun) throw new ImportError(`没有数据库 ${config.db}：试运行不会新建它`)
  const started = Date.now()
  // Reading starts now, in its own thread, while the database is opened and the people are indexed.
  // A day of slack: an export made on a phone whose clock runs ahead is still today's.
  const notAfter = clock() + DAY_MS
  // The writer hands each committed batch's message objects back for the next batches (columns.ts).
  const pool = new MessagePool()
  const read = readBatches(sources, { format: options.format, timeZone, self: options.self, signals: config.signals, notAfter, fold: foldRulesOf(config) }, options.stdin,
    options.reader === 'thread' ? -1 : options.reader === 'in-line' ? Infinity : undefined, pool)
  let db: Db | undefined
  try {
    db = options.db ?? createDb(config.db, { key: options.key })
    // A database this run opened gets a smaller page cache: its own memory, not the bot's (see heap.ts).
    if (!options.db) db.$client.pragma(`cache_size = -${IMPORT_CACHE_KB}`)
    const accounts = listSyncAccounts(db)
    // A new --account is for a database with no account yet; next to others it is most likely a typo.
    if (options.account !== undefined && accounts.length > 0 && !accounts.includes(options.account)) {
      throw new ImportError(`数据库里没有账号 ${options.account}（有：${accounts.join('、')}）：请检查 --account`)
    }
    const accountId = options.account ?? (accounts.length === 1 ? accounts[0] : undefined)
    if (!accountId) {
      throw new ImportError(accounts.length === 0
        ? '数据库里还没有账号：先启动一次机器人让它登录，或用 --account <你的微信号> 指定'
        : `数据库里有多个账号（${accounts.join('、')}）：请用 --account 指定`)
    }
    const now = clock()
    const store = createImportStore(db)
    const { mapped, problems: mapProblems } = options.mapFile
      ? await loadMapFile(options.mapFile, store.realContacts(accountId), config.labels.remarkPrefix)
      : { mapped: new Map<string, string>(), problems: [] }
    const people = createPeopleIndex(store.realContacts(accountId), config.labels.remarkPrefix, mapped)
    const runId = options.dryRun ? 0 : store.startRun(accountId, now)
    const writer = createImportWriter({ db, store, config, accountId, people, now, dryRun: options.dryRun, runId, pool })
    const summary: ImportSummary = {
      accountId, dryRun: options.dryRun, files: [], refused: [], rows: 0, skipped: {}, bad: 0, badExamples: [],
      messages: { imported: 0, duplicates: 0 }, orders: { imported: 0, duplicates: 0, transfers: 0 }, tiers: { pinned: 0 }, birthdays: 0,
      people: writer.tally.people, joined: 0, rebuilt: 0, changes: 0, funnel: null,
      writeBack: { ops: 0, contacts: 0, minutes: 0, ratePerMinute: config.labels.ratePerMinute }, seconds: 0, longestBatchMs: 0, mapProblems,
    }
    const totalBytes = sources.every((s) => s.size !== null) ? sources.reduce((n, s) => n + (s.size ?? 0), 0) : null
    const progress = options.onProgress
      ? { update: (bytes: number, rows: number, file: string) => options.onProgress!(bytes, totalBytes, rows, file), stop() {} }
      : createProgress(options.progress ?? (process.stderr.isTTY ? 'bar' : 'plain'), totalBytes)
    try {
      for await (const batch of read) {
        for (const item of batch.items) {
          if (item.type === 'message') {
            summary.rows++
            writer.addMessage(item)
          } else if (item.type === 'file') {
            writer.nextFile()
            summary.files.push({ file: item.file, format: item.format, encoding: item.encoding })
            logger.debug({ file: item.file, format: item.format, encoding: item.encoding }, 'importing file')
          } else if (item.type === 'refused') {
            summary.refused.push({ file: item.file, reason: item.reason })
          } else {
            count(summary, item)
            if (item.type === 'order') writer.addOrder(item)
            else if (item.type === 'tier') writer.addPin(item)
            else if (item.type === 'birthday') writer.addBirthday(item)
          }
        }
        writer.endOfBatch()
        progress.update(batch.bytes, summary.rows, batch.file)
        // Back to the event loop once a batch: the reader thread's batches arrive faster than they are
        // written, and Node hands a port up to 1000 queued messages in one go, so without this Ctrl-C,
        // the progress timer and the stdin pipe waited for the end of the file.
        await yieldToEventLoop()
      }
      writer.flush()
    } finally {
      progress.stop()
    }
    const t = writer.tally
    summary.messages = { imported: t.imported, duplicates: t.duplicates }
    summary.orders = { imported: t.orders, duplicates: t.ordersDuplicate, transfers: t.transfers }
    summary.longestBatchMs = t.longestBatchMs
    if (!options.dryRun) finish(db, config, logger, clock, accountId, runId, writer.pins(), writer.birthdays(), mapped, summary)
    else {
      summary.tiers.pinned = writer.pins().length
      summary.birthdays = writer.birthdays().size
    }
    summary.seconds = (Date.now() - started) / 1000
    if (!options.dryRun) {
      const resumed = store.takeInterrupted(accountId, runId)
      if (resumed.messages + resumed.orders + resumed.transfers > 0) summary.resumed = resumed
      store.finishRun(runId, 'done', summary, clock())
    }
    return summary
  } finally {
    await read.close()
    if (!options.db && db) closeDb(db)
  }
}

function count(summary: ImportSummary, row: Exclude<ImportRow, MessageRow>): void {
  summary.rows++
  if (row.type === 'bad') {
    summary.bad++
    if (summary.badExamples.length < BAD_EXAMPLES) summary.badExamples.push({ file: row.file, line: row.line, reason: row.reason })
  } else if (row.type === 'skip') {
    summary.skipped[row.reason] = (summary.skipped[row.reason] ?? 0) + 1
  }
}

/** After the rows: rebuild out-of-order contacts, join waiting people, pins, one pass, the write-back queue. */
function finish(db: Db, config: Config, logger: Logger, clock: Clock, accountId: string, runId: number,
  pins: Array<{ contactId: string; tier: import('../tiers/ladder.js').Tier | null }>, birthdays: ReadonlyMap<string, YearlyDate>,
  mapped: Map<string, string>, summary: ImportSummary): void {
  const store = createImportStore(db)
  const now = clock()
  const rebuild = createStatsRebuild(db, store, config)
  const marked = store.listReplay(accountId)
  for (const contactId of marked) rebuild(accountId, contactId, now)
  summary.rebuilt = marked.length
  const { joined } = joinWaitingPeople(db, config, accountId, now, mapped)
  summary.joined = joined.length
  // Birthdays as /生日 keeps them; a stand-in joined just now has its birthday on the contact it became.
  const became = new Map(joined.map((j) => [j.from, j.to]))
  const occasions = createOccasionStore(db)
  db.$client.transaction(() => {
    for (const [contactId, date] of birthdays) occasions.setBirthday(accountId, became.get(contactId) ?? contactId, date, 'import', now)
  })()
  summary.birthdays = birthdays.size
  // The merchant's admins and the account itself are not customers: no rung, not in the funnel.
  const notCustomers = new Set([accountId, ...resolveAdmins(db, accountId, config.admins, { remarkPrefix: config.labels.remarkPrefix, now }).ids])
  const ladder = createLadder(db, config, logger, clock, (_account, contactId) => !notCustomers.has(contactId))
  const cause = { kind: 'import' as const, ref: String(runId) }
  // Everyone whose rung the import set or moved: by a pin (tier rows) or by the pass.
  const changed = new Set<string>()
  db.$client.transaction(() => {
    for (const p of pins) {
      const change = ladder.pin(accountId, became.get(p.contactId) ?? p.contactId, p.tier, now, cause)
      if (change) changed.add(change.contactId)
    }
  })()
  summary.tiers.pinned = pins.length
  for (const change of ladder.reclassifyAll(accountId, now, cause).changes) changed.add(change.contactId)
  summary.changes = changed.size
  // The views follow the new rungs and orders now, not at the bot's next daily pass: an export or
  // `/list 老客` right after the import shows them.
  createViews({ db, config, logger, ladder }).refreshAll(accountId, now, notCustomers)
  if (config.labels.enabled || config.labels.remarks) {
    // Queued on the outbox the running bot works through at its rate (nothing is sent from here).
    // Only planned here (the summary says how much): its routine info line is the bot's, not the merchant's.
    const sync = createSync({ db, config, logger: logger.levelVal < 40 ? logger.child({}, { level: 'warn' }) : logger, clock, accountId, actions: { setRemark: refuse, addLabel: refuse, removeLabel: refuse }, notify: async () => {} })
    sync.planAll(now)
    const plan = planDryRun(db, config, accountId)
    const ops = plan.remarks.length + plan.added.length + plan.removed.length
    summary.writeBack = { ops, contacts: plan.contactsChanged, minutes: ops / config.labels.ratePerMinute, ratePerMinute: config.labels.ratePerMinute }
  }
  summary.funnel = summarizeFunnel(db, accountId, notCustomers)
}

async function refuse(): Promise<void> {
  throw new Error('the import process does not write to WeChat')
}
