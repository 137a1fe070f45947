/** Levenshtein distance over code points (names, commands and setting keys are short). */
export function distance(a: string, b: string): number {
  return editDistance(a, b, false)
}

/**
 * Edit distance where swapping two neighbouring characters is one edit (optimal string alignment):
 * `piad` is one slip away from `paid`, as a thumb makes it.
 */
export function typoDistance(a: string, b: string): number {
  return editDistance(a, b, true)
}

/** Case-blind edit distance over code points; `swaps`: a swap of neighbours counts as one edit. */
function editDistance(a: string, b: string, swaps: boolean): number {
  const x = [...a.toLowerCase()]
  const y = [...b.toLowerCase()]
  if (x.length === 0) return y.length
  if (y.length === 0) return x.length
  // Rows i-2, i-1 and i of the table.
  let before: number[] = []
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j)
  for (let i = 1; i <= x.length; i++) {
    const cur = [i]
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1))
      if (swaps && i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) cur[j] = Math.min(cur[j], before[j - 2] + 1)
    }
    before = prev
    prev = cur
  }
  return prev[y.length]
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
