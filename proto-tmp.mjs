import * as echarts from 'echarts'
import { Resvg } from '@resvg/resvg-js'
import { createRequire } from 'node:module'
import path from 'node:path'
import fs from 'node:fs'
const require = createRequire(import.meta.url)
const dir = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts')
const files = [path.join(dir, 'NotoSansHans-Regular.otf'), path.join(dir, 'NotoSansHans-Bold.otf')]
let t = performance.now()
const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 750, height: 1300 })
chart.setOption({ textStyle: { fontFamily: 'Noto Sans S Chinese' }, title: { text: '本周客户周报', left: 'center' }, series: [{ type: 'funnel', top: 80, height: 400, minSize: '30%', label: { position: 'inside', formatter: '{b} {c}' }, data: [{ name: 'L0 陌生人', value: 10 }, { name: 'L1 知道我的人', value: 8 }, { name: 'L5 超级用户', value: 2 }] }] })
const svg = chart.renderToSVGString()
console.log('svg ms', performance.now() - t, svg.length)
for (let i = 0; i < 3; i++) {
  t = performance.now()
  const r = new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: files, defaultFontFamily: 'Noto Sans S Chinese' }, fitTo: { mode: 'width', value: 750 } })
  const png = r.render().asPng()
  console.log('files', i, performance.now() - t, png.length)
}
const bufs = files.map(f => fs.readFileSync(f))
for (let i = 0; i < 3; i++) {
  t = performance.now()
  const r = new Resvg(svg, { font: { loadSystemFonts: false, fontBuffers: bufs, defaultFontFamily: 'Noto Sans S Chinese' } })
  const png = r.render().asPng()
  console.log('bufs', i, performance.now() - t, png.length)
  if (i==0) fs.writeFileSync('/tmp/rp/b.png', png)
}
console.log(process.memoryUsage().rss/1e6)
