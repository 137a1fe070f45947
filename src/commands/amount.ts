/*
 * Money typed by the merchant (`199`, `¥199`, `199元`, `1,299.50`) → integer fen. Pure. Parsed from
 * the digits as text, never through floating point, so `0.1 + 0.2` style errors cannot reach the ledger.
 */

export type AmountProblem = 'missing' | 'not_a_number' | 'negative' | 'zero' | 'too_many_decimals' | 'too_large'

export type AmountResult = { ok: true; fen: number } | { ok: false; problem: AmountProblem; input: string }

const CURRENCY_PREFIX = /^(?:¥|￥|rmb|cny|\$)\s*/i
const CURRENCY_SUFFIX = /\s*(?:元整|元|块钱|块|rmb|cny)$/i
// Thousands separators only in groups of three (`1,299.50`); a lone comma is more likely a typo.
const NUMBER = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/

/** Parse an amount in yuan into fen; refuses what a merchant would not mean, with the reason. */
export function parseAmount(raw: string, maxYuan: number): AmountResult {
  const input = raw.normalize('NFKC').trim()
  if (input === '') return { ok: false, problem: 'missing', input }
  let text = input.replace(CURRENCY_PREFIX, '')
  let negative = false
  if (text.startsWith('-') || text.startsWith('−')) {
    negative = true
    text = text.slice(1)
  } else if (text.startsWith('+')) {
    text = text.slice(1)
  }
  text = text.replace(CURRENCY_PREFIX, '').replace(CURRENCY_SUFFIX, '').trim()
  const m = NUMBER.exec(text)
  if (!m) return { ok: false, problem: 'not_a_number', input }
  const decimals = m[1] ?? ''
  if (decimals.length > 2) return { ok: false, problem: 'too_many_decimals', input }
  const whole = text.split('.')[0].replace(/,/g, '')
  // Compare as digits first: a 400-digit amount must not go through Number at all.
  const wholeDigits = whole.replace(/^0+(?=\d)/, '')
  if (wholeDigits.length > 12) return { ok: false, problem: negative ? 'negative' : 'too_large', input }
  const fen = Number(wholeDigits) * 100 + Number(decimals.padEnd(2, '0'))
  if (negative && fen > 0) return { ok: false, problem: 'negative', input }
  if (fen === 0) return { ok: false, problem: 'zero', input }
  if (fen > maxYuan * 100) return { ok: false, problem: 'too_large', input }
  return { ok: true, fen }
}

/** Does this token look like the merchant meant an amount (so the words before it are the name)? */
export function looksLikeAmount(token: string): boolean {
  return /^[-+−]?(?:¥|￥|\$)?\s*[-+−]?\d/.test(token.normalize('NFKC')) || /^\d[\d,.]*\s*(?:元|块)$/.test(token)
}

/** `¥199` or `¥1,299.50` for replies. */
export { formatYuan as formatFen } from '../shared/money.js'
