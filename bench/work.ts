import { copyFileSync, rmSync } from 'node:fs'
import { DAY_MS, HOUR_MS } from '../src/shared/clock.js'
import { SELECT_ALL_ROWS } from '../src/tiers/tier-store.js'
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
  log?: (line: string) => void
  /** Copy the database as the digest meets it (after the daily pass) to this file: for iterating on the digest alone. */
  keepDigestState?: string
}

export interface PassResult { ms: number; total: number; changes: number }

export interface WorkResult {
  /** A forced full pass, the first after the history. */
  reclassify?: PassResult
  /** The next day's pass (due contacts only): what the daily cron job usually meets. */
  reclassifyDaily?: PassResult
  /** A forced full pass from the same state and instant as reclassifyDaily (rolled back): the same changes, every contact read. */
  reclassifyFull?: PassResult
  /** A bare read of the rows a full pass reads (stats and the events JSON), doing nothing with them. */
  scan?: { ms: number; rows: number }
  /** The due pass 45 quiet days later (many contacts turn silent). */
  reclassifyAged?: PassResult
  /** The due pass again at that instant: nothing due. */
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
  // The passes as the app runs them: tier changes also reach the label sync listening on the ladder.
  const pass = async (at: number, kind: 'due' | 'full'): Promise<PassResult> => {
    running.clock.set(at)
    const run = await timeAsync(() => kind === 'due' ? ladder.reclassifyDue(accountId, at) : ladder.reclassifyAll(accountId, at))
    return { ms: run.ms, total: run.value.total, changes: run.value.changes.length }
  }
  if (options.passes !== 'daily') {
    result.reclassify = await pass(base + HOUR_MS, 'full')
    options.log?.(`pass: first full pass ${result.reclassify.ms.toFixed(0)} ms, ${result.reclassify.changes} changes`)
  }
  if (options.passes !== 'daily') {
    // A forced full pass from the same state as the daily pass below, rolled back afterwards: the same
    // changes, found by reading every contact. Then a bare read of the same rows.
    const sqlite = running.db.$client
    sqlite.exec('BEGIN')
    try {
      result.reclassifyFull = await pass(base + DAY_MS + HOUR_MS, 'full')
    } finally {
      sqlite.exec('ROLLBACK')
      running.app.features.ladder.discardChanges()
    }
    result.scan = scanRows(running, accountId)
  }
  result.reclassifyDaily = await pass(base + DAY_MS + HOUR_MS, 'due')
  if (result.reclassifyFull && result.scan) {
    options.log?.(`pass: next day ${result.reclassifyDaily.ms.toFixed(0)} ms (${result.reclassifyDaily.total} examined, ${result.reclassifyDaily.changes} changes), forced full from the same state ${result.reclassifyFull.ms.toFixed(0)} ms (${result.reclassifyFull.changes} changes), bare read ${result.scan.ms.toFixed(0)} ms`)
  }
  result.peakRssMbAfter.reclassify = peakRssMb()
  if (options.keepDigestState) keepState(running, options.keepDigestState)

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
    result.reclassifyAged = await pass(base + 45 * DAY_MS, 'due')
    result.reclassifySteady = await pass(base + 45 * DAY_MS, 'due')
    options.log?.(`pass: 45 days later ${result.reclassifyAged.ms.toFixed(0)} ms (${result.reclassifyAged.total} examined, ${result.reclassifyAged.changes} changes), again ${result.reclassifySteady.ms.toFixed(0)} ms`)
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

/** A byte copy of the database file (the WAL folded in first), so the copy's page layout is the bench's own. */
function keepState(running: RunningApp, file: string): void {
  running.db.$client.pragma('wal_checkpoint(TRUNCATE)')
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
  copyFileSync(running.db.$client.name, file)
}

/** The baseline of a full pass: the same rows read through the same statement, nothing done with them. */
function scanRows(running: RunningApp, accountId: string): { ms: number; rows: number } {
  const statement = running.db.$client.prepare(SELECT_ALL_ROWS).raw()
  const t0 = performance.now()
  let rows = 0
  let chars = 0
  for (const row of statement.iterate(accountId) as IterableIterator<unknown[]>) {
    rows++
    // Touch the events JSON, so the read is not optimised away.
    const recent = row[13]
    if (typeof recent === 'string') chars += recent.length
  }
  const ms = performance.now() - t0
  if (chars < 0) throw new Error('unreachable')
  return { ms, rows }
}
