import fs from 'node:fs'
import { buildReportModel, periodOf } from '../src/report/model.ts'
import { renderReportSvg } from '../src/report/render.ts'
const model = buildReportModel(periodOf('2026-W48', '2026-11-23', '2026-12-01'), [], [], { weeks: 8, topMovers: 5 })
for (let i = 0; i < 3; i++) { const t = performance.now(); const s = await renderReportSvg(model); console.log('svg', Math.round(performance.now() - t), s.length); fs.writeFileSync('/tmp/rp/look.svg', s) }
