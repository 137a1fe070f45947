import { TIER_NAMES, tierCode, type Tier, type TierCode } from '../tiers/ladder.js'
import type { DaySnapshot, MoveRow } from './snapshot-store.js'
import { addDays, isoWeekOf } from './week.js'

/*
 * What the weekly picture shows, as plain numbers: a pure function of the stored daily snapshots and
 * the rung moves of the week. The renderer and the caption only format this.
 */

export interface ReportPeriod {
  /** ISO week, `2026-W48`. */
  week: string
  /** Monday and the last day covered (Sunday, or today for the week in progress), inclusive. */
  start: string
  end: string
  /** The week is still running (on-demand report mid-week). */
  partial: boolean
  /** Ended before last week (`tierbot report --week` of an older week): not called 上周. */
  older?: true
}

export interface RungBar {
  tier: Tier
  code: TierCode
  name: string
  count: number
  /** Change since the end of last week; null when last week was not recorded. */
  change: number | null
}

export interface WeekBar {
  week: string
  /** Monday of the week. */
  start: string
  newFriends: number
  woken: number
  orders: number
  spendFen: number
}

export interface Mover {
  name: string
  from: Tier
  to: Tier
}

/** lost: customers who deleted the merchant (流失), in the total as in /stats and the digest. */
export interface ActivityCounts { new: number; active: number; silent: number; dormant: number; lost: number }

export interface ReportModel {
  period: ReportPeriod
  /** False when nothing was recorded for the week: the report says so instead of drawing zeros. */
  hasData: boolean
  /** The day whose funnel is shown (latest snapshot in reach), or null. */
  asOf: string | null
  total: number
  totalChange: number | null
  funnel: RungBar[]
  activity: ActivityCounts
  activityChange: ActivityCounts | null
  /** Oldest first, the report's week last. */
  weeks: WeekBar[]
  thisWeek: WeekBar
  lastWeek: WeekBar | null
  /** The week's spend by the payer's rung, fen, [L0..L5]. */
  spendByTier: number[]
  up: Mover[]
  down: Mover[]
  upTotal: number
  downTotal: number
}

export interface ModelOptions {
  /** Weeks in the trend charts, the report's week included. */
  weeks: number
  /** Names listed per direction. */
  topMovers: number
}

const EMPTY_ACTIVITY: ActivityCounts = { new: 0, active: 0, silent: 0, dormant: 0, lost: 0 }

/** The period a report for `week` covers, cut at `today` when the week is still running. */
export function periodOf(week: string, monday: string, today: string): ReportPeriod {
  const sunday = addDays(monday, 6)
  const partial = today <= sunday
  const older = today > addDays(sunday, 7)
  return { week, start: monday, end: partial ? today : sunday, partial, ...(older ? { older } : {}) }
}

/** The oldest day the model reads for a report starting on `monday`. */
export function firstDayNeeded(monday: string, options: ModelOptions): string {
  return addDays(monday, -7 * (options.weeks - 1) - 1)
}

/**
 * Build the model. `snapshots` must cover `firstDayNeeded(...)` to the day after the period (the
 * Monday-morning funnel closes the week); `moves` are the week's rung changes, oldest first.
 */
