import { afterEach, describe, expect, it } from 'vitest'
import { closeDb, type Db } from '../../src/store/client.js'
import { describeDryRun, listSyncAccounts } from '../../src/sync/dry-run.js'
import { ACCOUNT, fakeActions, fakeTime, makeSync, openDb, seedContact, setTier, T0, testConfig } from './support.js'

let d: Db
afterEach(() => closeDb(d))

function snapshot(db: Db): unknown {
  return ['contacts', 'label_state', 'sync_outbox', 'meta'].map((t) => db.$client.prepare(`SELECT * FROM ${t}`).all())
}

describe('describeDryRun: what a real run would change, grouped and counted', () => {
  it('first run on an account: remarks and labels listed with examples, nothing written', () => {
    d = openDb()
    for (let i = 0; i < 5; i++) seedContact(d, { id: `c${i}`, name: `客户${i}`, remark: i === 0 ? '' : `老客${i}`, tier: 4 })
    seedContact(d, { id: 'boss', name: '老板', tier: 5 })
    const before = snapshot(d)
    const text = describeDryRun(d, testConfig({}, ['boss']), ACCOUNT, T0)
    expect(text).toContain('可同步的好友 5 位，其中 5 位需要改动，共 10 个操作。')
    expect(text).toContain('备注修改 5 个：')
    expect(text).toContain('客户0：（空） → 「L4|客户0」')
    expect(text).toContain('客户1：「老客1」 → 「L4|老客1」')
    expect(text).toContain('新加标签 5 个（L4 信任我的人 5）：')
    expect(text).toContain('…还有 2 个（加 --all 看全部）')
    expect(text).not.toContain('移除标签')
    expect(text).not.toContain('老板')
    expect(text).toContain('按每分钟最多 20 个的速度，不到 1 分钟写完。')
    expect(snapshot(d)).toEqual(before)
  })

  it('--all lists every change instead of the first examples', () => {
    d = openDb()
    for (let i = 0; i < 5; i++) seedContact(d, { id: `c${i}`, name: `客户${i}`, remark: '', tier: 4 })
    const text = describeDryRun(d, testConfig(), ACCOUNT, T0, { examples: Number.POSITIVE_INFINITY })
    for (let i = 0; i < 5; i++) expect(text).toContain(`客户${i}：（空） → 「L4|客户${i}」`)
    expect(text).not.toContain('…还有')
  })

  it('after a tier change: old labels counted under removed', async () => {
    d = openDb()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions })
    seedContact(d, { id: 'a', name: '阿花', remark: '阿花', tier: 3 })
    seedContact(d, { id: 'b', name: '阿博', remark: '阿博', tier: 3 })
    sync.planAll(time.clock())
    await sync.drain()
    setTier(d, 'a', 4)
    const text = describeDryRun(d, testConfig(), ACCOUNT, time.clock())
    expect(text).toContain('其中 1 位需要改动，共 3 个操作。')
    expect(text).toContain('阿花：「L3|阿花」 → 「L4|阿花」')
    expect(text).toContain('移除标签 1 个（L3 认同我的人 1）：')
    expect(text).toContain('阿花 −「L3 认同我的人」')
  })

  it('nothing to do says so', () => {
    d = openDb()
    expect(describeDryRun(d, testConfig(), ACCOUNT, T0)).toContain('备注和标签都已是最新的')
  })

  it('finds the account from the database (the CLI runs offline)', () => {
    d = openDb()
    expect(listSyncAccounts(d)).toEqual([])
    seedContact(d, { id: 'a', tier: 2 })
    expect(listSyncAccounts(d)).toEqual([ACCOUNT])
  })

  it('an account without label support: remarks only, and it says why', () => {
    d = openDb()
    seedContact(d, { id: 'a', name: '阿花', remark: '阿花', tier: 2 })
    d.$client.prepare(`INSERT INTO meta (account_id, key, value, updated_at) VALUES (?, 'sync.labels_unsupported', '1', 0)`).run(ACCOUNT)
    const text = describeDryRun(d, testConfig(), ACCOUNT, T0)
    expect(text).toContain('共 1 个操作')
    expect(text).toContain('这个账号不支持标签，只会写备注。')
  })
})
