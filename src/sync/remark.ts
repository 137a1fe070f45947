import type { Tier } from '../tiers/ladder.js'
import { tierCode } from '../tiers/ladder.js'
import { countGraphemes, splitGraphemes } from '../shared/graphemes.js'

/*
 * The remark (备注) is tierbot's prefix plus the merchant's own text (docs/rules.md §5: `L4|张三 宝妈`).
 * WeCom counts what the user sees, so lengths are in graphemes: an emoji or a flag is one character
 * and is never cut in half.
 */

export { countGraphemes, splitGraphemes }

/**
 * What may go into a remark: a name or an old remark can carry control characters, line breaks or
 * bidirectional overrides (a hostile or broken name), which would garble the phone's chat list or be
 * refused by WeChat. Line breaks and tabs become a space, other controls and bidi overrides go; emoji
 * joiners and variation selectors stay.
 */
export function cleanRemarkText(text: string): string {
  return text
    .replace(/[\t\n\r\v\f\u0085\u2028\u2029]+/g, ' ')
    .replace(/[\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu, '')
    .replace(/ {2,}/g, ' ')
    .trim()
}

/** `{code}|` + L4 → `L4|`. */
export function formatRemarkPrefix(template: string, tier: Tier): string {
  return template.replaceAll('{code}', tierCode(tier))
}

const prefixPatterns = new Map<string, RegExp>()

/** The prefix format tierbot writes unless configured otherwise. */
export const DEFAULT_REMARK_PREFIX = '{code}|'

/**
 * Matches one prefix of any rung at the start, in the configured format or in the default one (a remark
 * written before the format was changed, whose record went with an older database).
 */
function prefixPattern(template: string): RegExp {
  let re = prefixPatterns.get(template)
  if (!re) {
    const body = (t: string) => t.split('{code}').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('L[0-5]')
    const formats = template === DEFAULT_REMARK_PREFIX ? body(template) : `(?:${body(template)}|${body(DEFAULT_REMARK_PREFIX)})`
    re = new RegExp(`^\\s*${formats}\\s*`)
    prefixPatterns.set(template, re)
  }
  return re
}

/**
 * The merchant's part of a remark: every leading tierbot prefix removed, whatever rung it names
 * (a remark written before a tier change, or twice by an older run, still comes out clean).
 */
export function stripRemarkPrefix(remark: string, template: string): string {
  const re = prefixPattern(template)
  let rest = remark
  for (let m = re.exec(rest); m && m[0].length > 0; m = re.exec(rest)) rest = rest.slice(m[0].length)
  return rest.trim()
}

/**
 * Prefix + base within `maxLength` graphemes: only the merchant's part is shortened, never the
 * prefix (the prefix is what the merchant sorts by on the phone).
 */
export function composeRemark(prefix: string, base: string, maxLength: number): string {
  // A grapheme is at least one UTF-16 unit, so a short string fits without segmenting (the common case).
  if (prefix.length + base.length <= maxLength) return prefix + base
  const room = Math.max(0, maxLength - countGraphemes(prefix))
  const parts = splitGraphemes(base)
  if (parts.length <= room) return prefix + base
  return prefix + parts.slice(0, room).join('').trimEnd()
}

export interface RemarkBaseInput {
  /** The remark on WeChat now ('' when none). */
  current: string
  /** The full remark tierbot last wrote; null when it never wrote one. */
  lastWritten: string | null
  /** The merchant's text as tierbot kept it (untruncated); null when never written. */
  lastBase: string | null
}

/**
 * Which merchant text to keep. If the remark on WeChat is not what tierbot last wrote, the merchant
 * changed it on the phone: their new text wins. Otherwise the kept base is used, so a remark once
 * shortened to fit grows back when a shorter prefix leaves room.
 */
export function resolveRemarkBase(input: RemarkBaseInput, template: string): string {
  if (input.lastWritten === null || input.current !== input.lastWritten || input.lastBase === null) {
    return stripRemarkPrefix(input.current, template)
  }
  return input.lastBase
}
