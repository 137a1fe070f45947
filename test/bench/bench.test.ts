import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { QUICK_OPTIONS, runBench } from '../../bench/core.js'
import { FIGURE_KEYS, formatTable, type BenchReport } from '../../bench/report.js'
import { createMessageStream, createWorld } from '../../bench/synth.js'

// Smoke test of the bench core at --quick size: every figure is produced. Never a timing assertion.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-bench-test-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('bench core (--quick sizes)', () => {
  let report: BenchReport

  it('runs and reports every figure, each a number or "not yet"', async () => {
    report = await runBench({ ...QUICK_OPTIONS, contacts: 500, messages: 5000, importMessages: 500, tierCalls: 20, silentCalls: 5, dir })
    expect(report.figures.map((f) => f.key)).toEqual(FIGURE_KEYS)
    for (const figure of report.figures) {
      if (figure.value === null) expect(figure.note, figure.key).toMatch(/^not yet|^skipped/)
      else expect(Number.isFinite(figure.value), figure.key).toBe(true)
    }
    // Ingest, its raw baselines, start-up and memory need nothing beyond main's foundation.
    for (const key of ['ingest.app', 'ingest.rawPerRow', 'ingest.rawBatch', 'ingest.ratio', 'ingest.pagesApp', 'ingest.pagesRaw', 'import.ratio', 'import.rssMb', 'import.rawPerSec',
      'startup.coldMs', 'startup.ms', 'import.perSec', 'rss.appPeakMb', 'rss.benchPeakMb']) {
      expect(report.figures.find((f) => f.key === key)?.value, key).toBeGreaterThan(0)
    }
  }, 120_000)

  it('logs every synthetic message exactly once', () => {
    expect(report.details.ingest).toMatchObject({ messages: 5000, counts: { messages: 5000, duplicates: 0 } })
  })

  it('prints one table row per figure', () => {
    expect(formatTable(report).split('\n')).toHaveLength(FIGURE_KEYS.length + 2)
  })
})

describe('bench core --ingest-only', () => {
  it('reports the ingest figures alone, with the pages counted and every message logged once', async () => {
    const only = await runBench({ ...QUICK_OPTIONS, contacts: 300, messages: 2000, importMessages: 0, ingestOnly: true, dir: path.join(dir, 'ingest-only') })
    expect(only.figures.map((f) => f.key)).toEqual(FIGURE_KEYS.filter((key) => key.startsWith('ingest.')))
    for (const figure of only.figures) expect(figure.value, figure.key).toBeGreaterThan(0)
    expect(only.details.ingest).toMatchObject({ messages: 2000, counts: { messages: 2000, duplicates: 0 } })
  }, 120_000)
})

describe('synthetic account', () => {
  it('is the same for the same seed and in time order', () => {
    const world = createWorld({ contacts: 300, rooms: 5, seed: 3, days: 30 })
    const a = createMessageStream(world, 1000, 3).take(1000)
    const b = createMessageStream(createWorld({ contacts: 300, rooms: 5, seed: 3, days: 30 }), 1000, 3).take(1000)
    expect(a).toEqual(b)
    expect(a.every((e, i) => i === 0 || e.at >= a[i - 1].at)).toBe(true)
  })

  it.each([
    { name: 'private rounds (merchant replies)', match: (e: { chat: string; direction: string }) => e.chat === 'private' && e.direction === 'out' },
    { name: 'group chatter', match: (e: { chat: string }) => e.chat === 'group' },
    { name: 'buying questions', match: (e: { text: string }) => /多少钱|怎么买|链接/.test(e.text) },
    { name: 'transfers', match: (e: { kind: string }) => e.kind === 'transfer' },
  ])('has $name', ({ match }) => {
    const world = createWorld({ contacts: 1000, rooms: 10, seed: 7, days: 90 })
    expect(createMessageStream(world, 20_000, 7).take(20_000).some(match as (e: object) => boolean)).toBe(true)
  })
})
