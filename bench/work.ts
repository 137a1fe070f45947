import { DAY_MS, HOUR_MS } from '../src/shared/clock.js'
import { adminCommand, type RunningApp } from './app-harness.js'
import { peakRssMb, summarizeLatencies, timeAsync, type LatencySummary } from './measure.js'
import { createRng } from './prng.js'
import type { World } from './synth.js'

/*
 * What the merchant's day asks of a full account: the periodic pass, the morning digest, and commands.
 * Run in the bench process for the timings and again in a fresh app process for its memory.
 */

export interface WorkOptions {
  tierCalls: number
  silentCalls: number
  seed: number
  /** 'all': the four passes the bench times; 'daily': the one pass a day has (the app process). */
  passes?: 'all' | 'daily'
  /** Days after the history the work happens (default 0: the day after it ends). */
  dayOffset?: number
}

export interface PassResult { ms: number; total: number; changes: number }

export interface WorkResult {
  reclassify?: PassResult
  /** The next day's pass: what the daily cron job usually meets. */
  reclassifyDaily?: PassResult
  /** The same pass 45 quiet days later (many contacts turn silent). */
  reclassifyAged?: PassResult
  /** The pass again with nothing to change: the floor (read + classify every contact). */
  reclassifySteady?: PassResult
  digest?: { runsMs: number[]; messages: number; chars: number }
  tier?: LatencySummary & { byOutcome: Record<string, number>; p99ByOutcome: Record<string, number> }
  silent?: LatencySummary
  /** The process's peak RSS after each step (the high-water mark shows which step raised it). */
  peakRssMbAfter: Record<string, number>
}

export async function runDailyWork(running: RunningApp, world: World, options: WorkOptions): Promise<WorkResult> {
  const { ladder, buildDigest, command } = running.features
  const accountId = world.accountId
  const base = world.endAt + (options.dayOffset ?? 0) * DAY_MS
  const result: WorkResult = { peakRssMbAfter: { start: peakRssMb() } }
  // The pass as the daily job runs it: tier changes also reach the label sync listening on the ladder.
  const pass = async (at: number): Promise<PassResult> => {
    running.clock.set(at)
    const run = await timeAsync(() => ladder.reclassifyAll(accountId, at))
    return { ms: run.ms, total: run.value.total, changes: run.value.changes.length }
  }
  if (options.passes !== 'daily') result.reclassify = await pass(base + HOUR_MS)
  result.reclassifyDaily = await pass(base + DAY_MS + HOUR_MS)
  result.peakRssMbAfter.reclassify = peakRssMb()

  // That morning, 09:00 local.
  const morning = base + DAY_MS + 9 * HOUR_MS
  running.clock.set(morning)
  const runsMs: number[] = []
  let messages: string[] = []
  for (let k = 0; k < 5; k++) {
    const run = await timeAsync(() => buildDigest(accountId, morning))
    runsMs.push(run.ms)
    messages = run.value
  }
  result.digest = { runsMs, messages: messages.length, chars: messages.join('').length }
  result.peakRssMbAfter.digest = peakRssMb()

  // Commands go the whole way: the admin's message is logged, handled, and the reply said.
  const samples: number[] = []
  const byOutcome: Record<string, number[]> = {}
  for (const query of tierQueries(world, options.tierCalls, options.seed)) {
    const run = await timeAsync(() => command(adminCommand(world, `/tier ${query}`, morning)))
    samples.push(run.ms)
    ;(byOutcome[classifyReply(run.value)] ??= []).push(run.ms)
  }
  const outcomes = Object.entries(byOutcome)
  result.tier = {
    ...summarizeLatencies(samples),
    byOutcome: Object.fromEntries(outcomes.map(([k, v]) => [k, v.length])),
    p99ByOutcome: Object.fromEntries(outcomes.map(([k, v]) => [k, summarizeLatencies(v).p99Ms])),
  }
  result.peakRssMbAfter.tier = peakRssMb()
  const silent: number[] = []
  for (let k = 0; k < options.silentCalls; k++) {
    const run = await timeAsync(() => command(adminCommand(world, k % 2 === 0 ? '/silent' : '/silent 10', morning)))
    silent.push(run.ms)
  }
  result.silent = summarizeLatencies(silent)
  result.peakRssMbAfter.silent = peakRssMb()

  if (options.passes !== 'daily') {
    result.reclassifyAged = await pass(base + 45 * DAY_MS)
    result.reclassifySteady = await pass(base + 45 * DAY_MS)
  }
  return result
}

/**
 * What a merchant types after /tier: mostly their own remark for the customer or the customer's
 * name (often shared by several contacts), sometimes a typo or someone unknown.
 */
export function tierQueries(world: World, n: number, seed: number): string[] {
  const rng = createRng(seed ^ 0x7157)
  const withRemark = world.contacts.filter((c) => c.remark !== '')
  const queries: string[] = []
  for (let k = 0; k < n; k++) {
    const r = rng.next()
    const contact = world.contacts[rng.int(world.contacts.length)]
    if (r < 0.45 && withRemark.length > 0) queries.push(rng.pick(withRemark).remark)
    else if (r < 0.85) queries.push(contact.name)
    else if (r < 0.95) queries.push(`${contact.name.slice(0, -1)}某`)
    else queries.push(`不存在的人${k}`)
  }
  return queries
}

// Replies are Chinese text; a coarse bucket is enough to see which path the latency came from.
function classifyReply(reply: string | null): string {
  if (reply === null) return 'no reply'
  if (reply.startsWith('没有找到')) return 'not found'
  if (/对应 \d+ 位联系人/.test(reply)) return 'ambiguous'
  if (/L[0-5] /.test(reply)) return 'found'
  return 'other'
}
