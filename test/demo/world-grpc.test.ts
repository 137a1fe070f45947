import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDemoWorld, type DemoWorld } from '../../src/demo/world.js'
import { createIngest } from '../../src/ingest/ingest.js'
import { createServicePuppet } from '../../src/platform/puppet.js'
import { createWechatyPlatform } from '../../src/platform/wechaty-platform.js'
import type { Platform } from '../../src/platform/types.js'
import { silentLogger } from '../../src/shared/logger.js'
import { createDb, type Db } from '../../src/store/client.js'
import { startGateway, TEST_TOKEN, type Gateway } from '../support/gateway.js'
import { testClock } from '../support/clock.js'
import { countRows, interactionRow, waitFor } from './support.js'

// The demo world behind a loopback puppet-service gateway; the bot reaches it over the real gRPC path.
const NOW = testClock()
let world: DemoWorld
let gateway: Gateway
let platform: Platform
let db: Db

beforeAll(async () => {
  world = createDemoWorld({ now: NOW, clock: testClock })
  gateway = await startGateway({ puppet: world.puppet })
  db = createDb(':memory:')
  const ingest = createIngest(db)
  const puppet = await createServicePuppet({ token: TEST_TOKEN, endpoint: gateway.endpoint, noTls: true })
  platform = createWechatyPlatform({ puppet, logger: silentLogger, clock: testClock, name: 'demo-world-grpc' })
  platform.onMessage((event) => { ingest.ingestEvent(event, testClock()) })
  await platform.start()
  // The client's start has started the server-side puppet: the world's account can log in there.
  await world.start()
  await waitFor(() => platform.selfId() === world.scenario.account.id, 30_000)
})

afterAll(async () => {
  await platform?.stop()
  await gateway?.stop()
  db?.$client.close()
})

describe('demo world over the real gRPC path', () => {
  it('delivers the whole history with the original times', async () => {
    const messageSteps = world.scenario.steps.filter((s) => s.kind === 'message')
    await world.playHistory({ friendships: false })
    await waitFor(() => countRows(db) === messageSteps.length, 30_000)
    for (const step of messageSteps) expect(interactionRow(db, step.id)?.at, step.id).toBe(step.at)
  })

  it.each([
    ['a group message', 'demo-c05', { room_id: 'demo-vip@chatroom', direction: 'in', type: 'text' }],
    ['a transfer 200 days ago', 'demo-c26', { direction: 'in', type: 'transfer' }],
    ['a recalled message', 'demo-c34', { direction: 'in', type: 'recalled' }],
  ] as const)('keeps %s attributed to the customer', (_what, contactId, shape) => {
    const type = { text: 7, transfer: 11, recalled: 13 }[shape.type]
    const step = world.scenario.steps.find((s) => s.kind === 'message' && s.talkerId === contactId && s.type === type
      && (shape.type !== 'text' || s.roomId !== undefined))!
    expect(interactionRow(db, step.id)).toMatchObject({ contact_id: contactId, at: step.at, ...shape })
  })
})