export function buildReportModel(period: ReportPeriod, snapshots: DaySnapshot[], moves: MoveRow[], options: ModelOptions): ReportModel {
  const sorted = [...snapshots].sort((a, b) => a.day.localeCompare(b.day))
  // The funnel at the end of the week: taken on the next morning's pass when there is one.
  const closing = period.partial ? period.end : addDays(period.end, 1)
  const current = latestLevels(sorted, closing)
  const previous = latestLevels(sorted, period.start)
  const usablePrevious = previous && current && previous.day < current.day ? previous : null

  const weeks: WeekBar[] = []
  for (let i = options.weeks - 1; i >= 0; i--) {
    const start = addDays(period.start, -7 * i)
    weeks.push(sumWeek(sorted, start, i === 0 ? period.end : addDays(start, 6)))
  }
  const thisWeek = weeks[weeks.length - 1]
  // Compared with the week before only when some day of it was recorded (not before tierbot's first day).
  const lastWeekRecorded = sorted.some((s) => s.day >= addDays(period.start, -7) && s.day < period.start)
  const lastWeek = weeks.length > 1 && lastWeekRecorded ? weeks[weeks.length - 2] : null
  const spendByTier = [0, 0, 0, 0, 0, 0]
  for (const s of sorted) {
    if (s.day >= period.start && s.day <= period.end) s.spendByTier.forEach((fen, t) => { spendByTier[t] += fen })
  }

  const tiers = current?.tiers ?? [0, 0, 0, 0, 0, 0]
  const funnel: RungBar[] = tiers.map((count, t) => ({
    tier: t as Tier, code: tierCode(t as Tier), name: TIER_NAMES[t as Tier], count,
    change: usablePrevious?.tiers ? count - usablePrevious.tiers[t] : null,
  }))
  const activity = current?.activity ? toActivity(current.activity) : EMPTY_ACTIVITY
  const activityChange = usablePrevious?.activity ? diffActivity(activity, toActivity(usablePrevious.activity)) : null
  // Live weeks: tier_history; weeks reconstructed from history carry their moves on their Sunday.
  const stored = sorted.filter((s) => s.moves && s.day >= period.start && s.day <= period.end).flatMap((s) => s.moves ?? [])
  const net = netMoves([...stored, ...moves])
  const weekHasFlows = sorted.some((s) => s.day >= period.start && s.day <= period.end)
  const hasData = weekHasFlows || (current !== null && current.day >= period.start)

  return {
    period,
    hasData,
    asOf: current?.day ?? null,
    total: current?.total ?? 0,
    totalChange: usablePrevious && current ? (current.total ?? 0) - (usablePrevious.total ?? 0) : null,
    funnel,
    activity,
    activityChange,
    weeks,
    thisWeek,
    lastWeek,
    spendByTier,
    up: net.up.slice(0, options.topMovers),
    down: net.down.slice(0, options.topMovers),
    upTotal: net.up.length,
    downTotal: net.down.length,
  }
}

function latestLevels(sorted: DaySnapshot[], onOrBefore: string): DaySnapshot | null {
  for (let i = sorted.length - 1; i >= 0; i--) {
    const s = sorted[i]
    if (s.day <= onOrBefore && s.tiers && s.activity && s.total !== null) return s
  }
  return null
}

function sumWeek(sorted: DaySnapshot[], start: string, end: string): WeekBar {
  const bar: WeekBar = { week: isoWeekOf(start), start, newFriends: 0, woken: 0, orders: 0, spendFen: 0 }
  for (const s of sorted) {
    if (s.day < start || s.day > end) continue
    bar.newFriends += s.newFriends
    bar.woken += s.woken
    bar.orders += s.orders
    bar.spendFen += s.spendFen
  }
  return bar
}

function toActivity(a: number[]): ActivityCounts {
  return { new: a[0], active: a[1], silent: a[2], dormant: a[3], lost: a[4] ?? 0 }
}

function diffActivity(a: ActivityCounts, b: ActivityCounts): ActivityCounts {
  return { new: a.new - b.new, active: a.active - b.active, silent: a.silent - b.silent, dormant: a.dormant - b.dormant, lost: a.lost - b.lost }
}

/**
 * A contact who moved several times in the week counts once, first rung → last rung; one who went up
 * and came back is not a mover. Biggest jumps first, then the higher rung reached.
 */
export function netMoves(moves: MoveRow[]): { up: Mover[]; down: Mover[] } {
  const byContact = new Map<string, Mover>()
  for (const m of moves) {
    const seen = byContact.get(m.contactId)
    if (seen) seen.to = m.to
    else byContact.set(m.contactId, { name: m.name, from: m.from, to: m.to })
  }
  const all = [...byContact.values()]
  const up = all.filter((m) => m.to > m.from).sort((a, b) => (b.to - b.from) - (a.to - a.from) || b.to - a.to || a.name.localeCompare(b.name))
  const down = all.filter((m) => m.to < m.from).sort((a, b) => (b.from - b.to) - (a.from - a.to) || b.from - a.from || a.name.localeCompare(b.name))
  return { up, down }
}
