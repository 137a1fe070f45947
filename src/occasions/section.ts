import type { Config } from '../config/schema.js'
import { localToday, type LocalDate } from '../shared/local-date.js'
import { DAY_MS } from '../shared/clock.js'
import { parseStringList } from '../stats/recent.js'
import { tierLabel, type Tier } from '../tiers/ladder.js'
import { formatCalendarDate } from './calendar-date.js'
import { daysBetween, nextOccurrence, seasonChangeNear } from './calendar-year.js'
import type { UpcomingFestival } from './festivals.js'
import type { BirthdayRow, OccasionContact } from './occasion-store.js'
import { listCap, restLine, type ListMode } from '../digest/sections.js'

/*
 * The digest's one occasion section (issue 20; seeds 000/001: 节日或特殊日子送上问候, 生日礼遇): this week's
 * birthdays and the nearest festival with the few customers it suits best, each with a line that fits
 * the rung. Pure. tierbot never sends these itself: it tells the merchant.
 */

export interface OccasionSnapshot {
  birthdays: BirthdayRow[]
  /** The nearest festival in its reminder window, if any. */
  festival: UpcomingFestival | null
  /** Customers the festival suits, best first (persona match, rung, spend, recent warmth). */
  festivalCandidates: OccasionContact[]
}

export interface OccasionSectionOut {
  title: string
  items: string[]
}

/**
 * A merchant message is a nudge (not an answer) when it came at least this long after the customer's last
 * word: most chats end with the merchant's reply, and that customer is the warmest to greet, not one to spare.
 */
export const NUDGE_GAP_MS = DAY_MS

/**
 * Dormant, snoozed, or nudged lately without an answer: not greeted (no harassment, seed 003); lost
 * (流失) customers deleted the account and cannot be greeted at all.
 */
export function isGreetable(c: OccasionContact, now: number, noAnswerDays: number): boolean {
  if (c.activity === 'dormant' || c.activity === 'lost') return false
  if (c.snoozedUntil !== null && c.snoozedUntil > now) return false
  const nudged = c.lastOutboundAt !== null && c.lastOutboundAt >= (c.lastInboundAt ?? 0) + NUDGE_GAP_MS && c.lastOutboundAt >= now - noAnswerDays * DAY_MS
  return !nudged
}

const BIRTHDAY_LINES: Record<'vip' | 'warm' | 'new', string> = {
  vip: '生日礼遇：“生日快乐🎂！给你准备了一份生日小礼，记得查收～”',
  warm: '生日祝福：“生日快乐🎂！祝新的一岁开开心心～”（只送祝福，不推销）',
  new: '简单祝福：“生日快乐～”',
}

/** The birthday greeting that fits the rung: a gift for L4/L5, warm wishes for L2/L3, a simple line below. */
export function birthdayLine(tier: Tier): string {
  return BIRTHDAY_LINES[tier >= 4 ? 'vip' : tier >= 2 ? 'warm' : 'new']
}

/** The festival line; L4/L5 also get the 老客福利. */
export function festivalLine(tier: Tier, line: string): string {
  return tier >= 4 ? `老客福利：“${line}”再附一份老客专属福利🎁` : `“${line}”`
}

/**
 * Near 立春/立夏/立秋/立冬 (occasions.seasonWindowDays either side): 快换季了（8月7日立秋） before the term,
 * 换季了（…） from it on; null away from one or with occasions off (seed 001: 季节更替是场景触发信号).
 */
export function seasonHint(now: number, config: Config): string | null {
  if (!config.occasions.enabled) return null
  const today = localToday(now, config.timezone)
  const season = seasonChangeNear(today, config.occasions.seasonWindowDays)
  if (!season) return null
  return `${daysBetween(today, season.date) > 0 ? '快换季了' : '换季了'}（${season.date.month}月${season.date.day}日${season.name}）`
}

export function whenText(date: LocalDate, daysAhead: number): string {
  if (daysAhead === 0) return '今天'
  if (daysAhead === 1) return `明天 ${date.month}月${date.day}日`
  if (daysAhead === 2) return `后天 ${date.month}月${date.day}日`
  return `${date.month}月${date.day}日（${daysAhead} 天后）`
}

function personaText(c: OccasionContact, wanted: readonly string[]): string {
  const fits = parseStringList(c.personas).filter((p) => wanted.includes(p))
  return fits.length > 0 ? ` · ${fits.join('、')}` : ''
}

export function occasionSection(occasions: OccasionSnapshot | undefined, now: number, config: Config, mode: ListMode = 'digest'): OccasionSectionOut | null {
  const o = config.occasions
  if (!occasions || !o.enabled) return null
  const today = localToday(now, config.timezone)
  const greetable = (c: OccasionContact) => isGreetable(c, now, config.digest.noAnswerDays)

  const birthdays = occasions.birthdays
    .filter(greetable)
    .map((b) => ({ b, next: nextOccurrence(b.birthday, today) }))
    .filter((x) => x.next.daysAhead <= o.birthdayDaysAhead)
    .sort((x, y) => x.next.daysAhead - y.next.daysAhead || y.b.tier - x.b.tier || y.b.spendFen - x.b.spendFen)
  const shownBirthdays = birthdays.slice(0, listCap(config.digest.maxPerSection, mode))
  const items = shownBirthdays.map(({ b, next }) => {
    const lunar = b.birthday.kind === 'lunar' ? `（${formatCalendarDate(b.birthday)}）` : ''
    return `🎂 ${b.name}（${tierLabel(b.tier)}）${whenText(next.date, next.daysAhead)}生日${lunar}\n   建议 · ${birthdayLine(b.tier)}`
  })
  if (birthdays.length > shownBirthdays.length) items.push(restLine(birthdays.length - shownBirthdays.length, '位这几天过生日', mode))

  const f = occasions.festival
  let festivalShown = false
  if (f) {
    const named = new Set(shownBirthdays.map((x) => x.b.contactId))
    const minTier = Number(f.festival.minTier.slice(1))
    const fits = (c: OccasionContact) => c.tier >= minTier || (c.tier >= 1 && parseStringList(c.personas).some((p) => f.festival.personas.includes(p)))
    const people = occasions.festivalCandidates.filter((c) => greetable(c) && fits(c) && !named.has(c.contactId)).slice(0, o.festivalCustomers)
    if (people.length > 0) {
      festivalShown = true
      items.push(`🎉 ${f.festival.name} ${whenText(f.date, f.daysAhead)}，适合问候：`)
      for (const c of people) {
        const persona = personaText(c, f.festival.personas)
        const line = persona && f.festival.personaLine ? f.festival.personaLine : f.festival.line
        items.push(`· ${c.name}（${tierLabel(c.tier)}${persona}）建议 · ${festivalLine(c.tier, line)}`)
      }
    }
  }
  if (items.length === 0) return null
  const title = shownBirthdays.length > 0 && festivalShown ? '🎉 近期节日 / 🎂 生日' : festivalShown ? '🎉 近期节日' : '🎂 生日'
  return { title, items }
}
