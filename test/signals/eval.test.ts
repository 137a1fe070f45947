import { describe, expect, it } from 'vitest'
import { EVAL_SET } from './eval-set.js'
import { EVAL_SIGNALS, evaluate, formatEvaluation } from './evaluate.js'

/* The labelled set (issue 17): precision and recall per signal must stay at or above the bar. */

const BAR = 0.95

describe('signal reading on the labelled set', () => {
  const result = evaluate(EVAL_SET)

  it('has at least 400 lines covering every signal', () => {
    expect(EVAL_SET.length).toBeGreaterThanOrEqual(400)
    for (const k of EVAL_SIGNALS) expect(EVAL_SET.filter((l) => l.expected.some((e) => e === k || e.startsWith(`${k}:`))).length).toBeGreaterThanOrEqual(20)
  })

  it.each(EVAL_SIGNALS.map((signal) => ({ signal })))(`$signal: precision and recall ≥ ${BAR}`, ({ signal }) => {
    const s = result.scores[signal]
    const detail = formatEvaluation(result)
    expect(s.precision, detail).toBeGreaterThanOrEqual(BAR)
    expect(s.recall, detail).toBeGreaterThanOrEqual(BAR)
  })

  it('labels only known signals', () => {
    const known = /^(intent|approval|complaint|referral|persona:(宝妈|上班族|价格敏感))$/
    expect(EVAL_SET.flatMap((l) => l.expected).filter((e) => !known.test(e))).toEqual([])
  })
})
