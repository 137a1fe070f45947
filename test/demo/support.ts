import type { Db } from '../../src/store/client.js'

export interface InteractionRow {
  contact_id: string
  room_id: string | null
  direction: string
  type: string
  at: number
  text: string | null
}

export function countRows(db: Db): number {
  return (db.$client.prepare('SELECT count(*) AS n FROM interactions').get() as { n: number }).n
}

export function interactionRow(db: Db, messageId: string): InteractionRow | undefined {
  return db.$client.prepare('SELECT contact_id, room_id, direction, type, at, text FROM interactions WHERE message_id = ?')
    .get(messageId) as InteractionRow | undefined
}

/** Poll until `check` holds (async handlers and gRPC deliver in their own time). */
export async function waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
