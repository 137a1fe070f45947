import type { LocalDate } from '../shared/local-date.js'
import type { Festival } from '../config/schema.js'
import { readCalendarDate } from './calendar-date.js'
import { nextOccurrence } from './calendar-year.js'

export interface UpcomingFestival {
  festival: Festival
  date: LocalDate
  daysAhead: number
}

/** Every festival within its reminder window (0…daysAhead days ahead), nearest first. Pure. */
export function upcomingFestivals(festivals: readonly Festival[], today: LocalDate): UpcomingFestival[] {
  const out: UpcomingFestival[] = []
  for (const festival of festivals) {
    const date = readCalendarDate(festival.date)
    if (!date) continue
    const next = nextOccurrence(date, today)
    if (next.daysAhead <= festival.daysAhead) out.push({ festival, ...next })
  }
  return out.sort((a, b) => a.daysAhead - b.daysAhead)
}
