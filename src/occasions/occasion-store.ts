import type Database from 'better-sqlite3'
import type { Db } from '../store/client.js'
import { cachedStatements } from '../store/statements.js'
import type { Activity, Tier } from '../tiers/ladder.js'
import type { YearlyDate } from './calendar-date.js'
import { NUDGE_GAP_MS } from './section.js'

/*
 * The occasions' SQL, in one place: birthdays kept by /生日 (and import), and the few customers the
 * morning digest may greet. Dormant, snoozed and recently-nudged-without-an-answer customers are left
 * out here already; the section builder applies the same rules again (the SQL is an optimisation).
 */


/** A customer the digest may greet, with what ranks them (rung, spend, recent warmth). */
export interface OccasionContact {
  contactId: string
  name: string
  tier: Tier
  activity: Activity
  snoozedUntil: number | null
  lastInboundAt: number | null
  lastOutboundAt: number | null
  spendFen: number
  /** Persona names (JSON list as stored). */
  personas: string
}

export interface BirthdayRow extends OccasionContact {
  birthday: YearlyDate
}

export interface OccasionStore {
  getBirthday(accountId: string, contactId: string): YearlyDate | null
  setBirthday(accountId: string, contactId: string, date: YearlyDate, source: 'command' | 'import' | 'demo', now: number): void
  clearBirthday(accountId: string, contactId: string): boolean
  /** Every greetable customer with a birthday (a few hundred at most per account). */
  birthdayCandidates(accountId: string, now: number, noAnswerSince: number): BirthdayRow[]
  /** The best-ranked greetable customers a festival suits: a persona it names, or at least `minTier`. */
  festivalCandidates(accountId: string, now: number, noAnswerSince: number, personas: string[], minTier: number, limit: number): OccasionContact[]
}

const WHO = `t.contact_id AS contactId, COALESCE(NULLIF(c.name, ''), t.contact_id) AS name, t.tier, t.activity,
  sn.until AS snoozedUntil, s.last_inbound_at AS lastInboundAt, s.last_outbound_at AS lastOutboundAt,
  COALESCE(s.spend_fen, 0) AS spendFen, COALESCE(s.personas, '[]') AS personas`
const JOINS = `LEFT JOIN contacts c ON c.account_id = t.account_id AND c.id = t.contact_id
  LEFT JOIN contact_stats s ON s.account_id = t.account_id AND s.contact_id = t.contact_id
  LEFT JOIN snoozes sn ON sn.account_id = t.account_id AND sn.contact_id = t.contact_id AND sn.until > @now`
const WHO_UNNAMED = WHO.replace(`COALESCE(NULLIF(c.name, ''), t.contact_id) AS name, `, '')
const SNOOZE_JOIN = 'LEFT JOIN snoozes sn ON sn.account_id = t.account_id AND sn.contact_id = t.contact_id AND sn.until > @now'
/**
 * A ranked list's names are joined after its LIMIT: a rung may hold thousands, the list wants a dozen.
 * The ranked rows drive the outer LEFT JOIN, so their order holds.
 */
function namedAfterLimit(ranked: string): string {
  return `SELECT x.contactId, COALESCE(NULLIF(c.name, ''), x.contactId) AS name, x.tier, x.activity, x.snoozedUntil,
    x.lastInboundAt, x.lastOutboundAt, x.spendFen, x.personas
    FROM (${ranked}) x LEFT JOIN contacts c ON c.account_id = @account AND c.id = x.contactId`
}
const GREETABLE = `t.activity NOT IN ('dormant', 'lost') AND sn.until IS NULL
  AND NOT (s.last_outbound_at IS NOT NULL AND s.last_outbound_at >= COALESCE(s.last_inbound_at, 0) + ${NUDGE_GAP_MS} AND s.last_outbound_at >= @noAnswerSince)`

