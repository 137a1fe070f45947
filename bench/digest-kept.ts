import { writeFileSync } from 'node:fs'
import { buildDigest } from '../src/digest/build.js'
import { loadDigestSnapshot } from '../src/digest/snapshot.js'
import { DAY_MS, HOUR_MS } from '../src/shared/clock.js'
import { createDb } from '../src/store/client.js'
import { BENCH_CONFIG } from './app-harness.js'
import { printProfile, profileStatements } from './statement-profile.js'
import { BENCH_ACCOUNT, HISTORY_END } from './synth.js'

/*
 * The morning digest on the state `npm run bench -- --dir DIR` kept (DIR/digest.db: after the day's pass,
 * as the bench's digest meets it), timed alone: npx tsx bench/digest-kept.ts DIR/digest.db [runs].
 * PROFILE=1 times each statement, PROFILE=plan adds the query plans, DUMP=file writes the texts.
 * The file is opened as is (the pragmas and migrations of createDb): copy it first to keep it pristine.
 */

const file = process.argv[2]
if (!file) throw new Error('usage: npx tsx bench/digest-kept.ts DIR/digest.db [runs]')
const runs = Number(process.argv[3] ?? 7)
const db = createDb(file)
const profile = process.env.PROFILE ? profileStatements(db.$client, process.env.PROFILE === 'plan') : undefined
// The bench's morning: 09:00 local on the day after the history's last day.
const morning = HISTORY_END + DAY_MS + 9 * HOUR_MS
const times: number[] = []
let messages: string[] = []
for (let k = 0; k < runs; k++) {
  const t0 = performance.now()
  messages = buildDigest(loadDigestSnapshot(db, BENCH_ACCOUNT, morning, BENCH_CONFIG), morning, BENCH_CONFIG)
  times.push(performance.now() - t0)
}
const sorted = [...times].sort((a, b) => a - b)
process.stdout.write(`digest: ${times.map((ms) => ms.toFixed(0)).join(', ')} ms; first ${times[0].toFixed(0)}, median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms\n`)
if (profile) printProfile(profile())
if (process.env.DUMP) writeFileSync(process.env.DUMP, messages.join('\n=====\n'))
