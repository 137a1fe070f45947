import { DEFAULT_CONFIG } from '../../src/config/schema.js'
import { detectSignals, listSignalKinds, type Signals, type SignalInput } from '../../src/signals/detect.js'
import type { EvalLine } from './eval-set.js'

/* Precision and recall per signal of a detector over the labelled set (issue 17). */

export const EVAL_SIGNALS = ['intent', 'approval', 'complaint', 'referral', 'persona'] as const
export type EvalSignal = typeof EVAL_SIGNALS[number]

export interface Score { tp: number; fp: number; fn: number; tn: number; precision: number; recall: number }
export interface Miss { line: EvalLine; got: string[] }
export interface Evaluation { lines: number; scores: Record<EvalSignal, Score>; misses: Miss[] }

export type Detector = (input: SignalInput) => Pick<Signals, 'intent' | 'approval' | 'complaint' | 'referral' | 'payment' | 'personas'>

export const defaultDetector: Detector = (input) => detectSignals(input, DEFAULT_CONFIG.signals)

/** What a detector says about one line, in the set's notation ('intent', 'persona:宝妈'). */
export function labelsOf(detector: Detector, text: string): string[] {
  const s = detector({ text, kind: 'text', chat: 'private', direction: 'in' })
  return [...listSignalKinds(s as Signals), ...s.personas.map((p) => `persona:${p}`)]
}

export function evaluate(set: EvalLine[], detector: Detector = defaultDetector): Evaluation {
  const counts = Object.fromEntries(EVAL_SIGNALS.map((k) => [k, { tp: 0, fp: 0, fn: 0, tn: 0 }])) as Record<EvalSignal, Omit<Score, 'precision' | 'recall'>>
  const misses: Miss[] = []
  for (const line of set) {
    const got = labelsOf(detector, line.text)
    let wrong = false
    for (const k of EVAL_SIGNALS) {
      // Persona: each expected name is one positive; a wrong name is a false positive.
      const want = line.expected.filter((e) => e === k || e.startsWith(`${k}:`))
      const have = got.filter((g) => g === k || g.startsWith(`${k}:`))
      const tp = have.filter((h) => want.includes(h)).length
      const fp = have.length - tp
      const fn = want.length - tp
      counts[k].tp += tp
      counts[k].fp += fp
      counts[k].fn += fn
      if (want.length === 0 && have.length === 0) counts[k].tn += 1
      if (fp > 0 || fn > 0) wrong = true
    }
    if (wrong) misses.push({ line, got })
  }
  const scores = Object.fromEntries(EVAL_SIGNALS.map((k) => {
    const c = counts[k]
    return [k, { ...c, precision: c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp), recall: c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn) }]
  })) as Record<EvalSignal, Score>
  return { lines: set.length, scores, misses }
}

/** The confusion table and the misses, for `npm run signals:eval`. */
export function formatEvaluation(e: Evaluation): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7)
  const rows = EVAL_SIGNALS.map((k) => {
    const s = e.scores[k]
    return `${k.padEnd(10)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)} ${String(s.tn).padStart(4)} ${pct(s.precision)} ${pct(s.recall)}`
  })
  const misses = e.misses.map((m) => `  ${m.line.text}\n      expected: ${m.line.expected.join(' ') || '—'}   got: ${m.got.join(' ') || '—'}`)
  return [
    `signal evaluation: ${e.lines} labelled lines`,
    '',
    'signal       TP   FP   FN   TN precision  recall',
    ...rows,
    '',
    e.misses.length === 0 ? 'every line read as labelled' : `${e.misses.length} lines read differently:`,
    ...misses,
  ].join('\n')
}
