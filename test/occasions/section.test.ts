import { describe, expect, it } from 'vitest'
import { buildDigest } from '../../src/digest/build.js'
import { DEFAULT_CONFIG, type Config } from '../../src/config/schema.js'
import { localToday } from '../../src/shared/local-date.js'
import { upcomingFestivals } from '../../src/occasions/festivals.js'
import type { BirthdayRow, OccasionContact } from '../../src/occasions/occasion-store.js'
import { occasionSection, type OccasionSnapshot } from '../../src/occasions/section.js'
import type { YearlyDate } from '../../src/occasions/calendar-date.js'
import { emptySnapshot, order, sh } from '../digest/fixtures.js'

const DAY = 86_400_000
const TZ = 'Asia/Shanghai'

function who(name: string, over: Partial<OccasionContact> = {}, now = sh('2026-03-06T09:00:00')): OccasionContact {
  return {
    contactId: `id-${name}`, name, tier: 3, activity: 'active', snoozedUntil: null,
    lastInboundAt: now - 2 * DAY, lastOutboundAt: now - 2 * DAY - 60_000, spendFen: 0, personas: '[]', ...over,
  }
}
const bday = (name: string, birthday: YearlyDate, over: Partial<OccasionContact> = {}, now?: number): BirthdayRow => ({ ...who(name, over, now), birthday })
const solar = (month: number, day: number): YearlyDate => ({ kind: 'solar', month, day })

/** The occasions a loader would hand over at `now`: the nearest festival of the default calendar. */
function occasions(now: number, birthdays: BirthdayRow[], candidates: OccasionContact[] = [], config: Config = DEFAULT_CONFIG): OccasionSnapshot {
  return { birthdays, festival: upcomingFestivals(config.occasions.festivals, localToday(now, TZ))[0] ?? null, festivalCandidates: candidates }
}

describe('🎂 birthdays: today and this week, with a greeting that fits the rung', () => {
  const now = sh('2026-03-06T09:00:00')
  it('names 张三 two days ahead with the L4 生日礼遇, 李四 today with warm wishes', () => {
    const s = occasionSection(occasions(now, [bday('张三', solar(3, 8), { tier: 4 }), bday('李四', solar(3, 6), { tier: 2 })]), now, DEFAULT_CONFIG)
    // 妇女节 (3月8日) is in its window too, but nobody in the candidates: the birthdays alone.
    expect(s?.title).toBe('🎂 生日')
    expect(s?.items).toEqual([
      '🎂 李四（L2 认识我的人）今天生日\n   建议 · 生日祝福：“生日快乐🎂！祝新的一岁开开心心～”（只送祝福，不推销）',
      '🎂 张三（L4 信任我的人）后天 3月8日生日\n   建议 · 生日礼遇：“生日快乐🎂！给你准备了一份生日小礼，记得查收～”',
    ])
  })

  it.each([
    { name: 'dormant: not chased (seed 003)', over: { activity: 'dormant' as const } },
    { name: 'snoozed by the merchant', over: { snoozedUntil: now + 3 * DAY } },
    { name: 'messaged 3 days ago without an answer', over: { lastInboundAt: now - 20 * DAY, lastOutboundAt: now - 3 * DAY } },
  ])('left out: $name', ({ over }) => {
    expect(occasionSection(occasions(now, [bday('张三', solar(3, 8), over)]), now, DEFAULT_CONFIG)).toBeNull()
  })

  it('a birthday more than a week ahead is not named yet; a quiet day gives no section', () => {
    const quiet = sh('2026-07-01T09:00:00')
    expect(occasionSection(occasions(quiet, [bday('张三', solar(7, 20), {}, quiet)]), quiet, DEFAULT_CONFIG)).toBeNull()
    const digest = buildDigest(emptySnapshot({ occasions: occasions(quiet, [bday('张三', solar(7, 20), {}, quiet)]) }), quiet, DEFAULT_CONFIG)
    expect(digest.join('\n')).not.toMatch(/生日|节日/)
  })

  it('Asia/Shanghai midnight: at 23:59 on 7 March it is 明天, at 00:30 on 8 March 今天', () => {
    const before = Date.parse('2026-03-07T15:59:00Z')
    const after = Date.parse('2026-03-07T16:30:00Z')
    expect(occasionSection(occasions(before, [bday('张三', solar(3, 8), {}, before)]), before, DEFAULT_CONFIG)?.items[0]).toMatch(/^🎂 张三（L3 认同我的人）明天 3月8日生日/)
    expect(occasionSection(occasions(after, [bday('张三', solar(3, 8), {}, after)]), after, DEFAULT_CONFIG)?.items[0]).toMatch(/^🎂 张三（L3 认同我的人）今天生日/)
  })

  it('29 Feb in a common year is greeted on 28 Feb; a lunar birthday says its lunar date', () => {
    const now2 = sh('2027-02-27T09:00:00')
    const s = occasionSection(occasions(now2, [
      bday('闰日', solar(2, 29), {}, now2),
      bday('农历', { kind: 'lunar', month: 1, day: 24, leap: false }, {}, now2),
    ]), now2, DEFAULT_CONFIG)
    expect(s?.items.map((i) => i.split('\n')[0])).toEqual([
      '🎂 闰日（L3 认同我的人）明天 2月28日生日',
      '🎂 农历（L3 认同我的人）后天 3月1日生日（农历正月廿四）',
    ])
  })
})

