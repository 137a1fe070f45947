import { afterEach, describe, expect, it } from 'vitest'
import { ActionError } from '../../src/platform/types.js'
import { closeDb, type Db } from '../../src/store/client.js'
import { createForgetting } from '../../src/privacy/forget.js'
import { LABELS_UNSUPPORTED_NOTICE } from '../../src/sync/runner.js'
import {
  ACCOUNT, fakeActions, fakeTime, makeSync, openDb, seedContact, setPhoneRemark, setTier, tempDbFile, testConfig,
} from './support.js'

const dbs: Db[] = []
function db(file?: string): Db {
  const d = openDb(file)
  dbs.push(d)
  return d
}
afterEach(() => { for (const d of dbs.splice(0)) closeDb(d) })

describe('outbox: a newer plan replaces an unapplied older one', () => {
  it('L3 then L4 before anything ran: the customer only ever gets L4', async () => {
    const d = db()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions })
    seedContact(d, { id: 'zhang', remark: '张三 宝妈', tier: 3 })
    sync.planContact('zhang', time.clock())
    setTier(d, 'zhang', 4)
    sync.planContact('zhang', time.clock())
    await sync.drain()
    expect(wx.remarkOf('zhang')).toBe('L4|张三 宝妈')
    expect(wx.labelsOf('zhang')).toEqual(['L4 信任我的人'])
    expect(wx.calls.map((c) => c.value)).not.toContain('L3 认同我的人')
    expect(sync.health()).toMatchObject({ pending: 0, done: 2, failed: 0 })
  })

  it('a tier change after a write: the new label is added, the old one removed, the remark re-prefixed', async () => {
    const d = db()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions })
    seedContact(d, { id: 'zhang', remark: '张三', tier: 3 })
    sync.planContact('zhang', time.clock())
    await sync.drain()
    expect(wx.labelsOf('zhang')).toEqual(['L3 认同我的人'])
    setTier(d, 'zhang', 4)
    sync.planContact('zhang', time.clock())
    await sync.drain()
    expect(wx.remarkOf('zhang')).toBe('L4|张三')
    expect(wx.labelsOf('zhang')).toEqual(['L4 信任我的人'])
    // Nothing changed since: planning again queues nothing.
    expect(sync.planContact('zhang', time.clock())).toEqual([])
  })

  it('the merchant edits the remark on the phone: their new text is kept and re-prefixed', async () => {
    const d = db()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions })
    seedContact(d, { id: 'zhang', remark: '张三', tier: 4 })
    sync.planContact('zhang', time.clock())
    await sync.drain()
    setPhoneRemark(d, 'zhang', '张三 广州 老客户')
    setTier(d, 'zhang', 5)
    sync.planContact('zhang', time.clock())
    await sync.drain()
    expect(wx.remarkOf('zhang')).toBe('L5|张三 广州 老客户')
  })

  it('a plan made while an older op is in flight still ends in the newest state', async () => {
    const d = db()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions })
    seedContact(d, { id: 'zhang', remark: '张三', tier: 3 })
    sync.planContact('zhang', time.clock())
    let once = true
    wx.setOnCall(() => {
      if (!once) return
      once = false
      setTier(d, 'zhang', 4)
      sync.planContact('zhang', time.clock())
    })
    await sync.drain()
    expect(wx.remarkOf('zhang')).toBe('L4|张三')
    expect(wx.labelsOf('zhang')).toEqual(['L4 信任我的人'])
  })
})

