import cliProgress from 'cli-progress'

/*
 * Progress on standard error: a bar with rate and time left on a terminal, a plain line every few
 * seconds otherwise (logs, CI, a pipe), nothing in tests.
 */

export interface Progress {
  /** Bytes read so far of `total` (null when unknown: standard input), messages so far. */
  update(bytes: number, messages: number, file: string): void
  stop(): void
}

const PLAIN_EVERY_MS = 5000

export function createProgress(mode: 'bar' | 'plain' | 'off', totalBytes: number | null, write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Progress {
  if (mode === 'off') return { update() {}, stop() {} }
  const started = Date.now()
  if (mode === 'bar' && totalBytes) {
    const bar = new cliProgress.SingleBar({
      format: '导入 [{bar}] {percentage}% | {msgs} 条 | {rate} 条/秒 | {left}',
      hideCursor: true, stream: process.stderr, etaBuffer: 50,
    }, cliProgress.Presets.shades_classic)
    bar.start(totalBytes, 0, { msgs: 0, rate: 0, left: timeLeft(0, totalBytes, 0) })
    return {
      update(bytes, messages) {
        const secs = (Date.now() - started) / 1000
        bar.update(Math.min(bytes, totalBytes), { msgs: messages, rate: secs > 0 ? Math.round(messages / secs) : 0, left: timeLeft(bytes, totalBytes, secs) })
      },
      stop() { bar.stop() },
    }
  }
  let last = started
  return {
    update(bytes, messages, file) {
      const t = Date.now()
      if (t - last < PLAIN_EVERY_MS) return
      last = t
      const secs = (t - started) / 1000
      const rate = Math.round(messages / secs)
      const pct = totalBytes ? ` ${Math.floor((bytes / totalBytes) * 100)}%` : ''
      const left = totalBytes ? `，${timeLeft(bytes, totalBytes, secs)}` : ''
      write(`导入中${pct}：${messages} 条，${rate} 条/秒${left}（${file}）`)
    },
    stop() {},
  }
}

/**
 * Time left at the rate so far, in the merchant's words (the bar's own ETA reads "INF" before the
 * first bytes and "1m0s" after).
 */
export function timeLeft(bytes: number, totalBytes: number, secs: number): string {
  if (bytes <= 0 || secs <= 0) return '正在估算剩余时间'
  const left = Math.max(0, Math.ceil(((totalBytes - bytes) / bytes) * secs))
  return left < 60 ? `约剩 ${left} 秒` : `约剩 ${Math.ceil(left / 60)} 分钟`
}
