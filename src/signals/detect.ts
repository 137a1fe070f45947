import type { ChatEvent, MessageKind } from '../platform/types.js'
import { findHits, lexiconFor, normalizeText, type SignalsConfig } from './lexicon.js'
import { quoteOf, readHits, type Reading, type ReadHit } from './reading.js'
import { stripQuoted } from './quoted.js'

/*
 * Signals read from one message (docs/rules.md §3, §7): keyword lists from config (lexicon.ts), each keyword
 * read in its clause for negation and questions (reading.ts), WeChat emoji codes and emoji, plus what
 * the message type itself says (transfer = payment, red envelope = approval). Pure: no I/O, no clock.
 */

export type { SignalsConfig }

export interface SignalInput {
  text: string
  kind: MessageKind
  chat: ChatEvent['chat']
  direction: ChatEvent['direction']
}

/** A keyword that was read but did not count, so `/why` can show the reading ('不是很喜欢'：否定). */
export interface DiscountedReading {
  signal: 'approval' | 'complaint'
  quote: string
  /**
   * 'asked': a quality question that counted as buying intent instead; 'outweighed': praise in a message that
   * complains (see reading.ts).
   */
  as: Exclude<Reading, 'counted'> | 'asked' | 'outweighed'
}

export interface Signals {
  intent: boolean
  approval: boolean
  complaint: boolean
  referral: boolean
  personas: string[]
  /** Payment evidence: an inbound transfer in private chat (amount unknown). */
  payment: boolean
  /** Short text for reasons and the digest ("太好用了"), '' when nothing matched: the clause of the first signal. */
  excerpt: string
  /** The clause that carried each signal (the words that counted). */
  quotes: Partial<Record<SignalKind, string>>
  /** Approval or complaint keywords read as negated, asked or declined (at most 2). */
  discounted: DiscountedReading[]
}

export type SignalKind = 'intent' | 'approval' | 'complaint' | 'referral' | 'payment'

export const SIGNAL_KINDS: readonly SignalKind[] = ['intent', 'approval', 'complaint', 'referral', 'payment']

const NONE: Signals = Object.freeze({
  intent: false, approval: false, complaint: false, referral: false, personas: [], payment: false, excerpt: '',
  quotes: {}, discounted: [],
}) as Signals

const DISCOUNTED_MAX = 2

