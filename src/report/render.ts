import { formatYuan } from '../shared/money.js'
import { tierCode } from '../tiers/ladder.js'
import { createFontCache } from './font-cache.js'
import type { ReportModel } from './model.js'
import { NO_CUSTOMERS_YET, periodText, signed } from './text.js'
import { shortDay } from './week.js'

/*
 * The weekly picture: ECharts server-side rendering to SVG (no DOM, no browser), rasterised to PNG by
 * resvg with a CJK font shipped as an npm package (resvg needs OTF/TTF; no system fonts, no network),
 * cut down to the characters drawn (font-cache.ts).
 * Portrait, 750 px wide: shown at phone width, 22 px text reads like 11 pt.
 */

export const REPORT_WIDTH = 750
export const REPORT_HEIGHT = 1920
export const FONT_FAMILY = 'Noto Sans S Chinese'

const INK = '#1F2933'
const MUTED = '#6B7785'
const UP = '#2B8A3E'
const DOWN = '#C92A2A'
const CARD = '#FFFFFF'
const BRAND = '#2F4858'
const ACCENT = '#E8590C'
/** Strangers pale, paying rungs warm: the eye goes to who trusts the merchant. */
const RUNG_COLORS = ['#ADB5BD', '#A5C8E4', '#74A9D8', '#4C86C6', '#F08C3A', '#D9480F']
const EMPTY_TRACK = '#E4E8EC'
/** Behind each rung's bar: lighter than the palest rung, so a rung of strangers still reads as people. */
const LADDER_TRACK = '#EDF0F3'
const ACTIVITY_COLORS = { active: '#40A070', silent: '#F2B441', dormant: '#9AA5B1', new: '#74A9D8', lost: '#C2255C' }

/** `¥1,299`, or `¥1.2万` from ten thousand yuan on, so bar labels stay short. */
export function compactYuan(fen: number): string {
  const yuan = fen / 100
  if (Math.abs(yuan) >= 10_000) return `¥${(yuan / 10_000).toFixed(yuan >= 100_000 ? 0 : 1)}万`
  return formatYuan(Math.round(yuan) * 100)
}

/** `1200`, `9万`, `1.2万`: counts in the activity legend stay short enough for five in a row. */
export function compactCount(n: number): string {
  return Math.abs(n) < 10_000 ? String(n) : `${Number((n / 10_000).toFixed(1))}万`
}

function signedCount(n: number): string {
  return n > 0 ? `+${compactCount(n)}` : n < 0 ? `-${compactCount(-n)}` : '±0'
}

/**
 * Emoji, common in WeChat nicknames, are not in the CJK font and came out as empty boxes: left out of
 * drawn names (a name of emoji only is drawn as it is).
 */
export function drawable(name: string): string {
  return name.replace(/[\p{Extended_Pictographic}\u{FE0F}\u{200D}\u{20E3}\u{1F3FB}-\u{1F3FF}]/gu, '').trim() || name
}

type Echarts = typeof import('echarts/core')
let loaded: Promise<Echarts> | undefined

// Loaded on first use: the bot pays for ECharts only once it draws a report.
function loadEcharts(): Promise<Echarts> {
  loaded ??= (async () => {
    // Only the parts drawn: the `echarts/charts` and `echarts/components` entries load every chart
    // type (about 60 MB of RSS in Node, where nothing tree-shakes them away).
    const core = await import('echarts/core')
    const parts = await Promise.all([
      import('echarts/lib/chart/bar/install.js'),
      import('echarts/lib/component/grid/installSimple.js'),
      import('echarts/lib/component/graphic/install.js'),
      import('echarts/lib/renderer/installSVGRenderer.js'),
    ])
    core.use(parts.map((m) => m.install))
    return core
  })()
  return loaded
}

interface Text { x: number; y: number; text: string; size: number; color?: string; bold?: boolean; align?: 'left' | 'center' | 'right' }

function text(t: Text): Record<string, unknown> {
  return {
    type: 'text', x: t.x, y: t.y, silent: true,
    style: {
      text: t.text, fill: t.color ?? INK, fontSize: t.size, fontWeight: t.bold ? 'bold' : 'normal',
      fontFamily: FONT_FAMILY, textAlign: t.align ?? 'left', textVerticalAlign: 'middle',
    },
  }
}

function rect(x: number, y: number, width: number, height: number, fill: string, r = 16): Record<string, unknown> {
  return { type: 'rect', silent: true, shape: { x, y, width, height, r }, style: { fill } }
}

