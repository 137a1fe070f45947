import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createApp, type App } from '../app/app.js'
import type { Config } from '../config/schema.js'
import { createWechatyPlatform } from '../platform/wechaty-platform.js'
import { systemClock, type Clock } from '../shared/clock.js'
import type { Logger } from '../shared/logger.js'
import { runImport } from '../import/run.js'
import { assertNotFolder, createDb } from '../store/client.js'
import { displayNamesFor } from '../contacts/names.js'
import { describeFunnel, summarizeFunnel } from '../tiers/funnel.js'
import { ACTIVITY_NAMES, tierLabel } from '../tiers/ladder.js'
import { startRepl } from './repl.js'
import { summarizeScenario } from './scenario.js'
import { keepDemoBirthday } from './demo-birthday.js'
import { recordDemoContacts } from './seed.js'
import { createDemoWorld } from './world.js'

export interface RunDemoOptions {
  config: Config
  logger: Logger
  out: (line: string) => void
  /** Open the merchant prompt after the run (a terminal is attached and --once was not given). */
  interactive: boolean
  /** Database file; default demo.db beside the configured database, recreated on every run. */
  dbFile?: string
  input?: NodeJS.ReadableStream
  /** The demo's "today" (default: the wall clock); tests pin it. */
  clock?: Clock
  output?: NodeJS.WritableStream
  /** Where the logger writes (said once, so a developer knows where to look). */
  logFile?: string
}

/** The demo's database: demo.db beside the configured database, unless --db names one. */
export function demoDbFile(config: Config, dbFile?: string): string {
  return dbFile ?? path.join(path.dirname(config.db), 'demo.db')
}

/** The demo's log file, beside its database. */
export function demoLogFile(config: Config, dbFile?: string): string {
  return demoDbFile(config, dbFile).replace(/\.db$/, '') + '.log'
}

export interface DemoRun {
  app: App
  /** Resolves when the run is over (at once without a prompt; when the prompt closes otherwise). */
  done: Promise<void>
  stop(): Promise<void>
}

/** A small chat export the demo imports before going live (an old customer from the merchant's old phone). */
// A data file, not code: kept at the project root so both src/demo and the built dist/demo find it.
const DEMO_EXPORT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../demo-data/私聊_周姐.json')

/** What the scripted run sends as the merchant: a customer's rung with its reasons, then who is on the top rung. */
const DEMO_COMMANDS = ['/tier 马丽', '/list L5']

/** Customers whose reasons the demo prints: one per rung, the most telling first. */
const SHOWCASE_LIMIT = 6

/**
 * The embedded demo world: a simulated WeCom shop on the mock puppet, its ~90+ days of back-dated
 * history played through the same platform → ingest → ladder path a real account uses.
 */
