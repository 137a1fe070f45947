import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { composeReport } from '../../src/report/compose.js'
import { buildReportModel, periodOf } from '../../src/report/model.js'
import { createPngRenderer, type ProcessRenderer } from '../../src/report/render-process.js'
import { REPORT_HEIGHT, REPORT_WIDTH } from '../../src/report/render.js'
import { PICTURE_FAILED } from '../../src/report/text.js'
import { silentLogger } from '../../src/shared/logger.js'
import { quietWeeks, snap } from './fixtures.js'
import { greyVariance, pngSize } from './png.js'

const CHILDREN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'children')

const model = buildReportModel(periodOf('2026-W48', '2026-11-23', '2026-11-30'), [
  ...quietWeeks('2026-11-23', 7),
  snap('2026-11-23', { tiers: [10, 5, 3, 2, 1, 0] }),
  snap('2026-11-30', { tiers: [12, 6, 5, 3, 2, 1], activity: [3, 20, 4, 2] }, { newFriends: 2 }),
], [{ contactId: 'c1', name: '林芳', from: 4, to: 5, at: 0 }], { weeks: 8, topMovers: 5 })

const alive = (pid: number) => { try { process.kill(pid, 0); return true } catch { return false } }
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 200 && alive(pid); i++) await new Promise((r) => setTimeout(r, 25))
  return !alive(pid)
}

describe('the picture is drawn in a render process, not in the bot', () => {
  const renderers: ProcessRenderer[] = []
  let fontCacheDir = ''
  beforeAll(() => { fontCacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-fonts-')) })
  afterAll(() => fs.rmSync(fontCacheDir, { recursive: true, force: true }))
  const make = (options: Omit<Parameters<typeof createPngRenderer>[0], 'fontCacheDir'> = {}) => {
    const r = createPngRenderer({ fontCacheDir, ...options })
    renderers.push(r)
    return r
  }
  afterEach(() => { for (const r of renderers.splice(0)) r.close() })

  it('the PNG comes back whole from the child, which serves the next picture and leaves when closed', async () => {
    const renderer = make()
    const first = await renderer.render(model)
    expect(pngSize(first.png)).toEqual({ width: REPORT_WIDTH, height: REPORT_HEIGHT })
    expect(greyVariance(first.png)).toBeGreaterThan(500)
    const pid = renderer.pid()
    expect(pid).toBeTypeOf('number')
    expect(pid).not.toBe(process.pid)
    const second = await renderer.render(model)
    expect(renderer.pid()).toBe(pid)
    expect(second.png.equals(first.png)).toBe(true)
    renderer.close()
    expect(await gone(pid!)).toBe(true)
  }, 60_000)

  it('the child leaves by itself once idle', async () => {
    const renderer = make({ idleMs: 50 })
    await renderer.render(model)
    const pid = renderer.pid()!
    expect(await gone(pid)).toBe(true)
    expect(renderer.pid()).toBeUndefined()
  }, 60_000)

  it('a child that crashes → the merchant gets the text version, and the next picture starts a new one', async () => {
    const renderer = make({ entry: path.join(CHILDREN, 'crash.ts') })
    const message = await composeReport(model, renderer, silentLogger)
    expect(message.kind).toBe('text')
    const text = message.kind === 'text' ? message.texts.join('\n') : ''
    expect(text).toContain(PICTURE_FAILED)
    expect(text).toContain('L0 陌生人：12（+2）')
    await expect(renderer.render(model)).rejects.toThrow(/exited/)
  }, 60_000)

  it('a child that never answers is stopped → the text version, never silence', async () => {
    const renderer = make({ entry: path.join(CHILDREN, 'hang.ts'), timeoutMs: 3_000 })
    const message = await composeReport(model, renderer, silentLogger)
    expect(message.kind).toBe('text')
    expect(message.kind === 'text' ? message.texts[0] : '').toContain(PICTURE_FAILED)
    expect(renderer.pid()).toBeUndefined()
  }, 60_000)
})