describe('🎉 festivals: the few customers each suits, never the dormant', () => {
  const now = sh('2026-05-06T09:00:00') // 母亲节 is Sunday 10 May 2026
  it('before 母亲节 a 宝妈 at L2 comes first; L4 gets the 老客福利; the dormant and the nudged are left out', () => {
    const s = occasionSection(occasions(now, [], [
      who('宝妈小李', { tier: 2, personas: '["宝妈"]' }, now),
      who('老客王姐', { tier: 4, spendFen: 99_900 }, now),
      who('沉睡宝妈', { tier: 4, activity: 'dormant', personas: '["宝妈"]' }, now),
      who('刚发过', { tier: 5, lastInboundAt: now - 30 * DAY, lastOutboundAt: now - 2 * DAY }, now),
      who('陌生人', { tier: 1 }, now),
    ]), now, DEFAULT_CONFIG)
    expect(s).toEqual({
      title: '🎉 近期节日',
      items: [
        '🎉 母亲节 5月10日（4 天后），适合问候：',
        '· 宝妈小李（L2 认识我的人 · 宝妈）建议 · “母亲节快乐！当妈妈辛苦啦，也给自己挑份礼物吧🌷”',
        // Not a 宝妈 as far as tierbot knows: the seed's 母亲节给妈妈选份礼, not 当妈妈辛苦啦.
        '· 老客王姐（L4 信任我的人）建议 · 老客福利：“母亲节快到了，给妈妈挑份礼物吧🌷”再附一份老客专属福利🎁',
      ],
    })
  })

  it('birthdays and a festival share one section, and the festival list skips who is already named', () => {
    const s = occasionSection(occasions(now, [bday('宝妈小李', solar(5, 8), { tier: 2, personas: '["宝妈"]' }, now)], [
      who('宝妈小李', { tier: 2, personas: '["宝妈"]' }, now),
      who('老客王姐', { tier: 4 }, now),
    ]), now, DEFAULT_CONFIG)
    expect(s?.title).toBe('🎉 近期节日 / 🎂 生日')
    expect(s?.items.filter((i) => i.includes('宝妈小李'))).toHaveLength(1)
    expect(s?.items.some((i) => i.startsWith('· 老客王姐'))).toBe(true)
  })

  it('at most festivalCustomers customers; occasions off → nothing', () => {
    const many = Array.from({ length: 8 }, (_, i) => who(`客户${i}`, { tier: 3 }, now))
    expect(occasionSection(occasions(now, [], many), now, DEFAULT_CONFIG)?.items).toHaveLength(1 + DEFAULT_CONFIG.occasions.festivalCustomers)
    const off = { ...DEFAULT_CONFIG, occasions: { ...DEFAULT_CONFIG.occasions, enabled: false } }
    expect(occasionSection(occasions(now, [], many), now, off)).toBeNull()
  })

  it('in the digest: one occasion section, after the follow-ups', () => {
    const snapshot = emptySnapshot({ orders: [order('买家', now - DAY)], occasions: occasions(now, [], [who('老客王姐', { tier: 4 }, now)]) })
    const text = buildDigest(snapshot, now, DEFAULT_CONFIG).join('\n\n')
    expect(text.indexOf('📦 购后跟进')).toBeLessThan(text.indexOf('🎉 近期节日'))
    expect(text.match(/🎉 近期节日/g)).toHaveLength(1)
  })
})

describe('换季: the replenish reminder near a season change', () => {
  it.each([
    { name: '4 days before 立秋: the season is about to change', now: sh('2026-08-03T09:00:00'), want: '快换季了（8月7日立秋），差不多用完了，提醒补货，顺便推荐换季款' },
    { name: '2 days after 立秋: it has changed', now: sh('2026-08-09T09:00:00'), want: '换季了（8月7日立秋），差不多用完了，提醒补货，顺便推荐换季款' },
    { name: 'mid-season: the plain reminder', now: sh('2026-07-01T09:00:00'), want: '差不多用完了，提醒补货' },
  ])('$name', ({ now, want }) => {
    const snapshot = emptySnapshot({ orders: [order('回购客', now - 30 * DAY)] })
    expect(buildDigest(snapshot, now, DEFAULT_CONFIG).join('\n')).toContain(`· 回购客（L4 信任我的人）30 天前下单 ¥199：${want}`)
  })
})

describe('换季 in 🔁 老客该复购了 too: a regular whose rhythm comes round at a season change', () => {
  it.each([
    { name: 'near 立秋', now: sh('2026-08-03T09:00:00'), want: '问问是不是快用完了，快换季了（8月7日立秋），顺便推荐换季款' },
    { name: 'mid-season', now: sh('2026-07-01T09:00:00'), want: '问问是不是快用完了' },
  ])('$name', ({ now, want }) => {
    const snapshot = emptySnapshot()
    snapshot.views = {
      hotUnsold: [], thanks: [],
      replenish: [{ contactId: 'id-li', name: '李四', tier: 5, orderTimes: [now - 60 * DAY, now - 40 * DAY, now - 20 * DAY] }],
    }
    const digest = buildDigest(snapshot, now, DEFAULT_CONFIG).join('\n')
    expect(digest.split('\n').find((l) => l.startsWith('· 李四'))?.endsWith(`：${want}`)).toBe(true)
  })
})
