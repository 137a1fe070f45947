import { wordAt, wordBefore, type Hit, type Lexicon } from './lexicon.js'

/*
 * How a keyword is read in its sentence, the way a merchant reads a chat (docs/rules.md §7). Pure.
 *
 * Domain notes (the choices, with the lines in test/signals/eval-set.ts that show them):
 *
 * - Clause. A negation or a question never reaches past a clause break: punctuation (，。！？ , . ! ? ; : ~ …),
 *   a space, an emoji or a WeChat code ([强]), or a conjunction (但/但是/不过/可是/只是 …, configurable).
 *   Customers type on phones without punctuation, so within a clause the rules below decide the reach.
 * - Negation scope. A negation (不 没 别 未 无) governs the keyword after it also across degree and aspect words
 *   (很 太 是 特别 那么 怎么 一点也 并 都 觉得 会 再 …, configurable, at most `negationWindow` of them):
 *   不是很喜欢, 并不是特别满意, 一点也不好用, 没那么好用, 不会再回购. It stops at the first other word, so
 *   "不贵，挺好用" and "没用两天就坏了" keep their keyword. A negation that is the end of a longer degree word
 *   (特别, 无比) is that word, not a negation.
 * - Double negation (不是不喜欢, 没有不满意) is a hedge, usually before a "but": it counts as neither the
 *   keyword nor its opposite.
 * - A-not-A (是不是, 会不会, 有没有, 喜不喜欢) asks; it negates nothing and makes the clause a question.
 * - Questions. A yes/no question about a quality (好用吗, 真的有效果吗, 喜欢吗？, 会过敏吗, 是不是假货) is not a
 *   verdict: not approval, not a complaint. The customer is weighing a purchase, so it counts as buying intent
 *   (`qualityQuestionIsIntent`, default on) unless the same message complains. A question marker (吗/么/？, a
 *   trailing 不/没, A-not-A) belongs to the keyword nearest before it: in "很好用还有货吗" the question is the stock.
 * - Why-questions presuppose the fact: "怎么会过敏？", "为什么没效果", "怎么退款" are complaints; "怎么这么好用？" is
 *   praise (这么/那么 right before the keyword makes it an exclamation).
 * - Conditions: "如果好用就再买", "喜欢的话再找你" state no verdict (and ask nothing).
 * - Worries: a complaint keyword after 怕 / 担心 / 万一 / 如果 … in its clause ("怕过敏", "担心是假货") is a
 *   worry before buying, read like a question.
 * - A question answered in the same message ("好用吗？我觉得很好用") is the answer: the verdict counts and the
 *   question is not a buying question.
 * - Buying questions are intent also when negated: "没有优惠吗", "不包邮吗" ask for the discount.
 * - Buying for someone else: a buying question in the same clause as a friend, colleague, sister … (`referrers`)
 *   is also a referral ("我表妹也想买", "帮朋友问下多少钱"); "朋友推荐来的，想买" is not (the customer was referred).
 * - Courtesy (谢谢, 感谢) in a message that declines ("谢谢，不用了") is a polite no, not approval.
 * - Irony. A keyword right before 个屁 / 个鬼 / 个毛 / 才怪 says the opposite: "好用个屁" is a complaint, not approval;
 *   "会过敏才怪" is no complaint.
 * - Praise beside a complaint. When the same message complains, its praise is sarcasm ("太好用了，用一次就过敏")
 *   or a softener ("质量很好，就是有点过敏"): the merchant reads a complaint and no approval (detect.ts).
 */

export type Reading = 'counted' | 'negated' | 'question' | 'conditional' | 'declined' | 'ironic'

export interface ReadHit extends Hit {
  reading: Reading
  /** The clause: [clauseStart, clauseEnd) of the text. */
  clauseStart: number
  clauseEnd: number
}

const PUNCTUATION = new Set([...' \t\n\r,.!?;:，。！？；：、~～…()（）【】「」“”"\'[]'])
const PICTOGRAPH = /\p{Extended_Pictographic}/u
const QUESTION_MARKS = new Set(['？', '?'])
// 么 is a question particle except as the end of 这么 那么 什么 怎么 多么 要么.
const NOT_PARTICLE_BEFORE_ME = new Set([...'这那什怎多要'])
const WHY_WORDS = ['为什么', '为啥', '怎么', '咋', '干吗', '干嘛', '凭什么']
const EXCLAIM_BEFORE = ['这么', '那么']
const CONDITIONS_BEFORE = ['如果', '要是', '假如']
const QUOTE_MAX = 20
// Said right after a word, these turn it into its opposite: 好用个屁, 会过敏才怪.
const IRONY_AFTER = ['个屁', '个鬼', '个毛', '才怪']