/** Green for good news, red for bad; neutral when there is no direction (zero, unknown, strangers). */
function changeColor(n: number | null, goodWhenUp: boolean | null = true): string {
  if (n === null || n === 0 || goodWhenUp === null) return MUTED
  return (n > 0) === goodWhenUp ? UP : DOWN
}

const MARGIN = 32
const INNER = REPORT_WIDTH - 2 * MARGIN

/** The ECharts option for the whole picture: one canvas, several grids, text laid out by hand. */
export function buildChartOption(model: ReportModel, shopName?: string): Record<string, unknown> {
  const g: Array<Record<string, unknown>> = []
  // Header
  g.push(rect(0, 0, REPORT_WIDTH, 170, BRAND, 0))
  g.push(text({ x: MARGIN, y: 58, text: '客户关系周报', size: 46, bold: true, color: '#FFFFFF' }))
  g.push(text({ x: MARGIN, y: 122, text: `${periodText(model)} · ${model.period.week.replace('-W', ' 第')}周`, size: 25, color: '#D8E2EA' }))
  if (shopName) g.push(text({ x: REPORT_WIDTH - MARGIN, y: 58, text: drawable(shopName), size: 24, color: '#D8E2EA', align: 'right' }))

  // Headline cards
  const week = model.thisWeek
  const paid = model.funnel[4].count + model.funnel[5].count
  const paidChange = model.funnel[4].change === null || model.funnel[5].change === null ? null : model.funnel[4].change + model.funnel[5].change
  const cards = [
    { label: '客户总数', value: String(model.total), change: model.totalChange },
    { label: '已付费 L4+', value: String(paid), change: paidChange },
    { label: '新加好友', value: String(week.newFriends), change: model.lastWeek ? week.newFriends - model.lastWeek.newFriends : null },
    { label: '成交额', value: compactYuan(week.spendFen), change: null, note: `${week.orders} 单` },
  ]
  const cardW = (INNER - 3 * 14) / 4
  cards.forEach((c, i) => {
    const x = MARGIN + i * (cardW + 14)
    g.push(rect(x, 196, cardW, 142, CARD))
    g.push(text({ x: x + cardW / 2, y: 232, text: c.label, size: 22, color: MUTED, align: 'center' }))
    g.push(text({ x: x + cardW / 2, y: 278, text: c.value, size: c.value.length > 6 ? 32 : 40, bold: true, align: 'center' }))
    const foot = c.note ?? (c.change === null ? '' : `比上周 ${signed(c.change)}`)
    g.push(text({ x: x + cardW / 2, y: 318, text: foot, size: 20, color: c.note ? MUTED : changeColor(c.change), align: 'center' }))
  })

  // The ladder: L0 at the top, one row per rung, its name, a bar as long as its count (an empty rung has
  // only the grey track: a funnel's trapezoids joined each rung to the next and drew empty rungs as full),
  // the count and the change in a column at the right.
  const funnelTop = 430
  const funnelHeight = 420
  const gap = 6
  g.push(text({ x: MARGIN, y: 378, text: '信任阶梯', size: 30, bold: true }))
  g.push(text({ x: REPORT_WIDTH - MARGIN, y: 378, text: '人数 · 比上周', size: 22, color: MUTED, align: 'right' }))
  const band = (funnelHeight - 5 * gap) / 6
  const maxCount = Math.max(1, ...model.funnel.map((r) => r.count))
  const barX = MARGIN + 190
  const barMax = REPORT_WIDTH - MARGIN - 96 - 120 - barX
  model.funnel.forEach((rung, i) => {
    const top = funnelTop + i * (band + gap)
    const y = top + band / 2
    g.push(text({ x: MARGIN, y, text: `${rung.code} ${rung.name}`, size: 24, bold: true }))
    g.push(rect(barX, top, barMax, band, LADDER_TRACK, 8))
    if (rung.count > 0) g.push(rect(barX, top, Math.max(16, (barMax * rung.count) / maxCount), band, RUNG_COLORS[rung.tier], 8))
    g.push(text({ x: REPORT_WIDTH - MARGIN - 96, y, text: String(rung.count), size: 32, bold: true, align: 'right' }))
    g.push(text({ x: REPORT_WIDTH - MARGIN, y, text: rung.change === null ? '—' : signed(rung.change), size: 24, color: changeColor(rung.change, rung.tier > 0 ? true : null), align: 'right' }))
  })

  // Activity: one proportional bar and its legend.
  const actTop = 900
  g.push(text({ x: MARGIN, y: actTop, text: '活跃度', size: 30, bold: true }))
  const act = model.activity
  const parts = [
    { key: 'active', label: '活跃', n: act.active, change: model.activityChange?.active ?? null, good: true },
    { key: 'silent', label: '沉默', n: act.silent, change: model.activityChange?.silent ?? null, good: false },
    { key: 'dormant', label: '沉睡', n: act.dormant, change: model.activityChange?.dormant ?? null, good: false },
    { key: 'new', label: '新加', n: act.new, change: model.activityChange?.new ?? null, good: true },
    // Customers who deleted the merchant are in the total (as in /stats): shown when there are any.
    ...(act.lost > 0 ? [{ key: 'lost', label: '流失', n: act.lost, change: model.activityChange?.lost ?? null, good: false }] as const : []),
  ] as const
  const actTotal = parts.reduce((a, p) => a + p.n, 0)
  if (actTotal === 0) {
    // Nobody yet: an empty track that says so (equal coloured quarters would read as customers in every state).
    g.push(rect(MARGIN, actTop + 36, INNER, 40, EMPTY_TRACK, 0))
    g.push(text({ x: MARGIN + INNER / 2, y: actTop + 56, text: NO_CUSTOMERS_YET, size: 22, color: MUTED, align: 'center' }))
  }
  let x = MARGIN
  for (const p of parts) {
    const w = actTotal > 0 ? (INNER * p.n) / actTotal : 0
    if (w > 0) g.push(rect(x, actTop + 36, w, 40, ACTIVITY_COLORS[p.key], 0))
    x += w
  }
  const legendW = INNER / parts.length
  parts.forEach((p, i) => {
    const lx = MARGIN + i * legendW
    g.push(rect(lx, actTop + 106, 18, 18, ACTIVITY_COLORS[p.key], 4))
    g.push(text({ x: lx + 26, y: actTop + 115, text: `${p.label} ${compactCount(p.n)}`, size: parts.length > 4 ? 21 : 24, bold: true }))
    g.push(text({ x: lx + 26, y: actTop + 148, text: p.change === null ? '' : `比上周 ${signedCount(p.change)}`, size: 19, color: changeColor(p.change, p.good) }))
  })

  // Trends over the weeks
  const trendTop = 1100
  g.push(text({ x: MARGIN, y: trendTop, text: `最近 ${model.weeks.length} 周`, size: 30, bold: true }))
  g.push(rect(MARGIN + 170, trendTop - 9, 18, 18, '#4C86C6', 4))
  g.push(text({ x: MARGIN + 196, y: trendTop, text: '新加好友', size: 22, color: MUTED }))
  g.push(rect(MARGIN + 310, trendTop - 9, 18, 18, ACTIVITY_COLORS.active, 4))
  g.push(text({ x: MARGIN + 336, y: trendTop, text: '唤醒老客', size: 22, color: MUTED }))
  const spendTop = 1380
  g.push(text({ x: MARGIN, y: spendTop, text: '每周成交额', size: 30, bold: true }))
  const byRung = model.spendByTier.map((fen, t) => ({ fen, t })).filter((r) => r.fen > 0).reverse()
  g.push(text({
    x: MARGIN, y: spendTop + 268, size: 22, color: MUTED,
    text: byRung.length > 0 ? `本周按层级：${byRung.map((r) => `${tierCode(r.t as 0)} ${compactYuan(r.fen)}`).join(' · ')}` : '本周还没有成交',
  }))

  // Movers
  const moveTop = 1736
  g.push(rect(MARGIN, moveTop - 40, INNER, 170, CARD))
  const colW = INNER / 2
  const list = (title: string, color: string, movers: ReportModel['up'], total: number, x0: number) => {
    g.push(text({ x: x0 + 20, y: moveTop - 8, text: `${title} ${total} 人`, size: 24, bold: true, color }))
    const shown = movers.slice(0, 3)
    if (shown.length === 0) g.push(text({ x: x0 + 20, y: moveTop + 32, text: '本周没有', size: 22, color: MUTED }))
    shown.forEach((m, i) => {
      g.push(text({ x: x0 + 20, y: moveTop + 32 + i * 34, text: `${truncate(drawable(m.name), 6)} ${tierCode(m.from)}→${tierCode(m.to)}`, size: 22 }))
    })
  }
  list('↑ 升层', UP, model.up, model.upTotal, MARGIN)
  list('↓ 降层', DOWN, model.down, model.downTotal, MARGIN + colW)
  g.push(text({ x: REPORT_WIDTH / 2, y: REPORT_HEIGHT - 26, text: 'tierbot · 每周一早上自动发送 · 发 /周报 随时查看', size: 19, color: MUTED, align: 'center' }))

  const axisLabels = model.weeks.map((w) => shortDay(w.start))
  const axis = (gridIndex: number) => ({
    type: 'category', gridIndex, data: axisLabels,
    axisLabel: { fontSize: 20, color: MUTED, fontFamily: FONT_FAMILY }, axisTick: { show: false }, axisLine: { lineStyle: { color: '#CED4DA' } },
  })
  const valueAxis = (gridIndex: number) => ({ type: 'value', gridIndex, show: false, minInterval: 1 })
  const barLabel = (formatter?: (p: { value: number }) => string) => ({
    show: true, position: 'top', fontSize: 19, color: INK, fontFamily: FONT_FAMILY,
    // Empty weeks stay blank rather than a row of zeros.
    formatter: formatter ?? ((p: { value: number }) => (p.value > 0 ? String(p.value) : '')),
  })

  return {
    animation: false,
    backgroundColor: '#F1F3F6',
    textStyle: { fontFamily: FONT_FAMILY },
    graphic: { elements: g },
    grid: [
      { left: MARGIN, right: MARGIN, top: trendTop + 40, height: 180 },
      { left: MARGIN, right: MARGIN, top: spendTop + 40, height: 170 },
    ],
    xAxis: [axis(0), axis(1)],
    yAxis: [valueAxis(0), valueAxis(1)],
    series: [
      { type: 'bar', xAxisIndex: 0, yAxisIndex: 0, barGap: '10%', barWidth: 26, data: model.weeks.map((w) => w.newFriends), itemStyle: { color: '#4C86C6', borderRadius: [4, 4, 0, 0] }, label: barLabel() },
      { type: 'bar', xAxisIndex: 0, yAxisIndex: 0, barWidth: 26, data: model.weeks.map((w) => w.woken), itemStyle: { color: ACTIVITY_COLORS.active, borderRadius: [4, 4, 0, 0] }, label: barLabel() },
      {
        type: 'bar', xAxisIndex: 1, yAxisIndex: 1, barWidth: 40,
        data: model.weeks.map((w, i) => ({ value: w.spendFen / 100, itemStyle: { color: i === model.weeks.length - 1 ? ACCENT : '#F5B78A', borderRadius: [4, 4, 0, 0] } })),
        label: barLabel((p) => (p.value > 0 ? compactYuan(Math.round(p.value * 100)) : '')),
      },
    ],
  }
}

