import { describe, expect, it, vi } from 'vitest'
import { createProgress, timeLeft } from '../../src/import/progress.js'

describe('import progress: time left in the merchant\'s words', () => {
  it.each([
    { name: 'nothing read yet', bytes: 0, secs: 0, want: '正在估算剩余时间' },
    { name: 'a quarter in 10 s', bytes: 250, secs: 10, want: '约剩 30 秒' },
    { name: 'a tenth in 60 s', bytes: 100, secs: 60, want: '约剩 9 分钟' },
    { name: 'done', bytes: 1000, secs: 42, want: '约剩 0 秒' },
  ])('$name', ({ bytes, secs, want }) => expect(timeLeft(bytes, 1000, secs)).toBe(want))

  it('plain lines say it in Chinese, never INF or 1m0s', () => {
    vi.useFakeTimers({ now: Date.parse('2026-06-17T15:00:00+08:00') })
    try {
      const lines: string[] = []
      const progress = createProgress('plain', 1000, (l) => lines.push(l))
      vi.setSystemTime(Date.parse('2026-06-17T15:00:10+08:00'))
      progress.update(250, 2500, 'a.json')
      progress.stop()
      expect(lines).toEqual(['导入中 25%：2500 条，250 条/秒，约剩 30 秒（a.json）'])
    } finally {
      vi.useRealTimers()
    }
  })
})
