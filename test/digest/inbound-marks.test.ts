import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/config/schema.js'
import { buildDigest } from '../../src/digest/build.js'
import { appendMark, inboundMarkBefore, pickMark, takeInboundMark, type InboundMark } from '../../src/digest/inbound-marks.js'
import { loadDigestSnapshot } from '../../src/digest/snapshot.js'
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../src/shared/clock.js'
import { ACCOUNT, T0, createHarness } from '../tiers/harness.js'

const config = DEFAULT_CONFIG
const mark = (takenAt: number, maxInboundAt: number | null, rowid = takenAt): InboundMark => ({ rowid, messageId: `m${rowid}`, maxInboundAt, takenAt })

describe('inbound marks (rules)', () => {
  it.each([
    { name: 'the first mark is kept', marks: [], add: mark(10 * HOUR_MS, 1), kept: [10 * HOUR_MS] },
    { name: 'one mark an hour at most: a slice soon after adds none', marks: [mark(0, 1)], add: mark(30 * MINUTE_MS, 2), kept: [0] },
    { name: 'an hour later adds one', marks: [mark(0, 1)], add: mark(HOUR_MS, 2), kept: [0, HOUR_MS] },
    {
      name: 'older than three days: only the newest of them stays',
      marks: [mark(0, 1), mark(DAY_MS, 2), mark(2 * DAY_MS, 3)], add: mark(4.5 * DAY_MS, 4), kept: [DAY_MS, 2 * DAY_MS, 4.5 * DAY_MS],
    },
  ])('$name', ({ marks, add, kept }) => {
    expect(appendMark(marks, add).map((m) => m.takenAt)).toEqual(kept)
  })

  it.each([
    { name: 'the newest mark whose latest inbound is before the window', since: 100, rowid: 2 },
    { name: 'none is early enough: no mark (read the stats)', since: 50, rowid: undefined },
    { name: 'a mark taken before anyone wrote serves any window', since: 10, rowid: 1, marks: [mark(1, null), mark(2, 90)] },
  ])('$name', ({ since, rowid, marks }) => {
    const list = marks ?? [mark(1, 60), mark(2, 80), mark(3, 120)]
    expect(pickMark(list, since)?.rowid).toBe(rowid)
  })
})

/** The warming section as the merchant reads it, and whether a mark served it. */
function warmingLines(db: ReturnType<typeof createHarness>['db'], now: number): { lines: string[]; marked: boolean } {
  const digest = buildDigest(loadDigestSnapshot(db, ACCOUNT, now, config), now, config).join('\n')
  const section = digest.split('\n\n').find((block) => block.includes('互动升温')) ?? ''
  const todayStart = now - 9 * HOUR_MS
  return { lines: section.split('\n'), marked: inboundMarkBefore(db, ACCOUNT, todayStart - DAY_MS) !== null }
}

/** The same digest read from the stats table alone (the marks put aside for one read). */
function warmingLinesWithoutMarks(db: ReturnType<typeof createHarness>['db'], now: number): string[] {
  const sqlite = db.$client
  sqlite.exec('SAVEPOINT no_marks')
  try {
    sqlite.prepare(`DELETE FROM meta WHERE key = 'digest.inboundMarks'`).run()
    return warmingLines(db, now).lines
  } finally {
    sqlite.exec('ROLLBACK TO no_marks')
    sqlite.exec('RELEASE no_marks')
  }
}

