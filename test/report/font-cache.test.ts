import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { baseCharacters, createFontCache, missingCharacters } from '../../src/report/font-cache.js'

const manifest = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'fonts.json'), 'utf8')) as { key: string; chars: string }

describe('the font subsets the pictures are drawn with are cut once and kept', () => {
  const dirs: string[] = []
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-fonts-'))
    dirs.push(dir)
    return dir
  }
  afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }) })

  it('the base set is everyday Chinese (GB2312) plus the signs the picture draws', () => {
    const base = new Set(baseCharacters())
    expect(base.size).toBeGreaterThan(7_000)
    expect(missingCharacters(base, '客户关系周报 上周（11月23日–11月29日） ¥1,299 ￥ ↑ 升层 ↓ 降层 L4→L5 … 林芳 张伟 比上周 +8')).toEqual([])
    expect(missingCharacters(base, '王堃 😀')).toEqual(['堃', '😀'])
  })

  it('the second picture reuses the subset; a rare character grows it once, a character the font lacks too', async () => {
    const dir = tempDir()
    const cache = createFontCache(dir)
    const first = await cache.filesFor('客户关系周报 林芳')
    expect(first).toHaveLength(2)
    for (const f of first) expect(fs.statSync(f).size).toBeGreaterThan(500_000)
    expect(await cache.filesFor('周报 张伟 ¥100')).toEqual(first)

    const grown = await cache.filesFor('王堃 😀')
    expect(grown).not.toEqual(first)
    expect(manifest(dir).chars).toContain('堃')
    expect(fs.statSync(grown[0]).size).toBeGreaterThan(fs.statSync(first[0]).size)
    // Another process (a new render process) finds it as it is.
    expect(await createFontCache(dir).filesFor('王堃 😀 客户')).toEqual(grown)
  }, 60_000)

  it('a damaged cache is cut again, not trusted', async () => {
    const dir = tempDir()
    const files = await createFontCache(dir).filesFor('周报')
    fs.writeFileSync(path.join(dir, 'fonts.json'), '{not json')
    expect(await createFontCache(dir).filesFor('周报')).toEqual(files)
    expect(manifest(dir).key).toBeTypeOf('string')
    fs.rmSync(files[1])
    expect(await createFontCache(dir).filesFor('周报')).toEqual(files)
    expect(fs.existsSync(files[1])).toBe(true)
  }, 60_000)
})