/** The signals a message carries. Only the customer's own (inbound) messages carry customer signals. */
export function detectSignals(input: SignalInput, cfg: SignalsConfig): Signals {
  if (input.direction !== 'in') return NONE
  if (input.kind === 'transfer') {
    // Only a transfer to the merchant in private chat is a payment; group transfers are between members.
    return input.chat === 'private' ? { ...NONE, payment: true, excerpt: '转账', quotes: { payment: '转账' } } : NONE
  }
  if (input.kind === 'red_envelope') {
    // A red envelope in a group is for everyone (抢红包), not approval of the merchant.
    return input.chat === 'private' ? { ...NONE, approval: true, excerpt: '红包', quotes: { approval: '红包' } } : NONE
  }
  if (input.kind !== 'text' || input.text === '') return NONE

  const text = normalizeText(stripQuoted(input.text))
  const lex = lexiconFor(cfg)
  const hits = findHits(text, lex)
  if (hits.length === 0) return NONE
  const read = readHits(text, hits, lex)

  const quotes: Partial<Record<SignalKind, string>> = {}
  const personas: string[] = []
  const discounted: Array<DiscountedReading & { start: number; end: number }> = []
  let excerpt = ''
  const count = (kind: SignalKind, h: ReadHit) => {
    if (quotes[kind] !== undefined) return
    quotes[kind] = quoteOf(text, h)
    if (excerpt === '') excerpt = quotes[kind]
  }
  let asked: ReadHit | null = null
  for (const h of read) {
    if (h.reading === 'counted') {
      if (h.kind === 'persona') {
        if (!personas.includes(h.persona!)) personas.push(h.persona!)
      } else {
        count(h.kind, h)
      }
    } else if (h.reading === 'ironic' && h.kind === 'approval') {
      // 好用个屁: the praise said as a jeer is the complaint.
      count('complaint', h)
      discounted.push({ signal: 'approval', quote: quoteOf(text, h), as: 'ironic', start: h.start, end: h.end })
    } else if (h.kind === 'approval' || h.kind === 'complaint') {
      if (h.reading === 'question' && asked === null) asked = h
      if (discounted.length < DISCOUNTED_MAX && !discounted.some((d) => d.signal === h.kind && d.start === h.start)) {
        discounted.push({ signal: h.kind, quote: quoteOf(text, h), as: h.reading, start: h.start, end: h.end })
      }
    }
  }
  if (quotes.referral === undefined) {
    const forSomeone = read.find((h) => h.kind === 'intent' && h.reading === 'counted' && mentions(text.slice(h.clauseStart, h.clauseEnd), lex.referrers))
    if (forSomeone) count('referral', forSomeone)
  }
  // A question about a quality is a buying question, unless the same message gives a verdict (see reading.ts).
  if (asked !== null && lex.qualityQuestionIsIntent && quotes.complaint === undefined && quotes.approval === undefined) {
    count('intent', asked)
    const d = discounted.find((x) => x.start === asked!.start && x.signal === asked!.kind)
    if (d) d.as = 'asked'
  }
  // Praise said as a jeer beside the complaint ("质量真好，穿一次就坏了"): the complaint is what the merchant reads.
  if (quotes.complaint !== undefined && quotes.approval !== undefined) {
    const praise = read.find((x) => x.kind === 'approval' && x.reading === 'counted')!
    const problem = read.find((x) => x.kind === 'complaint' && x.reading === 'counted')!
    if (isSarcasm(text, praise, problem, cfg.conjunctions)) {
      discounted.unshift({ signal: 'approval', quote: quotes.approval, as: 'outweighed', start: praise.start, end: praise.end })
      if (excerpt === quotes.approval) excerpt = quotes.complaint
      delete quotes.approval
    }
  }
  // A keyword that counted elsewhere in the message, or that sits inside a keyword that counted ("不好用" is a
  // complaint, so its 好用 needs no "不算认同"), is not shown as discounted.
  const shown = discounted.filter((d) => quotes[d.signal] === undefined && !read.some((h) => isInsideCounted(d, h))).slice(0, DISCOUNTED_MAX)
  const any = excerpt !== '' || personas.length > 0
  if (!any && shown.length === 0) return NONE
  return {
    intent: quotes.intent !== undefined,
    approval: quotes.approval !== undefined,
    complaint: quotes.complaint !== undefined,
    referral: quotes.referral !== undefined,
    personas,
    payment: false,
    excerpt: excerpt || (personas.length > 0 ? quoteOf(text, read.find((h) => h.kind === 'persona' && h.reading === 'counted')!) : ''),
    quotes,
    discounted: shown.map(({ signal, quote, as }) => ({ signal, quote, as })),
  }
}

/**
 * Praise and a complaint in one message: sarcasm when they share a clause ("谢谢你的假货") or the problem came at
 * once (穿一次就坏了, 用两天就过敏); not when a "but" sets them apart ("效果不错，就是有点过敏") or they are about two
 * things ("面膜很好用，精华没效果").
 */
function isSarcasm(text: string, praise: ReadHit, problem: ReadHit, conjunctions: string[]): boolean {
  const [a, b] = praise.start < problem.start ? [praise, problem] : [problem, praise]
  const between = text.slice(a.end, b.start)
  if (['就是', ...conjunctions].some((w) => between.includes(w))) return false
  if (praise.clauseStart === problem.clauseStart) return true
  const lead = text.slice(problem.clauseStart, problem.start)
  return praise.start < problem.start && /就(?!是)/u.test(lead)
}

function isInsideCounted(d: { signal: string; start: number; end: number }, h: ReadHit): boolean {
  return h.reading === 'counted' && h.kind !== 'persona' && h.kind !== d.signal && h.start <= d.start && d.end <= h.end
}

function mentions(clause: string, words: string[]): boolean {
  return words.some((w) => clause.includes(w))
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
