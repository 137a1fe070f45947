import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/config/schema.js'
import { runDemo, type DemoRun } from '../../src/demo/run.js'
import { DEMO_ACCOUNT } from '../../src/demo/scenario.js'
import { buildScenario } from '../../src/demo/scenario.js'
import { silentLogger } from '../../src/shared/logger.js'
import { TIERS } from '../../src/tiers/ladder.js'
import { tempDbFile } from '../support/bot.js'
import { testClock } from '../support/clock.js'

/*
 * `npm start` with no token: the embedded demo world through the whole app (platform → ingest →
 * ladder → digest), as a new user sees it.
 */
describe('the demo run', () => {
  let demo: DemoRun
  const lines: string[] = []
  const output = new PassThrough()
  const input = new PassThrough()
  let typed = ''
  output.on('data', (chunk) => { typed += String(chunk) })

  beforeAll(async () => {
    demo = await runDemo({
      config: DEFAULT_CONFIG, logger: silentLogger, out: (line) => lines.push(line),
      interactive: true, dbFile: tempDbFile('demo'), input, output, clock: testClock,
    })
  }, 60_000)
  afterAll(async () => { input.end(); await demo?.stop() })

  const db = () => demo.app.ctx.db.$client

  it('says on its first line that it is a simulated account and how to connect a real one', () => {
    expect(lines[0]).toContain('DEMO WORLD')
    expect(lines[0]).toContain('WECHATY_PUPPET_SERVICE_TOKEN')
  })

  it('prints what it did, the funnel and today\'s digest', () => {
    const text = lines.join('\n')
    // 37 customers of the played world and 周姐, who came with the bundled import.
    expect(text).toMatch(/demo: 38 customers, 2 groups, \d+ messages logged/)
    expect(text).toContain('L5 超级用户: 3')
    expect(text).toContain('今日客户行动清单')
    expect(text).toContain('位沉默客户待唤醒')
    // The demo merchant kept one birthday, two days from today (issue 20).
    expect(text).toMatch(/🎂 [^（\n]+（L[45] [^）]+）后天 \d+月\d+日生日/)
  })

  it("the digest's sections stay apart where the chat would start a new message", () => {
    const start = lines.findIndex((l) => l.includes('今日客户行动清单'))
    const digest = lines.slice(start)
    for (const title of ['📈 等级变化和投诉', '📊 客户分布']) {
      const at = digest.findIndex((l) => l.trim().startsWith(title))
      expect(at, title).toBeGreaterThan(0)
      expect(digest[at - 1].trim(), title).toBe('')
    }
    expect(digest).toContain('  — — —')
  })

  it('the headline, the funnel and the digest count the same customers; the merchant is not one of them', () => {
    const text = lines.join('\n')
    const headline = Number(/演示：(\d+) 位客户/.exec(text)?.[1])
    const funnel = Number(/沉睡: \d+　共 (\d+) 人/.exec(text)?.[1])
    const digest = Number(/沉睡 \d+ · 共 (\d+) 人/.exec(text)?.[1])
    expect([headline, funnel, digest]).toEqual([38, 38, 38])
    const owner = db().prepare('SELECT COUNT(*) AS n FROM tiers WHERE account_id = ? AND contact_id = ?').get(DEMO_ACCOUNT.id, 'demo-owner') as { n: number }
    expect(owner.n).toBe(0)
  })

  it('every rung of the ladder has at least one contact, and silent and dormant ones occur', () => {
    const rows = db().prepare('SELECT tier, activity, COUNT(*) AS n FROM tiers WHERE account_id = ? GROUP BY tier, activity').all(DEMO_ACCOUNT.id) as Array<{ tier: number; activity: string; n: number }>
    for (const tier of TIERS) expect(rows.some((r) => r.tier === tier), `L${tier}`).toBe(true)
    expect(rows.some((r) => r.activity === 'silent')).toBe(true)
    expect(rows.some((r) => r.activity === 'dormant')).toBe(true)
    expect(rows.some((r) => r.activity === 'new')).toBe(true)
  })

  it('every scenario customer lands on the rung and activity the scenario expects', () => {
    const scenario = buildScenario(testClock())
    const get = db().prepare('SELECT tier, activity FROM tiers WHERE account_id = ? AND contact_id = ?')
    const wrong = scenario.customers
      .map((c) => ({ id: c.id, name: c.name, expected: c.expect, got: get.get(DEMO_ACCOUNT.id, c.id) as { tier: number; activity: string } | undefined }))
      .filter((c) => !c.got || c.got.tier !== c.expected.tier || c.got.activity !== c.expected.activity)
    expect(wrong).toEqual([])
  })

  it('the other views: every lifecycle stage, intent band and value class occurs (issue 12)', () => {
    const values = (column: string) => new Set((db().prepare(`SELECT DISTINCT ${column} AS v FROM contact_views WHERE account_id = ?`).all(DEMO_ACCOUNT.id) as Array<{ v: string }>).map((r) => r.v))
    for (const stage of ['潜在', '新客', '老客', '忠诚']) expect(values('stage').has(stage), stage).toBe(true)
    for (const band of ['高', '中', '低']) expect(values('intent_band').has(band), band).toBe(true)
    for (const cls of ['A', 'B', 'C']) expect(values('value_class').has(cls), cls).toBe(true)
    expect(db().prepare('SELECT complaint_sleeper AS c FROM contact_views WHERE contact_id = ?').get('demo-c37')).toEqual({ c: 1 })
  })

  it('a referral chain: 王丽 sent 小雪\'s card and 小雪 was added; 小雨\'s greeting named 小雪', () => {
    const refs = db().prepare('SELECT contact_id AS id, referrer_contact_id AS by, source FROM referrals WHERE account_id = ? ORDER BY at').all(DEMO_ACCOUNT.id)
    expect(refs).toEqual([{ id: 'demo-c35', by: 'demo-c28', source: 'card' }, { id: 'demo-c36', by: 'demo-c35', source: 'greeting' }])
    const text = lines.join('\n')
    expect(text).toMatch(/\d\. 投诉后沉睡：冯玉｜L4 信任我的人｜沉默 70 天/)
    expect(text).toMatch(/🎯 高意向，还没成交：趁热推一把\n\s*· 小雨（L3 认同我的人）意向 \d+ 分/)
    // 吴静 complained about her last order: no replenish nudge; 郭美美 is reminded once, in 购后跟进.
    expect(text).not.toContain('🔁 老客该复购了\n  · 吴静')
    expect(text.match(/郭美美 老客（L5 超级用户）(30 天前下单|平时约)/g)).toHaveLength(1)
  })

  it('re-running classification is idempotent: no new history rows', () => {
    const count = () => (db().prepare('SELECT COUNT(*) AS n FROM tier_history WHERE account_id = ?').get(DEMO_ACCOUNT.id) as { n: number }).n
    const before = count()
    expect(demo.app.features.reclassifyNow()).toBe(0)
    expect(demo.app.features.reclassifyNow()).toBe(0)
    expect(count()).toBe(before)
  })

  it('the prompt takes commands as the merchant and prints the bot\'s answer', async () => {
    input.write('/tier 郭美美\n')
    const deadline = Date.now() + 10_000
    while (!typed.includes('L5 超级用户') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(typed).toContain('郭美美')
    expect(typed).toContain('L5 超级用户')
  })
})