/** Read every hit of one message. `text` is normalized. */
export function readHits(text: string, hits: Hit[], lex: Lexicon): ReadHit[] {
  const declines = hits.some((h) => lex.courtesy.has(h.word)) && lex.declines.some((d) => text.includes(d))
  const breaks = markBreaks(text, lex)
  // The hits are this message's own objects: completing them in place saves a copy each.
  const read = hits as ReadHit[]
  for (const h of read) {
    h.clauseStart = clauseStart(breaks, h.start)
    h.clauseEnd = clauseEnd(breaks, h.end, text.length)
  }
  for (const h of read) h.reading = readOne(text, h, hits, h.clauseStart, h.clauseEnd, declines, lex)
  return read
}

function readOne(text: string, h: Hit, hits: Hit[], cs: number, ce: number, declines: boolean, lex: Lexicon): Reading {
  const neg = negationBefore(text, h.start, cs, lex)
  if (h.kind === 'persona' || h.kind === 'referral') return neg.count > 0 ? 'negated' : 'counted'
  const question = neg.aNotA || isQuestion(text, h, hits, cs, ce, lex)
  if (h.kind === 'intent') return neg.count > 0 && !question ? 'negated' : 'counted'
  if (neg.count > 0) return 'negated'
  if (IRONY_AFTER.some((w) => text.startsWith(w, h.end))) return 'ironic'
  if (isConditional(text, h, cs, ce)) return 'conditional'
  if (h.kind === 'approval') {
    if (question && !exclaims(text, h.start, lex)) return 'question'
    return declines && lex.courtesy.has(h.word) ? 'declined' : 'counted'
  }
  // complaint: a worry ("怕过敏") is asked, not told.
  if (!question && worried(text, h.start, cs, lex)) return 'question'
  return question && !hasWhyWord(text, cs, ce) ? 'question' : 'counted'
}

interface Negation { count: number; aNotA: boolean }

/**
 * Negations governing the keyword at `at`: walk back over degree words (at most `window`) and negations.
 * The longer of a degree word and a negation ending at the same place wins (特别 is not 别).
 */
function negationBefore(text: string, at: number, cs: number, lex: Lexicon): Negation {
  const out: Negation = { count: 0, aNotA: false }
  if (lex.window <= 0) return out
  let pos = at
  let steps = 0
  // A keyword whose first character ends a longer degree word (需|要退 in 不需要退货) is read from that
  // word's start: the negation before the word governs it.
  const over = wordBefore(lex.degree, text, at + 1)
  if (over > 1 && at + 1 - over >= cs) {
    pos = at + 1 - over
    steps = 1
  }
  for (; pos > cs;) {
    const n = wordBefore(lex.negations, text, pos)
    const d = wordBefore(lex.degree, text, pos)
    if (n > 0 && n >= d) {
      if (isANotA(text, pos - n, n)) { out.aNotA = true; return out }
      out.count++
      pos -= n
    } else if (d > 0 && steps < lex.window) {
      steps++
      pos -= d
    } else {
      break
    }
  }
  return out
}

/**
 * 是不是 / 有没有 / 喜不喜欢: the same character on both sides of the negation. Not a negated word said twice
 * (不错不错, 不是不是), where the same negation stands two characters earlier.
 */
function isANotA(text: string, at: number, length: number): boolean {
  return at > 0 && text[at - 1] === text[at + length] && !PUNCTUATION.has(text[at - 1]) && text[at - 2] !== text[at]
}

/** Is the hit the thing its clause asks about? */
function isQuestion(text: string, h: Hit, hits: Hit[], cs: number, ce: number, lex: Lexicon): boolean {
  // A-not-A before or inside the keyword in the same clause (这个会不会让皮肤过敏, 是不是很好用, 效果好不好).
  for (let i = cs + 1; i < Math.min(h.end, ce - 1); i++) {
    const n = wordAt(lex.negations, text, i)
    if (n > 0 && isANotA(text, i, n)) return true
  }
  // 哪款适合干皮: a which-question before the keyword.
  if (h.kind === 'approval' && within(text, '哪', cs, h.start) >= 0) return true
  // 效果好不好 / 满不满意 ending inside the keyword: its last character, a negation, the same character.
  if (wordAt(lex.negations, text, h.end) === 1 && isANotA(text, h.end, 1)) return true
  // The nearest question marker after the keyword, unless another keyword comes first.
  const next = hits.find((o) => o.start >= h.end && o.start < ce && o.kind !== 'persona' && o.kind !== 'referral')
  const limit = next ? next.start : ce
  for (let i = h.end; i < limit; i++) {
    const c = text[i]
    if (c === '吗' && text[i - 1] !== '干') return true
    if (c === '么' && !NOT_PARTICLE_BEFORE_ME.has(text[i - 1])) return true
  }
  if (next) return false
  // "好用不" / "有效果没": a negation closing the clause asks.
  if (ce - 1 >= h.end && wordBefore(lex.negations, text, ce) === 1) return true
  return QUESTION_MARKS.has(questionMarkAfter(text, ce))
}

