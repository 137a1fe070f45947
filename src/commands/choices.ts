import { DAY_MS, MINUTE_MS } from '../shared/clock.js'
import { isForgetConfirmWord, normalizeCommandText, type Parsed } from './parse.js'
import type { CommandResult } from './results.js'

/*
 * The small conversation around commands (issue 18 "dead ends"): a numbered candidate list invites
 * "1", so the next `1` (or `/tier 1`) from the same chat picks that candidate for the command that
 * asked; `帮助` / `help` typed without the slash gets the help once a day instead of silence; and a bare
 * `确认` right after a `/forget 张三` prompt is that prompt's confirmation (the deletion's own time limit
 * still applies: a late one is told so).
 */

export const CHOICE_TTL_MS = 10 * MINUTE_MS
const HELP_WORDS = new Set(['帮助', 'help', '命令', '菜单'])

interface Pending { command: Extract<Parsed, { name: string }>; ids: string[]; at: number }

export function createChoices() {
  const pending = new Map<string, Pending>()
  const helped = new Map<string, number>()
  const forgetAsked = new Map<string, { name: string; at: number }>()

  return {
    /** Remember a candidate list the reply is about to show (or forget the last one). */
    remember(chat: string, parsed: Parsed, result: CommandResult, now: number): void {
      const ids = result.kind === 'ambiguous' ? result.candidates.map((c) => c.id) : []
      if (ids.length > 0 && 'name' in parsed) pending.set(chat, { command: parsed, ids, at: now })
      else pending.delete(chat)
      if (parsed.kind === 'forget' && !parsed.confirm && result.kind === 'text') forgetAsked.set(chat, { name: parsed.name, at: now })
      else forgetAsked.delete(chat)
    },
    /** The `/forget 张三 确认` a bare `确认` (`确定。`) stands for right after the prompt; null otherwise. */
    confirmation(chat: string, text: string, parsed: Parsed | null, now: number): Parsed | null {
      const asked = forgetAsked.get(chat)
      if (parsed !== null || !asked || now - asked.at > CHOICE_TTL_MS || !isForgetConfirmWord(normalizeCommandText(text))) return null
      forgetAsked.delete(chat)
      return { kind: 'forget', name: asked.name, confirm: true }
    },
    /**
     * The command a bare `1` or a `/tier 1` stands for, with the chosen contact's id as the name;
     * null when the text is no choice or nothing is pending.
     */
    pick(chat: string, text: string, parsed: Parsed | null, now: number): Parsed | null {
      const p = pending.get(chat)
      if (!p || now - p.at > CHOICE_TTL_MS) return null
      // `1`, `1。`, `第2个`, `3号`: how a merchant answers a numbered list on the phone.
      const bare = parsed === null ? /^第?(\d{1,2})(?:个|位|号)?[。.!！]?$/.exec(normalizeCommandText(text)) : null
      const named = parsed !== null && 'name' in parsed ? /^(\d{1,2})$/.exec(parsed.name) : null
      const n = Number((bare ?? named)?.[1] ?? NaN)
      if (!(n >= 1 && n <= p.ids.length)) return null
      pending.delete(chat)
      const base = named && parsed !== null && 'name' in parsed ? parsed : p.command
      return { ...base, name: p.ids[n - 1] } as Parsed
    },
    /** `帮助` without the slash: true the first time a day per chat. */
    wantsHelp(chat: string, text: string, now: number): boolean {
      if (!HELP_WORDS.has(normalizeCommandText(text).toLowerCase())) return false
      const last = helped.get(chat)
      if (last !== undefined && now - last < DAY_MS) return false
      helped.set(chat, now)
      return true
    },
  }
}
