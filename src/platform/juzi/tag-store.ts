import type Database from 'better-sqlite3'
import type { Db } from '../../store/client.js'
import { cachedStatements } from '../../store/statements.js'

/*
 * The ids of tierbot's WeCom tag group and its tags (corp_tags), per account. A row is the last id the
 * gateway gave for a name; the resolver forgets it when the merchant renames or deletes the tag.
 */

/** The group's own row uses this name. */
export const GROUP_ROW = ''

export interface CorpTagStore {
  get(accountId: string, groupName: string, name: string): string | undefined
  put(accountId: string, groupName: string, name: string, tagId: string, now: number): void
  /** Forget one name, or the whole group with its tags (name undefined). */
  forget(accountId: string, groupName: string, name?: string): void
  /** Forget whatever name holds one of these ids; returns the names forgotten ('' = the group). */
  forgetIds(accountId: string, groupName: string, ids: string[]): string[]
  /** The tag names known in the group (not the group's own row). */
  names(accountId: string, groupName: string): string[]
}

const statementsFor = cachedStatements((sqlite: Database.Database) => ({
  get: sqlite.prepare('SELECT tag_id AS id FROM corp_tags WHERE account_id = ? AND group_name = ? AND name = ?'),
  put: sqlite.prepare(`INSERT INTO corp_tags (account_id, group_name, name, tag_id, updated_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (account_id, group_name, name) DO UPDATE SET tag_id = excluded.tag_id, updated_at = excluded.updated_at`),
  forgetOne: sqlite.prepare('DELETE FROM corp_tags WHERE account_id = ? AND group_name = ? AND name = ?'),
  forgetGroup: sqlite.prepare('DELETE FROM corp_tags WHERE account_id = ? AND group_name = ?'),
  byId: sqlite.prepare('SELECT name FROM corp_tags WHERE account_id = ? AND group_name = ? AND tag_id = ?'),
  names: sqlite.prepare(`SELECT name FROM corp_tags WHERE account_id = ? AND group_name = ? AND name <> '' ORDER BY name`).pluck(),
}))

export function createCorpTagStore(db: Db): CorpTagStore {
  const st = statementsFor(db.$client)
  const forget: CorpTagStore['forget'] = (accountId, groupName, name) => {
    if (name === undefined) st.forgetGroup.run(accountId, groupName)
    else st.forgetOne.run(accountId, groupName, name)
  }
  return {
    get: (accountId, groupName, name) => (st.get.get(accountId, groupName, name) as { id: string } | undefined)?.id,
    put: (accountId, groupName, name, tagId, now) => { st.put.run(accountId, groupName, name, tagId, now) },
    forget,
    forgetIds(accountId, groupName, ids) {
      const names: string[] = []
      for (const id of ids) {
        for (const { name } of st.byId.all(accountId, groupName, id) as Array<{ name: string }>) {
          names.push(name)
          forget(accountId, groupName, name === GROUP_ROW ? undefined : name)
        }
      }
      return names
    },
    names: (accountId, groupName) => st.names.all(accountId, groupName) as string[],
  }
}
