import type { Config } from '../config/schema.js'
import type { ChatEvent, MessageKind } from '../platform/types.js'

/*
 * Signals read from one message (domain.md §3): keyword lists from config, negation, WeChat emoji
 * codes and emoji, plus what the message type itself says (transfer = payment, red envelope = approval).
 * Pure: no I/O, no clock.
 */

export type SignalsConfig = Config['signals']

export interface SignalInput {
  text: string
  kind: MessageKind
  chat: ChatEvent['chat']
  direction: ChatEvent['direction']
}

export interface Signals {
  intent: boolean
  approval: boolean
  complaint: boolean
  referral: boolean
  personas: string[]
  /** Payment evidence: an inbound transfer in private chat (amount unknown). */
  payment: boolean
  /** Short text for reasons and the digest ("太好用了"), '' when nothing matched. */
  excerpt: string
}

export type SignalKind = 'intent' | 'approval' | 'complaint' | 'referral' | 'payment'

export const SIGNAL_KINDS: readonly SignalKind[] = ['intent', 'approval', 'complaint', 'referral', 'payment']

const NONE: Signals = Object.freeze({
  intent: false, approval: false, complaint: false, referral: false, personas: [], payment: false, excerpt: '',
}) as Signals

const EXCERPT_MAX = 20
// A negation in an earlier clause ("不, 太好用了") does not negate this one.
const CLAUSE_BREAK = /[\s,.!?;:，。！？；：、~～…]/u
const VARIATION_SELECTOR = /\uFE0F/gu

/** The signals a message carries. Only the customer's own (inbound) messages carry customer signals. */
export function detectSignals(input: SignalInput, cfg: SignalsConfig): Signals {
  if (input.direction !== 'in') return NONE
  if (input.kind === 'transfer') {
    // Only a transfer to the merchant in private chat is a payment; group transfers are between members.
    return input.chat === 'private' ? { ...NONE, personas: [], payment: true, excerpt: '转账' } : NONE
  }
  if (input.kind === 'red_envelope') {
    // A red envelope in a group is for everyone (抢红包), not approval of the merchant.
    return input.chat === 'private' ? { ...NONE, personas: [], approval: true, excerpt: '红包' } : NONE
  }
  if (input.kind !== 'text' || input.text === '') return NONE

  const text = normalize(input.text)
  const matcher = matcherFor(cfg)
  let first = -1
  const hit = (keywords: string[]): boolean => {
    const at = findKeyword(text, keywords, matcher.negations, cfg.negationWindow)
    if (at >= 0 && (first < 0 || at < first)) first = at
    return at >= 0
  }
  const intent = hit(matcher.intent)
  const approval = hit(matcher.approval)
  const complaint = hit(matcher.complaint)
  const referral = hit(matcher.referral)
  const personas: string[] = []
  for (const [name, words] of matcher.personas) {
    if (findKeyword(text, words, matcher.negations, cfg.negationWindow) >= 0) personas.push(name)
  }
  if (!intent && !approval && !complaint && !referral && personas.length === 0) return NONE
  return { intent, approval, complaint, referral, personas, payment: false, excerpt: makeExcerpt(text, Math.max(first, 0)) }
}

/** The signal kinds of a result, in a stable order (for `interactions.signals`). */
export function listSignalKinds(s: Signals): SignalKind[] {
  const out: SignalKind[] = []
  for (const k of SIGNAL_KINDS) if (s[k]) out.push(k)
  return out
}

/** True when the message carries anything the stats must record. */
export function hasSignals(s: Signals): boolean {
  return s.intent || s.approval || s.complaint || s.referral || s.payment || s.personas.length > 0
}

interface Matcher {
  negations: string[]
  intent: string[]
  approval: string[]
  complaint: string[]
  referral: string[]
  personas: [string, string[]][]
}

// Config objects live for the process; normalizing their keyword lists once keeps the hot path cheap.
const matchers = new WeakMap<SignalsConfig, Matcher>()

function matcherFor(cfg: SignalsConfig): Matcher {
  let m = matchers.get(cfg)
  if (!m) {
    const list = (words: string[]) => [...new Set(words.map(normalize).filter((w) => w !== ''))]
    m = {
      negations: list(cfg.negations),
      intent: list(cfg.intent),
      approval: list(cfg.approval),
      complaint: list(cfg.complaint),
      referral: list(cfg.referral),
      personas: Object.entries(cfg.persona).map(([name, words]) => [name, list(words)]),
    }
    matchers.set(cfg, m)
  }
  return m
}

function normalize(s: string): string {
  // ❤️ and ❤ are the same heart; keyword lists are written without caring about the selector.
  return s.replace(VARIATION_SELECTOR, '').toLowerCase()
}

/** Index of the first occurrence of any keyword that is not negated, or -1. */
function findKeyword(text: string, keywords: string[], negations: string[], window: number): number {
  let best = -1
  for (const kw of keywords) {
    let from = 0
    for (;;) {
      const at = text.indexOf(kw, from)
      if (at < 0) break
      if (!isNegated(text, at, negations, window)) {
        if (best < 0 || at < best) best = at
        break
      }
      from = at + 1
    }
  }
  return best
}

/**
 * A negation within `window` characters before the keyword cancels it ("不喜欢", "不太喜欢").
 * Only characters before the keyword are looked at, so a keyword that itself begins with a
 * negation ("不好用", "没效果") still matches.
 */
function isNegated(text: string, at: number, negations: string[], window: number): boolean {
  if (window <= 0) return false
  let start = Math.max(0, at - window)
  const cut = lastClauseBreak(text.slice(start, at))
  if (cut >= 0) start += cut + 1
  if (start >= at) return false
  for (const n of negations) {
    for (let i = text.indexOf(n, start); i >= 0 && i + n.length <= at; i = text.indexOf(n, i + 1)) {
      if (!isQuestionForm(text, i, n.length)) return true
    }
  }
  return false
}

/** "有没有" / "是不是" / "要不要" (A-not-A) ask a question; they negate nothing. */
function isQuestionForm(text: string, at: number, length: number): boolean {
  return at > 0 && text[at - 1] === text[at + length]
}

function lastClauseBreak(s: string): number {
  for (let i = s.length - 1; i >= 0; i--) if (CLAUSE_BREAK.test(s[i])) return i
  return -1
}

function makeExcerpt(text: string, at: number): string {
  const chars = [...text.trim()]
  if (chars.length <= EXCERPT_MAX) return chars.join('')
  // Keep the matched keyword in view: start a few characters before it.
  const pos = [...text.slice(0, at)].length
  const start = Math.max(0, Math.min(pos - 4, chars.length - EXCERPT_MAX))
  const body = chars.slice(start, start + EXCERPT_MAX).join('')
  return (start > 0 ? '…' : '') + body + (start + EXCERPT_MAX < chars.length ? '…' : '')
}
