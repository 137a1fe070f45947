import { clockStartingAt, type Clock } from '../../src/shared/clock.js'

/*
 * The moment every test's bots live in, whatever the machine's clock says: a Wednesday afternoon in
 * mid-June, Beijing time, after the digest's catch-up window (09:00–12:00) has closed, so no morning
 * digest is due unless a test asks for one. A test that needs another moment (a Monday, a month's
 * end, 09:30) makes its own clock with `clockAt`.
 */
export const TEST_NOW = Date.parse('2026-06-17T15:00:00+08:00')

/** Starts at `at` and runs on at the real rate (messages cross gRPC asynchronously in real time). */
export function clockAt(at: number): Clock {
  return clockStartingAt(at)
}

/** This test file's clock: starts at TEST_NOW when the file loads. */
export const testClock: Clock = clockAt(TEST_NOW)
