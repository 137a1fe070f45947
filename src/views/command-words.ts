/*
 * The views' words in commands: `/list 老客` / `/list 高意向` / `/list A类`, and `/points 张三 +50 生日礼`.
 * Pure.
 */

export type ViewWord =
  | { kind: 'stage'; stage: '潜在' | '新客' | '老客' | '忠诚' }
  | { kind: 'intent'; band: '高' | '中' | '低' }
  | { kind: 'value'; cls: 'A' | 'B' | 'C' }

// The stage words without 客 / 客户 / 顾客 (老客, 老客户, 老顾客 → 老).
const STAGES: Record<string, '潜在' | '新客' | '老客' | '忠诚'> = { 潜在: '潜在', 新: '新客', 老: '老客', 忠诚: '忠诚', 忠实: '忠诚' }

/** 潜在 新客 老客 忠诚 高意向 中意向 低意向 A类 B类 C类 (also `A`, `a类`, `潜在客户`, `老顾客`). */
export function parseViewWord(input: string): ViewWord | null {
  const t = input.trim().replace(/\s+/g, '').replace(/(?:客户|用户|顾客|客)$/u, '')
  const stage = Object.hasOwn(STAGES, t) ? STAGES[t] : undefined
  if (stage) return { kind: 'stage', stage }
  const band = /^([高中低])意向$/u.exec(t)
  if (band) return { kind: 'intent', band: band[1] as '高' | '中' | '低' }
  const cls = /^([abcABC])类?$/u.exec(t)
  if (cls) return { kind: 'value', cls: cls[1].toUpperCase() as 'A' | 'B' | 'C' }
  return null
}

/** The words of a view as the merchant writes them (`老客`, `高意向`, `A类`). */
export function viewWordLabel(v: ViewWord): string {
  return v.kind === 'stage' ? v.stage : v.kind === 'intent' ? `${v.band}意向` : `${v.cls}类`
}

export const MAX_POINTS_DELTA = 100_000
const OVERDRAW_WORDS = new Set(['透支', '允许负数'])

interface Token { text: string; quoted: boolean }

// The change as merchants write it: +50, -50, ＋50, 加50, 扣50, 减50 (50分 too).
const SIGNED = /^(?:[+\-－＋]|[加扣减](?=\d))/u
const SIGN_WORDS: Record<string, string> = { '－': '-', '＋': '+', 加: '+', 扣: '-', 减: '-' }

/**
 * `张三` → show; `张三 +50 生日礼` / `张三 -50 兑换` (a trailing 透支 allows going below zero).
 * null: no name; `{ bad }`: a delta that is not a whole number of points in range; `{ unsigned }`: a
 * number without + or - (`张三 50`: add or take? asked, not read as part of the name).
 */
export function parsePointsArgs(args: Token[]): { name: string; delta?: number; reason?: string; overdraw?: true } | { bad: string } | { unsigned: string } | null {
  if (args.length === 0 || !args[0].text) return null
  const at = args.findIndex((a, i) => i > 0 && !a.quoted && SIGNED.test(a.text))
  if (at === -1) {
    const bare = args.findIndex((a, i) => i > 0 && !a.quoted && /^\d{1,6}分?$/u.test(a.text))
    if (bare !== -1) return { unsigned: args[bare].text }
    return { name: args.map((a) => a.text).join(' ') }
  }
  const raw = args[at].text.replace(/^./u, (c) => SIGN_WORDS[c] ?? c).replace(/分$/u, '')
  if (!/^[+-]\d{1,6}$/.test(raw) || Number(raw) === 0 || Math.abs(Number(raw)) > MAX_POINTS_DELTA) return { bad: args[at].text }
  const rest = args.slice(at + 1).map((a) => a.text)
  const overdraw = rest.length > 0 && OVERDRAW_WORDS.has(rest[rest.length - 1])
  const reason = (overdraw ? rest.slice(0, -1) : rest).join(' ').trim()
  return {
    name: args.slice(0, at).map((a) => a.text).join(' '), delta: Number(raw),
    ...(reason ? { reason } : {}), ...(overdraw ? { overdraw: true as const } : {}),
  }
}
