import fs from 'node:fs'
import { buildReportModel, periodOf } from '../src/report/model.ts'
import { createPngRenderer } from '../src/report/render.ts'
import { addDays } from '../src/report/week.ts'
const snaps = []
let day = '2026-10-01'
for (let i = 0; i < 62; i++) {
  const d = addDays(day, i)
  const k = i / 62
  snaps.push({ day: d, takenAt: 0, source: 'pass', total: 100 + i, tiers: [40 + Math.round(i/3), 25, 14 + Math.round(i/10), 8, 9 + Math.round(i/12), 3 + Math.round(i/20)], activity: [4, 60 + Math.round(i/4), 20, 16], newFriends: i % 3, woken: i % 4 === 0 ? 1 : 0, orders: i % 2, spendFen: (i % 2) * (19900 + i * 1000), spendByTier: [0,0,0,0,(i%2)*19900, (i%2)*i*1000] })
}
const period = periodOf('2026-W48', '2026-11-23', '2026-12-01')
const model = buildReportModel(period, snaps, [
  { contactId: 'a', name: '林芳', from: 4, to: 5, at: 1 }, { contactId: 'b', name: '张三丰', from: 2, to: 4, at: 1 }, { contactId: 'c', name: '王小明同学很长的名字', from: 1, to: 2, at: 1 }, { contactId: 'd', name: '陈红', from: 5, to: 4, at: 1 }], { weeks: 8, topMovers: 5 })
const r = createPngRenderer()
for (let i = 0; i < 3; i++) {
  const t = performance.now()
  const out = await r.render(model, '小美的店')
  console.log(i, Math.round(performance.now() - t), out.width, out.height, out.png.length)
  fs.writeFileSync('/tmp/rp/look.png', out.png)
}
