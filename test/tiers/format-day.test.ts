import { describe, expect, it } from 'vitest'
import { localDay } from '../../src/shared/day.js'
import { cachedLocalDay } from '../../src/tiers/format.js'

// The cached local day must name the same day as Intl, including on days the zone changes its offset.
describe('cachedLocalDay names the same local day as localDay', () => {
  it.each([
    { name: 'Shanghai, just before local midnight', zone: 'Asia/Shanghai', at: Date.parse('2026-06-17T23:59:59.999+08:00') },
    { name: 'Shanghai, at local midnight', zone: 'Asia/Shanghai', at: Date.parse('2026-06-18T00:00:00+08:00') },
    { name: 'New York, the night clocks go forward', zone: 'America/New_York', at: Date.parse('2026-03-08T01:59:00-05:00') },
    { name: 'New York, after clocks went forward', zone: 'America/New_York', at: Date.parse('2026-03-08T03:00:00-04:00') },
    { name: 'New York, late on the day clocks go back', zone: 'America/New_York', at: Date.parse('2026-11-01T23:30:00-05:00') },
    { name: 'Kathmandu (+05:45), near midnight', zone: 'Asia/Kathmandu', at: Date.parse('2026-01-01T23:50:00+05:45') },
    { name: 'Apia, around the day it skipped', zone: 'Pacific/Apia', at: Date.parse('2011-12-29T23:30:00-10:00') },
  ])('$name', ({ zone, at }) => {
    expect(cachedLocalDay(at, zone)).toBe(localDay(at, zone))
  })

  it('every quarter hour through a year of New York and London', () => {
    for (const zone of ['America/New_York', 'Europe/London']) {
      const start = Date.parse('2026-01-01T00:00:00Z')
      for (let at = start; at < start + 365 * 86_400_000; at += 15 * 60_000 + 1) {
        if (cachedLocalDay(at, zone) !== localDay(at, zone)) expect(`${zone} ${new Date(at).toISOString()}: ${cachedLocalDay(at, zone)}`).toBe(localDay(at, zone))
      }
    }
  })
})
