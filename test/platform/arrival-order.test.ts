import { afterEach, describe, expect, it, vi } from 'vitest'
import { createArrivalOrder } from '../../src/platform/arrival-order.js'

type Step = ['arrive', string] | ['load', string, string | null] | ['tick', number]

// Time is faked: the hold-the-line timer fires when the test advances the clock.
function run(steps: Step[], maxWaitMs = 1000) {
  vi.useFakeTimers()
  const delivered: string[] = []
  const skipped: string[] = []
  const order = createArrivalOrder<string>({ deliver: (v) => delivered.push(v), onSkip: (id) => skipped.push(id), maxWaitMs, now: () => Date.now() })
  for (const step of steps) {
    if (step[0] === 'arrive') order.arrived(step[1])
    else if (step[0] === 'load') order.loaded(step[1], step[2])
    else vi.advanceTimersByTime(step[1])
  }
  order.close()
  return { delivered, skipped }
}

afterEach(() => { vi.useRealTimers() })

describe('messages reach the handlers in the order the puppet delivered them', () => {
  it.each([
    { name: 'loaded in order → delivered in order', steps: [['arrive', 'a'], ['arrive', 'b'], ['load', 'a', 'A'], ['load', 'b', 'B']] as Step[], delivered: ['A', 'B'] },
    { name: 'the answer loads before the question → still question first (rounds)', steps: [['arrive', 'q'], ['arrive', 'r'], ['load', 'r', 'R'], ['load', 'q', 'Q']] as Step[], delivered: ['Q', 'R'] },
    { name: 'an unreadable message is skipped in place', steps: [['arrive', 'a'], ['arrive', 'b'], ['load', 'b', 'B'], ['load', 'a', null]] as Step[], delivered: ['B'] },
    { name: 'a redelivered id keeps both places', steps: [['arrive', 'a'], ['arrive', 'b'], ['arrive', 'a'], ['load', 'a', 'A1'], ['load', 'b', 'B'], ['load', 'a', 'A2']] as Step[], delivered: ['A1', 'B', 'A2'] },
    { name: 'never announced → delivered at once', steps: [['load', 'x', 'X']] as Step[], delivered: ['X'] },
  ])('$name', ({ steps, delivered }) => {
    expect(run(steps).delivered).toEqual(delivered)
  })

  it('a message that never loads holds the line for at most maxWaitMs, then the rest go on', () => {
    const early = run([['arrive', 'lost'], ['arrive', 'b'], ['load', 'b', 'B'], ['tick', 999]])
    expect(early.delivered).toEqual([])
    const result = run([['arrive', 'lost'], ['arrive', 'b'], ['load', 'b', 'B'], ['tick', 1000], ['load', 'lost', 'LATE']])
    expect(result.skipped).toEqual(['lost'])
    expect(result.delivered).toEqual(['B', 'LATE'])
  })
})
