/** Levenshtein distance over code points (names, commands and setting keys are short). */
export function distance(a: string, b: string): number {
  const x = [...a.toLowerCase()]
  const y = [...b.toLowerCase()]
  if (x.length === 0) return y.length
  if (y.length === 0) return x.length
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i)
  for (let i = 1; i <= x.length; i++) {
    const cur = [i]
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1))
    }
    prev = cur
  }
  return prev[y.length]
}

/**
 * Edit distance where swapping two neighbouring characters is one edit (optimal string alignment):
 * `piad` is one slip away from `paid`, as a thumb makes it.
 */
export function typoDistance(a: string, b: string): number {
  const x = [...a.toLowerCase()]
  const y = [...b.toLowerCase()]
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => [i, ...Array<number>(y.length).fill(0)])
  for (let j = 0; j <= y.length; j++) d[0][j] = j
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1)
    }
  }
  return d[x.length][y.length]
}

/** The candidate nearest to `word`, if near enough to be a typo of it. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: { c: string; d: number } | undefined
  for (const c of candidates) {
    const d = distance(word, c)
    if (!best || d < best.d) best = { c, d }
  }
  return best && best.d <= Math.max(2, Math.floor([...word].length / 3)) ? best.c : undefined
}
