import { describe, expect, it } from 'vitest'
import { makeCommands } from './harness.js'
import { createShopDb } from './seed.js'

/* Hostile input: a name of hundreds of characters gets a short answer, not its own text echoed back whole. */

describe('a very long name nobody has', () => {
  it('is quoted shortened in the answer, which still says what to do', async () => {
    const name = '张'.repeat(400)
    const reply = (await makeCommands(createShopDb()).say(`/tier ${name}`))!
    expect(reply.startsWith(`没有找到“${'张'.repeat(20)}…”。`)).toBe(true)
    expect(reply.length).toBeLessThan(120)
  })

  it('a name of flags is shortened between flags, never inside one', async () => {
    const reply = (await makeCommands(createShopDb()).say(`/tier ${'🇨🇳'.repeat(30)}`))!
    expect(reply.startsWith(`没有找到“${'🇨🇳'.repeat(20)}…”。`)).toBe(true)
  })
})
