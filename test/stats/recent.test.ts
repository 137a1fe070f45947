import { describe, expect, it } from 'vitest'
import { addActiveDay, addRecentEvents, parseRecent, type RecentEvent } from '../../src/stats/recent.js'

const e = (kind: RecentEvent['kind'], at: number, id = `m${at}`): RecentEvent => ({ kind, at, text: 'x', messageId: id })

describe('recent signal events and active days', () => {
  it.each([
    { name: 'newest first, capped per kind', list: [1, 2, 3, 4, 5].map((t) => e('approval', t)), add: [e('approval', 6), e('complaint', 0)], perKind: 5, ats: [6, 5, 4, 3, 2, 0] },
    { name: 'a redelivered message is not added twice', list: [e('approval', 1, 'a')], add: [e('approval', 1, 'a')], perKind: 5, ats: [1] },
    { name: 'an older back-filled event drops out when the kind is full', list: [e('intent', 5), e('intent', 6)], add: [e('intent', 1)], perKind: 2, ats: [6, 5] },
  ])('$name', ({ list, add, perKind, ats }) => {
    expect(addRecentEvents(list, add, perKind).map((x) => x.at)).toEqual(ats)
  })

  it('a message newer than the list lands where the full sort puts it (ties, repeats, kinds full, lists out of order)', () => {
    // The definition: merge without repeats, stable sort newest first, keep perKind of each kind.
    const bySort = (list: RecentEvent[], add: RecentEvent[], perKind: number) => {
      const merged = list.slice()
      for (const x of add) if (!merged.some((y) => y.kind === x.kind && y.messageId === x.messageId)) merged.push(x)
      merged.sort((a, b) => b.at - a.at)
      const seen: Record<string, number> = {}
      return merged.filter((x) => (seen[x.kind] = (seen[x.kind] ?? 0) + 1) <= perKind)
    }
    let seed = 7
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n
    const kinds: Array<RecentEvent['kind']> = ['intent', 'approval', 'complaint', 'reading']
    for (let round = 0; round < 2000; round++) {
      let list: RecentEvent[] = []
      for (let i = rand(12); i > 0; i--) list.push(e(kinds[rand(4)], rand(8), `m${rand(10)}`))
      if (rand(4) > 0) list = bySort([], list, 3)
      const at = rand(3) === 0 ? rand(8) : 8 + rand(3)
      const add = Array.from({ length: 1 + rand(3) }, () => e(kinds[rand(4)], rand(6) === 0 ? rand(10) : at, `m${rand(12)}`))
      expect(addRecentEvents(list, add, 3)).toEqual(bySort(list, add, 3))
    }
  })

  it.each([
    { name: 'a new day goes first', days: ['2026-05-02', '2026-05-01'], day: '2026-05-03', want: ['2026-05-03', '2026-05-02', '2026-05-01'] },
    { name: 'the same day is kept once', days: ['2026-05-02'], day: '2026-05-02', want: ['2026-05-02'] },
    { name: 'only the newest 7 days are kept', days: ['2026-05-07', '2026-05-06', '2026-05-05', '2026-05-04', '2026-05-03', '2026-05-02', '2026-05-01'], day: '2026-05-08', want: ['2026-05-08', '2026-05-07', '2026-05-06', '2026-05-05', '2026-05-04', '2026-05-03', '2026-05-02'] },
    { name: 'an older day is sorted in', days: ['2026-05-05', '2026-05-01'], day: '2026-05-03', want: ['2026-05-05', '2026-05-03', '2026-05-01'] },
    { name: 'a list stored out of order comes out newest first', days: ['2026-05-01', '2026-05-05'], day: '2026-05-09', want: ['2026-05-09', '2026-05-05', '2026-05-01'] },
  ])('active days: $name', ({ days, day, want }) => {
    expect(addActiveDay(days, day)).toEqual(want)
  })

  it('a damaged JSON value reads as empty', () => {
    expect(parseRecent('{oops')).toEqual([])
  })
})