describe('the warming list read after an inbound mark', () => {
  // T0 is 10:00 in Shanghai: the morning pass at 08:30, the digest at 09:00.
  const day0 = T0 - 10 * HOUR_MS

  it('names the same customers as reading every contact, day after day', () => {
    const h = createHarness()
    h.ladder.onPass((accountId, now) => takeInboundMark(h.db, accountId, now))
    let seed = 7
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
    const customers = Array.from({ length: 24 }, (_, i) => `c${i}`)
    let marked = 0
    let listed = 0
    for (let d = 0; d < 12; d++) {
      const start = day0 + d * DAY_MS
      h.ladder.reclassifyDue(ACCOUNT, start + 8.5 * HOUR_MS)
      const now = start + 9 * HOUR_MS
      const read = warmingLines(h.db, now)
      expect(read.lines).toEqual(warmingLinesWithoutMarks(h.db, now))
      if (read.marked) marked++
      if (read.lines.length > 1) listed++
      // The day's chats: regulars most days, others now and then, some in the group, a late delivery.
      for (const [i, id] of customers.entries()) {
        if (rand() > (i < 8 ? 0.9 : 0.35)) continue
        const at = start + (9 + Math.floor(rand() * 14)) * HOUR_MS
        if (i % 5 === 0) h.group(id, '在吗', 'fans@chatroom')
        h.say(id, '这个还有吗', { at })
        if (rand() < 0.5) h.reply(id, '有的', { at: at + MINUTE_MS })
      }
    }
    expect(listed).toBeGreaterThan(3)
    expect(marked).toBeGreaterThan(8)
  })

  it('finds a customer whose message was written with an earlier date after the mark (a late delivery)', () => {
    const h = createHarness()
    h.ladder.onPass((accountId, now) => takeInboundMark(h.db, accountId, now))
    h.say('old', '你好', { at: day0 - 10 * DAY_MS })
    h.ladder.reclassifyDue(ACCOUNT, day0 - 2 * DAY_MS)
    // Yesterday, the day before and the day before that, all delivered this morning after the pass.
    h.ladder.reclassifyDue(ACCOUNT, day0 + 8.5 * HOUR_MS)
    for (const back of [3, 2, 1]) h.say('late', '想了解一下', { at: day0 - back * DAY_MS + 20 * HOUR_MS })
    const read = warmingLines(h.db, day0 + 9 * HOUR_MS)
    expect(read.marked).toBe(true)
    expect(read.lines.join('\n')).toContain('· late（')
    // Many more rows after the mark than contacts (a big history import): the stats are read instead.
    expect(inboundMarkBefore(h.db, ACCOUNT, day0 - DAY_MS, 2)).toBeNull()
  })

  it('reads the stats again when the marked message is gone (/forget reuses rowids)', () => {
    const h = createHarness()
    h.ladder.onPass((accountId, now) => takeInboundMark(h.db, accountId, now))
    h.say('gone', '你好', { at: day0 - 5 * DAY_MS })
    h.ladder.reclassifyDue(ACCOUNT, day0 - 4 * DAY_MS)
    h.db.$client.prepare(`DELETE FROM interactions WHERE contact_id = 'gone'`).run()
    for (const back of [2, 1, 0]) h.say('warm', '在吗', { at: day0 - back * DAY_MS + 8 * HOUR_MS })
    const read = warmingLines(h.db, day0 + 9 * HOUR_MS)
    expect(read.marked).toBe(false)
    expect(read.lines.join('\n')).toContain('· warm（')
    // The next pass starts the marks over.
    h.ladder.reclassifyDue(ACCOUNT, day0 + 10 * HOUR_MS)
    expect(inboundMarkBefore(h.db, ACCOUNT, day0 + 11 * HOUR_MS)).not.toBeNull()
  })

  it('reads a damaged marks value as no marks (the stats are read)', () => {
    const h = createHarness()
    for (const back of [2, 1, 0]) h.say('warm', '在吗', { at: day0 - back * DAY_MS + 8 * HOUR_MS })
    h.db.$client.prepare(`INSERT INTO meta (account_id, key, value) VALUES (?, 'digest.inboundMarks', '[{"rowid":"x"}]')`).run(ACCOUNT)
    const read = warmingLines(h.db, day0 + 9 * HOUR_MS)
    expect(read.marked).toBe(false)
    expect(read.lines.join('\n')).toContain('· warm（')
  })

  it('after a message dated in the future, only marks taken before it serve a window (else the stats are read)', () => {
    const h = createHarness()
    h.ladder.onPass((accountId, now) => takeInboundMark(h.db, accountId, now))
    h.ladder.reclassifyDue(ACCOUNT, day0 - 3 * DAY_MS)
    h.say('skew', '你好', { at: day0 + 30 * DAY_MS })
    h.ladder.reclassifyDue(ACCOUNT, day0 - 2 * DAY_MS)
    expect(inboundMarkBefore(h.db, ACCOUNT, day0 - DAY_MS)).not.toBeNull()
    expect(inboundMarkBefore(h.db, ACCOUNT, day0 + 31 * DAY_MS)).not.toBeNull()
    // The first mark (before the message) still serves every window; a later one could not.
    h.db.$client.prepare(`DELETE FROM meta WHERE key = 'digest.inboundMarks'`).run()
    h.ladder.reclassifyDue(ACCOUNT, day0 - DAY_MS)
    expect(inboundMarkBefore(h.db, ACCOUNT, day0)).toBeNull()
  })
})
