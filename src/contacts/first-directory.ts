import type { Db } from '../store/client.js'

/*
 * The first time tierbot reads an account's WeChat address book, everyone in it was already a friend:
 * they get that moment as their add time (WeChat does not say when they were added), which must not
 * read as that many new friends (the weekly report's 新加好友). The moment is kept in meta.
 */

export const FIRST_DIRECTORY_KEY = 'contacts.firstDirectoryAt'

/** Before storing a directory: keep `now` as the account's first directory read when it has no friend yet. */
export function noteFirstDirectory(db: Db, accountId: string, now: number): void {
  db.$client.prepare(`INSERT INTO meta (account_id, key, value, updated_at)
    SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM contacts WHERE account_id = ? AND friend = 1)
    ON CONFLICT (account_id, key) DO NOTHING`).run(accountId, FIRST_DIRECTORY_KEY, String(now), now, accountId)
}