/** The first punctuation after the clause end, skipping emoji and spaces ("好用吗 😂？"). */
function questionMarkAfter(text: string, ce: number): string {
  for (let i = ce; i < text.length;) {
    const cp = text.codePointAt(i)!
    const ch = String.fromCodePoint(cp)
    if (QUESTION_MARKS.has(ch)) return ch
    if (ch === ' ' || PICTOGRAPH.test(ch) || cp === 0x200d) { i += ch.length; continue }
    return ch
  }
  return ''
}

function hasWhyWord(text: string, cs: number, ce: number): boolean {
  return WHY_WORDS.some((w) => {
    const at = within(text, w, cs, ce)
    // 怎么样 asks for an opinion, not for a reason.
    return at >= 0 && !(w === '怎么' && text[at + 2] === '样')
  })
}

/** Index of `word` wholly inside [from, to) of the text, or -1. */
function within(text: string, word: string, from: number, to: number): number {
  const at = text.indexOf(word, from)
  return at >= 0 && at + word.length <= to ? at : -1
}

/** "如果好用", "喜欢的话": a condition, not a verdict. */
function isConditional(text: string, h: Hit, cs: number, ce: number): boolean {
  return CONDITIONS_BEFORE.some((w) => within(text, w, cs, h.start) >= 0) || within(text, '的话', h.end, ce) >= 0
}

function worried(text: string, at: number, cs: number, lex: Lexicon): boolean {
  return lex.worries.some((w) => within(text, w, cs, at) >= 0)
}

function exclaims(text: string, at: number, lex: Lexicon): boolean {
  // 怎么这么好用？ — look back over degree words for 这么 / 那么.
  for (let pos = at, steps = 0; steps <= lex.window; steps++) {
    if (EXCLAIM_BEFORE.some((w) => text.startsWith(w, pos - w.length))) return true
    const d = wordBefore(lex.degree, text, pos)
    if (d === 0) return false
    pos -= d
  }
  return false
}

/**
 * Bit 1: a break character (punctuation, space, emoji) at i; bit 4: a conjunction starts at i (the clause
 * before ends there); bit 2: a conjunction ends at i (the next clause starts there). One pass per message.
 */
function markBreaks(text: string, lex: Lexicon): Uint8Array {
  const marks = new Uint8Array(text.length + 1)
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    // CJK ideographs (most of the text) are never breaks; test the rest.
    if (c >= 0x4e00 && c <= 0x9fff) {
      const conj = wordAt(lex.conjunctions, text, i)
      if (conj > 0) { marks[i] |= 4; marks[i + conj] |= 2 }
      continue
    }
    if (PUNCTUATION.has(text[i])) marks[i] |= 1
    else if (c >= 0xd800 && c <= 0xdbff) {
      if (PICTOGRAPH.test(String.fromCodePoint(text.codePointAt(i)!))) { marks[i] |= 1; marks[i + 1] |= 1 }
    } else if (c >= 0x2000 && c < 0x3000 && PICTOGRAPH.test(text[i])) marks[i] |= 1
  }
  return marks
}

/** Start of the clause holding position `at`. */
function clauseStart(marks: Uint8Array, at: number): number {
  let i = at
  while (i > 0 && !(marks[i - 1] & 1) && !(marks[i] & 2)) i--
  return i
}

/** End (exclusive) of the clause that goes on at `from`. */
function clauseEnd(marks: Uint8Array, from: number, length: number): number {
  let i = from
  while (i < length && !(marks[i] & 5)) i++
  return i
}

/** The clause around the keyword, as the merchant would quote it (at most QUOTE_MAX characters). */
export function quoteOf(text: string, h: ReadHit): string {
  const start = Math.min(h.clauseStart, h.start)
  const end = Math.max(h.clauseEnd, h.end)
  if (end - start <= QUOTE_MAX) return text.slice(start, end).trim()
  const chars = [...text.slice(start, end).trim()]
  if (chars.length <= QUOTE_MAX) return chars.join('')
  // Keep the keyword in view: start a few characters before it.
  const pos = [...text.slice(start, h.start)].length
  const from = Math.max(0, Math.min(pos - 4, chars.length - QUOTE_MAX))
  return (from > 0 ? '…' : '') + chars.slice(from, from + QUOTE_MAX).join('') + (from + QUOTE_MAX < chars.length ? '…' : '')
}
