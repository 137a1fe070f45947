import { execFile } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DAY_MS, HOUR_MS } from '../src/shared/clock.js'
import { BENCH_CONFIG, BENCH_CONFIG_NO_SYNC, RESTART_DAY, createSimClock, startAndAnswer } from './app-harness.js'
import { peakRssMb } from './measure.js'
import { createMessageStream, createWorld } from './synth.js'
import { runDailyWork } from './work.js'

/*
 * A fresh process that is only the app on the full database: cold start-up (node and modules included,
 * as `npm start` pays them) and the app's own peak memory over a day's work (start-up, the daily pass,
 * digest, commands, live messages), without the bench's generator and raw baseline. Like `npm start`
 * (built JavaScript, no compiler at run time), it runs compiled ahead: this file and what it imports
 * bundled into one JavaScript file (packages stay external), started with plain node. Under tsx the
 * loader and its compiler would add about 50 MB and half a second that production never pays.
 * Keep the imports to the harness: a module with its own `main` guard would run inside the bundle.
 */

const loadedMs = performance.now()

export interface AppProcessInput {
  file: string
  contacts: number
  rooms: number
  days: number
  seed: number
  tierCalls: number
  silentCalls: number
  liveMessages: number
  sync: boolean
}

export interface AppProcessResult {
  /** Process start → modules loaded (node + tsx + imports). */
  loadedMs: number
  /** Open + migrate + features + login + directory + the app's start-up work + the first /tier answered. */
  startMs: number
  coldReadyMs: number
  /** Start → the start-up catch-up (pass for the days the bot was down, label plan) finished. */
  caughtUpMs: number
  rssAfterStartMb: number
  rssAfterWorkMb: number
  peakRssMb: number
  peakRssMbAfter: Record<string, number>
}

const HERE = path.dirname(fileURLToPath(import.meta.url))
// Two levels below the project, as dist/ files are: paths the app resolves from its own file
// (migrations/, demo-data/) land where they do in a build.
const BUNDLE = path.join(HERE, '.build', 'app-process.mjs')

/** Compile this file and its imports to one JavaScript file, then run it in a child process. */
export async function runAppProcess(input: AppProcessInput): Promise<AppProcessResult> {
  // Imported here, not at the top: the bundle is this file too, and the app process has no use for it.
  const { build } = await import('esbuild')
  await build({
    entryPoints: [path.join(HERE, 'app-process.ts')], outfile: BUNDLE, bundle: true, platform: 'node', format: 'esm',
    target: 'node20', packages: 'external', logLevel: 'warning',
  })
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BUNDLE, JSON.stringify(input)],
      { cwd: path.resolve(HERE, '..'), maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
        if (err) return reject(new Error(`app process failed: ${err.message}\n${stderr}`))
        const last = stdout.trim().split('\n').pop() ?? ''
        try {
          resolve(JSON.parse(last) as AppProcessResult)
        } catch {
          reject(new Error(`app process printed no result: ${stdout}\n${stderr}`))
        }
      })
  })
}

async function main(input: AppProcessInput): Promise<AppProcessResult> {
  // The directory the puppet would hand over; building it is the bench's cost, not the app's.
  const world = createWorld({ contacts: input.contacts, rooms: input.rooms, seed: input.seed, days: input.days })
  const clock = createSimClock(world.endAt + RESTART_DAY * DAY_MS + 8 * HOUR_MS)
  const t0 = performance.now()
  const running = await startAndAnswer(input.file, world, input.sync ? BENCH_CONFIG : BENCH_CONFIG_NO_SYNC, clock)
  const startMs = performance.now() - t0
  await running.app.features.caughtUp()
  const caughtUpMs = performance.now() - t0
  const rssAfterStartMb = peakRssMb()
  const work = await runDailyWork(running, world, { tierCalls: input.tierCalls, silentCalls: input.silentCalls, seed: input.seed, passes: 'daily', dayOffset: RESTART_DAY })
  const day = world.endAt + (RESTART_DAY + 1) * DAY_MS
  const live = createMessageStream({ ...world, startAt: day + 9 * HOUR_MS, endAt: day + 20 * HOUR_MS }, input.liveMessages, input.seed + 2, 'live')
  for (const event of live.take(input.liveMessages)) {
    clock.set(event.at)
    await running.platform.deliver(event)
  }
  const rssAfterWorkMb = peakRssMb()
  await running.app.stop()
  return { loadedMs, startMs, caughtUpMs, coldReadyMs: loadedMs + startMs, rssAfterStartMb, rssAfterWorkMb, peakRssMb: peakRssMb(), peakRssMbAfter: { ...work.peakRssMbAfter, live: rssAfterWorkMb } }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main(JSON.parse(process.argv[2] ?? '{}') as AppProcessInput).then(
    (result) => { process.stdout.write(JSON.stringify(result) + '\n') },
    // A started app keeps the process alive (cron, sync runner): a failure must still end it.
    (err) => { process.stderr.write(`${(err as Error).stack ?? err}\n`); process.exit(1) },
  )
}