describe('runner: failures sorted', () => {
  it('transient errors are retried with back-off until the remark sticks', async () => {
    const d = db()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    wx.failures.remark.push(Object.assign(new Error('14 UNAVAILABLE'), { code: 14 }), new ActionError('transient', 'remark did not stick'))
    const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions })
    seedContact(d, { id: 'li', remark: '李四', tier: 2 })
    sync.planContact('li', time.clock())
    await sync.drain()
    expect(wx.remarkOf('li')).toBe('L2|李四')
    expect(wx.calls.filter((c) => c.kind === 'remark')).toHaveLength(3)
    expect(sync.health()).toMatchObject({ pending: 0, failed: 0 })
  })

  it('rate limited: waits as told without using up a try (more waits than maxAttempts still succeed)', async () => {
    const d = db()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    for (let i = 0; i < 8; i++) wx.failures.remark.push(new ActionError('rate_limited', 'too frequent', 120_000))
    const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions, config: testConfig({ maxAttempts: 3 }) })
    seedContact(d, { id: 'li', remark: '李四', tier: 2 })
    sync.planContact('li', time.clock())
    await sync.drain()
    expect(wx.remarkOf('li')).toBe('L2|李四')
    const remarkCalls = wx.calls.filter((c) => c.kind === 'remark')
    expect(remarkCalls[1].at - remarkCalls[0].at).toBeGreaterThanOrEqual(120_000)
  })

  it.each([
    { name: 'a permanent error gives up at once', errors: [new ActionError('permanent', 'contact not found')], calls: 1 },
    { name: 'transient errors give up after maxAttempts', errors: Array.from({ length: 9 }, () => new ActionError('transient', 'timeout')), calls: 5 },
  ])('$name, visibly (counted for /stats), and other ops go on', async ({ errors, calls }) => {
    const d = db()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    wx.failures.remark.push(...errors)
    const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions })
    seedContact(d, { id: 'li', remark: '李四', tier: 2 })
    sync.planContact('li', time.clock())
    await sync.drain()
    expect(wx.calls.filter((c) => c.kind === 'remark')).toHaveLength(calls)
    expect(wx.remarkOf('li')).toBeUndefined()
    expect(wx.labelsOf('li')).toEqual(['L2 认识我的人'])
    expect(sync.health()).toMatchObject({ pending: 0, failed: 1, done: 1 })
  })
})

describe('runner: labels unsupported (WorkPro answers tags with 12 UNIMPLEMENTED)', () => {
  it('falls back to remarks only and tells the merchant exactly once, also after a restart', async () => {
    const file = tempDbFile()
    const d = db(file)
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    wx.unimplementTags()
    const first = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions })
    for (let i = 0; i < 5; i++) seedContact(d, { id: `c${i}`, remark: `客户${i}`, tier: 4 })
    first.sync.planAll(time.clock())
    await first.sync.drain()
    for (let i = 0; i < 5; i++) expect(wx.remarkOf(`c${i}`)).toBe(`L4|客户${i}`)
    expect(wx.calls.filter((c) => c.kind === 'label_add')).toHaveLength(1)
    expect(first.notices).toEqual([LABELS_UNSUPPORTED_NOTICE])
    expect(first.sync.health().labelsSupported).toBe(false)

    closeDb(d)
    const d2 = db(file)
    const second = makeSync(d2, { clock: time.clock, sleep: time.sleep, actions: wx.actions })
    setTier(d2, 'c0', 5)
    expect(second.sync.planContact('c0', time.clock()).map((o) => o.kind)).toEqual(['remark'])
    await second.sync.drain()
    expect(wx.remarkOf('c0')).toBe('L5|客户0')
    expect(wx.calls.filter((c) => c.kind === 'label_add')).toHaveLength(1)
    expect(second.notices).toEqual([])
  })
})

describe('runner: labels unsupported is remembered for the stack that said so', () => {
  it('a WorkPro token first run on the default stack, then on TIERBOT_PLATFORM=juzi: corp tags are written; back on the default stack, remarks only again, not told twice', async () => {
    const file = tempDbFile()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    wx.unimplementTags()
    const d = db(file)
    const onWechaty = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions, config: { ...testConfig(), platform: 'wechaty' } })
    seedContact(d, { id: 'c0', remark: '客户0', tier: 4 })
    onWechaty.sync.planAll(time.clock())
    await onWechaty.sync.drain()
    expect(onWechaty.notices).toEqual([LABELS_UNSUPPORTED_NOTICE])
    closeDb(d)

    // The README's two stacks: the merchant switches to juzi, whose corp tags work.
    const tags = fakeActions(time.clock)
    const d2 = db(file)
    const onJuzi = makeSync(d2, { clock: time.clock, sleep: time.sleep, actions: tags.actions, config: { ...testConfig(), platform: 'juzi' } })
    expect(onJuzi.sync.health().labelsSupported).toBe(true)
    onJuzi.sync.planAll(time.clock())
    await onJuzi.sync.drain()
    expect(tags.labelsOf('c0')).toEqual(['L4 信任我的人'])
    expect(onJuzi.notices).toEqual([])
    closeDb(d2)

    // Back on the default stack: what it said still holds, and the merchant is not told again.
    const d3 = db(file)
    const again = makeSync(d3, { clock: time.clock, sleep: time.sleep, actions: wx.actions, config: { ...testConfig(), platform: 'wechaty' } })
    expect(again.sync.health().labelsSupported).toBe(false)
    setTier(d3, 'c0', 5)
    expect(again.sync.planContact('c0', time.clock()).map((o) => o.kind)).toEqual(['remark'])
    await again.sync.drain()
    expect(again.notices).toEqual([])
  })
})

