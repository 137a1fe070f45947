import { localToday } from '../shared/local-date.js'
import type { Config } from '../config/schema.js'
import { DAY_MS } from '../shared/clock.js'
import { displayNamesFor } from '../contacts/names.js'
import type { Db } from '../store/client.js'
import { upcomingFestivals } from './festivals.js'
import { createOccasionStore } from './occasion-store.js'
import type { OccasionSnapshot } from './section.js'

/** The occasions part of the digest snapshot; festival customers are read only when a festival is near. */
export function loadOccasions(db: Db, accountId: string, now: number, config: Config): OccasionSnapshot | undefined {
  const o = config.occasions
  if (!o.enabled) return undefined
  const store = createOccasionStore(db)
  const noAnswerSince = now - config.digest.noAnswerDays * DAY_MS
  const festival = upcomingFestivals(o.festivals, localToday(now, config.timezone))[0] ?? null
  // The one display name every other digest line uses (the merchant's remark first; the id when two read the same).
  const names = displayNamesFor(db, config.labels.remarkPrefix)
  return {
    birthdays: names.fill(accountId, store.birthdayCandidates(accountId, now, noAnswerSince)),
    festival,
    // A few spare rows: the builder leaves out this week's birthday people, who are named already.
    festivalCandidates: festival
      ? names.fill(accountId, store.festivalCandidates(accountId, now, noAnswerSince, festival.festival.personas, Number(festival.festival.minTier.slice(1)), o.festivalCustomers + config.digest.maxPerSection))
      : [],
  }
}