function truncate(s: string, n: number): string {
  const chars = [...s]
  return chars.length > n ? `${chars.slice(0, n).join('')}…` : s
}

/** The picture as SVG text. */
export async function renderReportSvg(model: ReportModel, shopName?: string): Promise<string> {
  const echarts = await loadEcharts()
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: REPORT_WIDTH, height: REPORT_HEIGHT })
  try {
    chart.setOption(buildChartOption(model, shopName))
    return chart.renderToSVGString()
  } finally {
    // A live instance keeps a timer: dispose, or the process never exits.
    chart.dispose()
  }
}

export interface RenderedPng { png: Buffer; width: number; height: number }

export interface PngRenderer {
  render(model: ReportModel, shopName?: string): Promise<RenderedPng>
  /** Let go of whatever the renderer holds (the render process, if one is running). */
  close?(): void
}

const ALWAYS = ' 0123456789%+-±¥.,:·/()（）→↑↓—…&<>"\''

/** The characters a picture draws (text outside tags, entities decoded by including their targets). */
export function drawnCharacters(svg: string): string {
  return [...new Set(svg.replace(/<[^>]*>/g, '') + ALWAYS)].join('')
}

export interface InProcessRendererOptions {
  /** Where the font subsets are kept between pictures and processes (see font-cache.ts). */
  fontCacheDir: string
}

/**
 * Draws in the calling process, which then keeps ECharts (and, while it grows the font cache,
 * harfbuzz's wasm memory) for good: the bot draws through `createPngRenderer` (render-process.ts),
 * which runs this in a short-lived child process. resvg gets the cached ~2 MB font subsets, not the
 * 8 MB faces (see font-cache.ts).
 */
export function createInProcessRenderer(options: InProcessRendererOptions): PngRenderer {
  const fonts = createFontCache(options.fontCacheDir)
  return {
    async render(model, shopName) {
      const svg = await renderReportSvg(model, shopName)
      const fontFiles = await fonts.filesFor(drawnCharacters(svg))
      const { Resvg } = await import('@resvg/resvg-js')
      const resvg = new Resvg(svg, {
        font: { loadSystemFonts: false, fontFiles, defaultFontFamily: FONT_FAMILY },
        background: '#F1F3F6',
      })
      const image = resvg.render()
      return { png: image.asPng(), width: image.width, height: image.height }
    },
  }
}
