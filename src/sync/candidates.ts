import type { Db } from '../store/client.js'
import type { Activity, Tier } from '../tiers/ladder.js'
import { LEDGER_COLUMNS, LEDGER_JOIN, parseLedgerRow } from './ledger.js'
import type { SyncInput } from './planner.js'

/*
 * Who tierbot may write to: friends only (a group-only member has no remark to write; a lost customer
 * stays out even if a directory refresh still lists it as a friend), never a
 * room, never an admin, never the account itself. L0 strangers who never interacted are left alone
 * unless `labels.includeStrangers`: mass-labelling people who never spoke is noise and burns rate.
 */

export interface SyncCandidate {
  input: SyncInput
  name: string
}

export interface CandidateFilter {
  includeStrangers: boolean
  /** Admins are never touched; the name is given so config entries naming people work too. */
  isAdmin: (contactId: string, name?: string) => boolean
  /** Only this contact (planContact); all friends when absent. */
  contactId?: string
}

interface Row {
  id: string
  name: string
  remark: string
  tier: number
  pinned_tier: number | null
  activity: string
  personas: string | null
  interacted: number
  labels: string | null
  l_remark: string | null
  base_remark: string | null
  stage: string | null
  intent_band: string | null
  value_class: string | null
}

const SELECT = `
  SELECT c.id, c.name, c.remark,
    COALESCE(t.tier, 0) AS tier, t.pinned_tier, COALESCE(t.activity, 'new') AS activity,
    s.personas,
    (s.first_inbound_at IS NOT NULL OR COALESCE(s.private_inbound, 0) > 0 OR COALESCE(s.group_interactions, 0) > 0) AS interacted,
    ${LEDGER_COLUMNS},
    v.stage, v.intent_band, v.value_class
  FROM contacts c
  LEFT JOIN tiers t ON t.account_id = c.account_id AND t.contact_id = c.id
  LEFT JOIN contact_stats s ON s.account_id = c.account_id AND s.contact_id = c.id
  ${LEDGER_JOIN}
  LEFT JOIN contact_views v ON v.account_id = c.account_id AND v.contact_id = c.id
  WHERE c.account_id = @accountId AND c.friend = 1 AND c.lost_at IS NULL AND c.id <> @accountId
    AND c.id NOT LIKE '%@chatroom'
    AND NOT EXISTS (SELECT 1 FROM rooms r WHERE r.account_id = c.account_id AND r.id = c.id)`

type Statement = ReturnType<Db['$client']['prepare']>
const statements = new WeakMap<Db, { all: Statement; one: Statement; ids: Statement }>()

function prepared(db: Db) {
  let s = statements.get(db)
  if (!s) {
    // Higher rungs first: at 20 writes a minute a first run takes a while; the best customers go first.
    s = {
      all: db.$client.prepare(`${SELECT} ORDER BY tier DESC, c.id`),
      one: db.$client.prepare(`${SELECT} AND c.id = @contactId`),
      ids: db.$client.prepare(`SELECT c.id FROM contacts c LEFT JOIN tiers t ON t.account_id = c.account_id AND t.contact_id = c.id
        WHERE c.account_id = @accountId AND c.friend = 1 AND c.id <> @accountId AND c.id NOT LIKE '%@chatroom'
        ORDER BY COALESCE(t.tier, 0) DESC, c.id`).pluck(),
    }
    statements.set(db, s)
  }
  return s
}

function parseNames(json: string | null): string[] {
  if (!json) return []
  try {
    const v: unknown = JSON.parse(json)
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}

export function loadSyncCandidates(db: Db, accountId: string, filter: CandidateFilter): SyncCandidate[] {
  const s = prepared(db)
  const rows = (filter.contactId === undefined
    ? s.all.all({ accountId })
    : s.one.all({ accountId, contactId: filter.contactId })) as Row[]
  const out: SyncCandidate[] = []
  for (const row of rows) {
    if (filter.isAdmin(row.id, row.name)) continue
    if (!filter.includeStrangers && row.tier === 0 && row.pinned_tier === null && !row.interacted) continue
    out.push({
      name: row.name,
      input: {
        contactId: row.id,
        name: row.name,
        state: { tier: row.tier as Tier, activity: row.activity as Activity },
        personas: parseNames(row.personas),
        views: { stage: row.stage, intent: row.intent_band, value: row.value_class },
        currentRemark: row.remark,
        ledger: parseLedgerRow(row),
      },
    })
  }
  return out
}

/**
 * The ids planAll would consider, in its order (higher rungs first), without loading the rows: the
 * start-up plan reads each slice's candidates with loadSyncCandidates({ contactId }).
 */
export function loadSyncCandidateIds(db: Db, accountId: string): string[] {
  return prepared(db).ids.all({ accountId }) as string[]
}

/** Admins from config are contact ids (preferred) or names (config schema). */
export function matchConfigAdmins(admins: readonly string[]): (contactId: string, name?: string) => boolean {
  const set = new Set(admins)
  return (contactId, name) => set.has(contactId) || (name !== undefined && name !== '' && set.has(name))
}
