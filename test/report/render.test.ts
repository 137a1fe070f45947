import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { composeReport } from '../../src/report/compose.js'
import { buildReportModel, periodOf } from '../../src/report/model.js'
import { createInProcessRenderer, renderReportSvg, REPORT_HEIGHT, REPORT_WIDTH } from '../../src/report/render.js'
import { PICTURE_FAILED } from '../../src/report/text.js'
import { silentLogger } from '../../src/shared/logger.js'
import { quietWeeks, snap } from './fixtures.js'
import { greyVariance, pngSize } from './png.js'

const model = buildReportModel(periodOf('2026-W48', '2026-11-23', '2026-11-30'), [
  ...quietWeeks('2026-11-23', 7),
  snap('2026-11-23', { tiers: [10, 5, 3, 2, 1, 0] }),
  snap('2026-11-30', { tiers: [12, 6, 5, 3, 2, 1], activity: [3, 20, 4, 2] }, { newFriends: 2 }),
], [{ contactId: 'c1', name: '林芳', from: 4, to: 5, at: 0 }], { weeks: 8, topMovers: 5 })

describe('the weekly picture', () => {
  it('the SVG names every rung with its count, in Chinese', async () => {
    const svg = await renderReportSvg(model)
    for (const rung of model.funnel) {
      expect(svg).toContain(`${rung.code} ${rung.name}`)
      expect(svg).toContain(`>${rung.count}<`)
    }
    expect(svg).toContain('客户关系周报')
    expect(svg).toContain('林芳 L4→L5')
  })

  it('the PNG has the promised portrait size and is not blank', async () => {
    const fontCacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-fonts-'))
    const { png, width, height } = await createInProcessRenderer({ fontCacheDir }).render(model).finally(() => fs.rmSync(fontCacheDir, { recursive: true, force: true }))
    expect(pngSize(png)).toEqual({ width: REPORT_WIDTH, height: REPORT_HEIGHT })
    expect([width, height]).toEqual([REPORT_WIDTH, REPORT_HEIGHT])
    expect(height).toBeGreaterThan(width)
    expect(greyVariance(png)).toBeGreaterThan(500)
  }, 60_000)

  it('an account with no customers yet: the activity bar is an empty track saying so, not four equal colours', async () => {
    const empty = buildReportModel(periodOf('2026-W49', '2026-11-30', '2026-12-02'),
      [snap('2026-12-02', { tiers: [0, 0, 0, 0, 0, 0], activity: [0, 0, 0, 0] })], [], { weeks: 8, topMovers: 5 })
    const svg = await renderReportSvg(empty)
    expect(svg).toContain('还没有客户')
    // The bar (the shapes on its row, y 936): one grey track, none of the four activity colours.
    const bar = [...svg.matchAll(/d="M[\d.]+ 936l[^"]*" fill="([^"]+)"/g)].map((m) => m[1].toUpperCase())
    expect(bar).toEqual(['#E4E8EC'])
    expect(svg).toContain('活跃 0')
  })

  it('a rung with nobody on it has no coloured bar; rungs with as many people have bars as long', async () => {
    // One stranger and one paying customer (a first week): L1–L3 and L5 are empty.
    const small = buildReportModel(periodOf('2026-W25', '2026-06-15', '2026-06-17'),
      [snap('2026-06-17', { tiers: [1, 0, 0, 0, 1, 0], activity: [1, 1, 0, 0] })], [], { weeks: 8, topMovers: 5 })
    const svg = await renderReportSvg(small)
    const rungColours = ['#ADB5BD', '#A5C8E4', '#74A9D8', '#4C86C6', '#F08C3A', '#D9480F']
    // The coloured shapes in the ladder's rows (y 430–850), by colour, with their width.
    // Square corners: `M x y l width 0 …`; round ones: `M x y L x2 y …`.
    const shapes = [...svg.matchAll(/<path d="M([\d.]+) ([\d.]+)([lL])([\d.]+) [\d.]+[^"]*" fill="([^"]+)"/g)]
      .map((m) => ({ y: Number(m[2]), width: m[3] === 'l' ? Number(m[4]) : Number(m[4]) - Number(m[1]), fill: m[5].toUpperCase() }))
      .filter((s) => s.y >= 430 && s.y < 850 && rungColours.includes(s.fill))
    const widthOf = (tier: number) => shapes.filter((s) => s.fill === rungColours[tier]).map((s) => s.width)
    expect([1, 2, 3, 5].map(widthOf)).toEqual([[], [], [], []])
    expect(widthOf(0)).toHaveLength(1)
    expect(widthOf(4)).toEqual(widthOf(0))
    for (const rung of small.funnel) expect(svg).toContain(`${rung.code} ${rung.name}`)
  })

  it('a big account: the activity legend counts in 万 so five of them fit one row', async () => {
    const big = buildReportModel(periodOf('2026-W48', '2026-11-23', '2026-11-30'), [
      snap('2026-11-23', { tiers: [150_000, 30_000, 12_000, 5_000, 2_500, 300], activity: [1_000, 100_000, 50_000, 48_800, 1_000] }),
      snap('2026-11-30', { tiers: [160_234, 31_456, 12_999, 5_123, 2_600, 310], activity: [1_200, 90_000, 60_000, 49_522, 2_000] }),
    ], [], { weeks: 8, topMovers: 5 })
    const svg = await renderReportSvg(big)
    for (const label of ['活跃 9万', '沉默 6万', '沉睡 5万', '新加 1200', '流失 2000', '比上周 -1万', '比上周 +1万']) expect(svg).toContain(`>${label}<`)
  })

  it('names with emoji (common in WeChat nicknames) are drawn without them, not as empty boxes', async () => {
    const m = buildReportModel(periodOf('2026-W48', '2026-11-23', '2026-11-30'),
      [snap('2026-11-30', { tiers: [1, 0, 0, 0, 1, 0] })], [{ contactId: 'c1', name: '🌸花开富贵🌸', from: 0, to: 4, at: 0 }], { weeks: 8, topMovers: 5 })
    const svg = await renderReportSvg(m, '小美的店✨')
    expect(svg).toContain('>花开富贵 L0→L4<')
    expect(svg).toContain('>小美的店<')
    expect(svg).not.toMatch(/\p{Extended_Pictographic}/u)
  })

  it('drawing fails → the text version, never silence', async () => {
    const broken = { render: () => Promise.reject(new Error('no font')) }
    const message = await composeReport(model, broken, silentLogger)
    expect(message.kind).toBe('text')
    const text = message.kind === 'text' ? message.texts.join('\n') : ''
    expect(text).toContain(PICTURE_FAILED)
    expect(text).toContain('L0 陌生人：12（+2）')
  })
})
