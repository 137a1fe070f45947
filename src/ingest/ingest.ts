import type { ChatEvent, ContactInfo, RoomInfo } from '../platform/types.js'
import type { Db } from '../store/client.js'

/*
 * ChatEvent → interaction row, in its own short transaction, exactly once: the (account, message id)
 * primary key makes a redelivered message a no-op, and everything derived from it (stats, orders)
 * happens inside the same transaction only when the row was new.
 */

export interface IngestResult {
  /** False when the message id was already logged (redelivery): nothing changed. */
  inserted: boolean
  contactId: string
}

/** Work done inside the ingest transaction for a newly logged message (stats, signals, orders). */
export type IngestStep = (event: ChatEvent, now: number) => void

/**
 * Called after each ingestEvent's transaction ended: 'committed' (new message), 'duplicate'
 * (redelivery, nothing changed) or 'rolled_back' (a step threw; the error is rethrown after hooks).
 * Lets features notify others only once their writes are durable.
 */
export type AfterTransactionHook = (event: ChatEvent, outcome: 'committed' | 'duplicate' | 'rolled_back') => void

export interface Ingest {
  ingestEvent(event: ChatEvent, now: number): IngestResult
  upsertContact(accountId: string, contact: ContactInfo, now: number, addedAt?: number): void
  upsertRoom(accountId: string, room: RoomInfo, now: number): void
  recordRoomEvent(accountId: string, roomId: string, kind: 'join' | 'leave' | 'topic', contactId: string | null, detail: string | null, at: number): void
  /** Steps run inside the transaction, in order, for each new message. */
  addStep(step: IngestStep): void
  /**
   * Run inside the transaction after every step succeeded, just before the commit (new messages
   * only): what depends on the steps' outcome writes in the same commit.
   */
  addBeforeCommit(hook: IngestStep): void
  addAfterTransaction(hook: AfterTransactionHook): void
}

export function createIngest(db: Db): Ingest {
  const sqlite = db.$client
  const steps: IngestStep[] = []
  const beforeCommit: IngestStep[] = []
  const afterHooks: AfterTransactionHook[] = []

  const insertInteraction = sqlite.prepare(`
    INSERT INTO interactions (account_id, message_id, contact_id, room_id, direction, type, raw_type, at, text, signals, received_at)
    VALUES (@accountId, @messageId, @contactId, @roomId, @direction, @type, @rawType, @at, @text, NULL, @receivedAt)
    ON CONFLICT (account_id, message_id) DO NOTHING`)
  // A message can arrive before the contact list does (groups): make sure the contact exists, keep names fresh.
  const touchContact = sqlite.prepare(`
    INSERT INTO contacts (account_id, id, name, remark, friend, added_at, first_seen_at, updated_at)
    VALUES (?, ?, ?, '', 0, NULL, ?, ?)
    ON CONFLICT (account_id, id) DO UPDATE SET
      name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE contacts.name END
    WHERE excluded.name <> '' AND excluded.name <> contacts.name`)
  // Read first: almost every message comes from a contact already stored under the same name, and a
  // read opens two cursors where the upsert opens one on every index of contacts and runs its triggers.
  const contactName = sqlite.prepare<[string, string], string>('SELECT name FROM contacts WHERE account_id = ? AND id = ?').pluck()
  const touchRoom = sqlite.prepare(`
    INSERT INTO rooms (account_id, id, topic, monitored, first_seen_at, updated_at)
    VALUES (?, ?, ?, 1, ?, ?)
    ON CONFLICT (account_id, id) DO UPDATE SET topic = excluded.topic, updated_at = excluded.updated_at
    WHERE excluded.topic <> '' AND excluded.topic <> rooms.topic`)
  const upsertContactStmt = sqlite.prepare(`
    INSERT INTO contacts (account_id, id, name, remark, friend, added_at, first_seen_at, updated_at)
    VALUES (@accountId, @id, @name, @remark, @friend, @addedAt, @now, @now)
    ON CONFLICT (account_id, id) DO UPDATE SET
      name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE contacts.name END,
      remark = excluded.remark,
      friend = excluded.friend,
      added_at = COALESCE(contacts.added_at, excluded.added_at),
      updated_at = excluded.updated_at
    -- The directory is stored at every login: rewrite only the contacts that differ.
    WHERE (excluded.name <> '' AND excluded.name <> contacts.name) OR excluded.remark <> contacts.remark
      OR excluded.friend <> contacts.friend OR (contacts.added_at IS NULL AND excluded.added_at IS NOT NULL)`)
  const recordRoomEventStmt = sqlite.prepare(`
    INSERT INTO room_events (account_id, room_id, kind, contact_id, detail, at) VALUES (?, ?, ?, ?, ?, ?)`)

  const ingestTx = sqlite.transaction((event: ChatEvent, now: number): boolean => {
    const res = insertInteraction.run({
      accountId: event.accountId,
      messageId: event.messageId,
      contactId: event.contactId,
      roomId: event.roomId ?? null,
      direction: event.direction,
      type: event.kind,
      rawType: event.rawType,
      at: event.at,
      text: event.text === '' ? null : event.text,
      receivedAt: now,
    })
    if (res.changes === 0) return false
    if (event.direction === 'in' || event.chat === 'private') {
      const name = event.direction === 'in' ? event.talkerName : ''
      const stored = contactName.get(event.accountId, event.contactId)
      if (stored === undefined || (name !== '' && name !== stored)) touchContact.run(event.accountId, event.contactId, name, now, now)
    }
    if (event.roomId) touchRoom.run(event.accountId, event.roomId, event.roomTopic ?? '', now, now)
    for (const step of steps) step(event, now)
    for (const hook of beforeCommit) hook(event, now)
    return true
  })

  return {
    ingestEvent(event, now) {
      let inserted: boolean
      try {
        inserted = ingestTx(event, now)
      } catch (err) {
        for (const hook of afterHooks) hook(event, 'rolled_back')
        throw err
      }
      for (const hook of afterHooks) hook(event, inserted ? 'committed' : 'duplicate')
      return { inserted, contactId: event.contactId }
    },
    upsertContact(accountId, contact, now, addedAt) {
      upsertContactStmt.run({
        accountId, id: contact.id, name: contact.name, remark: contact.remark,
        friend: contact.friend ? 1 : 0, addedAt: contact.friend ? (addedAt ?? now) : null, now,
      })
    },
    upsertRoom(accountId, room, now) {
      touchRoom.run(accountId, room.id, room.topic, now, now)
    },
    recordRoomEvent(accountId, roomId, kind, contactId, detail, at) {
      recordRoomEventStmt.run(accountId, roomId, kind, contactId, detail, at)
    },
    addStep(step) {
      steps.push(step)
    },
    addBeforeCommit(hook) {
      beforeCommit.push(hook)
    },
    addAfterTransaction(hook) {
      afterHooks.push(hook)
    },
  }
}
