import cron, { type ScheduledTask } from 'node-cron'
import { isWallClock, type Clock } from './clock.js'
import type { Logger } from './logger.js'

/*
 * A scheduled job on node-cron in the configured time zone. node-cron fires on the machine's wall clock,
 * so the task is armed only when the app runs on it; an app on another clock (tests, simulations) is
 * driven by its owner. Arming twice keeps one task (start() runs again at every login after an outage).
 */

export interface CronTrigger {
  /** Arm the task (once); a no-op on a clock that is not the wall clock. */
  arm(): Promise<void>
  disarm(): Promise<void>
}

export function createCronTrigger(options: {
  expression: string
  timezone: string
  name: string
  clock: Clock
  logger: Logger
  /** Called with the clock's now at each tick; a failure is logged, the task keeps running. */
  run: (now: number) => Promise<unknown> | unknown
}): CronTrigger {
  let task: ScheduledTask | undefined
  return {
    async arm() {
      if (task || !isWallClock(options.clock)) return
      task = cron.createTask(options.expression, async () => {
        try {
          await options.run(options.clock())
        } catch (err) {
          options.logger.error({ err }, `${options.name}: scheduled run failed`)
        }
      }, { timezone: options.timezone, name: `tierbot-${options.name}` })
      await task.start()
    },
    async disarm() {
      if (task) await task.destroy()
      task = undefined
    },
  }
}