function prepare(sqlite: Database.Database) {
  return {
    get: sqlite.prepare('SELECT calendar, month, day, leap FROM birthdays WHERE account_id = ? AND contact_id = ?'),
    upsert: sqlite.prepare(`INSERT INTO birthdays (account_id, contact_id, calendar, month, day, leap, source, created_at, updated_at)
      VALUES (@accountId, @contactId, @calendar, @month, @day, @leap, @source, @now, @now)
      ON CONFLICT (account_id, contact_id) DO UPDATE SET calendar = excluded.calendar, month = excluded.month,
        day = excluded.day, leap = excluded.leap, source = excluded.source, updated_at = excluded.updated_at`),
    clear: sqlite.prepare('DELETE FROM birthdays WHERE account_id = ? AND contact_id = ?'),
    // CROSS JOIN: the (small) birthdays table drives; left to itself the planner walked all of tiers.
    birthdays: sqlite.prepare(`SELECT ${WHO}, b.calendar, b.month, b.day, b.leap
      FROM birthdays b CROSS JOIN tiers t ON t.account_id = b.account_id AND t.contact_id = b.contact_id ${JOINS}
      WHERE b.account_id = @account AND ${GREETABLE}`),
    // Two narrow reads instead of one OR over every contact: the rung read walks tiers_tier_idx from the top,
    // the persona read looks only at contacts with a persona (100k contacts: tens of ms, not hundreds).
    // One rung at a time from the top: the top rung usually fills the list, so only its rows are sorted.
    byTier: sqlite.prepare(namedAfterLimit(`SELECT ${WHO_UNNAMED} FROM tiers t
        LEFT JOIN contact_stats s ON s.account_id = t.account_id AND s.contact_id = t.contact_id ${SNOOZE_JOIN}
        WHERE t.account_id = @account AND t.tier = @tier AND ${GREETABLE}
        ORDER BY COALESCE(s.spend_fen, 0) DESC, (s.last_inbound_at IS NULL), s.last_inbound_at DESC
        LIMIT @limit`)),
    // Driven by the persona index (contacts with a persona only), reading each stats row once.
    byPersona: sqlite.prepare(namedAfterLimit(`SELECT ${WHO_UNNAMED} FROM contact_stats s
        CROSS JOIN tiers t ON t.account_id = s.account_id AND t.contact_id = s.contact_id ${SNOOZE_JOIN}
        WHERE s.account_id = @account AND s.personas <> '[]' AND t.tier >= 1 AND ${GREETABLE}
          AND EXISTS (SELECT 1 FROM json_each(s.personas) p WHERE p.value IN (SELECT value FROM json_each(@personas)))
        ORDER BY t.tier DESC, COALESCE(s.spend_fen, 0) DESC, (s.last_inbound_at IS NULL), s.last_inbound_at DESC
        LIMIT @limit`)),
  }
}

const statementsFor = cachedStatements(prepare)

type RawBirthday = Omit<BirthdayRow, 'birthday'> & { calendar: 'solar' | 'lunar'; month: number; day: number; leap: number }

function toDate(r: { calendar: string; month: number; day: number; leap: number }): YearlyDate {
  return r.calendar === 'lunar' ? { kind: 'lunar', month: r.month, day: r.day, leap: r.leap === 1 } : { kind: 'solar', month: r.month, day: r.day }
}

export function createOccasionStore(db: Db): OccasionStore {
  const st = statementsFor(db.$client)
  return {
    getBirthday(accountId, contactId) {
      const r = st.get.get(accountId, contactId) as { calendar: string; month: number; day: number; leap: number } | undefined
      return r ? toDate(r) : null
    },
    setBirthday(accountId, contactId, date, source, now) {
      st.upsert.run({
        accountId, contactId, calendar: date.kind, month: date.month, day: date.day,
        leap: date.kind === 'lunar' && date.leap ? 1 : 0, source, now,
      })
    },
    clearBirthday: (accountId, contactId) => st.clear.run(accountId, contactId).changes > 0,
    birthdayCandidates(accountId, now, noAnswerSince) {
      return (st.birthdays.all({ account: accountId, now, noAnswerSince }) as RawBirthday[]).map(({ calendar, month, day, leap, ...who }) => ({
        ...who, birthday: toDate({ calendar, month, day, leap }),
      }))
    },
    festivalCandidates(accountId, now, noAnswerSince, personas, minTier, limit) {
      const params = { account: accountId, now, noAnswerSince, minTier, limit, personas: JSON.stringify(personas) }
      // Persona fits first (宝妈 before 母亲节), then the rung's best; a contact in both lists once.
      const fit = personas.length > 0 ? st.byPersona.all(params) as OccasionContact[] : []
      const seen = new Set(fit.map((r) => r.contactId))
      const out = [...fit]
      for (let tier = 5; tier >= Math.max(minTier, 1) && out.length < limit; tier--) {
        for (const r of st.byTier.all({ ...params, tier }) as OccasionContact[]) if (!seen.has(r.contactId)) out.push(r)
      }
      return out.slice(0, limit)
    },
  }
}
