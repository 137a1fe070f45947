import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import iconv from 'iconv-lite'

/*
 * The report's two font faces, cut down once and kept on disk. resvg parses every face it is given
 * for each text span, so the full CJK faces (8 MB, ~65,000 glyphs each) cost ~350 ms of CPU per
 * picture; the subset the pictures need is ~2 MB. Cutting it (harfbuzz hb-subset through
 * subset-font) costs ~0.7 s and ~100 MB of wasm memory, so it happens once per machine, not per
 * picture: the cache covers GB2312 (the 6,763 hanzi and symbols of everyday Chinese) plus Latin and
 * the punctuation the picture uses, and grows by the characters of any picture drawing outside it
 * (a rare hanzi in a name). Characters the font lacks stay in the set, so they cost one rebuild only.
 */

const FONT_PACKAGE = '@embedpdf/fonts-sc'
const FACES = [{ file: 'NotoSansHans-Regular.otf', name: 'regular' }, { file: 'NotoSansHans-Bold.otf', name: 'bold' }]
/** Bump when what is cut changes (options, base set): every cache then rebuilds once. */
const CACHE_FORMAT = 1
const MANIFEST = 'fonts.json'

// Kept through subsetting: the typographic family (16, 17) is what makes the Bold file the bold face
// of the same family; without it resvg sees two families and draws no bold.
const NAME_IDS = [0, 1, 2, 3, 4, 5, 6, 16, 17]

/** Locate the font files inside the package (its `exports` expose only the entry, not the fonts). */
export function reportFontFiles(): string[] {
  const require = createRequire(import.meta.url)
  const dir = path.join(path.dirname(require.resolve(FONT_PACKAGE)), '..', 'fonts')
  const files = FACES.map((f) => path.join(dir, f.file))
  for (const f of files) if (!fs.existsSync(f)) throw new Error(`report font missing: ${f}`)
  return files
}

function range(from: number, to: number): string {
  let s = ''
  for (let c = from; c <= to; c++) s += String.fromCodePoint(c)
  return s
}

/** GB2312 decoded by iconv-lite (rows 0xA1–0xF7), printable ASCII, Latin-1, general punctuation, arrows. */
export function baseCharacters(): string {
  const bytes: number[] = []
  for (let hi = 0xa1; hi <= 0xf7; hi++) for (let lo = 0xa1; lo <= 0xfe; lo++) bytes.push(hi, lo)
  const gb2312 = iconv.decode(Buffer.from(bytes), 'gb2312').replace(/[\uFFFD\u0000-\u001F]/g, '')
  return [...new Set(range(0x20, 0x7e) + range(0xa0, 0xff) + range(0x2010, 0x2027) + range(0x2190, 0x2193) + gb2312)].join('')
}

/** Characters of `text` the set does not hold. */
export function missingCharacters(have: ReadonlySet<string>, text: string): string[] {
  return [...new Set(text)].filter((c) => !have.has(c) && c.codePointAt(0)! >= 0x20)
}

interface Manifest { format: number; source: string; key: string; chars: string }

export interface FontCache {
  /** Font files covering every character of `text` (building or growing the cache if needed). */
  filesFor(text: string): Promise<string[]>
}

export function createFontCache(dir: string): FontCache {
  const sources = reportFontFiles()
  // The cache belongs to these exact font files.
  const source = createHash('sha256').update(JSON.stringify([CACHE_FORMAT, ...sources.map((f) => [path.basename(f), fs.statSync(f).size])])).digest('hex').slice(0, 16)
  const filesOf = (key: string) => FACES.map((f) => path.join(dir, `${key}.${f.name}.otf`))

  function read(): { manifest: Manifest; have: Set<string> } | undefined {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest
      if (manifest.format !== CACHE_FORMAT || manifest.source !== source || typeof manifest.chars !== 'string') return undefined
      if (!filesOf(manifest.key).every((f) => fs.existsSync(f))) return undefined
      return { manifest, have: new Set(manifest.chars) }
    } catch {
      return undefined // none yet, or unreadable: rebuilt
    }
  }

  /** Write then rename, so a reader in another process sees the old file or the new one, never half. */
  function writeAtomic(file: string, data: Buffer | string): void {
    const tmp = `${file}.${process.pid}.tmp`
    fs.writeFileSync(tmp, data)
    fs.renameSync(tmp, file)
  }

  async function build(chars: string): Promise<string[]> {
    const { default: subsetFont } = await import('subset-font')
    const key = createHash('sha256').update(source).update(chars).digest('hex').slice(0, 16)
    const files = filesOf(key)
    fs.mkdirSync(dir, { recursive: true })
    // One face after the other: harfbuzz copies each 8 MB font into its wasm memory, which never shrinks.
    for (const [i, file] of sources.entries()) {
      writeAtomic(files[i], await subsetFont(fs.readFileSync(file), chars, { targetFormat: 'sfnt', preserveNameIds: NAME_IDS }))
    }
    writeAtomic(path.join(dir, MANIFEST), JSON.stringify({ format: CACHE_FORMAT, source, key, chars } satisfies Manifest))
    removeStale(new Set(files.map((f) => path.basename(f))))
    return files
  }

  /** Older subsets, once nobody can be reading them (another process may have read the old manifest a moment ago). */
  function removeStale(keep: Set<string>): void {
    // Measured on the file system's own clock (the manifest just written), so a process clock that
    // disagrees with file times (a skewed or simulated clock) never makes a fresh subset look stale.
    const hourAgo = fs.statSync(path.join(dir, MANIFEST)).mtimeMs - 3_600_000
    for (const name of fs.readdirSync(dir)) {
      if (keep.has(name) || !/\.(otf|tmp)$/.test(name)) continue
      const file = path.join(dir, name)
      try {
        if (fs.statSync(file).mtimeMs < hourAgo) fs.rmSync(file, { force: true })
      } catch { /* gone already */ }
    }
  }

  return {
    async filesFor(text) {
      const cached = read()
      if (cached) {
        const missing = missingCharacters(cached.have, text)
        if (missing.length === 0) return filesOf(cached.manifest.key)
        return build(cached.manifest.chars + missing.join(''))
      }
      const base = baseCharacters()
      return build(base + missingCharacters(new Set(base), text).join(''))
    },
  }
}
