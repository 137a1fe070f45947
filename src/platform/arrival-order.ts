/*
 * Messages in the order the puppet delivered them. Wechaty loads each message (payload, talker, room)
 * concurrently and emits it when loaded, so a group message whose room is not cached yet, or anything
 * right after a (re)start, can overtake the messages before it. Rounds and "unanswered question" are
 * counted from the order messages are logged, so a customer's question logged after the merchant's
 * answer loses a round (seen when a resuming service re-sent a backlog).
 *
 * The puppet's own 'message' event (ids, synchronous, in order) fixes the order; loaded messages are
 * released to `deliver` strictly in that order. A message that never loads (wechaty failed to read
 * it) holds the line for at most `maxWaitMs`.
 */

export interface ArrivalOrder<T> {
  /** The puppet announced a message id (call synchronously from the puppet's 'message' event). */
  arrived(id: string): void
  /** The message was loaded; `value` null means it is to be skipped. */
  loaded(id: string, value: T | null): void
  /** Stop waiting (shutdown). */
  close(): void
}

export function createArrivalOrder<T>(options: {
  deliver: (value: T) => void
  onSkip?: (id: string, reason: 'timeout') => void
  maxWaitMs?: number
  now?: () => number
}): ArrivalOrder<T> {
  const maxWaitMs = options.maxWaitMs ?? 10_000
  const now = options.now ?? Date.now
  const queue: Array<{ id: string; at: number }> = []
  // Loaded values per id, first in first out (the same id can be announced again: a redelivery).
  const loadedById = new Map<string, Array<T | null>>()
  const waiting = new Map<string, number>()
  let timer: NodeJS.Timeout | undefined
  let closed = false

  function flush(): void {
    while (queue.length > 0) {
      const head = queue[0]
      const values = loadedById.get(head.id)
      if (values && values.length > 0) {
        const value = values.shift()!
        if (values.length === 0) loadedById.delete(head.id)
        take(head.id)
        if (value !== null) options.deliver(value)
        continue
      }
      if (now() - head.at >= maxWaitMs) {
        take(head.id)
        options.onSkip?.(head.id, 'timeout')
        continue
      }
      armTimer(head.at + maxWaitMs - now())
      return
    }
  }

  function take(id: string): void {
    queue.shift()
    const n = (waiting.get(id) ?? 1) - 1
    if (n <= 0) waiting.delete(id)
    else waiting.set(id, n)
  }

  function armTimer(ms: number): void {
    if (timer || closed) return
    timer = setTimeout(() => {
      timer = undefined
      flush()
    }, Math.max(1, ms))
    timer.unref?.()
  }

  return {
    arrived(id) {
      if (closed) return
      queue.push({ id, at: now() })
      waiting.set(id, (waiting.get(id) ?? 0) + 1)
    },
    loaded(id, value) {
      if (closed) return
      if (!waiting.has(id)) {
        // Never announced (or already given up on): nothing to keep it in line with.
        if (value !== null) options.deliver(value)
        return
      }
      const values = loadedById.get(id)
      if (values) values.push(value)
      else loadedById.set(id, [value])
      flush()
    },
    close() {
      closed = true
      clearTimeout(timer)
      queue.length = 0
      loadedById.clear()
      waiting.clear()
    },
  }
}
