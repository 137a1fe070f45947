/** The one source of "now" (epoch ms). Pure code takes `now` as a parameter instead. */
export type Clock = () => number

export const systemClock: Clock = () => Date.now()

export const DAY_MS = 86_400_000
export const HOUR_MS = 3_600_000
export const MINUTE_MS = 60_000
