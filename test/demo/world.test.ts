import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordDemoContacts } from '../../src/demo/seed.js'
import { createDemoWorld, type DemoWorld } from '../../src/demo/world.js'
import { createIngest } from '../../src/ingest/ingest.js'
import { createWechatyPlatform } from '../../src/platform/wechaty-platform.js'
import type { Platform, PlatformEvent } from '../../src/platform/types.js'
import { silentLogger } from '../../src/shared/logger.js'
import { createDb, type Db } from '../../src/store/client.js'
import { testClock } from '../support/clock.js'
import { countRows, interactionRow, waitFor } from './support.js'

// The demo world played straight into a Wechaty bot on the WorldPuppet (no gRPC), logged by ingest.
const NOW = testClock()
let world: DemoWorld
let platform: Platform
let db: Db
const events: PlatformEvent[] = []

beforeAll(async () => {
  world = createDemoWorld({ now: NOW, clock: testClock })
  db = createDb(':memory:')
  const ingest = createIngest(db)
  recordDemoContacts(ingest, world.scenario, NOW)
  platform = createWechatyPlatform({ puppet: world.puppet, logger: silentLogger, clock: testClock, name: 'demo-world-direct' })
  platform.onEvent((event) => { events.push(event) })
  platform.onMessage(async (event) => {
    ingest.ingestEvent(event, testClock())
    // Stand-in for the commands of a later issue: answer the admin so the round trip can be checked.
    if (event.direction === 'in' && event.talkerId === world.scenario.owner.id) {
      await platform.say({ contactId: event.talkerId }, `收到：${event.text}`)
    }
  })
  await platform.start()
  await world.start()
  await waitFor(() => platform.selfId() === 'demo-shop')
})

afterAll(async () => {
  await platform?.stop()
  db?.$client.close()
})

describe('demo world on the direct path', () => {
  it('logs every history step exactly once, each with its own time', async () => {
    const played = await world.playHistory()
    const messageSteps = world.scenario.steps.filter((s) => s.kind === 'message')
    expect(played.messages).toBe(messageSteps.length)
    await waitFor(() => countRows(db) === messageSteps.length)
    for (const step of messageSteps) {
      expect(interactionRow(db, step.id)?.at, step.id).toBe(step.at)
    }
  })

  it('keeps a back-dated row at its original time (a transfer 200 days ago)', () => {
    const old = world.scenario.steps.find((s) => s.kind === 'message' && s.talkerId === 'demo-c26' && s.type === 11)!
    const row = interactionRow(db, old.id)!
    expect(row).toMatchObject({ contact_id: 'demo-c26', direction: 'in', type: 'transfer', at: old.at })
    expect(Math.round((NOW - row.at) / 86_400_000)).toBe(200)
  })

  it('logs the merchant\'s phone replies as outbound to the customer', () => {
    const reply = world.scenario.steps.find((s) => s.kind === 'message' && s.talkerId === 'demo-shop' && s.listenerId === 'demo-c10')!
    expect(interactionRow(db, reply.id)).toMatchObject({ contact_id: 'demo-c10', direction: 'out', room_id: null })
  })

  it('attributes group messages to the talker and the room', () => {
    const step = world.scenario.steps.find((s) => s.kind === 'message' && s.talkerId === 'demo-c05' && s.roomId)!
    expect(interactionRow(db, step.id)).toMatchObject({ contact_id: 'demo-c05', room_id: 'demo-vip@chatroom', direction: 'in' })
  })

  it('playing the history again logs nothing new (same message ids)', async () => {
    const before = countRows(db)
    await world.playHistory({ friendships: false })
    // A fresh message after the replay: once it is logged, the replayed ones have been handled too.
    world.puppet.inject({ id: 'after-replay', talkerId: 'demo-c07', listenerId: 'demo-shop', text: '还在吗' })
    await waitFor(() => interactionRow(db, 'after-replay') !== undefined)
    expect(countRows(db)).toBe(before + 1)
  })

  it('delivers the friendships as new-friend events', async () => {
    const friends = world.scenario.steps.filter((s) => s.kind === 'friend').length
    await waitFor(() => events.filter((e) => e.type === 'friendship').length >= friends)
    const ids = events.flatMap((e) => (e.type === 'friendship' ? [e.contact.id] : []))
    expect(new Set(ids)).toEqual(new Set(world.scenario.customers.filter((c) => c.friend).map((c) => c.id)))
  })

  it('shows contacts with the merchant\'s remarks and the groups with their members', async () => {
    const contacts = await platform.listContacts()
    expect(contacts.find((c) => c.id === 'demo-c10')).toMatchObject({ name: '张三', remark: '张三 宝妈', friend: true })
    expect(contacts.find((c) => c.id === 'demo-c06')).toMatchObject({ friend: false })
    const rooms = await platform.listRooms()
    expect(rooms.map((r) => r.topic).sort()).toEqual(['宝妈交流群', '新品体验群'])
  })

  it.each([
    ['a new friend (3 days)', 'demo-c01', 3],
    ['a stranger added 120 days ago', 'demo-c03', 120],
  ])('records %s with the scenario\'s add time', (_what, id, days) => {
    const row = db.$client.prepare('SELECT added_at, friend FROM contacts WHERE id = ?').get(id) as { added_at: number; friend: number }
    expect(row.friend).toBe(1)
    expect(Math.round((NOW - row.added_at) / 86_400_000)).toBe(days)
  })

  it('records a group member who is not a friend without an add time', () => {
    expect(db.$client.prepare('SELECT added_at, friend FROM contacts WHERE id = ?').get('demo-c06')).toEqual({ added_at: null, friend: 0 })
  })

  it('the merchant admin types to the bot and sees its reply', async () => {
    expect(await world.ask('你好')).toEqual(['收到：你好'])
  })
})
