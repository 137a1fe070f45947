import type { Config } from '../config/schema.js'

/*
 * The configured keyword lists, compiled once per config object, and the search for every place a
 * keyword occurs in a message. A keyword may hold `*`: a slot for up to three degree/aspect words
 * ('效果*好' reads 效果好, 效果很好, 效果真的很好). Pure.
 */

export type SignalsConfig = Config['signals']

/** What a hit is evidence of: a signal, or a persona by name. */
export type HitKind = 'intent' | 'approval' | 'complaint' | 'referral' | 'persona'

export interface Hit {
  kind: HitKind
  /** The persona's name for kind 'persona'. */
  persona?: string
  /** The keyword as configured ('不*好用'). */
  word: string
  start: number
  end: number
}

interface Pattern {
  kind: HitKind
  persona?: string
  word: string
  parts: string[]
}

/** Words looked up by their first and by their last code unit, longest first ('一点也' before '也'). */
export interface WordIndex {
  byFirst: Map<string, string[]>
  byLast: Map<string, string[]>
}

export interface Lexicon {
  /** Patterns by the first code unit of their first part: one pass over the text finds every hit. */
  patterns: Map<string, Pattern[]>
  negations: WordIndex
  degree: WordIndex
  conjunctions: WordIndex
  courtesy: Set<string>
  declines: string[]
  ignore: string[]
  worries: string[]
  referrers: string[]
  window: number
  qualityQuestionIsIntent: boolean
}

/** Degree words a `*` slot may take. */
const SLOT_MAX = 3
const VARIATION_SELECTOR = /\uFE0F/gu

export function normalizeText(s: string): string {
  // ❤️ and ❤ are the same heart; keyword lists are written without caring about the selector.
  return (s.includes('\uFE0F') ? s.replace(VARIATION_SELECTOR, '') : s).toLowerCase()
}

// Config objects live for the process; compiling their lists once keeps the hot path cheap.
const compiled = new WeakMap<SignalsConfig, Lexicon>()

export function lexiconFor(cfg: SignalsConfig): Lexicon {
  let lex = compiled.get(cfg)
  if (!lex) {
    const list = (words: string[]) => [...new Set(words.map(normalizeText).filter((w) => w.replace(/\*/g, '') !== ''))]
    const patterns = new Map<string, Pattern[]>()
    const add = (kind: HitKind, words: string[], persona?: string) => {
      for (const word of list(words)) {
        const parts = word.split('*').filter((p) => p !== '')
        const key = parts[0][0]
        patterns.set(key, [...(patterns.get(key) ?? []), { kind, persona, word, parts }])
      }
    }
    add('intent', cfg.intent)
    add('approval', cfg.approval)
    add('complaint', cfg.complaint)
    add('referral', cfg.referral)
    for (const [name, words] of Object.entries(cfg.persona)) add('persona', words, name)
    lex = {
      patterns,
      negations: indexWords(list(cfg.negations)),
      degree: indexWords(list(cfg.degreeWords)),
      conjunctions: indexWords(list(cfg.conjunctions)),
      courtesy: new Set(list(cfg.courtesy)),
      declines: list(cfg.declines),
      ignore: list(cfg.ignore),
      worries: list(cfg.worries),
      referrers: list(cfg.referrers),
      window: cfg.negationWindow,
      qualityQuestionIsIntent: cfg.qualityQuestionIsIntent,
    }
    compiled.set(cfg, lex)
  }
  return lex
}

/** Every occurrence of every keyword, by start; a keyword inside a longer `ignore` phrase is dropped. */
export function findHits(text: string, lex: Lexicon): Hit[] {
  const hits: Hit[] = []
  for (let at = 0; at < text.length; at++) {
    const candidates = lex.patterns.get(text[at])
    if (!candidates) continue
    for (const p of candidates) {
      if (!text.startsWith(p.parts[0], at)) continue
      const end = matchRest(text, at + p.parts[0].length, p.parts, 1, lex.degree)
      if (end >= 0) hits.push({ kind: p.kind, persona: p.persona, word: p.word, start: at, end })
    }
  }
  if (hits.length === 0 || lex.ignore.length === 0) return hits
  return hits.filter((h) => !insideIgnored(text, h, lex.ignore))
}

function indexWords(words: string[]): WordIndex {
  const byFirst = new Map<string, string[]>()
  const byLast = new Map<string, string[]>()
  for (const w of [...words].sort((a, b) => b.length - a.length)) {
    byFirst.set(w[0], [...(byFirst.get(w[0]) ?? []), w])
    byLast.set(w[w.length - 1], [...(byLast.get(w[w.length - 1]) ?? []), w])
  }
  return { byFirst, byLast }
}

/** Length of the longest indexed word starting at `pos`, or 0. */
export function wordAt(ix: WordIndex, text: string, pos: number): number {
  const list = ix.byFirst.get(text[pos])
  if (list) for (const w of list) if (text.startsWith(w, pos)) return w.length
  return 0
}

/** Length of the longest indexed word ending at `pos`, or 0. */
export function wordBefore(ix: WordIndex, text: string, pos: number): number {
  const list = pos > 0 ? ix.byLast.get(text[pos - 1]) : undefined
  if (list) for (const w of list) if (pos >= w.length && text.startsWith(w, pos - w.length)) return w.length
  return 0
}

/** End of the match of parts[i..] at `pos`, allowing up to SLOT_MAX degree words before each part; -1 if none. */
function matchRest(text: string, pos: number, parts: string[], i: number, degree: WordIndex): number {
  if (i === parts.length) return pos
  for (let slot = 0, p = pos; slot <= SLOT_MAX; slot++) {
    if (text.startsWith(parts[i], p)) {
      const end = matchRest(text, p + parts[i].length, parts, i + 1, degree)
      if (end >= 0) return end
    }
    const w = wordAt(degree, text, p)
    if (w === 0) break
    p += w
  }
  return -1
}

function insideIgnored(text: string, h: Hit, ignore: string[]): boolean {
  for (const phrase of ignore) {
    // A keyword as long as the phrase is a keyword of its own ('推荐给我一' for intent).
    if (h.end - h.start >= phrase.length) continue
    // An ignore phrase that overlaps the hit and covers its start ("推荐给我" around "推荐给").
    const from = Math.max(0, h.start - phrase.length + 1)
    for (let at = text.indexOf(phrase, from); at >= 0 && at <= h.start; at = text.indexOf(phrase, at + 1)) {
      if (at + phrase.length > h.start) return true
    }
  }
  return false
}
