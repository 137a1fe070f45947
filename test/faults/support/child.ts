import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { fileURLToPath } from 'node:url'
import { testClock } from '../../support/clock.js'
import type { Gateway } from '../../support/gateway.js'
import { sleep, waitFor } from './fault-bot.js'

/*
 * tierbot as a separate process, started the way a deployment starts it (node --import tsx src/main.ts
 * with the standard environment), so it can be SIGKILLed, its stderr read and its memory measured.
 */

export interface ChildBot {
  proc: ChildProcess
  /** Everything the process wrote, for the privacy checks. */
  stdout(): string
  stderr(): string
  /** Peak resident set size seen so far (VmHWM from /proc), in bytes; 0 where /proc is missing. */
  peakRss(): number
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  kill(signal: NodeJS.Signals): Promise<void>
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
export const ENTRY = path.join(REPO_ROOT, 'src/main.ts')

/**
 * The child runs on the test's clock (TIERBOT_TEST_CLOCK, a test-only setting): it starts where the
 * parent's test clock is now, so data the test stamped and the child's "now" agree, at any hour.
 */
export function startChildBot(options: { gateway: Gateway; dbFile: string; env?: Record<string, string>; clock?: () => number }): ChildBot {
  // Its own HOME: the puppet-service client keeps a locked payload cache there (see fault-bot.ts).
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-child-home-'))
  const proc = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      ...options.gateway.env,
      TIERBOT_DB: options.dbFile,
      TIERBOT_TEST_CLOCK: String((options.clock ?? testClock)()),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  proc.stdout!.on('data', (chunk) => { out += String(chunk) })
  proc.stderr!.on('data', (chunk) => { err += String(chunk) })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.once('exit', (code, signal) => resolve({ code, signal }))
  })
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    peakRss: () => readPeakRss(proc.pid),
    exited,
    async kill(signal) {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal)
      await Promise.race([exited, sleep(15_000)])
    },
  }
}

function readPeakRss(pid: number | undefined): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1]
    return kb ? Number(kb) * 1024 : 0
  } catch {
    return 0
  }
}

/** A read-only view of the child's database (WAL lets us read while it writes). */
export function openReadOnly(dbFile: string): Database.Database {
  return new Database(dbFile, { readonly: true, fileMustExist: true })
}

export function countRows(dbFile: string, sql: string, ...params: unknown[]): number {
  if (!fs.existsSync(dbFile)) return 0
  const db = openReadOnly(dbFile)
  try {
    return Number(Object.values(db.prepare(sql).get(...params) as Record<string, unknown>)[0])
  } catch {
    return 0 // tables not migrated yet
  } finally {
    db.close()
  }
}

/** Wait until the child has logged in (its login row is in the database). */
export async function waitChildReady(child: ChildBot, dbFile: string, logins = 1): Promise<void> {
  await waitFor(() => {
    if (child.proc.exitCode !== null) throw new Error(`the bot exited early (${child.proc.exitCode}):\n${child.stderr().slice(-2000)}`)
    return countRows(dbFile, "SELECT COUNT(*) FROM bot_events WHERE kind = 'login'") >= logins
  }, 'the child bot to log in', 60_000, 100)
}