export async function runDemo(options: RunDemoOptions): Promise<DemoRun> {
  const { logger, out } = options
  out('tierbot：没有设置 WECHATY_PUPPET_SERVICE_TOKEN，这是内置的演示世界：一个模拟的企业微信店铺，不是真实聊天。接入真实账号请设置 WECHATY_PUPPET_SERVICE_TOKEN（见 README.md）。' +
    ' / No WECHATY_PUPPET_SERVICE_TOKEN is set, so this is the embedded DEMO WORLD: a simulated WeCom shop account, no real chats. To connect a real account, set WECHATY_PUPPET_SERVICE_TOKEN (and _ENDPOINT / _NO_TLS_INSECURE_CLIENT for WeCom gateways); see README.md.')
  const clock = options.clock ?? systemClock
  const now = clock()
  const world = createDemoWorld({ now, clock })
  const { scenario } = world
  const dbFile = demoDbFile(options.config, options.dbFile)
  // `--db some-folder`: refuse before removing anything (the run recreates its file).
  assertNotFolder(dbFile)
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbFile + suffix, { force: true })
  // The demo merchant commands from their own chat; the digest is printed here rather than sent (the
  // weekly report too: /周报 in the prompt draws it).
  const config: Config = {
    ...options.config,
    db: dbFile,
    admins: [...new Set([scenario.owner.id, ...options.config.admins])],
    digest: { ...options.config.digest, enabled: false },
    report: { ...options.config.report, enabled: false },
  }
  const db = createDb(dbFile)
  const platform = createWechatyPlatform({ puppet: world.puppet, logger, clock, name: 'tierbot-demo' })
  const app = createApp({ config, db, logger, platform, clock })
  recordDemoContacts(app.ingest, scenario, now)
  await app.start()
  await world.start()
  await app.ready()
  await app.features.caughtUp()

  // Day one of a real account: bring in the history the merchant's old phone holds (a bundled WeFlow export).
  const imported = await runImport({
    paths: [DEMO_EXPORT], format: 'auto', dryRun: false, account: scenario.account.id, config, logger, clock, progress: 'off', db,
  })

  const summary = summarizeScenario(scenario)
  const played = await world.playHistory()
  const target = played.messages
  const deadline = Date.now() + 30_000
  while (app.counts().messages + app.counts().duplicates < target && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20))
  }
  const { ladder } = app.features
  for (const p of scenario.payments) {
    ladder.recordPayment(scenario.account.id, p.contactId, { amountFen: p.amountFen, at: p.at, source: 'demo', messageId: p.transferMessageId }, clock())
  }
  app.features.reclassifyNow()
  keepDemoBirthday(db, scenario, now, config.timezone)
  // The weekly report's past weeks come from the played history (a live account gets them day by day).
  app.features.report.backfill(clock())

  // One count everywhere: the headline, the funnel and the digest's distribution count the same people
  // (the imported stand-in included, the merchant's admins not).
  const admins = app.features.commands.adminIds(scenario.account.id, clock())
  const funnel = summarizeFunnel(db, scenario.account.id, admins)
  out(`演示：${funnel.total} 位客户、${scenario.rooms.length} 个群，${summary.days} 天里记录了 ${app.counts().messages + imported.messages.imported} 条消息（数据库 ${dbFile}${options.logFile ? `，日志 ${options.logFile}` : ''}）。` +
    ` / demo: ${funnel.total} customers, ${scenario.rooms.length} groups, ${app.counts().messages + imported.messages.imported} messages logged over ${summary.days} days.`)
  out('')
  out(`导入历史（内置的 WeFlow 导出样例，tierbot import ${path.basename(DEMO_EXPORT)}）:`)
  out(`  消息 ${imported.messages.imported} 条，转账 ${imported.orders.transfers} 笔；未匹配 ${imported.people.unmatched} 人（${imported.people.unmatchedExamples.join('、')}：记录已保留，等她出现在通讯录里会自动合并）`)
  out('')
  out('漏斗（每层人数）:')
  for (const line of describeFunnel(funnel)) out(`  ${line}`)
  out('')
  out('几位客户和依据:')
  const shown = new Set<number>()
  const names = displayNamesFor(db, config.labels.remarkPrefix)
  for (const customer of [...scenario.customers].sort((a, b) => b.expect.tier - a.expect.tier)) {
    const state = ladder.getTier(scenario.account.id, customer.id)
    if (!state || shown.has(state.tier) || shown.size >= SHOWCASE_LIMIT) continue
    shown.add(state.tier)
    out(`  ${names.of(scenario.account.id, customer.id)}: ${tierLabel(state.tier)}（${ACTIVITY_NAMES[state.activity]}）— ${state.reasons.map((r) => r.text).join('；')}`)
  }
  out('')
  out('今天的行动清单（每天早上 9 点发给店主）:')
  // The same break as `tierbot digest --print`: where the chat would start a new message.
  app.features.digest.build(clock()).forEach((message, i) => {
    for (const line of [...(i > 0 ? ['', '— — —', ''] : []), ...message.split('\n')]) out(line ? `  ${line}` : '')
  })
  out('')

  // Two commands as the merchant would send them from the phone, with the bot's answers.
  out('店主在手机上发命令（演示）:')
  for (const command of DEMO_COMMANDS) {
    out(`  店主> ${command}`)
    const replies = await world.ask(command).catch(() => [] as string[])
    for (const reply of replies) reply.split('\n').forEach((line, i) => out(i === 0 ? `  机器人: ${line}` : `          ${line}`))
  }
  out('')

  const stop = () => app.stop()
  if (!options.interactive) {
    out('演示结束。在终端里运行 `npm start` 就能以店主身份发命令（试试 /help）。 / demo: done. Run `npm start` in a terminal to type commands as the merchant.')
    return { app, done: Promise.resolve(), stop }
  }
  const repl = startRepl({
    input: (options.input ?? process.stdin) as never,
    output: (options.output ?? process.stdout) as never,
    send: (text) => world.ask(text),
    banner: '你现在是店主"店主小美"，在私聊里给机器人发命令。试试 /help、/tier 张三、/silent、/digest；输入 exit 退出。',
  })
  return { app, done: repl.closed, stop }
}
