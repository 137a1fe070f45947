import type { ChatEvent } from '../platform/types.js'
import type { Db } from '../store/client.js'
import type { KnownContact } from './people.js'

/*
 * Every statement the history import runs, in one place. Interactions are written exactly as the
 * live ingest writes them (same table, same exactly-once key); stand-in contacts are never friends,
 * so the label sync leaves them alone until they are joined to a real contact.
 */

export interface PersonRecord {
  exportKey: string
  exportId: string
  name: string
  remark: string
  contactId: string
  status: 'matched' | 'ambiguous' | 'unmatched'
  via: string | null
}

export type ImportStore = ReturnType<typeof createImportStore>

export function createImportStore(db: Db) {
  const sqlite = db.$client
  const insertInteraction = sqlite.prepare(`
    INSERT INTO interactions (account_id, message_id, contact_id, room_id, direction, type, raw_type, at, text, signals, received_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (account_id, message_id) DO NOTHING`)
  const hasMessage = sqlite.prepare('SELECT 1 FROM interactions WHERE account_id = ? AND message_id = ?').pluck()
  // The same message seen live has the puppet's id, not the export's: same person, direction, kind, text, within a second.
  const similar = sqlite.prepare(`
    SELECT 1 FROM interactions WHERE account_id = ? AND contact_id = ? AND at BETWEEN ? AND ?
      AND direction = ? AND type = ? AND (type <> 'text' OR COALESCE(text, '') = ?) AND message_id <> ? AND rowid <= ? LIMIT 1`).pluck()
  const range = sqlite.prepare(`SELECT MIN(at) AS lo, MAX(at) AS hi FROM interactions
    WHERE account_id = ? AND contact_id = ? AND rowid <= ?`)
  const lastRowid = sqlite.prepare('SELECT COALESCE(MAX(rowid), 0) FROM interactions').pluck()
  const ensureContact = sqlite.prepare(`
    INSERT INTO contacts (account_id, id, name, remark, friend, added_at, first_seen_at, updated_at)
    VALUES (?, ?, ?, ?, 0, NULL, ?, ?) ON CONFLICT (account_id, id) DO NOTHING`)
  const ensureRoom = sqlite.prepare(`
    INSERT INTO rooms (account_id, id, topic, monitored, first_seen_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)
    ON CONFLICT (account_id, id) DO NOTHING`)
  const insertOrder = sqlite.prepare(`
    INSERT INTO orders (account_id, contact_id, kind, amount_fen, at, source, message_id, note, refunded_at, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?) ON CONFLICT DO NOTHING`)
  const refundNewest = sqlite.prepare(`
    UPDATE orders SET refunded_at = ? WHERE id = (SELECT id FROM orders WHERE account_id = ? AND contact_id = ?
      AND kind = 'payment' AND refunded_at IS NULL AND at <= ? ORDER BY (amount_fen = ?) DESC, at DESC, id DESC LIMIT 1)`)
  const upsertPerson = sqlite.prepare(`
    INSERT INTO import_people (account_id, export_key, export_id, name, remark, contact_id, status, via, updated_at)
    VALUES (@accountId, @exportKey, @exportId, @name, @remark, @contactId, @status, @via, @now)
    ON CONFLICT (account_id, export_key) DO UPDATE SET contact_id = excluded.contact_id, status = excluded.status,
      via = excluded.via, name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE import_people.name END,
      remark = CASE WHEN excluded.remark <> '' THEN excluded.remark ELSE import_people.remark END, updated_at = excluded.updated_at`)
  const selectPerson = sqlite.prepare(`SELECT export_key AS exportKey, export_id AS exportId, name, remark,
    contact_id AS contactId, status, via FROM import_people WHERE account_id = ? AND export_key = ?`)
  const waitingPeople = sqlite.prepare(`SELECT export_key AS exportKey, export_id AS exportId, name, remark,
    contact_id AS contactId, status, via FROM import_people WHERE account_id = ? AND status <> 'matched'`)
  // Stand-ins (people not joined yet) are not candidates: matching against them would find the person itself.
  const realContacts = sqlite.prepare(`SELECT c.id, c.name, c.remark FROM contacts c WHERE c.account_id = ?
    AND c.id <> ? AND c.id NOT LIKE '%@chatroom'
    AND NOT EXISTS (SELECT 1 FROM rooms r WHERE r.account_id = c.account_id AND r.id = c.id)
    AND NOT EXISTS (SELECT 1 FROM import_people p WHERE p.account_id = c.account_id AND p.contact_id = c.id AND p.status <> 'matched')`)
  const markReplay = sqlite.prepare('INSERT INTO import_replay (account_id, contact_id) VALUES (?, ?) ON CONFLICT DO NOTHING')
  const listReplay = sqlite.prepare('SELECT contact_id FROM import_replay WHERE account_id = ?').pluck()
  const unmarkReplay = sqlite.prepare('DELETE FROM import_replay WHERE account_id = ? AND contact_id = ?')
  const contactLog = sqlite.prepare(`SELECT message_id, room_id, direction, type, raw_type, at, COALESCE(text, '')
    FROM interactions WHERE account_id = ? AND contact_id = ? ORDER BY at, rowid`).raw()
  const startRun = sqlite.prepare(`INSERT INTO import_runs (account_id, started_at, status) VALUES (?, ?, 'running')`)
  const finishRun = sqlite.prepare('UPDATE import_runs SET finished_at = ?, status = ?, summary = ? WHERE id = ?')
  // While a run goes, its summary holds what it has committed so far (a run stopped by Ctrl-C or a crash keeps it).
  // finished_at stays unset while the run goes: setting it on every batch rewrote the (account, finished_at) index each time.
  const progressRun = sqlite.prepare(`UPDATE import_runs SET summary = json_object('messages', json_object('imported', ?),
    'orders', json_object('imported', ?, 'transfers', ?)) WHERE id = ? AND status = 'running'`)
  const unfinishedRuns = sqlite.prepare<[string, number], { messages: number; orders: number; transfers: number }>(`SELECT
    COALESCE(SUM(json_extract(summary, '$.messages.imported')), 0) AS messages,
    COALESCE(SUM(json_extract(summary, '$.orders.imported')), 0) AS orders,
    COALESCE(SUM(json_extract(summary, '$.orders.transfers')), 0) AS transfers
    FROM import_runs WHERE account_id = ? AND status = 'running' AND id < ?`)
  const markInterrupted = sqlite.prepare(`UPDATE import_runs SET status = 'interrupted' WHERE account_id = ? AND status = 'running' AND id < ?`)
  const moves = [
    'UPDATE interactions SET contact_id = @to WHERE account_id = @accountId AND contact_id = @from',
    'UPDATE orders SET contact_id = @to WHERE account_id = @accountId AND contact_id = @from',
    // After the contact's own changes in seq (a contact's changes are numbered 1, 2, …; the key must stay unique).
    `UPDATE tier_history SET contact_id = @to,
      seq = seq + (SELECT COALESCE(MAX(seq), 0) FROM tier_history WHERE account_id = @accountId AND contact_id = @to)
      WHERE account_id = @accountId AND contact_id = @from`,
    // A birthday the contact already has (kept by /生日) stays; the stand-in's goes with it otherwise.
    'UPDATE OR IGNORE birthdays SET contact_id = @to WHERE account_id = @accountId AND contact_id = @from',
    'DELETE FROM birthdays WHERE account_id = @accountId AND contact_id = @from',
    'DELETE FROM contact_stats WHERE account_id = @accountId AND contact_id = @from',
    // A hand-kept rung (a tier row imported for someone not matched yet) goes with them, unless the contact
    // has its own pin; the rung is left as the evidence says and due for the next pass, which places the pin
    // (history, remark) as a change. /tier reads the pin at once.
    `INSERT INTO tiers (account_id, contact_id, tier, evidence_tier, pinned_tier, activity, since, next_check_at, updated_at)
      SELECT account_id, @to, evidence_tier, evidence_tier, pinned_tier, activity, since, 0, @now FROM tiers
      WHERE account_id = @accountId AND contact_id = @from AND pinned_tier IS NOT NULL
      ON CONFLICT (account_id, contact_id) DO UPDATE SET pinned_tier = excluded.pinned_tier, next_check_at = 0,
        updated_at = excluded.updated_at WHERE tiers.pinned_tier IS NULL`,
    'DELETE FROM tiers WHERE account_id = @accountId AND contact_id = @from',
    'DELETE FROM contacts WHERE account_id = @accountId AND id = @from',
    `UPDATE import_people SET contact_id = @to, status = 'matched', via = @via, updated_at = @now
      WHERE account_id = @accountId AND contact_id = @from`,
  ].map((q) => sqlite.prepare(q))

  return {
    insertMessage(e: ChatEvent, signals: string | null, now: number): boolean {
      return insertInteraction.run(e.accountId, e.messageId, e.contactId, e.roomId ?? null, e.direction, e.kind, e.rawType,
        e.at, e.text === '' ? null : e.text, signals, now).changes > 0
    },
    hasMessage: (accountId: string, messageId: string): boolean => hasMessage.get(accountId, messageId) === 1,
    /** The log's high-water mark when a run starts: rows up to it were there before the run. */
    lastRowid: (): number => lastRowid.get() as number,
    hasSimilar(e: ChatEvent, upToRowid: number): boolean {
      return similar.get(e.accountId, e.contactId, e.at - 1000, e.at + 1000, e.direction, e.kind, e.text, e.messageId, upToRowid) === 1
    },
    /** Time span of what a contact already had before this run (null when nothing). */
    rangeBefore(accountId: string, contactId: string, upToRowid: number): { lo: number; hi: number } | null {
      const r = range.get(accountId, contactId, upToRowid) as { lo: number | null; hi: number | null }
      return r.lo === null || r.hi === null ? null : { lo: r.lo, hi: r.hi }
    },
    ensureContact(accountId: string, id: string, name: string, remark: string, now: number): void {
      ensureContact.run(accountId, id, name, remark, now, now)
    },
    ensureRoom(accountId: string, id: string, topic: string, now: number): void {
      ensureRoom.run(accountId, id, topic, now, now)
    },
    /** A payment or refund; false when its key was already recorded. */
    insertOrder(o: { accountId: string; contactId: string; kind: 'payment' | 'refund'; amountFen: number | null; at: number; source: 'transfer' | 'import'; key: string; note: string | null }, now: number): boolean {
      const ok = insertOrder.run(o.accountId, o.contactId, o.kind, o.amountFen, o.at, o.source, o.key, o.note, now).changes > 0
      if (ok && o.kind === 'refund') refundNewest.run(o.at, o.accountId, o.contactId, o.at, o.amountFen)
      return ok
    },
    putPerson(accountId: string, p: PersonRecord, now: number): void {
      upsertPerson.run({ accountId, ...p, now })
    },
    getPerson: (accountId: string, exportKey: string) => selectPerson.get(accountId, exportKey) as PersonRecord | undefined,
    waitingPeople: (accountId: string) => waitingPeople.all(accountId) as PersonRecord[],
    realContacts: (accountId: string) => realContacts.iterate(accountId, accountId) as IterableIterator<KnownContact>,
    markReplay(accountId: string, contactId: string): void { markReplay.run(accountId, contactId) },
    listReplay: (accountId: string) => listReplay.all(accountId) as string[],
    unmarkReplay(accountId: string, contactId: string): void { unmarkReplay.run(accountId, contactId) },
    /** A contact's log in time order: [messageId, roomId, direction, type, rawType, at, text]. */
    contactLog: (accountId: string, contactId: string) => contactLog.iterate(accountId, contactId) as IterableIterator<[string, string | null, 'in' | 'out', string, number, number, string]>,
    startRun: (accountId: string, now: number): number => Number(startRun.run(accountId, now).lastInsertRowid),
    finishRun(id: number, status: 'done' | 'failed', summary: unknown, now: number): void {
      finishRun.run(now, status, JSON.stringify(summary), id)
    },
    /** What the run has committed so far (inside the batch's transaction). */
    progressRun(id: number, done: { messages: number; orders: number; transfers: number }): void {
      progressRun.run(done.messages, done.orders, done.transfers, id)
    },
    /**
     * Earlier runs of the account that never finished (Ctrl-C, a crash): what they committed, summed, and
     * marked interrupted. The run that completes their job reports it, so the digest counts it once.
     */
    takeInterrupted: sqlite.transaction((accountId: string, runId: number) => {
      const sums = unfinishedRuns.get(accountId, runId) ?? { messages: 0, orders: 0, transfers: 0 }
      markInterrupted.run(accountId, runId)
      return sums
    }),
    /** Move a stand-in's history onto the real contact (the caller rebuilds the stats). */
    moveContact(accountId: string, from: string, to: string, via: string, now: number): void {
      for (const stmt of moves) stmt.run({ accountId, from, to, via, now })
    },
  }
}
