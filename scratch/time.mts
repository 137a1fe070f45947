import fs from 'node:fs'
import { Resvg } from '@resvg/resvg-js'
import { reportFontFiles } from '../src/report/render.ts'
const svg = fs.readFileSync('/tmp/rp/look.svg', 'utf8')
const files = reportFontFiles()
for (const ff of [files, [files[0]]]) for (let i = 0; i < 2; i++) {
  let t = performance.now()
  const r = new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: ff, defaultFontFamily: 'Noto Sans S Chinese' } })
  const t1 = performance.now() - t
  const img = r.render()
  const t2 = performance.now() - t
  img.asPng()
  console.log(ff.length, Math.round(t1), Math.round(t2), Math.round(performance.now() - t))
}
