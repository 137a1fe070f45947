import type { DiscountedReading } from './detect.js'

/* Merchant-facing words for how a line was read (shown by /why): "'不是很喜欢'：否定，不算认同". */

const AS_TEXT: Record<DiscountedReading['as'], string> = {
  negated: '否定',
  question: '提问',
  asked: '提问，算购买意向',
  conditional: '假设',
  declined: '客气话',
  ironic: '反话',
  outweighed: '同一条里有投诉',
}

const SIGNAL_TEXT: Record<DiscountedReading['signal'], string> = {
  approval: '认同',
  complaint: '投诉',
}

export function readingText(r: Pick<DiscountedReading, 'signal' | 'as'> & { text: string }): string {
  return `'${r.text}'：${AS_TEXT[r.as]}，不算${SIGNAL_TEXT[r.signal]}`
}
