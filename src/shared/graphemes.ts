/*
 * Text as people see it: an emoji (also a family or a flag) is one character and is never cut in half.
 * WeCom counts remark length this way; merchant-facing answers shorten echoed input this way.
 */

const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' })

export function splitGraphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment)
}

export function countGraphemes(text: string): number {
  let n = 0
  for (const _ of segmenter.segment(text)) n++
  return n
}

/** The first `max` characters and `…` when the text is longer (whole characters only). */
export function shortenText(text: string, max: number): string {
  // A grapheme is at least one UTF-16 unit: a short string fits without segmenting.
  if (text.length <= max) return text
  const parts = splitGraphemes(text)
  return parts.length <= max ? text : `${parts.slice(0, max).join('')}…`
}
