import type { Config } from '../src/config/schema.js'
import { detectSignals, type SignalInput } from '../src/signals/detect.js'
import { CUSTOMER_TEXTS } from './synth.js'

/*
 * Signal detection per message (issue 17): the pure reader on the generator's customer lines plus long
 * messages, against a bare keyword scan over the same lists (one indexOf per keyword, no reading) in the
 * same run. Run alone: `npx tsx bench/signals.ts`.
 */

export interface SignalsResult { usPerMessage: number; scanUsPerMessage: number; messages: number }

const LONG = [
  '上次在你这买的那个面膜我用了差不多一个月了，皮肤确实好了很多，我妈看了也说好，这次想再要两盒，顺便问一下有没有什么活动',
  '用了十几天了一点效果都没有，脸上还起了好多小疙瘩，我觉得是过敏了，你们怎么处理，不是很满意',
  '我每天上班都特别累，晚上回去只想躺着，听同事推荐了你家的精华，想试试，多少钱一瓶，包邮吗😊',
]

export function measureSignals(config: Config, messages = 200_000): SignalsResult {
  const texts = [...CUSTOMER_TEXTS, ...LONG]
  const inputs: SignalInput[] = texts.map((text) => ({ text, kind: 'text', chat: 'private', direction: 'in' }))
  const keywords = [config.signals.intent, config.signals.approval, config.signals.complaint, config.signals.referral, ...Object.values(config.signals.persona)]
    .flat().map((k) => k.replace(/\*/g, ''))
  let sink = 0
  const scan = (text: string) => { for (const k of keywords) if (text.indexOf(k) >= 0) sink++ }
  // Warm up both paths (JIT, the compiled lexicon).
  for (let i = 0; i < 20_000; i++) { detectSignals(inputs[i % inputs.length], config.signals); scan(texts[i % texts.length]) }
  let t0 = performance.now()
  for (let i = 0; i < messages; i++) if (detectSignals(inputs[i % inputs.length], config.signals).intent) sink++
  const detectMs = performance.now() - t0
  t0 = performance.now()
  for (let i = 0; i < messages; i++) scan(texts[i % texts.length])
  const scanMs = performance.now() - t0
  if (sink < 0) throw new Error('unreachable')
  return { usPerMessage: (detectMs * 1000) / messages, scanUsPerMessage: (scanMs * 1000) / messages, messages }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { DEFAULT_CONFIG } = await import('../src/config/schema.js')
  const r = measureSignals(DEFAULT_CONFIG)
  process.stdout.write(`signal detection: ${r.usPerMessage.toFixed(2)} µs/message; bare keyword scan ${r.scanUsPerMessage.toFixed(2)} µs/message (${r.messages} messages)\n`)
}