describe('runner: rate', () => {
  let r = 0
  it.each([
    { name: 'no jitter (the tightest case)', random: () => 0 },
    { name: 'with jitter', random: () => (r = (r * 9301 + 49297) % 233280) / 233280 },
  ])('never more than ratePerMinute writes in any minute, retries included: $name', async ({ random }) => {
    const d = db()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    for (let i = 0; i < 6; i++) wx.failures.label_add.push(new ActionError('transient', 'timeout'))
    const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions, random })
    for (let i = 0; i < 40; i++) seedContact(d, { id: `c${String(i).padStart(2, '0')}`, remark: `客户${i}`, tier: ((i % 5) + 1) as 1 })
    sync.planAll(time.clock())
    await sync.drain()
    expect(wx.calls.length).toBeGreaterThanOrEqual(86)
    const times = wx.calls.map((c) => c.at)
    // Any window of one minute, starting at any write.
    for (const start of times) expect(times.filter((t) => t >= start && t < start + 60_000).length).toBeLessThanOrEqual(20)
    const perMinute = new Map<number, number>()
    for (const t of times) perMinute.set(Math.floor(t / 60_000), (perMinute.get(Math.floor(t / 60_000)) ?? 0) + 1)
    expect(Math.max(...perMinute.values())).toBeLessThanOrEqual(20)
    expect(sync.health()).toMatchObject({ pending: 0, failed: 0, done: 80 })
  })
})

describe('runner: restart and stop', () => {
  it('ops pending at a stop are applied by a new runner on the same database file, none twice', async () => {
    const file = tempDbFile()
    const d = db(file)
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    const first = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions })
    for (let i = 0; i < 4; i++) seedContact(d, { id: `c${i}`, remark: `客户${i}`, tier: 3 })
    first.sync.planAll(time.clock())
    let stopping: Promise<void> | undefined
    wx.setOnCall(() => { if (wx.calls.length === 3) stopping = first.sync.stop() })
    first.sync.start()
    while (!stopping) await new Promise((resolve) => setImmediate(resolve))
    await stopping
    expect(wx.calls).toHaveLength(3)
    expect(first.sync.health()).toMatchObject({ done: 3, pending: 5 })
    closeDb(d)

    wx.setOnCall(undefined)
    const d2 = db(file)
    const second = makeSync(d2, { clock: time.clock, sleep: time.sleep, actions: wx.actions })
    await second.sync.drain()
    for (let i = 0; i < 4; i++) {
      expect(wx.remarkOf(`c${i}`)).toBe(`L3|客户${i}`)
      expect(wx.labelsOf(`c${i}`)).toEqual(['L3 认同我的人'])
    }
    expect(wx.calls).toHaveLength(8)
    expect(d2.$client.prepare('SELECT remark FROM contacts WHERE account_id = ? AND id = ?').get(ACCOUNT, 'c3')).toEqual({ remark: 'L3|客户3' })
  })

  it('stop() waits for the op in flight and records it', async () => {
    const d = db()
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    const { sync } = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions, config: testConfig({ enabled: false }) })
    seedContact(d, { id: 'li', remark: '李四', tier: 2 })
    let release!: () => void
    const gate = new Promise<void>((resolve) => { release = resolve })
    let entered = false
    wx.setOnCall(async () => { entered = true; await gate })
    sync.planContact('li', time.clock())
    sync.start()
    while (!entered) await new Promise((resolve) => setImmediate(resolve))
    let stopped = false
    const stopping = sync.stop().then(() => { stopped = true })
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve))
    expect(stopped).toBe(false)
    release()
    await stopping
    expect(wx.remarkOf('li')).toBe('L2|李四')
    expect(sync.health()).toMatchObject({ done: 1, pending: 0 })
  })
})

