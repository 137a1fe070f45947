import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config/load.js'
import { WorldPuppet } from '../../src/demo/world-puppet.js'
import { formatImportSummary } from '../../src/import/report.js'
import { runImport, type ImportSummary } from '../../src/import/run.js'
import { silentLogger } from '../../src/shared/logger.js'
import { populate, SHOP, startGrpcBot, tempDbFile, waitFor, type GrpcBot } from '../support/bot.js'
import { testClock } from '../support/clock.js'
import { fixture } from '../import/helpers.js'

/*
 * The history import end to end: a WeFlow export imported into a database file before the bot ever
 * ran (nobody matches yet: history kept under the export's id), then the bot starts on that file over
 * the loopback gRPC gateway, finds 林女士 in the contact list by her remark and joins her history.
 */

const BOSS = 'c-boss'
const LIN = fixture('weflow', '私聊_林女士.json')

describe('history import over the real puppet-service gRPC path', () => {
  let bot: GrpcBot
  const dbFile = tempDbFile('import-e2e')
  const config = parseConfig({ db: dbFile, admins: [BOSS], digest: { enabled: false } })
  const importNow = (): Promise<ImportSummary> => runImport({
    paths: [LIN], format: 'auto', dryRun: false, account: SHOP, config, logger: silentLogger, clock: testClock, progress: 'off',
  })
  const q = (sql: string, ...params: unknown[]) => bot.app.ctx.db.$client.prepare(sql).all(...params) as Array<Record<string, unknown>>
  const replyTo = async (text: string): Promise<string> => {
    const before = bot.puppet.sent.length
    bot.puppet.inject({ talkerId: BOSS, listenerId: SHOP, text })
    return waitFor(() => bot.puppet.sent.slice(before).find((s) => s.conversationId === BOSS)?.text, `reply to ${text}`)
  }

  beforeAll(async () => {
    const first = await importNow()
    expect(first.messages.imported).toBe(10)
    expect(formatImportSummary(first)).toContain('未匹配：林女士')
    const puppet = new WorldPuppet()
    populate(puppet, { contacts: [{ id: 'c-lin', name: '小林', alias: '林女士' }, { id: BOSS, name: '老板' }] })
    bot = await startGrpcBot({ puppet, dbFile, config: { admins: [BOSS], digest: { enabled: false } } })
  })
  afterAll(async () => { await bot?.stop() })

  it('/tier shows the imported rung with its reasons once the contact appears', async () => {
    const reply = await replyTo('/tier 林女士')
    expect(reply).toContain('L4 信任我的人')
    expect(reply).toContain('¥128')
  })

  it('the remark follows through the outbox', async () => {
    await waitFor(() => bot.puppet.aliases.get('c-lin') === 'L4|林女士', 'the remark to be written')
  })

  it('a live message continues the rounds where the history left them', async () => {
    const rounds = () => Number(q("SELECT rounds FROM contact_stats WHERE contact_id = 'c-lin'")[0]?.rounds)
    expect(rounds()).toBe(4)
    bot.puppet.inject({ talkerId: 'c-lin', listenerId: SHOP, text: '还有车厘子吗' })
    await waitFor(() => q("SELECT pending_inbound AS p FROM contact_stats WHERE contact_id = 'c-lin'")[0]?.p === 1, 'the question to count')
    bot.puppet.inject({ talkerId: SHOP, listenerId: 'c-lin', text: '有的，明天到' })
    await waitFor(() => rounds() === 5, 'the answer to close a fifth round')
  })

  it('importing again changes nothing', async () => {
    const before = q("SELECT * FROM contact_stats WHERE contact_id = 'c-lin'")
    const again = await importNow()
    expect(again.messages).toEqual({ imported: 0, duplicates: 10 })
    expect(again.people).toMatchObject({ matched: 1, unmatched: 0 })
    expect(q("SELECT * FROM contact_stats WHERE contact_id = 'c-lin'")).toEqual(before)
    expect(q("SELECT COUNT(*) AS n FROM orders")).toEqual([{ n: 1 }])
  })
})

describe('two overlapping exports from different tools in one command, over the real gRPC path', () => {
  let bot: GrpcBot
  const dbFile = tempDbFile('import-e2e-overlap')
  const config = parseConfig({ db: dbFile, admins: [BOSS], digest: { enabled: false } })

  beforeAll(async () => {
    // WeFlow (server ids) and MemoTrace (no ids: hashed keys) hold the same transfer of ¥128.
    const s = await runImport({
      paths: [LIN, fixture('memotrace-overlap')], format: 'auto', dryRun: false, account: SHOP, config, logger: silentLogger, clock: testClock, progress: 'off',
    })
    expect(s.messages).toEqual({ imported: 10, duplicates: 2 })
    const puppet = new WorldPuppet()
    populate(puppet, { contacts: [{ id: 'c-lin', name: '小林', alias: '林女士' }, { id: BOSS, name: '老板' }] })
    bot = await startGrpcBot({ puppet, dbFile, config: { admins: [BOSS], digest: { enabled: false } } })
  })
  afterAll(async () => { await bot?.stop() })

  it('/tier counts the transfer once', async () => {
    const before = bot.puppet.sent.length
    bot.puppet.inject({ talkerId: BOSS, listenerId: SHOP, text: '/tier 林女士' })
    const reply = await waitFor(() => bot.puppet.sent.slice(before).find((s) => s.conversationId === BOSS)?.text, 'reply to /tier')
    expect(reply).toContain('L4 信任我的人')
    expect(reply).toContain('1 单 ¥128')
    expect(reply).not.toContain('待确认')
  })
})