describe('runner: one commit for a contact\'s writes', () => {
  it('writes that ran but were not recorded when the process died run again after the restart, ending the same', async () => {
    const file = tempDbFile()
    const d = db(file)
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    const first = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions })
    seedContact(d, { id: 'c0', remark: '客户0', tier: 3 })
    first.sync.planAll(time.clock())
    // The contact's second write hangs: the first already happened on WeChat, its record waits for the second.
    let entered = false
    wx.setOnCall(() => (wx.calls.length === 2 ? (entered = true, new Promise<void>(() => {})) : undefined))
    first.sync.start()
    while (!entered) await new Promise((resolve) => setImmediate(resolve))
    const [firstWrite] = wx.calls
    // The process dies here (no stop, nothing recorded); a new one opens the same file.
    wx.setOnCall(undefined)
    const d2 = db(file)
    const second = makeSync(d2, { clock: time.clock, sleep: time.sleep, actions: wx.actions })
    await second.sync.drain()
    expect(wx.remarkOf('c0')).toBe('L3|客户0')
    expect(wx.labelsOf('c0')).toEqual(['L3 认同我的人'])
    // The unrecorded write ran once more: the same value again, which changes nothing on WeChat.
    expect(wx.calls.filter((c) => c.kind === firstWrite.kind && c.value === firstWrite.value)).toHaveLength(2)
    expect(second.sync.health()).toMatchObject({ pending: 0, failed: 0, done: 2 })
  })

  it('forgetting a person right after a write that is not recorded yet still takes that write back', async () => {
    const { d, time, wx, sync, forgetting } = syncWithForgetting()
    seedContact(d, { id: 'zhang', remark: '张三', tier: 4 })
    sync.planContact('zhang', time.clock())
    let release!: () => void
    const gate = new Promise<void>((resolve) => { release = resolve })
    let entered = false
    wx.setOnCall(() => (wx.calls.length === 2 ? (entered = true, gate) : undefined))
    sync.start()
    while (!entered) await new Promise((resolve) => setImmediate(resolve))
    // One write is on WeChat and not recorded; the second is in flight when the merchant forgets 张三.
    forgetting.forget(ACCOUNT, 'zhang', 'test', time.clock())
    release()
    while (forgetting.isHeld(ACCOUNT, 'zhang')) await new Promise((resolve) => setImmediate(resolve))
    await sync.stop()
    expect(wx.labelsOf('zhang')).toEqual([])
    expect(wx.remarkOf('zhang')).toBe('张三')
  })

  it.each([
    { name: 'it succeeds: the write is taken back', fails: false },
    { name: 'it fails: nothing to take back, and nothing of the person is left waiting', fails: true },
  ])('forgetting a person while tierbot\'s very first write for them is in flight (nothing recorded yet): $name', async ({ fails }) => {
    const { d, time, wx, sync, forgetting } = syncWithForgetting()
    seedContact(d, { id: 'zhang', remark: '张三', tier: 4 })
    sync.planContact('zhang', time.clock())
    let release!: () => void
    let reject!: (err: Error) => void
    const gate = new Promise<void>((resolve, no) => { release = resolve; reject = no })
    let entered = false
    wx.setOnCall(() => (wx.calls.length === 1 ? (entered = true, gate) : undefined))
    sync.start()
    while (!entered) await new Promise((resolve) => setImmediate(resolve))
    forgetting.forget(ACCOUNT, 'zhang', 'test', time.clock())
    if (fails) reject(new Error('network down'))
    else release()
    for (let i = 0; i < 200 && (i < 20 || forgetting.isHeld(ACCOUNT, 'zhang')); i++) await new Promise((resolve) => setImmediate(resolve))
    await sync.stop()
    expect(wx.labelsOf('zhang')).toEqual([])
    expect(wx.remarkOf('zhang') ?? '张三').toBe('张三')
    expect(forgetting.isHeld(ACCOUNT, 'zhang')).toBe(false)
    expect(d.$client.prepare("SELECT COUNT(*) FROM label_state WHERE contact_id = 'zhang'").pluck().get()).toBe(0)
    expect(d.$client.prepare("SELECT COUNT(*) FROM sync_outbox WHERE contact_id = 'zhang' AND status = 'pending'").pluck().get()).toBe(0)
  })
})

/** A runner wired to forgetting as the app wires them (held contacts, retake, sweep, the write in flight). */
function syncWithForgetting() {
  const d = db()
  const time = fakeTime()
  const wx = fakeActions(time.clock)
  let held: ReturnType<typeof createForgetting> | undefined
  const { sync } = makeSync(d, {
    clock: time.clock, sleep: time.sleep, actions: wx.actions,
    isHeld: (contactId) => held?.isHeld(ACCOUNT, contactId) ?? false,
    onSettled: (contactId) => { if (held?.isHeld(ACCOUNT, contactId)) held.sweep(ACCOUNT) },
    onHeldChange: (contactId, now) => { held?.retake(ACCOUNT, contactId, now) },
  })
  const forgetting = createForgetting(d, testConfig(), () => sync.runner.kick(), () => sync.runner.flush(), (contactId) => sync.runner.writing(contactId))
  held = forgetting
  return { d, time, wx, sync, forgetting }
}

describe('runner: a backlog that runs back to back shares commits', () => {
  // Each WeChat call takes longer than the spacing between writes (a slow gRPC answer), so the next
  // contact's writes are due at once and their records join the same commit.
  function slowWeChat(d: Db) {
    const time = fakeTime()
    const wx = fakeActions(time.clock)
    wx.setOnCall(() => { time.advance(10_000) })
    const commits = countCommits(d)
    const made = makeSync(d, { clock: time.clock, sleep: time.sleep, actions: wx.actions, random: () => 0 })
    for (let i = 0; i < 12; i++) seedContact(d, { id: `c${String(i).padStart(2, '0')}`, remark: `客户${i}`, tier: ((i % 5) + 1) as 1 })
    made.sync.planAll(time.clock())
    return { time, wx, commits, ...made }
  }

  it('every label and remark is written exactly once, though finished writes wait for their commit', async () => {
    const d = db()
    const { wx, sync, commits } = slowWeChat(d)
    const before = commits()
    await sync.drain()
    for (let i = 0; i < 12; i++) {
      expect(wx.remarkOf(`c${String(i).padStart(2, '0')}`)).toBe(`L${(i % 5) + 1}|客户${i}`)
      expect(wx.labelsOf(`c${String(i).padStart(2, '0')}`)).toHaveLength(1)
    }
    const written = wx.calls.map((c) => `${c.contactId} ${c.kind} ${c.value}`)
    expect(new Set(written).size).toBe(written.length)
    expect(written).toHaveLength(24)
    expect(sync.health()).toMatchObject({ pending: 0, done: 24, failed: 0 })
    // Twelve contacts' writes in a few commits, not one commit per contact.
    expect(commits() - before).toBeGreaterThan(0)
    expect(commits() - before).toBeLessThan(6)
  })

  it('the process dies in the middle of a backlog: the writes not recorded run again after the restart, ending the same', async () => {
    const file = tempDbFile()
    const d = db(file)
    const { time: first, wx, sync } = slowWeChat(d)
    let entered = false
    wx.setOnCall(() => (wx.calls.length === 9 ? (entered = true, new Promise<void>(() => {})) : first.advance(10_000)))
    sync.start()
    while (!entered) await new Promise((resolve) => setImmediate(resolve))
    const before = wx.calls.length
    // Dies here: eight writes of four contacts ran on WeChat, none recorded (they waited for a shared commit).
    wx.setOnCall(undefined)
    const d2 = db(file)
    const time = fakeTime()
    const second = makeSync(d2, { clock: time.clock, sleep: time.sleep, actions: wx.actions })
    expect(second.sync.health().done).toBe(0)
    await second.sync.drain()
    for (let i = 0; i < 12; i++) expect(wx.remarkOf(`c${String(i).padStart(2, '0')}`)).toBe(`L${(i % 5) + 1}|客户${i}`)
    expect(wx.calls.length).toBe(before + 24)
    expect(second.sync.health()).toMatchObject({ pending: 0, done: 24, failed: 0 })
  })
})

/** Counts the outermost transactions of the functions `d.$client.transaction` makes from now on (each is a commit). */
function countCommits(d: Db): () => number {
  const sqlite = d.$client
  const original = sqlite.transaction.bind(sqlite)
  let commits = 0
  ;(sqlite as { transaction: typeof sqlite.transaction }).transaction = ((fn: (...args: never[]) => unknown) => {
    const tx = original(fn)
    const counted = ((...args: never[]) => {
      const outer = !sqlite.inTransaction
      const result = tx(...args)
      if (outer) commits++
      return result
    }) as typeof tx
    return Object.assign(counted, { deferred: tx.deferred, immediate: tx.immediate, exclusive: tx.exclusive })
  }) as typeof sqlite.transaction
  return () => commits
}
